import { makeIssue, registerIssueCodes, type Issue } from '@shencha/core';
import { allowedIssue, createAllowList } from './allow.js';
import { BUILTIN_DETECTORS } from './builtin.js';
import { compileCustomDetectors } from './custom.js';
import { snap } from './mask.js';
import { LineIndex } from './positions.js';
import { makeSecretlintConfig, runSecretlint, SECRETLINT_PREFIX } from './secretlint.js';
import type { Detector, DetectorMatch, Finding, FindingKind, RedactionOptions } from './types.js';

registerIssueCodes({
  REDACT_DETECTOR_FAILED: {
    severity: 'error',
    description: 'a detector threw on a file; the file may hold secrets that were not found',
  },
  REDACT_UNKNOWN_DETECTOR: {
    severity: 'warning',
    description: 'redaction.disable names a detector that does not exist',
  },
});

export interface DetectorInfo {
  id: string;
  kind: FindingKind;
  description: string;
}

export interface Redactor {
  /** The detectors that run (after `disable`), secretlint's rules included as `secretlint/<rule>`. */
  readonly detectors: readonly DetectorInfo[];
  /** Problems met so far (bad configuration, a detector that failed on a file); never thrown. */
  readonly issues: Issue[];
  /** Findings in `text`, sorted by offset, overlaps merged. `path` is the project-relative path. */
  detect(text: string, path: string): Promise<Finding[]>;
}

interface Hit extends DetectorMatch {
  detector: string;
  kind: FindingKind;
  confidence: number;
  description: string;
}

const SECRETLINT_RULES = [
  'aws', 'gcp', 'privatekey', 'npm', 'basicauth', 'slack', 'sendgrid', 'shopify', 'github', 'openai', 'anthropic',
  'linear', '1password', 'database-connection-string',
].map((r) => SECRETLINT_PREFIX + r);

/** Builds a redactor from the `redaction` section of shencha.yaml. */
export async function createRedactor(options: RedactionOptions = {}): Promise<Redactor> {
  const issues: Issue[] = [];
  const disabled = new Set(options.disable ?? []);
  const known = new Set([
    ...BUILTIN_DETECTORS.map((d) => d.id),
    ...(options.custom ?? []).map((c) => `custom/${c.id}`),
    'secretlint',
    ...SECRETLINT_RULES,
  ]);
  for (const id of [...disabled].sort()) {
    if (!known.has(id)) {
      issues.push(makeIssue('REDACT_UNKNOWN_DETECTOR', 'redact', `redaction.disable names unknown detector "${id}"`, { location: { path: 'shencha.yaml', field: 'redaction.disable' } }));
    }
  }
  const custom = compileCustomDetectors(options.custom ?? []);
  issues.push(...custom.issues);
  const detectors: Detector[] = [
    ...BUILTIN_DETECTORS.filter((d) => !disabled.has(d.id)).map((d) => (d.withOptions ? d.withOptions(options) : d)),
    ...custom.detectors.filter((d) => !disabled.has(d.id)),
  ];
  const allow = createAllowList(options.allow);
  const useSecretlint = !disabled.has('secretlint');
  const secretlintConfig = makeSecretlintConfig(disabled);
  const infos: DetectorInfo[] = [
    ...detectors.map(({ id, kind, description }) => ({ id, kind, description })),
    ...(useSecretlint
      ? SECRETLINT_RULES.filter((id) => !disabled.has(id)).map((id) => ({ id, kind: 'credential' as const, description: `secretlint rule ${id.slice(SECRETLINT_PREFIX.length)}` }))
      : []),
  ].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const fail = (detector: string, path: string, cause: unknown): void => {
    issues.push(
      makeIssue('REDACT_DETECTOR_FAILED', 'redact', `detector ${detector} failed on ${path}: ${(cause as Error)?.message ?? String(cause)}`, {
        location: { path },
      }),
    );
  };

  /** Drops allowed findings (after merging, so one masked span gives at most one notice). */
  function applyAllowList(text: string, path: string, findings: Finding[]): Finding[] {
    if (findings.length === 0) return findings;
    const comments = allow.commentLines(text, path, issues);
    if (comments.size === 0 && !options.allow?.values?.length) return findings;
    return findings.filter((f) => {
      const comment = comments.get(f.start.line);
      const reason = allow.valueAllowed(text.slice(f.startOffset, f.endOffset))
        ? 'value is on redaction.allow.values'
        : comment !== undefined
          ? `shencha:allow ${comment}`
          : undefined;
      if (!reason) return true;
      issues.push(allowedIssue(path, f.start.line, f.start.column, f.detector, reason));
      return false;
    });
  }

  return {
    detectors: infos,
    issues,
    async detect(text, path) {
      if (allow.pathAllowed(path)) {
        if (detectors.length || useSecretlint) issues.push(allowedIssue(path, 1, 1, 'every', 'path is on redaction.allow.paths'));
        return [];
      }
      const hits: Hit[] = [];
      for (const d of detectors) {
        let matches: DetectorMatch[];
        try {
          matches = d.detect(text, path);
        } catch (cause) {
          fail(d.id, path, cause);
          continue;
        }
        for (const m of matches) {
          hits.push({ ...m, detector: d.id, kind: d.kind, confidence: m.confidence ?? 0.5, description: m.description ?? d.description });
        }
      }
      if (useSecretlint) {
        const own = hits.filter((h) => h.kind === 'credential');
        try {
          for (const m of await runSecretlint(text, path, secretlintConfig)) {
            // Our own detectors are narrower (e.g. only the password of a connection URL): a secretlint
            // span that contains one of their credential spans gives way to it.
            if (own.some((h) => h.start >= m.start && h.end <= m.end && h.end - h.start < m.end - m.start)) continue;
            hits.push({ ...m, kind: 'credential', confidence: m.confidence ?? 0.9, description: m.description ?? m.detector });
          }
        } catch (cause) {
          fail('secretlint', path, cause);
        }
      }
      for (const e of echoes(text, hits)) hits.push(e);
      return applyAllowList(text, path, toFindings(text, hits));
    },
  };
}

