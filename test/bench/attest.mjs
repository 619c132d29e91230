#!/usr/bin/env node
/**
 * Re-attestation with the cache of DESIGN.md. A generated product of ≥ 25,000 first-party source files
 * (TypeScript, JavaScript, Python, Java, Go; 2–9 KB each, every file different; a crypto call in about 1 file
 * in 150, an endpoint in about 1 in 200), with the example product's manifests and vendor profile on top, is committed
 * to git and its dossier becomes the cleared baseline. Then `shencha attest` runs twice on the unchanged
 * tree: first with an empty `.shencha/cache/` (cold), then with the cache the first run left (warm).
 * Prints both wall times, the ratio (the issue asks ≤ 10 %) and the cache counts.
 * Run: `npm run build && node test/bench/attest.mjs [files] [--keep]` (not part of `npm test`; --keep leaves the tree).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = join(ROOT, 'cli/dist/bin.js');
const KEYS = join(ROOT, 'examples/keys');
const files = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 25_000);
const keep = process.argv.includes('--keep');
const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), NO_COLOR: '1', SOURCE_DATE_EPOCH: '1767225600' };

function run(args, what) {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', env, maxBuffer: 256 * 1024 * 1024 });
  const ms = performance.now() - t;
  if (r.status !== 0 && r.status !== 2) throw new Error(`${what} failed (${r.status}):\n${r.stderr}`);
  return { ms, stderr: r.stderr, stdout: r.stdout };
}

function git(cwd, ...args) {
  const r = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@example.cn', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@example.cn', GIT_CONFIG_NOSYSTEM: '1' },
  });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
}

/** A deterministic pseudo-random source (mulberry32), so every run generates the same tree. */
function rng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const many = (r, min, spread, f) => Array.from({ length: min + Math.floor(r() * spread) }, (_, k) => f(k)).flat();

const BODIES = {
  ts: (i, r) => [
    "import { readFile } from 'node:fs/promises';",
    r() < 1 / 150 ? "import { createHash } from 'node:crypto';" : "import { join } from 'node:path';",
    '',
    `/** Module ${i}: request handling for route group ${i % 97}. */`,
    `export interface Record${i} { id: number; name: string; tags: string[]; weight${i}: number }`,
    ...many(r, 20, 24, (k) => [
      `export async function handler${i}_${k}(input: Record${i}, dir: string): Promise<number> {`,
      `  const text = await readFile(dir + '/item-${i}-${k}.json', 'utf8');`,
      `  let total = input.weight${i} * ${k + 1};`,
      `  for (const tag of input.tags) total += tag.length % ${k + 3};`,
      `  return total + text.length; // ${Math.floor(r() * 1e9)}`,
      '}',
    ]),
    r() < 1 / 150 ? `export const digest${i} = (s: string) => createHash('sha256').update(s).digest('hex');` : '',
    r() < 1 / 200 ? `export const SERVICE_${i} = 'https://svc-${i % 7}.internal.example.cn/api/v1';` : '',
  ],
  js: (i, r) => [
    "'use strict';",
    "const path = require('node:path');",
    ...many(r, 20, 24, (k) => [
      `function step${i}_${k}(items) {`,
      `  return items.filter((x) => x % ${k + 2} === 0).map((x) => path.join('d${i}', String(x * ${Math.floor(r() * 1000)})));`,
      '}',
      `module.exports.step${i}_${k} = step${i}_${k};`,
    ]),
  ],
  py: (i, r) => [
    'import os',
    r() < 1 / 150 ? 'import hashlib' : 'import json',
    '',
    ...many(r, 20, 24, (k) => [
      `def task_${i}_${k}(values):`,
      `    # Task ${k} of module ${i}.`,
      `    total = sum(v * ${k + 1} for v in values)`,
      `    return os.path.join("out", str(total + ${Math.floor(r() * 1e6)}))`,
      '',
    ]),
  ],
  java: (i, r) => [
    `package cn.example.bench.m${i % 100};`,
    '',
    'import java.util.List;',
    '',
    `public final class Service${i} {`,
    ...many(r, 16, 18, (k) => [
      `    public int compute${k}(List<Integer> xs) {`,
      `        int acc = ${Math.floor(r() * 1e6)};`,
      `        for (int x : xs) { acc += x * ${k + 1}; }`,
      '        return acc;',
      '    }',
    ]),
    '}',
  ],
  go: (i, r) => [
    `package m${i % 100}`,
    '',
    'import "strings"',
    '',
    ...many(r, 16, 18, (k) => [
      `// Join${i}x${k} joins with separator ${k}.`,
      `func Join${i}x${k}(parts []string) string {`,
      `\treturn strings.Join(parts, "${'-'.repeat((k % 3) + 1)}") + "${Math.floor(r() * 1e6)}"`,
      '}',
      '',
    ]),
  ],
};
const EXT = ['ts', 'ts', 'ts', 'js', 'py', 'java', 'go'];

