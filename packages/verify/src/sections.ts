import { makeIssue, type Issue } from '@shencha/core';
import { SOURCE } from './issues.js';
import type { Collector } from './report-types.js';

const IDS = Array.from({ length: 14 }, (_, i) => `D${i}`);

interface SectionDoc {
  id?: unknown;
  status?: unknown;
  required?: unknown;
  reason?: unknown;
  files?: unknown;
}

/**
 * The sections table D0–D13 of manifest.json: each section once, every file it names present in the
 * dossier, a not-applicable section with its reason, and no required section missing.
 */
export function checkSections(c: Collector, sections: unknown, listed: ReadonlySet<string>): void {
  if (!Array.isArray(sections)) return; // the manifest schema reports the absence
  const issues: Issue[] = [];
  const seen = new Set<string>();
  for (const [i, raw] of sections.entries()) {
    const s = raw as SectionDoc | null;
    const id = typeof s?.id === 'string' ? s.id : `#${i}`;
    const field = `/sections/${i}`;
    if (seen.has(id)) issues.push(makeIssue('VERIFY_SECTION_INVALID', SOURCE, `section ${id} appears twice`, { location: { path: 'manifest.json', field } }));
    seen.add(id);
    for (const f of Array.isArray(s?.files) ? (s.files as unknown[]) : []) {
      if (typeof f === 'string' && f !== 'manifest.json' && !listed.has(f)) {
        issues.push(makeIssue('VERIFY_SECTION_INVALID', SOURCE, `section ${id} names ${f}, which is not a file of the dossier`, { location: { path: 'manifest.json', field } }));
      }
    }
    if (s?.status === 'not-applicable' && (typeof s.reason !== 'string' || s.reason.trim() === '')) {
      issues.push(makeIssue('VERIFY_SECTION_INVALID', SOURCE, `section ${id} is not applicable without a reason`, { location: { path: 'manifest.json', field } }));
    }
    if (s?.status === 'missing' && s.required === true) {
      issues.push(makeIssue('VERIFY_SECTION_MISSING', SOURCE, `required section ${id} is missing`, { location: { path: 'manifest.json', field } }));
    }
  }
  for (const id of IDS) {
    if (!seen.has(id)) issues.push(makeIssue('VERIFY_SECTION_MISSING', SOURCE, `the sections table has no ${id}`, { location: { path: 'manifest.json', field: '/sections' } }));
  }
  c.check('sections', 'manifest.json', `sections D0–D13 present, each filled, generated or not applicable with a reason`, issues);
}
