/**
 * alibaba-cloud — Alibaba Cloud (Aliyun) AccessKey ID and AccessKey Secret.
 *
 * AccessKey IDs start `LTAI` followed by 12–20 alphanumerics. The 30-character AccessKey Secret has no
 * prefix and is reported after a key name that says so (`access_key_secret`, `accessKeySecret`,
 * `ALIBABA_CLOUD_ACCESS_KEY_SECRET`, `ALIYUN_ACCESS_KEY_SECRET`, `aliyun_secret` …).
 * Fixtures: test/fixtures/labelled/alibaba-cloud.txt.
 */
import type { Detector, DetectorMatch } from '../src/types.js';
import { ALNUM_CHAR, execAll, execBounded, hasTrigger, isPlaceholder } from '../src/util.js';

const KEY_ID = /LTAI[A-Za-z0-9]{12,20}(?![A-Za-z0-9])/g;
const SECRET =
  /(?:access[_.-]?key[_.-]?secret|aliyun[_.-]?secret|alibaba[_.-]?cloud[_.-]?secret|AccessKeySecret)["']?[ \t]{0,8}(?::=|=>|[:=])[ \t]{0,8}["']?([A-Za-z0-9]{30})(?![A-Za-z0-9])/gi;

export const detector: Detector = {
  id: 'alibaba-cloud',
  kind: 'credential',
  description: 'Alibaba Cloud AccessKey IDs (LTAI…) and AccessKey Secrets named as such',
  detect(text) {
    const out: DetectorMatch[] = [];
    if (hasTrigger(text, 'ltai')) {
      for (const m of execBounded(KEY_ID, text, ALNUM_CHAR)) {
        if (isPlaceholder(m[0].slice(4)) || /EXAMPLE|XXXX/i.test(m[0])) continue;
        out.push({ start: m.index, end: m.index + m[0].length, confidence: 0.95, description: 'Alibaba Cloud AccessKey ID' });
      }
    }
    if (hasTrigger(text, 'secret')) {
      for (const m of execAll(SECRET, text)) {
        const v = m[1]!;
        if (isPlaceholder(v)) continue;
        const start = m.index + m[0].length - v.length;
        out.push({ start, end: start + v.length, confidence: 0.9, description: 'Alibaba Cloud AccessKey Secret' });
      }
    }
    return out;
  },
};
