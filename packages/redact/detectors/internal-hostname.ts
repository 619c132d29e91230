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
import { charSet, execAll } from '../src/util.js';

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const HOST_CHAR = charSet('A-Za-z0-9.-');
const LABELS = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,10}$/;

export function createInternalHostnameDetector(domains: readonly string[]): Detector {
  const clean = [...new Set(domains.map((d) => d.trim().replace(/^\*?\./, '').replace(/\.$/, '').toLowerCase()).filter((d) => /^[a-z0-9.-]+$/.test(d)))].sort(
    (a, b) => b.length - a.length,
  );
  // Anchored on ".<domain>": the labels before it are read backwards by hand and checked with a
  // pattern anchored at both ends, so no position of the text is tried more than once.
  const re = clean.length ? new RegExp(`\\.(?:${clean.map(escapeRe).join('|')})(?![A-Za-z0-9-]|\\.[A-Za-z0-9])`, 'gi') : undefined;
  return {
    id: 'internal-hostname',
    kind: 'personal-data',
    description: 'host names under the configured internal domains',
    patterns: re ? [re, LABELS] : [],
    detect(text) {
      const out: DetectorMatch[] = [];
      if (!re) return out;
      for (const m of execAll(re, text)) {
        let s = m.index;
        while (s > 0 && m.index - s < 254 && HOST_CHAR(text.charCodeAt(s - 1))) s--;
        // Leading dots or hyphens are not part of a host name.
        while (s < m.index && (text[s] === '.' || text[s] === '-')) s++;
        if (s === m.index || (s > 0 && HOST_CHAR(text.charCodeAt(s - 1)))) continue;
        if (!LABELS.test(text.slice(s, m.index + 1))) continue;
        out.push({ start: s, end: m.index + m[0].length, confidence: 0.85 });
      }
      return out;
    },
    withOptions(options: RedactionOptions) {
      return createInternalHostnameDetector(options.internalDomains ?? []);
    },
  };
}

export const detector: Detector = createInternalHostnameDetector([]);
