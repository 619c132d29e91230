/*
 * Copyright (c) 2019-2025 Acme Network Technology (Beijing) Co., Ltd.
 * Proprietary and confidential.
 *
 * Periodic operational metrics sent to Acme's telemetry service. Only aggregate counters
 * are sent; no request bodies, headers or client addresses. Disable with telemetry.enabled=false.
 */
import { fetch } from 'undici';
import { hostname } from 'node:os';
import { child } from './log.js';

const log = child('telemetry');

export const TELEMETRY_ENDPOINT = 'https://telemetry.acme-gateway.cn/v1/metrics';

export interface Counters {
  requests: number;
  errors: number;
  upstreamLatencyMsP95: number;
  activeConnections: number;
}

export const counters: Counters = {
  requests: 0,
  errors: 0,
  upstreamLatencyMsP95: 0,
  activeConnections: 0,
};

export async function sendMetrics(endpoint: string = TELEMETRY_ENDPOINT): Promise<void> {
  const body = {
    product: 'acme-gateway',
    version: '2.4.1',
    host: hostname(),
    at: new Date().toISOString(),
    counters: { ...counters },
  };
  try {
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'acme-gateway/2.4.1' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(5_000),
    });
    if (!res.ok) log.warn({ status: res.status }, 'telemetry rejected');
  } catch (err) {
    log.debug({ err }, 'telemetry unavailable');
  }
}

export function startTelemetry(opts: { enabled: boolean; endpoint: string; intervalSeconds: number }): () => void {
  if (!opts.enabled) return () => undefined;
  const timer = setInterval(() => void sendMetrics(opts.endpoint), opts.intervalSeconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
