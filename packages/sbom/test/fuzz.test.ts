import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FileSource, scanProject } from '@shencha/core';
import { CATALOGERS, generateInventory, toCycloneDx } from '../src/index.js';
import { lockFiles } from '../src/files.js';
import { FIXTURES, inventoryOf, tempProject } from './helpers.js';

/**
 * Hostile input must neither crash nor hang any cataloger: every fixture is fed in mutated form
 * (truncated, bytes flipped, lines duplicated or dropped, strings inflated), plus hand-built
 * worst cases (deep nesting, huge strings, cycles, alias bombs). A cataloger that throws shows up
 * as SBOM_CATALOGER_FAILED, which fails the test; a hang fails it by timeout.
 */

const MY_ECOSYSTEMS = new Set(['npm', 'pnpm', 'yarn-classic', 'yarn-berry', 'bun']);
/** Runs per case; SHENCHA_FUZZ_RUNS=200 fuzzes deeper on demand (npm test keeps it short). */
const RUNS = Number(process.env['SHENCHA_FUZZ_RUNS'] ?? 0) || undefined;
const OPTS = { timestamp: '2026-01-01T00:00:00Z', toolVersion: '0.0.0' };

function caseFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n !== 'SOURCE.md' && statSync(p).size < 600_000) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

const cases = readdirSync(FIXTURES)
  .filter((eco) => statSync(join(FIXTURES, eco)).isDirectory())
  .flatMap((eco) =>
    readdirSync(join(FIXTURES, eco))
      .filter((c) => statSync(join(FIXTURES, eco, c)).isDirectory())
      .map((c) => ({ eco, name: c, dir: join(FIXTURES, eco, c) })),
  )
  .filter((c) => caseFiles(c.dir).length > 0);

const mutation = fc.record({
  kind: fc.constantFrom('truncate', 'flip', 'insert', 'duplicate-line', 'drop-line', 'inflate'),
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  byte: fc.integer({ min: 0, max: 255 }),
  text: fc.string({ maxLength: 8 }),
});

function mutate(data: Buffer, m: { kind: string; at: number; byte: number; text: string }): Buffer {
  const pos = Math.floor(m.at * data.length);
  switch (m.kind) {
    case 'truncate':
      return data.subarray(0, pos);
    case 'flip': {
      const copy = Buffer.from(data);
      if (copy.length > 0) copy[Math.min(pos, copy.length - 1)] = m.byte;
      return copy;
    }
    case 'insert':
      return Buffer.concat([data.subarray(0, pos), Buffer.from(m.text + '{["\':,\n'), data.subarray(pos)]);
    case 'duplicate-line':
    case 'drop-line': {
      const lines = data.toString('latin1').split('\n');
      const i = Math.min(Math.floor(m.at * lines.length), lines.length - 1);
      if (m.kind === 'duplicate-line') lines.splice(i, 0, ...Array(50).fill(lines[i]));
      else lines.splice(i, 1);
      return Buffer.from(lines.join('\n'), 'latin1');
    }
    default: {
      // A 2 MB string where the file had a quote.
      const q = data.indexOf(34, pos);
      if (q < 0) return data;
      return Buffer.concat([data.subarray(0, q + 1), Buffer.alloc(1_000_000, 0x61), data.subarray(q + 1)]);
    }
  }
}

async function noCrash(dir: string): Promise<void> {
  const inv = await inventoryOf(dir);
  const failed = inv.issues.filter((i) => i.code === 'SBOM_CATALOGER_FAILED');
  expect(failed, failed.map((f) => f.message).join('\n')).toEqual([]);
  for (const i of inv.issues.filter((x) => x.code === 'SBOM_PARSE_ERROR')) expect(i.location?.path).toBeTruthy();
  // The writers must take whatever the catalogers produced.
  expect(() => toCycloneDx(inv, OPTS)).not.toThrow();
}

describe('fuzz: mutated fixtures', () => {
  for (const c of cases) {
    const mine = MY_ECOSYSTEMS.has(c.eco);
    it(`${c.eco}/${c.name}`, { timeout: 120_000 }, async () => {
      // One copy and one walk per case; each run rewrites one claimed file and restores it.
      const root = tempProject({}, { '.': c.dir });
      const source = new FileSource(await scanProject(root));
      const claims = CATALOGERS.map((cat) => ({ cat, files: lockFiles(source, cat.globs) })).filter((x) => x.files.length > 0);
      const targets = [...new Set(claims.flatMap((x) => x.files))].sort();
      // Big multi-module trees (hundreds of poms) cost seconds per run; their catalogers are
      // fuzzed through the ecosystem's smaller cases, and at depth with SHENCHA_FUZZ_RUNS.
      if (targets.length === 0 || (!RUNS && targets.length > 25)) return;
      const originals = new Map(targets.map((t) => [t, readFileSync(join(root, t))]));
      const deadline = Date.now() + (mine ? 1000 : 300);
      await fc.assert(
        fc.asyncProperty(fc.nat({ max: targets.length - 1 }), mutation, async (which, m) => {
          // A time budget per case keeps npm test short on a slow machine; the first run always runs.
          if (!RUNS && Date.now() > deadline) return;
          const target = targets[which]!;
          writeFileSync(join(root, target), mutate(originals.get(target)!, m));
          try {
            const catalogers = claims.filter((x) => x.files.includes(target)).map((x) => x.cat);
            // A throw here is a crash: the test fails with the cataloger's stack.
            for (const cat of catalogers) {
              const r = await cat.catalog(source, { options: {} });
              for (const i of r.issues.filter((x) => x.code === 'SBOM_PARSE_ERROR')) expect(i.location?.path, cat.name).toBeTruthy();
            }
            if (mine) {
              const inv = await generateInventory(source, { product: { name: 'fuzz', version: '0' }, catalogers });
              expect(() => toCycloneDx(inv, OPTS)).not.toThrow();
            }
          } finally {
            writeFileSync(join(root, target), originals.get(target)!);
          }
        }),
        { numRuns: RUNS ?? (mine ? 4 : 2) },
      );
    });
  }
});

