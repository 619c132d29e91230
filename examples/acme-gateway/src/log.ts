/*
 * Copyright (c) 2019-2025 Acme Network Technology (Beijing) Co., Ltd.
 * Proprietary and confidential.
 */
import pino from 'pino';

const level = process.env.ACME_GATEWAY_LOG_LEVEL ?? 'info';

/**
 * Structured JSON logger. Authorization headers, tokens and passwords are redacted
 * before a line leaves the process.
 */
export const log = pino({
  name: 'acme-gateway',
  level,
  base: { service: 'acme-gateway', version: '2.4.1' },
  timestamp: pino.stdTimeFunctions.isoTime,
  redact: {
    paths: [
      'req.headers.authorization',
      'req.headers.cookie',
      'headers["x-acme-token"]',
      '*.password',
      '*.secretAccessKey',
      '*.token',
    ],
    censor: '[REDACTED]',
  },
});

export function child(component: string): pino.Logger {
  return log.child({ component });
}
