/**
 * gcp-credentials — Google Cloud service-account key files and Google API keys.
 *
 * In a service-account JSON (`"type": "service_account"`), the values of `private_key_id` and
 * `private_key` are masked (the PEM block inside `private_key` is also found by `private-key`; the
 * whole JSON string value is masked here so no escaped fragment survives). OAuth client secrets
 * (`"client_secret": "GOCSPX-…"`) and API keys `AIza` + 35 characters are masked anywhere.
 * Fixtures: test/fixtures/labelled/gcp-credentials.txt.
 */
import type { Detector, DetectorMatch } from '../src/types.js';
import { execAll, execBounded, hasTrigger, isPlaceholder, TOKEN_DASH_CHAR } from '../src/util.js';

const SA_FIELD = /"(private_key_id|private_key)"[ \t]{0,8}:[ \t]{0,8}"((?:[^"\\\n]|\\.){8,8192})"/g;
const API_KEY = /AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/g;
const OAUTH_SECRET = /GOCSPX-[0-9A-Za-z_-]{28}(?![A-Za-z0-9_-])/g;

export const detector: Detector = {
  id: 'gcp-credentials',
  kind: 'credential',
  description: 'Google Cloud service-account keys (private_key, private_key_id), OAuth client secrets and API keys',
  detect(text) {
    const out: DetectorMatch[] = [];
    if (hasTrigger(text, 'service_account') && text.includes('private_key')) {
      for (const m of execAll(SA_FIELD, text)) {
        const value = m[2]!;
        if (isPlaceholder(value)) continue;
        const start = m.index + m[0].length - 1 - value.length;
        out.push({ start, end: start + value.length, confidence: 0.97, description: `service-account ${m[1]}` });
      }
    }
    if (hasTrigger(text, 'aiza')) {
      for (const m of execBounded(API_KEY, text, TOKEN_DASH_CHAR)) {
        if (isPlaceholder(m[0].slice(4))) continue;
        out.push({ start: m.index, end: m.index + m[0].length, confidence: 0.9, description: 'Google API key' });
      }
    }
    if (hasTrigger(text, 'gocspx-')) {
      for (const m of execBounded(OAUTH_SECRET, text, TOKEN_DASH_CHAR)) out.push({ start: m.index, end: m.index + m[0].length, confidence: 0.95, description: 'Google OAuth client secret' });
    }
    return out;
  },
};
