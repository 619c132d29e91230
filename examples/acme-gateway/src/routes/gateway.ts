/*
 * Copyright (c) 2019-2025 Acme Network Technology (Beijing) Co., Ltd.
 * Proprietary and confidential.
 *
 * Authenticated reverse proxy to internal upstreams. Each forwarded request is fingerprinted
 * (SM3 or SHA-256, per crypto suite) for the audit log.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { request } from 'undici';
import { bearer, verifyToken } from '../auth.js';
import type { GatewayConfig, Upstream } from '../config.js';
import { digest } from '../crypto/index.js';
import { child } from '../log.js';
import { counters } from '../telemetry.js';
import { sendJson } from './health.js';

const log = child('gateway');

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'host', 'authorization']);

export function matchUpstream(upstreams: Upstream[], path: string): Upstream | undefined {
  return upstreams
    .filter((u) => path === u.prefix || path.startsWith(`${u.prefix}/`))
    .sort((a, b) => b.prefix.length - a.prefix.length)[0];
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw Object.assign(new Error('payload too large'), { status: 413 });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function forward(cfg: GatewayConfig, req: IncomingMessage, res: ServerResponse): Promise<void> {
  counters.requests++;
  const claims = verifyToken(bearer(req), {
    issuer: cfg.auth.issuer,
    clockSkewSeconds: cfg.auth.clockSkewSeconds,
  });

  const path = new URL(req.url ?? '/', 'http://gateway').pathname.replace(/^\/gw/, '');
  const upstream = matchUpstream(cfg.upstreams, path);
  if (!upstream) {
    sendJson(res, 404, { error: 'no upstream for path' });
    return;
  }

  const body = await readBody(req, cfg.server.maxBodyBytes);
  const headers: Record<string, string> = { 'x-acme-tenant': claims.tenant, 'x-acme-subject': claims.sub };
  for (const [name, value] of Object.entries(req.headers)) {
    if (!HOP_BY_HOP.has(name) && typeof value === 'string') headers[name] = value;
  }

  const started = performance.now();
  const upstreamRes = await request(new URL(path, upstream.target), {
    method: (req.method ?? 'GET') as 'GET',
    headers,
    body: body.length > 0 ? body : null,
    headersTimeout: cfg.server.requestTimeoutMs,
    bodyTimeout: cfg.server.requestTimeoutMs,
  });
  const elapsed = performance.now() - started;
  counters.upstreamLatencyMsP95 = Math.max(counters.upstreamLatencyMsP95 * 0.95, elapsed);

  log.info(
    {
      upstream: upstream.name,
      tenant: claims.tenant,
      status: upstreamRes.statusCode,
      fingerprint: digest(cfg.crypto.suite, `${req.method} ${path} ${body.length}`),
      ms: Math.round(elapsed),
    },
    'forwarded',
  );

  res.writeHead(upstreamRes.statusCode, { 'content-type': String(upstreamRes.headers['content-type'] ?? 'application/octet-stream') });
  for await (const chunk of upstreamRes.body) res.write(chunk);
  res.end();
}
