/*
 * Copyright (c) 2019-2025 Acme Network Technology (Beijing) Co., Ltd.
 * Proprietary and confidential.
 */
import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

export interface Upstream {
  name: string;
  prefix: string;
  target: string;
}

export interface GatewayConfig {
  server: {
    host: string;
    port: number;
    requestTimeoutMs: number;
    maxBodyBytes: number;
    tls: { certFile: string; keyFile: string };
  };
  upstreams: Upstream[];
  crypto: { suite: 'sm' | 'intl'; payloadEncryption: boolean };
  auth: { tokenTtlSeconds: number; issuer: string; clockSkewSeconds: number };
  database: { url: string; user: string; password: string; poolSize: number };
  auditArchive: {
    endpoint: string;
    region: string;
    bucket: string;
    accessKeyId: string;
    secretAccessKey: string;
  };
  telemetry: { enabled: boolean; endpoint: string; intervalSeconds: number };
  update: { channel: string; manifestUrl: string; checkIntervalHours: number; autoApply: boolean };
  alerts: { slackChannel: string };
  support: { contactName: string; email: string; mobile: string };
  log: { level: string };
}

/** Fallback support contact printed by `/admin/about` when no config file is present. */
export const DEFAULT_SUPPORT = {
  contactName: 'Zhang Wei',
  email: 'zhang.wei@acme-gateway.cn',
  mobile: '13812345678',
} as const;

function envOverrides(cfg: GatewayConfig): GatewayConfig {
  const env = process.env;
  if (env.ACME_GATEWAY_PORT) cfg.server.port = Number.parseInt(env.ACME_GATEWAY_PORT, 10);
  if (env.ACME_GATEWAY_CRYPTO_SUITE === 'sm' || env.ACME_GATEWAY_CRYPTO_SUITE === 'intl') {
    cfg.crypto.suite = env.ACME_GATEWAY_CRYPTO_SUITE;
  }
  if (env.DATABASE_URL) cfg.database.url = env.DATABASE_URL;
  if (env.AWS_ACCESS_KEY_ID) cfg.auditArchive.accessKeyId = env.AWS_ACCESS_KEY_ID;
  if (env.AWS_SECRET_ACCESS_KEY) cfg.auditArchive.secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (env.ACME_TELEMETRY_ENDPOINT) cfg.telemetry.endpoint = env.ACME_TELEMETRY_ENDPOINT;
  if (env.ACME_UPDATE_MANIFEST_URL) cfg.update.manifestUrl = env.ACME_UPDATE_MANIFEST_URL;
  if (env.ACME_GATEWAY_LOG_LEVEL) cfg.log.level = env.ACME_GATEWAY_LOG_LEVEL;
  return cfg;
}

let cached: GatewayConfig | undefined;

export function loadConfig(dir = resolve(process.cwd(), 'config')): GatewayConfig {
  if (cached) return cached;
  const file = resolve(dir, 'default.yaml');
  if (!existsSync(file)) {
    throw new Error(`configuration not found: ${file}`);
  }
  const parsed = parse(readFileSync(file, 'utf8')) as GatewayConfig;
  parsed.support ??= { ...DEFAULT_SUPPORT };
  cached = envOverrides(parsed);
  return cached;
}

export function resetConfigCache(): void {
  cached = undefined;
}
