/**
 * Custom detectors from shencha.yaml (`redaction.custom`), compiled with re2js: RE2 semantics, linear
 * time in the input whatever the pattern, so a user pattern cannot hang the packager. When the pattern
 * has a capture group, only group 1 is masked (e.g. `ticket-key: (\w{32})`), else the whole match.
 */
import { makeIssue, registerIssueCodes, type Issue } from '@shencha/core';
import { RE2JS } from 're2js';
import type { Detector, DetectorMatch, FindingKind } from './types.js';

registerIssueCodes({
  REDACT_CUSTOM_PATTERN_INVALID: {
    severity: 'error',
    description: 'a custom detector in shencha.yaml has a pattern that RE2 cannot compile, or a bad id',
  },
});

export const CUSTOM_PREFIX = 'custom/';

export interface CustomSpec {
  id: string;
  pattern: string;
  description: string;
  kind: FindingKind;
}

export function compileCustomDetectors(specs: readonly CustomSpec[]): { detectors: Detector[]; issues: Issue[] } {
  const detectors: Detector[] = [];
  const issues: Issue[] = [];
  const seen = new Set<string>();
  specs.forEach((spec, i) => {
    const field = `redaction.custom[${i}]`;
    if (!/^[a-z0-9][a-z0-9._-]{0,63}$/.test(spec.id) || seen.has(spec.id)) {
      issues.push(makeIssue('REDACT_CUSTOM_PATTERN_INVALID', 'redact', `custom detector id "${spec.id}" must be unique, lower-case letters, digits, '.', '_' or '-'`, { location: { path: 'shencha.yaml', field: `${field}.id` } }));
      return;
    }
    seen.add(spec.id);
    let re: RE2JS;
    try {
      re = RE2JS.compile(spec.pattern);
    } catch (cause) {
      issues.push(
        makeIssue('REDACT_CUSTOM_PATTERN_INVALID', 'redact', `custom detector ${spec.id}: ${(cause as Error).message}`, {
          location: { path: 'shencha.yaml', field: `${field}.pattern` },
          howToFix: 'use RE2 syntax (no back-references or look-around)',
        }),
      );
      return;
    }
    const grouped = re.groupCount() > 0;
    detectors.push({
      id: CUSTOM_PREFIX + spec.id,
      kind: spec.kind,
      description: spec.description,
      detect(text) {
        const out: DetectorMatch[] = [];
        const m = re.matcher(text);
        while (m.find()) {
          const start = grouped ? m.start(1) : m.start();
          const end = grouped ? m.end(1) : m.end();
          if (start >= 0 && end > start) out.push({ start, end, confidence: 0.9 });
        }
        return out;
      },
    });
  });
  return { detectors, issues };
}
