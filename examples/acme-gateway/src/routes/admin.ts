/*
 * Copyright (c) 2019-2025 Acme Network Technology (Beijing) Co., Ltd.
 * Proprietary and confidential.
 *
 * Operator endpoints. Every call requires a token with the "gateway:admin" role.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearer, requireRole, verifyToken } from '../auth.js';
import type { GatewayConfig } from '../config.js';
import { sm2Sign, loadSm2KeyPair } from '../crypto/sm.js';
import { checkForUpdate } from '../update.js';
import { counters } from '../telemetry.js';
import { sendJson } from './health.js';

export async function admin(cfg: GatewayConfig, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const claims = verifyToken(bearer(req), {
    issuer: cfg.auth.issuer,
    clockSkewSeconds: cfg.auth.clockSkewSeconds,
  });
  requireRole(claims, 'gateway:admin');

  const path = new URL(req.url ?? '/', 'http://gateway').pathname;
  switch (path) {
    case '/admin/about':
      sendJson(res, 200, {
        product: 'Acme Secure Gateway',
        vendor: 'Acme Network Technology (Beijing) Co., Ltd.',
        version: '2.4.1',
        cryptoSuite: cfg.crypto.suite,
        support: cfg.support,
      });
      return;
    case '/admin/metrics': {
      // Metrics snapshot signed with the appliance SM2 key so the console can verify its origin.
      const snapshot = JSON.stringify({ at: new Date().toISOString(), ...counters });
      const { privateKey } = loadSm2KeyPair();
      sendJson(res, 200, { snapshot, signature: sm2Sign(snapshot, privateKey), alg: 'SM2-with-SM3' });
      return;
    }
    case '/admin/update-check': {
      const latest = await checkForUpdate('2.4.1', cfg.update.manifestUrl);
      sendJson(res, 200, latest ? { available: true, version: latest.version } : { available: false });
      return;
    }
    default:
      sendJson(res, 404, { error: 'unknown admin endpoint' });
  }
}
