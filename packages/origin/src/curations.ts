import { makeIssue, validateAgainstSchema, type Issue } from '@shencha/core';
import { normalizeYamlValue } from './normalize.js';
import { isSourceText, parseSourceText, type Locate } from './inputs.js';
import { SOURCE } from './issues.js';
import type { ClassifiedComponent, OriginClass, Tier } from './types.js';

/**
 * `.shencha/curations.yaml`: a person's decision about a component, which always wins over inferred
 * evidence and is shown as such (basis `curation`, the reviewer, date and reason).
 */
export interface Curation {
  /** bomRef, purl (with or without version), `group:name` or `name`. */
  component: string;
  class?: OriginClass;
  tier?: Exclude<Tier, 'unscored'> | 'unscored';
  country?: string;
  supplier?: string;
  reviewer: string;
  date: string;
  reason: string;
  /** Index in the file, for issue locations. */
  index: number;
}

export interface ParsedCurations {
  curations: Curation[];
  issues: Issue[];
  locate: Locate;
}

export function parseCurations(input: unknown, fallbackPath: string): ParsedCurations {
  let doc: unknown = input;
  let path = fallbackPath;
  let locate: Locate = (pointer) => ({ path, field: pointer });
  if (isSourceText(input)) {
    const parsed = parseSourceText(input, 'ORIGIN_CURATIONS_INVALID');
    if (parsed.issues.length > 0) return { curations: [], issues: parsed.issues, locate: parsed.locate };
    doc = parsed.doc;
    path = input.path;
    locate = parsed.locate;
  }
  const value = normalizeYamlValue(doc);
  const errors = validateAgainstSchema('curations', value);
  if (errors.length > 0) {
    return {
      curations: [],
      locate,
      issues: errors.map((e) =>
        makeIssue('ORIGIN_CURATIONS_INVALID', SOURCE, `curations: ${e.pointer}: ${e.message}`, {
          location: locate(e.pointer),
          howToFix: 'fix the curations file to match schemas/json/curations.schema.json; no curation was applied',
        }),
      ),
    };
  }
  const list = (value as { curations?: Omit<Curation, 'index'>[] }).curations ?? [];
  const issues: Issue[] = [];
  const curations: Curation[] = [];
  list.forEach((c, index) => {
    if (c.class || c.tier || c.country || c.supplier) curations.push({ ...c, index });
    else {
      issues.push(
        makeIssue('ORIGIN_CURATIONS_INVALID', SOURCE, `curation for "${c.component}" decides nothing: give class, tier, country or supplier`, {
          location: locate(`/curations/${index}`),
          howToFix: 'add the field the reviewer decided, or remove the entry',
        }),
      );
    }
  });
  return { curations, issues, locate };
}

function matches(c: ClassifiedComponent, name: string): boolean {
  if (name === c.bomRef || name === c.purl) return true;
  if (c.purl && name.startsWith('pkg:')) {
    const bare = c.purl.replace(/[?#].*$/, '');
    const at = bare.lastIndexOf('@');
    if (at > bare.lastIndexOf('/') && bare.slice(0, at) === name) return true;
  }
  if (name === c.name && !c.group) return true;
  return c.group !== undefined && (name === `${c.group}:${c.name}` || name === `${c.group}/${c.name}`);
}

export function applyCurations(components: ClassifiedComponent[], curations: Curation[], locate: Locate): Issue[] {
  const issues: Issue[] = [];
  for (const cur of curations) {
    const hits = components.filter((c) => matches(c, cur.component));
    if (hits.length === 0) {
      issues.push(
        makeIssue('ORIGIN_CURATION_UNMATCHED', SOURCE, `curation for "${cur.component}" matches no component in the inventory`, {
          location: locate(`/curations/${cur.index}/component`),
          howToFix: 'name the component by its bomRef or purl, or remove the stale curation',
        }),
      );
      continue;
    }
    for (const c of hits) {
      const fields: string[] = [];
      const note = `curated by ${cur.reviewer} on ${cur.date}: ${cur.reason}`;
      if (cur.class && cur.class !== c.class) {
        c.reasons.unshift(`curation overrides the inferred class ${c.class} → ${cur.class} (${note})`);
      } else if (cur.class) c.reasons.unshift(`curation confirms ${cur.class} (${note})`);
      if (cur.class) {
        c.class = cur.class;
        c.confidence = 1;
        fields.push('class');
      }
      if (cur.country) {
        c.country = cur.country;
        fields.push('country');
      }
      if (cur.supplier) {
        c.supplier = cur.supplier;
        fields.push('supplier');
      }
      if (cur.tier) {
        c.tierReason = `curation sets ${cur.tier} (was ${c.tier}: ${c.tierReason}); ${note}`;
        c.tier = cur.tier;
        fields.push('tier');
      }
      c.evidence.unshift({
        basis: 'curation',
        value: `${fields.map((f) => `${f}=${String((cur as unknown as Record<string, unknown>)[f])}`).join(', ')}: ${cur.reason}`,
        ...(cur.country ? { country: cur.country } : {}),
        confidence: 1,
        source: `${locate('').path}#/curations/${cur.index} (${cur.reviewer}, ${cur.date})`,
      });
      c.curated = { reviewer: cur.reviewer, date: cur.date, reason: cur.reason, fields };
    }
  }
  return issues;
}
