/**
 * tencent-cloud — Tencent Cloud SecretId and SecretKey.
 *
 * SecretIds start `AKID` followed by 32 alphanumerics (older ones 28–34). The 32-character SecretKey
 * has no prefix and is reported after a key name that says so (`SecretKey`, `secret_key`,
 * `TENCENTCLOUD_SECRET_KEY`, `TENCENT_SECRET_KEY`, `COS_SECRET_KEY`, `QCLOUD_SECRET_KEY`).
 * Fixtures: test/fixtures/labelled/tencent-cloud.txt.
 */
import type { Detector, DetectorMatch } from '../src/types.js';
import { ALNUM_CHAR, execAll, execBounded, hasTrigger, isPlaceholder } from '../src/util.js';

const SECRET_ID = /AKID[A-Za-z0-9]{28,36}(?![A-Za-z0-9])/g;
const SECRET_KEY =
  /(?:tencent(?:cloud)?[_.-]?secret[_.-]?key|qcloud[_.-]?secret[_.-]?key|cos[_.-]?secret[_.-]?key|secret[_.-]?key)["']?[ \t]{0,8}(?::=|=>|[:=])[ \t]{0,8}["']?([A-Za-z0-9]{32})(?![A-Za-z0-9])/gi;

export const detector: Detector = {
  id: 'tencent-cloud',
  kind: 'credential',
  description: 'Tencent Cloud SecretIds (AKID…) and 32-character SecretKeys named as such',
  detect(text) {
    const out: DetectorMatch[] = [];
    if (hasTrigger(text, 'akid')) {
      for (const m of execBounded(SECRET_ID, text, ALNUM_CHAR)) {
        if (isPlaceholder(m[0].slice(4)) || /EXAMPLE|XXXX/i.test(m[0])) continue;
        out.push({ start: m.index, end: m.index + m[0].length, confidence: 0.95, description: 'Tencent Cloud SecretId' });
      }
    }
    if (hasTrigger(text, 'secret')) {
      for (const m of execAll(SECRET_KEY, text)) {
        const v = m[1]!;
        if (isPlaceholder(v)) continue;
        const start = m.index + m[0].length - v.length;
        out.push({ start, end: start + v.length, confidence: 0.85, description: 'Tencent Cloud SecretKey' });
      }
    }
    return out;
  },
};
