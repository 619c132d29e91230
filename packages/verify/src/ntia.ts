import { makeIssue, type Issue } from '@shencha/core';
import { SOURCE } from './issues.js';
import type { Collector, NtiaSummary } from './report-types.js';

export interface NtiaProfileResult {
  summary: NtiaSummary;
}

interface CdxComponent {
  'bom-ref'?: unknown;
  name?: unknown;
  version?: unknown;
  purl?: unknown;
  cpe?: unknown;
  swid?: unknown;
  supplier?: { name?: unknown };
  manufacturer?: { name?: unknown };
  publisher?: unknown;
  author?: unknown;
  authors?: unknown[];
  components?: CdxComponent[];
}

/** Every component of a BOM, nested ones included, in document order. */
export function flattenComponents(list: unknown): CdxComponent[] {
  const out: CdxComponent[] = [];
  const visit = (items: unknown): void => {
    if (!Array.isArray(items)) return;
    for (const c of items as CdxComponent[]) {
      if (!c || typeof c !== 'object') continue;
      out.push(c);
      visit(c.components);
    }
  };
  visit(list);
  return out;
}

const nonEmpty = (v: unknown): boolean => typeof v === 'string' && v.trim() !== '';

function round4(x: number): number {
  return Math.round(x * 10000) / 10000;
}

/**
 * NTIA minimum elements (2021): per component supplier, version, a unique identifier and a
 * relationship; per document author and timestamp. Reported as shares; gaps are warnings, or
 * errors under the `ntia` profile.
 */
export function ntiaSummary(c: Collector, path: string, bom: unknown, profile: string | undefined): NtiaProfileResult {
  const doc = (bom ?? {}) as {
    components?: unknown;
    dependencies?: { ref?: unknown; dependsOn?: unknown[] }[];
    metadata?: { timestamp?: unknown; authors?: unknown[]; tools?: unknown; manufacture?: unknown; manufacturer?: unknown; supplier?: unknown };
  };
  const comps = flattenComponents(doc.components);
  const related = new Set<string>();
  for (const d of Array.isArray(doc.dependencies) ? doc.dependencies : []) {
    if (typeof d?.ref === 'string') related.add(d.ref);
    for (const x of Array.isArray(d?.dependsOn) ? d.dependsOn : []) if (typeof x === 'string') related.add(x);
  }
  const gaps = { supplier: [] as string[], version: [] as string[], uniqueId: [] as string[], relationships: [] as string[] };
  for (const comp of comps) {
    const label = nonEmpty(comp['bom-ref']) ? String(comp['bom-ref']) : String(comp.name ?? '?');
    const hasSupplier =
      nonEmpty(comp.supplier?.name) || nonEmpty(comp.manufacturer?.name) || nonEmpty(comp.publisher) || nonEmpty(comp.author) || (Array.isArray(comp.authors) && comp.authors.length > 0);
    if (!hasSupplier) gaps.supplier.push(label);
    if (!nonEmpty(comp.version)) gaps.version.push(label);
    if (!nonEmpty(comp.purl) && !nonEmpty(comp.cpe) && !(comp.swid && typeof comp.swid === 'object')) gaps.uniqueId.push(label);
    if (!(typeof comp['bom-ref'] === 'string' && related.has(comp['bom-ref']))) gaps.relationships.push(label);
  }
  const n = comps.length;
  const share = (missing: number): number => (n === 0 ? 1 : round4((n - missing) / n));
  const md = doc.metadata ?? {};
  const author = (Array.isArray(md.authors) && md.authors.length > 0) || !!md.tools || !!md.manufacture || !!md.manufacturer || !!md.supplier;
  const timestamp = nonEmpty(md.timestamp);
  const summary: NtiaSummary = {
    components: n,
    supplier: share(gaps.supplier.length),
    version: share(gaps.version.length),
    uniqueId: share(gaps.uniqueId.length),
    relationships: share(gaps.relationships.length),
    author,
    timestamp,
  };
  if (profile) summary.profile = profile;
  const severity = profile === 'ntia' ? 'error' : 'warning';
  const issues: Issue[] = [];
  const names: Record<keyof typeof gaps, string> = {
    supplier: 'a supplier',
    version: 'a version',
    uniqueId: 'a unique identifier (purl, CPE or SWID)',
    relationships: 'a dependency relationship',
  };
  for (const key of Object.keys(gaps) as (keyof typeof gaps)[]) {
    const list = gaps[key];
    if (list.length === 0) continue;
    const sample = list.slice(0, 5).join(', ') + (list.length > 5 ? ', …' : '');
    issues.push(
      makeIssue('VERIFY_NTIA_GAP', SOURCE, `${list.length} of ${n} components lack ${names[key]} (NTIA minimum element): ${sample}`, {
        location: { path, field: '/components' },
        severity,
      }),
    );
  }
  if (!author) issues.push(makeIssue('VERIFY_NTIA_GAP', SOURCE, 'the BOM names no author (metadata.authors, tools or manufacturer)', { location: { path, field: '/metadata' }, severity }));
  if (!timestamp) issues.push(makeIssue('VERIFY_NTIA_GAP', SOURCE, 'the BOM has no timestamp (metadata.timestamp)', { location: { path, field: '/metadata/timestamp' }, severity }));
  c.check('ntia', path, `all ${n} components carry the NTIA minimum elements`, issues);
  return { summary };
}
