import { describe, expect, it } from 'vitest';
import { AuthError, signToken, verifyToken, type TokenClaims } from '../src/auth.js';

const key = Buffer.from('unit-test-hmac-key-0123456789abcdef', 'utf8');
const now = 1_735_689_600; // 2025-01-01T00:00:00Z

function claims(overrides: Partial<TokenClaims> = {}): TokenClaims {
  return {
    sub: 'c-000172',
    tenant: 'huaxin-logistics',
    roles: ['gateway:user'],
    iss: 'acme-gateway',
    iat: now - 60,
    exp: now + 3600,
    ...overrides,
  };
}

const opts = { issuer: 'acme-gateway', clockSkewSeconds: 30, now, key };

describe('gateway tokens', () => {
  it('round-trips a signed token', () => {
    const token = signToken(claims(), key);
    expect(verifyToken(token, opts)).toMatchObject({ sub: 'c-000172', tenant: 'huaxin-logistics' });
  });

  it('rejects a tampered payload', () => {
    const [, sig] = signToken(claims(), key).split('.');
    const forged = Buffer.from(JSON.stringify(claims({ roles: ['gateway:admin'] }))).toString('base64url');
    expect(() => verifyToken(`${forged}.${sig}`, opts)).toThrow(AuthError);
  });

  it('rejects an expired token', () => {
    const token = signToken(claims({ exp: now - 120 }), key);
    expect(() => verifyToken(token, opts)).toThrow(/expired/);
  });

  it('rejects a foreign issuer', () => {
    const token = signToken(claims({ iss: 'someone-else' }), key);
    expect(() => verifyToken(token, opts)).toThrow(/issuer/);
  });
});
