/**
 * jwt — JSON Web Tokens (signed JWS compact form).
 *
 * Three base64url segments `header.payload.signature` where the header decodes to a JSON object with
 * an `alg` member. Unsigned tokens (empty signature segment) are not reported: without a signature
 * they grant nothing. Fixtures: test/fixtures/labelled/jwt.txt.
 */
import type { Detector, DetectorMatch } from '../src/types.js';
import { execBounded, hasTrigger, TOKEN_DASH_CHAR } from '../src/util.js';

const JWT = /eyJ[A-Za-z0-9_-]{8,4096}\.eyJ[A-Za-z0-9_-]{4,16384}\.[A-Za-z0-9_-]{16,2048}(?![A-Za-z0-9_-])/g;

function headerOk(segment: string): boolean {
  try {
    const json = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as unknown;
    return typeof json === 'object' && json !== null && typeof (json as { alg?: unknown }).alg === 'string';
  } catch {
    return false;
  }
}

export const detector: Detector = {
  id: 'jwt',
  kind: 'credential',
  description: 'JSON Web Tokens (header.payload.signature with a JSON header naming alg)',
  detect(text) {
    const out: DetectorMatch[] = [];
    if (!hasTrigger(text, 'eyj')) return out;
    for (const m of execBounded(JWT, text, TOKEN_DASH_CHAR)) {
      if (!headerOk(m[0].slice(0, m[0].indexOf('.')))) continue;
      out.push({ start: m.index, end: m.index + m[0].length, confidence: 0.9 });
    }
    return out;
  },
};
