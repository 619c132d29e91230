import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { createRedactor, maskText } from '../src/index.js';
import { loadLabelled } from './labelled.js';

const OPTIONS = { internalDomains: ['acme.internal'] };
const redactor = await createRedactor(OPTIONS);
// Single-line secrets from the labelled set (the marked values), used as planted fragments.
const SECRETS = [
  ...new Set(
    loadLabelled()
      .cases.filter((c) => c.detector && !c.text.includes('\n'))
      .map((c) => c.text),
  ),
];

const fragment = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 2, arbitrary: fc.constantFrom(...SECRETS) },
  { weight: 2, arbitrary: fc.constantFrom('\n', '\r\n', ' ', '\t', '😀', '中文', '=', ': ', '"') },
);
const document = fc.array(fragment, { maxLength: 24 }).map((parts) => parts.join(' '));

function codePointLines(t: string): string[][] {
  return t.split('\n').map((l) => [...l]);
}

describe('masking properties', () => {
  test.prop([document], { numRuns: 300 })('keeps line count and every unmasked column, and no detected value survives', async (text) => {
    const findings = await redactor.detect(text, 'config/app.env');
    const masked = maskText(text, findings);
    const a = codePointLines(text);
    const b = codePointLines(masked);
    expect(b.length).toBe(a.length);
    a.forEach((line, i) => {
      expect(b[i]!.length).toBe(line.length);
      line.forEach((ch, j) => {
        if (b[i]![j] !== ch) expect(b[i]![j]).toBe('*');
      });
    });
    for (const f of findings) {
      const value = text.slice(f.startOffset, f.endOffset);
      expect(masked.slice(f.startOffset, f.startOffset + 1)).toMatch(/[*\r\n]/);
      if (value.length >= 8) expect(masked.includes(value)).toBe(false);
      // Positions agree with offsets.
      const before = text.slice(0, f.startOffset).split('\n');
      expect(f.start.line).toBe(before.length);
      expect(f.start.column).toBe([...before.at(-1)!].length + 1);
    }
    for (let i = 1; i < findings.length; i++) expect(findings[i]!.startOffset).toBeGreaterThanOrEqual(findings[i - 1]!.endOffset);
  });

  test.prop([document], { numRuns: 150 })('masked text yields no finding again (the packager re-scan stays clean)', async (text) => {
    const masked = maskText(text, await redactor.detect(text, 'src/app.ts'));
    const again = await redactor.detect(masked, 'src/app.ts');
    expect(again.map((f) => `${f.detector} ${JSON.stringify(masked.slice(f.startOffset, f.endOffset))}`)).toEqual([]);
  });
});
