/**
 * cn-mobile — PRC mobile phone numbers (personal data).
 *
 * 11 digits `1[3-9]\d{9}`, optionally with the `+86`/`0086`/`86` country code and optionally grouped
 * 3-4-4 by a space or hyphen, not touching another digit or letter (so hex digests, UUIDs and longer
 * numbers such as millisecond timestamps are not reported). Fixtures: test/fixtures/labelled/cn-mobile.txt.
 */
import type { Detector, DetectorMatch } from '../src/types.js';
import { allSameChar, execAll } from '../src/util.js';

const MOBILE = /(?<![0-9A-Za-z_.+-])(?:(?:\+|00)?86[ -]?)?1[3-9]\d(?:\d{8}|[ -]\d{4}[ -]\d{4})(?![0-9A-Za-z_]|\.\d)/g;

export const detector: Detector = {
  id: 'cn-mobile',
  kind: 'personal-data',
  description: 'PRC mobile phone numbers (1[3-9] + 9 digits, optional +86)',
  detect(text) {
    const out: DetectorMatch[] = [];
    for (const m of execAll(MOBILE, text)) {
      const digits = m[0].replace(/\D/g, '').slice(-11);
      // All-same tails (13900000000, 18888888888) are test values far more often than real numbers.
      if (allSameChar(digits.slice(3))) continue;
      out.push({ start: m.index, end: m.index + m[0].length, confidence: 0.8 });
    }
    return out;
  },
};
