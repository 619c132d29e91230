/**
 * aws-credentials — AWS access key ids and, in context, secret access keys.
 *
 * An access key id is `AKIA`/`ASIA`/`ABIA`/`ACCA` + 16 upper-case alphanumerics. A secret access key
 * (40 base64 characters) has no prefix, so it is reported only after a key name that says so
 * (`aws_secret_access_key`, `AWS_SECRET_ACCESS_KEY`, `secretAccessKey`, `aws_secret` …) and an
 * assignment. AWS's documentation examples (`AKIAIOSFODNN7EXAMPLE`, `wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`)
 * are not reported. Fixtures: test/fixtures/labelled/aws-credentials.txt.
 */
import type { Detector, DetectorMatch } from '../src/types.js';
import { ALNUM_CHAR, execAll, execBounded, hasTrigger, isPlaceholder } from '../src/util.js';

const KEY_ID = /(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])/g;
// Key name, optional closing quote, separator, optional opening quote, then exactly 40 base64 chars.
const SECRET =
  /(?:aws)?[_.-]?secret[_.-]?(?:access)?[_.-]?key(?:[_.-]?id)?["']?[ \t]{0,8}(?::=|=>|[:=])[ \t]{0,8}["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi;

export const detector: Detector = {
  id: 'aws-credentials',
  kind: 'credential',
  description: 'AWS access key ids (AKIA…, ASIA…) and secret access keys named as such',
  detect(text) {
    const out: DetectorMatch[] = [];
    if (hasTrigger(text, 'akia', 'asia', 'abia', 'acca')) {
      for (const m of execBounded(KEY_ID, text, ALNUM_CHAR)) {
        if (m[0].endsWith('EXAMPLE') || isPlaceholder(m[0].slice(4))) continue;
        out.push({ start: m.index, end: m.index + m[0].length, confidence: 0.95, description: 'AWS access key id' });
      }
    }
    if (hasTrigger(text, 'secret')) {
      for (const m of execAll(SECRET, text)) {
        const value = m[1]!;
        if (value.includes('EXAMPLE') || isPlaceholder(value)) continue;
        const start = m.index + m[0].length - value.length;
        out.push({ start, end: start + value.length, confidence: 0.9, description: 'AWS secret access key' });
      }
    }
    return out;
  },
};