describe('fuzz: hand-built hostile locks', () => {
  const deepV1 = (depth: number) => {
    let deps = '{}';
    for (let i = 0; i < depth; i++) deps = `{"a${i % 2}":{"version":"1.0.${i}","requires":{"a${(i + 1) % 2}":"*"},"dependencies":${deps}}}`;
    return `{"lockfileVersion":1,"dependencies":${deps}}`;
  };
  const cases: [string, Record<string, string>][] = [
    ['npm v1 nested 120 deep', { 'package-lock.json': deepV1(120) }],
    ['npm v1 nested 5000 deep', { 'package-lock.json': deepV1(5000) }],
    [
      'npm v2 cycle and self-dependency',
      {
        'package-lock.json': JSON.stringify({
          lockfileVersion: 3,
          packages: {
            '': { name: 'x', dependencies: { a: '1' } },
            'node_modules/a': { version: '1.0.0', dependencies: { b: '1', a: '1' } },
            'node_modules/b': { version: '1.0.0', dependencies: { a: '1' } },
            'node_modules/c': { version: '1.0.0', dependencies: { d: '1' } },
            'node_modules/d': { version: '1.0.0', dependencies: { c: '1' } },
          },
        }),
      },
    ],
    ['npm wrong types', { 'package-lock.json': '{"lockfileVersion":"x","packages":{"":[],"node_modules/a":{"version":7,"dependencies":"no"},"node_modules/b":null}}' }],
    ['npm huge string', { 'package-lock.json': JSON.stringify({ lockfileVersion: 3, packages: { '': { name: 'x'.repeat(3_000_000) }, ['node_modules/' + 'y'.repeat(100_000)]: { version: '1'.repeat(1_000_000) } } }) }],
    ['pnpm nested 1000 deep', { 'pnpm-lock.yaml': `lockfileVersion: '9.0'\npackages:\n${Array.from({ length: 1000 }, (_, i) => `${'  '.repeat(i + 1)}k${i}:`).join('\n')} 1\n` }],
    ['pnpm alias bomb', { 'pnpm-lock.yaml': `a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n` }],
    [
      'pnpm cycle',
      { 'pnpm-lock.yaml': "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      a: {specifier: '1', version: 1.0.0}\npackages:\n  a@1.0.0: {}\n  b@1.0.0: {}\nsnapshots:\n  a@1.0.0:\n    dependencies: {b: 1.0.0, a: 1.0.0}\n  b@1.0.0:\n    dependencies: {a: 1.0.0}\n" },
    ],
    ['pnpm wrong types', { 'pnpm-lock.yaml': "lockfileVersion: [1]\nimporters: 5\npackages:\n  /a/1.0.0: 7\n  '': {}\n  /: {}\n  a@: {}\nsnapshots: []\n" }],
    ['yarn classic cycle', { 'yarn.lock': '# yarn lockfile v1\n\na@^1:\n  version "1.0.0"\n  dependencies:\n    b "^1"\n\nb@^1:\n  version "1.0.0"\n  dependencies:\n    a "^1"\n' }],
    ['yarn classic garbage', { 'yarn.lock': '# yarn lockfile v1\n\n"unterminated:\n  version\n' }],
    ['yarn berry wrong types', { 'yarn.lock': '__metadata:\n  version: 8\n"a@npm:1": 5\n"b@npm:1":\n  version: [1]\n  resolution: {}\n"c@npm:1":\n  version: 1.0.0\n  resolution: "c@npm:1.0.0"\n  dependencies: 7\n' }],
    ['bun wrong types', { 'bun.lock': '{"lockfileVersion": 1, "workspaces": [], "packages": {"a": "x", "b": [], "c": [5], "d": ["@"], "e": ["e@1", "", {"dependencies": {"e": 1}}]}}' }],
  ];
  for (const [name, files] of cases) {
    it(name, { timeout: 60_000 }, async () => {
      const root = tempProject(files);
      const started = Date.now();
      await noCrash(root);
      expect(Date.now() - started).toBeLessThan(20_000);
    });
  }
});
