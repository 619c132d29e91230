import { describe, expect, it } from 'vitest';
import { BUILTIN_DETECTORS } from '../src/builtin.js';
import { createRedactor, maskText } from '../src/index.js';
import type { RedactionOptions } from '../src/types.js';
import { loadLabelled } from './labelled.js';

const OPTIONS: RedactionOptions = { internalDomains: ['acme.internal', 'corp.example.cn'] };
const { cases, lineCount } = loadLabelled();

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }): boolean => a.start < b.end && b.start < a.end;

interface Score {
  tp: number;
  fn: number;
  fp: number;
  misses: string[];
  falseHits: string[];
}
const ratio = (n: number, d: number): number => (d === 0 ? 1 : n / d);

describe('labelled detector set', () => {
  it('has at least 300 lines, positives for every built-in detector, and hard negatives', () => {
    expect(lineCount).toBeGreaterThanOrEqual(300);
    for (const d of BUILTIN_DETECTORS) {
      expect(cases.filter((c) => c.detector === d.id).length, d.id).toBeGreaterThanOrEqual(3);
    }
    expect(cases.filter((c) => c.detector === undefined).length).toBeGreaterThanOrEqual(100);
  });

  it('scores each detector on its own (recall and precision printed)', () => {
    const scores = new Map<string, Score>();
    for (const base of BUILTIN_DETECTORS) {
      const d = base.withOptions ? base.withOptions(OPTIONS) : base;
      const s: Score = { tp: 0, fn: 0, fp: 0, misses: [], falseHits: [] };
      for (const c of cases) {
        const hits = d.detect(c.text, c.path);
        const mine = c.detector === d.id ? c.spans : [];
        for (const span of mine) {
          // A hit counts when the detector's spans together cover the marked secret.
          const covered = hits.filter((h) => overlaps(h, span));
          const full = covered.length > 0 && Math.min(...covered.map((h) => h.start)) <= span.start && Math.max(...covered.map((h) => h.end)) >= span.end;
          if (full) s.tp++;
          else {
            s.fn++;
            s.misses.push(`${c.file}:${c.line}`);
          }
        }
        for (const h of hits) {
          // Hits on a secret labelled for another detector are real secrets, not false positives.
          if (c.spans.some((span) => overlaps(h, span))) continue;
          s.fp++;
          s.falseHits.push(`${c.file}:${c.line} ${JSON.stringify(c.text.slice(h.start, h.end)).slice(0, 60)}`);
        }
      }
      scores.set(d.id, s);
    }
    const rows = [...scores].map(([id, s]) => `${id.padEnd(20)} recall ${ratio(s.tp, s.tp + s.fn).toFixed(2)}  precision ${ratio(s.tp, s.tp + s.fp).toFixed(2)}  (tp ${s.tp}, fn ${s.fn}, fp ${s.fp})`);
    console.log(`per-detector scores on ${cases.length} labelled cases:\n${rows.join('\n')}`);
    for (const [id, s] of scores) {
      if (s.misses.length || s.falseHits.length) console.log(`${id}: missed ${s.misses.join(', ') || '-'}; false ${s.falseHits.join(' | ') || '-'}`);
    }
    for (const [id, s] of scores) {
      expect(ratio(s.tp, s.tp + s.fn), `${id} recall`).toBeGreaterThanOrEqual(0.8);
      expect(ratio(s.tp, s.tp + s.fp), `${id} precision`).toBeGreaterThanOrEqual(0.8);
    }
  });

  it('the whole redactor (secretlint base + detectors, merged) reaches recall and precision >= 0.90', async () => {
    const r = await createRedactor(OPTIONS);
    let tp = 0, fn = 0, findingsOk = 0, findingsAll = 0;
    const misses: string[] = [];
    const falseHits: string[] = [];
    for (const c of cases) {
      const findings = await r.detect(c.text, c.path);
      const masked = maskText(c.text, findings);
      for (const span of c.spans) {
        if (/^\**$/.test(masked.slice(span.start, span.end).replace(/[\r\n]/g, ''))) tp++;
        else {
          fn++;
          misses.push(`${c.file}:${c.line}`);
        }
      }
      for (const f of findings) {
        findingsAll++;
        const span = { start: f.startOffset, end: f.endOffset };
        if (c.spans.some((s) => overlaps(s, span))) findingsOk++;
        else falseHits.push(`${c.file}:${c.line} ${f.detector} ${JSON.stringify(c.text.slice(span.start, span.end)).slice(0, 60)}`);
      }
    }
    const recall = ratio(tp, tp + fn);
    const precision = ratio(findingsOk, findingsAll);
    console.log(`overall: recall ${recall.toFixed(3)} (${tp}/${tp + fn}), precision ${precision.toFixed(3)} (${findingsOk}/${findingsAll})`);
    if (misses.length) console.log(`overall misses: ${misses.join(', ')}`);
    if (falseHits.length) console.log(`overall false positives:\n${falseHits.join('\n')}`);
    expect(recall).toBeGreaterThanOrEqual(0.9);
    expect(precision).toBeGreaterThanOrEqual(0.9);
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
  });
});
