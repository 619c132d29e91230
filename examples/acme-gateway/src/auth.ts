/*
 * Copyright (c) 2019-2025 Acme Network Technology (Beijing) Co., Ltd.
 * Proprietary and confidential.
 *
 * Gateway access tokens: base64url(payload) "." base64url(HMAC-SHA256(payload)).
 * Tokens are minted by the identity service and verified here on every request.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface TokenClaims {
  sub: string;
  tenant: string;
  roles: string[];
  iss: string;
  iat: number;
  exp: number;
}

export class AuthError extends Error {
  constructor(
    message: string,
    readonly status: 401 | 403 = 401,
  ) {
    super(message);
    this.name = 'AuthError';
  }
}

function hmacSecret(): Buffer {
  const secret = process.env.ACME_GATEWAY_HMAC_SECRET;
  if (!secret || secret.length < 32) {
    throw new Error('ACME_GATEWAY_HMAC_SECRET must be set (at least 32 characters)');
  }
  return Buffer.from(secret, 'utf8');
}

function mac(payload: string, key: Buffer): Buffer {
  return createHmac('sha256', key).update(payload).digest();
}

export function signToken(claims: TokenClaims, key: Buffer = hmacSecret()): string {
  const payload = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
  return `${payload}.${mac(payload, key).toString('base64url')}`;
}

export function verifyToken(
  token: string,
  opts: { issuer: string; clockSkewSeconds: number; now?: number; key?: Buffer },
): TokenClaims {
  const [payload, signature, ...rest] = token.split('.');
  if (!payload || !signature || rest.length > 0) throw new AuthError('malformed token');

  const expected = mac(payload, opts.key ?? hmacSecret());
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new AuthError('bad token signature');
  }

  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TokenClaims;
  const now = opts.now ?? Math.floor(Date.now() / 1000);
  if (claims.iss !== opts.issuer) throw new AuthError('unexpected issuer');
  if (claims.exp + opts.clockSkewSeconds < now) throw new AuthError('token expired');
  if (claims.iat - opts.clockSkewSeconds > now) throw new AuthError('token issued in the future');
  return claims;
}

export function bearer(req: IncomingMessage): string {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+([A-Za-z0-9_\-.]+)$/.exec(header);
  if (!match?.[1]) throw new AuthError('missing bearer token');
  return match[1];
}

export function requireRole(claims: TokenClaims, role: string): void {
  if (!claims.roles.includes(role)) throw new AuthError(`role ${role} required`, 403);
}