/** Distinct found values whose other occurrences are looked for, per file. */
const MAX_ECHO_VALUES = 256;
/** Values longer than this are looked for one by one (few are; a pattern of them all would be huge). */
const MAX_PATTERN_VALUE = 256;

/**
 * A value found once is masked wherever else it appears in the file: detectors that need context (a
 * key name, the start of a .env line) would otherwise leave its other copies in the clear. The values
 * are looked for in one pass (an alternation of the literals, longest first, resumed one character
 * after each match so that overlapping occurrences are seen too), not one pass per value: a file with
 * hundreds of secrets was otherwise scanned hundreds of times.
 */
function echoes(text: string, hits: Hit[]): Hit[] {
  const firstHit = new Map<string, Hit>();
  for (const h of hits) {
    const value = text.slice(h.start, h.end);
    if (value.length < 8 || firstHit.has(value)) continue;
    if (firstHit.size >= MAX_ECHO_VALUES) break;
    firstHit.set(value, h);
  }
  const out: Hit[] = [];
  const echo = (value: string, at: number): void => {
    const h = firstHit.get(value)!;
    // The finding itself comes back too; toFindings merges the two.
    if (at !== h.start) out.push({ ...h, start: at, end: at + value.length, confidence: h.confidence * 0.9, description: `${h.description} (another occurrence of the value)` });
  };
  const short = [...firstHit.keys()].filter((v) => v.length <= MAX_PATTERN_VALUE).sort((a, b) => b.length - a.length);
  if (short.length) {
    const re = new RegExp(short.map((v) => v.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')).join('|'), 'g');
    for (let m = re.exec(text); m; m = re.exec(text)) {
      // Every value that starts here (the match is the longest; shorter ones may be its prefixes).
      for (const v of short) if (text.startsWith(v, m.index)) echo(v, m.index);
      re.lastIndex = m.index + 1;
    }
  }
  for (const v of firstHit.keys()) {
    if (v.length <= MAX_PATTERN_VALUE) continue;
    for (let at = text.indexOf(v); at >= 0; at = text.indexOf(v, at + v.length)) echo(v, at);
  }
  return out;
}

/** Sorts hits, merges overlapping ones (credential wins over personal data, then confidence) and adds positions. */
function toFindings(text: string, hits: Hit[]): Finding[] {
  if (hits.length === 0) return [];
  const spans = hits
    .map((h) => {
      const [start, end] = snap(text, Math.max(0, h.start), Math.min(text.length, h.end));
      return { ...h, start, end };
    })
    .filter((h) => h.end > h.start)
    .sort((a, b) => a.start - b.start || b.end - a.end || (a.detector < b.detector ? -1 : a.detector > b.detector ? 1 : 0));
  const merged: Hit[] = [];
  for (const h of spans) {
    const last = merged[merged.length - 1];
    if (last && h.start < last.end) {
      const lead = better(h, last) ? h : last;
      merged[merged.length - 1] = {
        ...lead,
        start: last.start,
        end: Math.max(last.end, h.end),
        kind: last.kind === 'credential' || h.kind === 'credential' ? 'credential' : 'personal-data',
        confidence: Math.max(last.confidence, h.confidence),
      };
    } else {
      merged.push(h);
    }
  }
  const lines = new LineIndex(text);
  return merged.map((h) => ({
    detector: h.detector,
    kind: h.kind,
    start: lines.position(h.start),
    end: lines.position(h.end),
    startOffset: h.start,
    endOffset: h.end,
    confidence: h.confidence,
    description: h.description,
  }));
}

function better(a: Hit, b: Hit): boolean {
  if (a.kind !== b.kind) return a.kind === 'credential';
  if (a.confidence !== b.confidence) return a.confidence > b.confidence;
  if (a.end - a.start !== b.end - b.start) return a.end - a.start > b.end - b.start;
  return a.detector < b.detector;
}
