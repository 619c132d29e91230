/*
 * Copyright (c) 2019-2025 Acme Network Technology (Beijing) Co., Ltd.
 * Proprietary and confidential.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

const startedAt = Date.now();

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

export function health(_req: IncomingMessage, res: ServerResponse): void {
  sendJson(res, 200, {
    status: 'ok',
    version: '2.4.1',
    uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
  });
}
