/**
 * cn-mobile — PRC mobile phone numbers (personal data).
 *
 * 11 digits `1[3-9]\d{9}`, optionally with the `+86`/`0086`/`86` country code and optionally grouped
 * 3-4-4 by a space or hyphen, not touching another digit or letter (so hex digests, UUIDs and longer
 * numbers such as millisecond timestamps are not reported). Fixtures: test/fixtures/labelled/cn-mobile.txt.
 */
import type { Detector, DetectorMatch } from '../src/types.js';
import { allSameChar, charSet, execAll } from '../src/util.js';

const MOBILE = /1[3-9]\d(?:\d{8}|[ -]\d{4}[ -]\d{4})(?![0-9A-Za-z_]|\.\d)/g;

const BEFORE = charSet('0-9A-Za-z_.+-');

/** Start of the number including a `+86`, `0086` or `86` country code (optionally followed by a blank or hyphen). */
function withCountryCode(text: string, i: number): number {
  let j = i;
  if (text[j - 1] === ' ' || text[j - 1] === '-') j--;
  if (text[j - 1] !== '6' || text[j - 2] !== '8') return i;
  j -= 2;
  if (text[j - 1] === '+') j--;
  else if (text[j - 1] === '0' && text[j - 2] === '0') j -= 2;
  return j;
}

export const detector: Detector = {
  id: 'cn-mobile',
  kind: 'personal-data',
  description: 'PRC mobile phone numbers (1[3-9] + 9 digits, optional +86)',
  detect(text) {
    const out: DetectorMatch[] = [];
    for (const m of execAll(MOBILE, text)) {
      const start = withCountryCode(text, m.index);
      // The boundary is checked in code (a leading look-behind would slow the scan for "1[3-9]").
      if (start > 0 && BEFORE(text.charCodeAt(start - 1))) {
        MOBILE.lastIndex = m.index + 1;
        continue;
      }
      const digits = m[0].replace(/\D/g, '');
      // All-same tails (13900000000, 18888888888) are test values far more often than real numbers.
      if (allSameChar(digits.slice(3))) continue;
      out.push({ start, end: m.index + m[0].length, confidence: 0.8 });
    }
    return out;
  },
};
