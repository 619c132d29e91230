/*
 * Copyright (c) 2019-2025 Acme Network Technology (Beijing) Co., Ltd.
 * Proprietary and confidential.
 *
 * Uploads the day's signed audit log to S3-compatible object storage using AWS Signature V4.
 */
import { createHash, createHmac } from 'node:crypto';
import { fetch } from 'undici';
import type { GatewayConfig } from '../config.js';

type ArchiveConfig = GatewayConfig['auditArchive'];

const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data).digest();
const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

function signingKey(secret: string, date: string, region: string): Buffer {
  const kDate = hmac(`AWS4${secret}`, date);
  const kRegion = hmac(kDate, region);
  const kService = hmac(kRegion, 's3');
  return hmac(kService, 'aws4_request');
}

export async function uploadAuditLog(cfg: ArchiveConfig, key: string, body: Buffer): Promise<void> {
  const url = new URL(`/${cfg.bucket}/${key}`, cfg.endpoint);
  const now = new Date();
  const amzDate = now.toISOString().replace(/[:-]|\.\d{3}/g, '');
  const date = amzDate.slice(0, 8);
  const payloadHash = sha256(body);

  const headers: Record<string, string> = {
    host: url.host,
    'x-amz-content-sha256': payloadHash,
    'x-amz-date': amzDate,
  };
  const signedHeaders = Object.keys(headers).sort().join(';');
  const canonical = [
    'PUT',
    url.pathname,
    '',
    ...Object.keys(headers)
      .sort()
      .map((h) => `${h}:${headers[h]}\n`),
    signedHeaders,
    payloadHash,
  ].join('\n');
  const scope = `${date}/${cfg.region}/s3/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  const signature = hmac(signingKey(cfg.secretAccessKey, date, cfg.region), toSign).toString('hex');

  const res = await fetch(url, {
    method: 'PUT',
    headers: {
      ...headers,
      authorization: `AWS4-HMAC-SHA256 Credential=${cfg.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
    },
    body,
  });
  if (!res.ok) throw new Error(`audit archive upload failed: HTTP ${res.status}`);
}
