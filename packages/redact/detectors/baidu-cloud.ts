/**
 * baidu-cloud — Baidu AI Cloud (BCE) access key id / secret access key and Baidu AI API keys.
 *
 * BCE keys are 32 hexadecimal characters without a prefix, so they are reported only after a key name
 * that ties them to Baidu: `BCE_ACCESS_KEY_ID`, `BCE_SECRET_ACCESS_KEY`, `bce.ak`, `BAIDU_AK`,
 * `BAIDU_SECRET_KEY`, `baidu_api_key`, `bos_sk` … (Baidu AI API keys are 24, secret keys 32
 * alphanumerics). Fixtures: test/fixtures/labelled/baidu-cloud.txt.
 */
import type { Detector, DetectorMatch } from '../src/types.js';
import { ALNUM_CHAR, execBounded, hasTrigger, isPlaceholder } from '../src/util.js';

const NAMED =
  /(?:bce|baidu(?:[_.-]?cloud)?|bos|bcc)[_.-]?(?:ai[_.-]?)?(ak|sk|api[_.-]?key|access[_.-]?key(?:[_.-]?id)?|secret[_.-]?(?:access[_.-]?)?key)["']?[ \t]{0,8}(?::=|=>|[:=])[ \t]{0,8}["']?([A-Za-z0-9]{24,32})(?![A-Za-z0-9])/gi;

export const detector: Detector = {
  id: 'baidu-cloud',
  kind: 'credential',
  description: 'Baidu AI Cloud (BCE/BOS) access keys, secret keys and Baidu AI API keys named as such',
  detect(text) {
    const out: DetectorMatch[] = [];
    if (!hasTrigger(text, 'bce', 'baidu', 'bos_', 'bos.', 'bos-', 'bcc_', 'bcc.', 'bcc-')) return out;
    for (const m of execBounded(NAMED, text, ALNUM_CHAR)) {
      const v = m[2]!;
      if (v.length !== 32 && v.length !== 24) continue;
      if (isPlaceholder(v) || /^(?:0+|f+)$/i.test(v)) continue;
      const start = m.index + m[0].length - v.length;
      out.push({ start, end: start + v.length, confidence: 0.85, description: `Baidu Cloud ${m[1]}` });
    }
    return out;
  },
};
