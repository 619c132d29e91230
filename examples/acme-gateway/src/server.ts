/*
 * Copyright (c) 2019-2025 Acme Network Technology (Beijing) Co., Ltd.
 * Proprietary and confidential.
 *
 * Acme Secure Gateway — HTTP entry point.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { AuthError } from './auth.js';
import { loadConfig } from './config.js';
import { log } from './log.js';
import { admin } from './routes/admin.js';
import { forward } from './routes/gateway.js';
import { health, sendJson } from './routes/health.js';
import { counters, startTelemetry } from './telemetry.js';
import { postAlert } from './alerts.js';

const cfg = loadConfig();

async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://gateway').pathname;
  if (req.method === 'GET' && (path === '/healthz' || path === '/readyz')) return health(req, res);
  if (path.startsWith('/gw/')) return forward(cfg, req, res);
  if (path.startsWith('/admin/')) return admin(cfg, req, res);
  sendJson(res, 404, { error: 'not found' });
}

const server = createServer((req, res) => {
  counters.activeConnections++;
  res.on('close', () => counters.activeConnections--);
  route(req, res).catch((err: unknown) => {
    counters.errors++;
    if (err instanceof AuthError) {
      sendJson(res, err.status, { error: err.message });
      return;
    }
    const status = (err as { status?: number }).status ?? 502;
    log.error({ err, url: req.url }, 'request failed');
    if (!res.headersSent) sendJson(res, status, { error: status === 413 ? 'payload too large' : 'bad gateway' });
    else res.destroy();
  });
});

server.requestTimeout = cfg.server.requestTimeoutMs;
server.listen(8443, '0.0.0.0', () => {
  log.info({ port: 8443, suite: cfg.crypto.suite, upstreams: cfg.upstreams.length }, 'acme-gateway listening');
});

const stopTelemetry = startTelemetry(cfg.telemetry);

function shutdown(signal: string): void {
  log.warn({ signal }, 'shutting down');
  stopTelemetry();
  void postAlert(cfg.alerts.slackChannel, 'warning', `gateway stopping (${signal})`);
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(1), 10_000).unref();
}

process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
