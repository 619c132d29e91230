/*
 * Copyright (c) 2019-2025 Acme Network Technology (Beijing) Co., Ltd.
 * Proprietary and confidential.
 *
 * On-call alerts posted to the vendor operations chat.
 */
import { fetch } from 'undici';
import { child } from './log.js';

const log = child('alerts');

const SLACK_API = 'https://slack.com/api/chat.postMessage';
// Bot "gw-alerts"; the env var takes precedence on deployed appliances.
const SLACK_BOT_TOKEN =
  process.env.SLACK_BOT_TOKEN ?? 'xoxb-7201946385-4417380265931-xqr6b3FlH4o0UaoE3NuvQMCP';

export type Severity = 'info' | 'warning' | 'critical';

export async function postAlert(channel: string, severity: Severity, text: string): Promise<void> {
  const icon = severity === 'critical' ? ':rotating_light:' : severity === 'warning' ? ':warning:' : ':information_source:';
  try {
    const res = await fetch(SLACK_API, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${SLACK_BOT_TOKEN}`,
        'content-type': 'application/json; charset=utf-8',
      },
      body: JSON.stringify({ channel, text: `${icon} [acme-gateway] ${text}` }),
      signal: AbortSignal.timeout(5_000),
    });
    const payload = (await res.json()) as { ok: boolean; error?: string };
    if (!payload.ok) log.warn({ error: payload.error }, 'alert not delivered');
  } catch (err) {
    log.warn({ err }, 'alert channel unreachable');
  }
}
