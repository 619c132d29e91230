import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSource, scanProject } from '@shencha/core';
import fc from 'fast-check';
import { expect } from 'vitest';
import type { Cataloger } from '../src/cataloger.js';

const PAYLOADS = ['${', '${a}${a}', '<', '>', '"', "'", '[[package]]\n', '\u0000', '=>', '(', ')', '{', '}', '\n', '=', ':', '\\', 'é'];

/**
 * Mutates one file of a fixture (truncated, a hostile payload inserted, a block repeated, a block
 * deleted) and checks that the cataloger neither crashes nor hangs, locates every issue, and keeps
 * bomRefs unique. Seeded, so a failure replays.
 */
export async function fuzzCataloger(cataloger: Cataloger, root: string, cases: [string, string][]): Promise<void> {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...cases),
      fc.nat(),
      fc.constantFrom('truncate', 'insert', 'duplicate', 'delete'),
      fc.constantFrom(...PAYLOADS),
      async ([fixture, file], at, kind, payload) => {
        const dir = mkdtempSync(join(tmpdir(), 'shencha-fuzz-'));
        try {
          cpSync(join(root, fixture), dir, { recursive: true });
          const text = readFileSync(join(dir, file), 'utf8');
          const i = text.length === 0 ? 0 : at % text.length;
          const mutated =
            kind === 'truncate' ? text.slice(0, i)
            : kind === 'insert' ? text.slice(0, i) + payload + text.slice(i)
            : kind === 'duplicate' ? text.slice(0, i) + text.slice(i, i + 200).repeat(20) + text.slice(i)
            : text.slice(0, i) + text.slice(i + 50);
          writeFileSync(join(dir, file), mutated);
          const started = Date.now();
          const r = await cataloger.catalog(new FileSource(await scanProject(dir)), { options: {} });
          expect(Date.now() - started).toBeLessThan(10_000);
          for (const issue of r.issues) expect(issue.location?.path).toBeTruthy();
          expect(new Set(r.components.map((c) => c.bomRef)).size).toBe(r.components.length);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    ),
    { numRuns: 25, seed: 20261128 },
  );
}
