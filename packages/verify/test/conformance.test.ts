import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { verifyPath } from '../src/index.js';

const ROOT = fileURLToPath(new URL('./fixtures/cyclonedx-spec/', import.meta.url));

describe('CycloneDX specification conformance cases (100% of 1.5, 1.6, 1.7)', () => {
  for (const version of ['1.5', '1.6', '1.7']) {
    const files = readdirSync(join(ROOT, version)).filter((f) => /\.(json|xml)$/.test(f)).sort();
    it(`${version}: ${files.length} cases, valid accepted and invalid rejected`, async () => {
      expect(files.length).toBeGreaterThan(100);
      const wrong: string[] = [];
      for (const f of files) {
        const want = f.startsWith('valid-');
        const r = await verifyPath(join(ROOT, version, f));
        if (r.subject.kind !== 'cyclonedx') wrong.push(`${f}: seen as ${r.subject.kind}`);
        if (r.valid !== want) wrong.push(`${f}: want ${want ? 'valid' : 'invalid'}; ${r.issues.filter((i) => i.severity === 'error').map((i) => i.message).join(' | ')}`);
        if (!want && !r.issues.some((i) => i.severity === 'error' && i.location?.path === f)) wrong.push(`${f}: rejected without naming the file`);
      }
      expect(wrong).toEqual([]);
    });
  }

  it('counts every case of the README table', () => {
    const n = ['1.5', '1.6', '1.7'].map((v) => readdirSync(join(ROOT, v)).filter((f) => /\.(json|xml)$/.test(f)).length);
    expect(n).toEqual([36 + 22 + 38 + 24, 45 + 25 + 47 + 27, 61 + 29 + 63 + 28]);
  });
});
