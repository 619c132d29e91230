/**
 * cn-resident-id — 18-digit PRC resident identity card numbers (personal data).
 *
 * 6-digit area code, birth date YYYYMMDD (1900–2099, a real calendar date), 3-digit sequence and a
 * check character validated per GB 11643-1999 (ISO 7064 MOD 11-2: weights 7 9 10 5 8 4 2 1 6 3 7 9 10
 * 5 8 4 2, check "10X98765432"), not touching another digit or letter.
 * Fixtures: test/fixtures/labelled/cn-resident-id.txt.
 */
import type { Detector, DetectorMatch } from '../src/types.js';
import { digitRuns, TOKEN_CHAR } from '../src/util.js';

// Tried (sticky) only at runs of 17–18 digits found by the shared digit pass.
const ID = /[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z_])/y;
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** GB 11643-1999 check character of an 18-character id. */
export function residentIdCheckValid(id: string): boolean {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (id.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK[sum % 11] === id[17]!.toUpperCase();
}

function validDate(id: string): boolean {
  const y = Number(id.slice(6, 10));
  const mo = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

export const detector: Detector = {
  id: 'cn-resident-id',
  kind: 'personal-data',
  description: 'PRC resident identity card numbers (18 digits, GB 11643 check digit)',
  detect(text) {
    const out: DetectorMatch[] = [];
    const runs = digitRuns(text);
    for (let r = 0; r < runs.length; r += 2) {
      const s = runs[r]!;
      const len = runs[r + 1]! - s;
      if (len !== 18 && len !== 17) continue;
      if (s > 0 && TOKEN_CHAR(text.charCodeAt(s - 1))) continue;
      ID.lastIndex = s;
      const m = ID.exec(text);
      if (!m || !residentIdCheckValid(m[0]) || !validDate(m[0])) continue;
      out.push({ start: s, end: s + 18, confidence: 0.95 });
    }
    return out;
  },
};
