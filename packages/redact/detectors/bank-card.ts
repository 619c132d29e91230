/**
 * bank-card — payment card numbers (personal data).
 *
 * 13–19 digits, plain or grouped by spaces/hyphens in fours, with an issuer prefix in use (Visa 4,
 * Mastercard 51–55/2221–2720, American Express 34/37, UnionPay 62, JCB 35, Discover 6011/65, Diners
 * 36/38) and a valid Luhn check digit, not touching another digit or letter. Because one random
 * number in ten passes Luhn, a number written without grouping is reported only when card context is
 * near (`card`, `pan`, `visa`, `unionpay`, `卡号`, `银行卡`, … within 200 characters before).
 * Fixtures: test/fixtures/labelled/bank-card.txt.
 */
import type { Detector, DetectorMatch } from '../src/types.js';
import { allSameChar, charSet, digitRuns } from '../src/util.js';

// Tried (sticky) only where the shared digit pass found a run of 4 (grouped) or 13–19 digits.
const CARD = /(?:\d{4}(?:[ -]\d{4}){2}[ -]\d{1,4}(?:[ -]\d{1,3})?|\d{4}[ -]\d{6}[ -]\d{5}|\d{13,19})(?![0-9A-Za-z_]|\.\d)/y;
const CARD_BEFORE = charSet('0-9A-Za-z_.-');
const PREFIX = /^(?:4|5[1-5]|2(?:2[2-9]|[3-6]\d|7[01]|720)|3[47]|62|35|6011|65|3[68])/;
const CONTEXT = /card|pan\b|visa|master|amex|unionpay|银联|卡号|银行卡|信用卡|借记卡|bank|account|acct|payment|支付/i;

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let dbl = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (dbl) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    dbl = !dbl;
  }
  return sum % 10 === 0;
}

export const detector: Detector = {
  id: 'bank-card',
  kind: 'personal-data',
  description: 'payment card numbers (issuer prefix, Luhn check digit)',
  detect(text) {
    const out: DetectorMatch[] = [];
    const runs = digitRuns(text);
    for (let r = 0; r < runs.length; r += 2) {
      const s = runs[r]!;
      const len = runs[r + 1]! - s;
      const sep = text[s + len];
      if (!(len >= 13 && len <= 19) && !(len === 4 && (sep === ' ' || sep === '-'))) continue;
      if (s > 0 && CARD_BEFORE(text.charCodeAt(s - 1))) continue;
      CARD.lastIndex = s;
      const m = CARD.exec(text);
      if (!m) continue;
      // A grouped match spans several runs: skip the runs it covers.
      while (r + 2 < runs.length && runs[r + 2]! < s + m[0].length) r += 2;
      const digits = m[0].replace(/[ -]/g, '');
      if (digits.length < 13 || digits.length > 19 || !PREFIX.test(digits) || !luhnValid(digits)) continue;
      if (allSameChar(digits.slice(1))) continue;
      const grouped = digits.length !== m[0].length;
      if (!grouped && !CONTEXT.test(text.slice(Math.max(0, m.index - 200), m.index))) continue;
      out.push({ start: m.index, end: m.index + m[0].length, confidence: grouped ? 0.85 : 0.75 });
    }
    return out;
  },
};
