/**
 * huawei-cloud — Huawei Cloud access key (AK) and secret key (SK).
 *
 * Neither has a prefix: an AK is 20 upper-case alphanumerics and an SK 40 alphanumerics. Both are
 * reported only after a key name that ties them to Huawei Cloud: `HUAWEICLOUD_SDK_AK`/`_SK`,
 * `HUAWEI_CLOUD_AK`, `huaweicloud.ak`, `hwcloud_sk`, `OBS_ACCESS_KEY_ID`/`OBS_SECRET_ACCESS_KEY` and the
 * like. Fixtures: test/fixtures/labelled/huawei-cloud.txt.
 */
import type { Detector, DetectorMatch } from '../src/types.js';
import { ALNUM_CHAR, execBounded, hasTrigger, isPlaceholder } from '../src/util.js';

const NAMED =
  /(?:huawei[_.-]?cloud|huawei|hwcloud|hw|obs)[_.-]?(?:sdk[_.-]?)?(ak|sk|access[_.-]?key(?:[_.-]?id)?|secret[_.-]?(?:access[_.-]?)?key)["']?[ \t]{0,8}(?::=|=>|[:=])[ \t]{0,8}["']?([A-Za-z0-9]{20,40})(?![A-Za-z0-9])/gi;

export const detector: Detector = {
  id: 'huawei-cloud',
  kind: 'credential',
  description: 'Huawei Cloud AK/SK (and OBS access keys) named as such',
  detect(text) {
    const out: DetectorMatch[] = [];
    if (!hasTrigger(text, 'huawei', 'hwcloud', 'hw_', 'hw.', 'hw-', 'obs_', 'obs.', 'obs-')) return out;
    for (const m of execBounded(NAMED, text, ALNUM_CHAR)) {
      const name = m[1]!.toLowerCase();
      const v = m[2]!;
      const isSk = name.startsWith('s');
      if (isSk ? v.length !== 40 : !(v.length === 20 && /^[A-Z0-9]+$/.test(v))) continue;
      if (isPlaceholder(v)) continue;
      const start = m.index + m[0].length - v.length;
      out.push({ start, end: start + v.length, confidence: 0.9, description: isSk ? 'Huawei Cloud SK' : 'Huawei Cloud AK' });
    }
    return out;
  },
};