/** Writes `n` first-party source files under src/gen/ (100 per folder); returns their total size. */
function generate(root, n) {
  const r = rng(25_000);
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const ext = EXT[i % EXT.length];
    const dir = join(root, 'src', 'gen', `p${String(Math.floor(i / 100)).padStart(3, '0')}`);
    if (i % 100 === 0) mkdirSync(dir, { recursive: true });
    const text = `${BODIES[ext](i, r).join('\n')}\n`;
    bytes += Buffer.byteLength(text);
    writeFileSync(join(dir, ext === 'java' ? `Service${i}.java` : `f${i}.${ext}`), text);
  }
  return bytes;
}

const work = mkdtempSync(join(tmpdir(), 'shencha-bench-attest-'));
try {
  const tree = join(work, 'tree');
  cpSync(join(ROOT, 'examples/acme-gateway'), tree, { recursive: true });
  const bytes = generate(tree, files);
  git(tree, 'init', '-q');
  git(tree, 'add', '-A');
  git(tree, 'commit', '-q', '-m', 'release');
  const baseline = join(work, 'baseline', 'acme-gateway');
  const d = run([CLI, 'dossier', tree, '--key', join(KEYS, 'demo-signing.key.pem'), '--commitment-key', join(KEYS, 'demo-commitment.key'), '--output', baseline, '--fail-on', 'none'], 'baseline dossier');
  console.log(`tree: ${files} generated files (${(bytes / 1024 / 1024).toFixed(1)} MB) + examples/acme-gateway, one git commit; baseline dossier built in ${(d.ms / 1000).toFixed(1)} s`);

  const attest = (n) =>
    run(
      [CLI, 'attest', tree, '--baseline', baseline, '--public-key', join(KEYS, 'demo-signing.pub.pem'), '--key', join(KEYS, 'demo-signing.key.pem'),
        '--cache', join(work, 'cache'), '--ledger', join(work, 'ledger'), '--output', join(work, `attest-${n}`), '--fail-on', 'none'],
      `attest ${n}`,
    );
  const cold = attest(1);
  const warm = attest(2);
  const cacheLine = (r) => {
    const m = /cache: (\d+) hits, (\d+) misses \(code facts\); (\d+) files not re-read, (\d+) read/.exec(r.stderr);
    return m ? `code facts ${m[1]} hits / ${m[2]} misses; files read ${m[4]}, not re-read ${m[3]}` : '?';
  };
  const p = JSON.parse(readFileSync(join(work, 'attest-2', 'attestation.json'), 'utf8')).predicate;
  console.log(`verdict on the unchanged tree: ${p.changeClass}, score ${p.score}, ${p.changes.sources.files.length} changed files (${p.changes.sources.method})`);
  console.log(`attest cold (empty .shencha/cache/)   ${(cold.ms / 1000).toFixed(2).padStart(7)} s   ${cacheLine(cold)}`);
  console.log(`attest warm (unchanged tree)          ${(warm.ms / 1000).toFixed(2).padStart(7)} s   ${cacheLine(warm)}`);
  console.log(`warm / cold                           ${((warm.ms / cold.ms) * 100).toFixed(1).padStart(7)} %   (target ≤ 10 %)`);
} finally {
  if (keep) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
