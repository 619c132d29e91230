/**
 * npm-token — npm access tokens and registry auth in .npmrc / .yarnrc.
 *
 * Granular and automation tokens `npm_` + 36 base62 characters, anywhere; and in `.npmrc`-style lines
 * the value of `_authToken=`, `_auth=` and `_password=` (legacy base64 credentials).
 * Fixtures: test/fixtures/labelled/npm-token.txt.
 */
import type { Detector, DetectorMatch } from '../src/types.js';
import { execAll, execBounded, hasTrigger, isPlaceholder, TOKEN_CHAR } from '../src/util.js';

const TOKEN = /npm_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/g;
const NPMRC = /(?:^|:)(_authToken|_auth|_password)[ \t]{0,4}=[ \t]{0,4}["']?([^\s"']{8,512})/gm;

export const detector: Detector = {
  id: 'npm-token',
  kind: 'credential',
  description: 'npm access tokens (npm_…) and _authToken/_auth/_password values in .npmrc',
  detect(text) {
    const out: DetectorMatch[] = [];
    if (hasTrigger(text, 'npm_')) {
      for (const m of execBounded(TOKEN, text, TOKEN_CHAR)) {
        if (isPlaceholder(m[0].slice(4))) continue;
        out.push({ start: m.index, end: m.index + m[0].length, confidence: 0.97 });
      }
    }
    if (hasTrigger(text, '_auth', '_password')) {
      for (const m of execAll(NPMRC, text)) {
        const v = m[2]!;
        if (isPlaceholder(v)) continue;
        const start = m.index + m[0].length - v.length;
        out.push({ start, end: start + v.length, confidence: 0.9, description: `npm registry ${m[1]}` });
      }
    }
    return out;
  },
};
