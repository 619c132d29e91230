/**
 * internal-ip — private IPv4 addresses (RFC 1918: 10/8, 172.16/12, 192.168/16) and IPv6 unique-local
 * addresses (fc00::/7), which reveal the vendor's internal network layout.
 *
 * Each octet is checked to be 0–255, and a dotted quad that is part of a longer dotted number
 * (a version such as 10.0.0.1.2 or 1.10.0.0.1) is not reported. Network and broadcast addresses are
 * reported like any other. Fixtures: test/fixtures/labelled/internal-ip.txt.
 */
import { isIPv6 } from 'node:net';
import type { Detector, DetectorMatch } from '../src/types.js';
import { charSet, execAll, execBounded } from '../src/util.js';

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const V4_BEFORE = charSet('0-9A-Za-z.');
const V4 = new RegExp(
  `(?:10\\.${OCTET}|172\\.(?:1[6-9]|2\\d|3[01])|192\\.168)\\.${OCTET}\\.${OCTET}(?![0-9A-Za-z]|\\.\\d)`,
  'g',
);
// Candidate unique-local IPv6 text, validated with net.isIPv6 (no nested quantifiers to backtrack).
const V6 = /(?<![0-9A-Za-z:])f[cd][0-9a-f]{2}:[0-9a-f:]{2,35}(?![0-9A-Za-z:])/gi;

export const detector: Detector = {
  id: 'internal-ip',
  kind: 'personal-data',
  description: 'private IPv4 (RFC 1918) and IPv6 unique-local addresses',
  patterns: [V4],
  detect(text) {
    const out: DetectorMatch[] = [];
    if (text.includes('10.') || text.includes('172.') || text.includes('192.168.')) {
      for (const m of execBounded(V4, text, V4_BEFORE)) out.push({ start: m.index, end: m.index + m[0].length, confidence: 0.8 });
    }
    if (/f[cd][0-9a-f]{2}:/i.test(text)) {
      for (const m of execAll(V6, text)) {
        if (!isIPv6(m[0])) continue;
        out.push({ start: m.index, end: m.index + m[0].length, confidence: 0.7 });
      }
    }
    return out;
  },
};
