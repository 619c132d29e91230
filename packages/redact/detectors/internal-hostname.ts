/**
 * internal-hostname — host names under the internal domains configured in shencha.yaml
 * (`redaction.internalDomains`, e.g. `acme.internal`, `corp.example.cn`).
 *
 * Reports `<label>.<label>….<internal domain>` (at least one label below the configured domain, so
 * the domain itself in documentation is left alone), case-insensitively, not touching another
 * host-name character. With no domain configured it finds nothing.
 * Fixtures: test/fixtures/labelled/internal-hostname.txt (with internalDomains [acme.internal, corp.example.cn]).
 */
import type { Detector, DetectorMatch, RedactionOptions } from '../src/types.js';
import { execAll } from '../src/util.js';

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function createInternalHostnameDetector(domains: readonly string[]): Detector {
  const clean = [...new Set(domains.map((d) => d.trim().replace(/^\*?\./, '').replace(/\.$/, '').toLowerCase()).filter((d) => /^[a-z0-9.-]+$/.test(d)))].sort(
    (a, b) => b.length - a.length,
  );
  // Labels are bounded (63 characters, 10 levels) so the pattern stays linear.
  const re = clean.length
    ? new RegExp(`(?<![A-Za-z0-9.-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.){1,10}(?:${clean.map(escapeRe).join('|')})(?![A-Za-z0-9-]|\\.[A-Za-z0-9])`, 'gi')
    : undefined;
  const prefilter = clean.length ? new RegExp(clean.map(escapeRe).join('|'), 'i') : undefined;
  return {
    id: 'internal-hostname',
    kind: 'personal-data',
    description: 'host names under the configured internal domains',
    patterns: re ? [re, prefilter!] : [],
    detect(text) {
      const out: DetectorMatch[] = [];
      if (!re || !prefilter!.test(text)) return out;
      for (const m of execAll(re, text)) out.push({ start: m.index, end: m.index + m[0].length, confidence: 0.85 });
      return out;
    },
    withOptions(options: RedactionOptions) {
      return createInternalHostnameDetector(options.internalDomains ?? []);
    },
  };
}

export const detector: Detector = createInternalHostnameDetector([]);
