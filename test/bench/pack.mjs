#!/usr/bin/env node
// Benchmark of `shencha pack` (issue 4): packs a generated tree of >= 25,000 source files (>= 100 MB,
// with planted fake secrets) with every detector on, and times `tar -czf` of the same files in the
// same run. Prints wall time, peak RSS and the ratio. Not a timed test: run `node test/bench/pack.mjs`
// (after a build). Options: --files N (default 25000), --threads N (detector threads; default: the
// packer's own choice), --recheck all|unscanned (the post-check's scope, default all), --rounds N
// (measure tar and pack N times, alternating which goes first, and print the median ratio), --keep.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);


/** Runs inside the measured child process: the walk plus the pack, as `shencha pack` does them. */
async function child(src, out, threads, recheck) {
  const { FileSource, scanProject } = await import('@shencha/core');
  const { packSource, startDetectors } = await import('@shencha/pack');
  const config = {
    schemaVersion: 1,
    hashes: ['sha256'],
    pack: { maxFileSize: 10 * 1024 * 1024 },
    redaction: {
      // every built-in detector and secretlint stay on; one custom (RE2) detector and an internal domain too
      custom: [{ id: 'acme-ticket', pattern: 'ACME-TICKET-[0-9]{6}', description: 'internal ticket id', kind: 'credential' }],
      internalDomains: ['corp.example-bench.cn'],
    },
  };
  const t0 = performance.now();
  // As `shencha pack` does: the detector threads start while the tree is walked.
  const detectors = threads >= 0 ? undefined : startDetectors(config.redaction);
  const index = await scanProject(src, { hashes: ['sha256'] });
  const t1 = performance.now();
  const result = await packSource({ source: new FileSource(index), config, commitmentKey: Buffer.alloc(32, 1), outputDir: out, sourceDate: 1_700_000_000, ...(threads >= 0 ? { threads } : {}), ...(detectors ? { detectors } : {}), recheck });
  const t2 = performance.now();
  process.stdout.write(
    JSON.stringify({
      walkMs: t1 - t0,
      packMs: t2 - t1,
      stats: result.stats,
      errors: result.issues.filter((i) => i.severity === 'error').length,
      maxRssKb: process.resourceUsage().maxRSS,
    }) + '\n',
  );
}

function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

const WORDS = (
  'const let function return import export from if else for while class new this await async value result config server ' +
  'request response handler error data index length push map filter reduce string number boolean undefined null true false ' +
  'interface type extends implements public private static readonly options context logger metrics buffer stream encode decode'
).split(' ');

const SECRETS = [
  (r) => `const awsKey = "AKIA${code(r, 16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}";`,
  (r) => `const token = 'ghp_${code(r, 36, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}';`,
  (r) => `const dsn = "postgres://svc:${code(r, 14, 'abcdefghijkmnopqrstuvwxyz23456789')}@db.corp.example-bench.cn:5432/app";`,
  (r) => `const owner = { email: "user${Math.floor(r() * 1e6)}@example-bench.cn", phone: "13${Math.floor(100000000 + r() * 899999999)}" };`,
  (r) => `const password = "${code(r, 18, 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!#%')}";`,
];

function code(r, n, alphabet) {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(r() * alphabet.length)];
  return s;
}

function sourceFile(r, bytes, withSecret) {
  const lines = [`// generated benchmark source`, `import { helper } from './helper.js';`, ''];
  let size = 0;
  let depth = 0;
  while (size < bytes) {
    const n = 3 + Math.floor(r() * 9);
    const words = [];
    for (let i = 0; i < n; i++) words.push(WORDS[Math.floor(r() * WORDS.length)]);
    const line = '  '.repeat(1 + depth) + words.join(' ') + (r() < 0.15 ? ' {' : ';');
    if (line.endsWith('{')) depth = Math.min(depth + 1, 5);
    else if (depth > 0 && r() < 0.2) depth--;
    lines.push(line);
    size += line.length + 1;
  }
  if (withSecret) lines.splice(3 + Math.floor(r() * (lines.length - 3)), 0, SECRETS[Math.floor(r() * SECRETS.length)](r));
  return lines.join('\n') + '\n';
}

function generate(dir, files) {
  const r = rng(20261128);
  const exts = ['ts', 'js', 'java', 'go', 'py', 'c', 'rs'];
  let bytes = 0;
  let secrets = 0;
  for (let i = 0; i < files; i++) {
    const sub = join(dir, `pkg${String(Math.floor(i / 500)).padStart(3, '0')}`, `mod${String(Math.floor(i / 50) % 10)}`);
    if (i % 50 === 0) mkdirSync(sub, { recursive: true });
    const withSecret = i % 100 === 7;
    if (withSecret) secrets++;
    const text = sourceFile(r, 1200 + Math.floor(r() * 6400), withSecret);
    writeFileSync(join(sub, `file${i}.${exts[i % exts.length]}`), text);
    bytes += Buffer.byteLength(text);
  }
  return { bytes, secrets };
}

function run(cmd, args) {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('error', reject);
    p.on('close', (code) => {
      const ms = performance.now() - t;
      if (code !== 0) reject(new Error(`${cmd} exited ${code}: ${err.slice(0, 2000)}`));
      else resolve({ ms, out, err });
    });
  });
}

/** Peak RSS in kB from GNU time's -v report. */
function peakRss(report) {
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(report);
  return m ? Number(m[1]) : NaN;
}

/** User + system CPU seconds from GNU time's -v report (less sensitive to other load than wall time). */
function cpuSeconds(report) {
  const u = /User time \(seconds\): ([\d.]+)/.exec(report);
  const s = /System time \(seconds\): ([\d.]+)/.exec(report);
  return u && s ? Number(u[1]) + Number(s[1]) : NaN;
}

async function main() {
  const args = process.argv.slice(2);
  const files = args.includes('--files') ? Number(args[args.indexOf('--files') + 1]) || 25_000 : 25_000;
  const keep = args.includes('--keep');
  const threads = args.includes('--threads') ? Number(args[args.indexOf('--threads') + 1]) : -1;
  const recheck = args.includes('--recheck') ? args[args.indexOf('--recheck') + 1] : 'all';
  const rounds = args.includes('--rounds') ? Math.max(1, Number(args[args.indexOf('--rounds') + 1]) || 1) : 1;
  const base = mkdtempSync(join(tmpdir(), 'shencha-bench-pack-'));
  const src = join(base, 'tree');
  const out = join(base, 'out');
  mkdirSync(src);
  mkdirSync(out);
  try {
    let t = performance.now();
    const { bytes, secrets } = generate(src, files);
    console.log(`tree: ${files} files, ${(bytes / 1e6).toFixed(1)} MB, ${secrets} planted secrets (generated in ${((performance.now() - t) / 1000).toFixed(1)} s) in ${src}`);
    // Warm the page cache for both contenders alike.
    execFileSync('tar', ['-cf', '/dev/null', '-C', src, '.']);

    const hasGnuTime = (() => {
      try {
        statSync('/usr/bin/time');
        return true;
      } catch {
        return false;
      }
    })();
    const timed = (cmd, a) => (hasGnuTime ? run('/usr/bin/time', ['-v', cmd, ...a]) : run(cmd, a));

    const tarOut = join(base, 'reference.tar.gz');
    const measureTar = () => timed('tar', ['-czf', tarOut, '-C', src, '.']);
    const measurePack = async () => {
      rmSync(out, { recursive: true, force: true });
      mkdirSync(out);
      // With the V8 flag that cli/src/bin.ts sets for every `shencha` command.
      return timed(process.execPath, ['--heap-growing-percent=100', self, '--child', src, out, String(threads), recheck]);
    };
    const rows = [];
    for (let round = 1; round <= rounds; round++) {
      // Alternate who goes first, so that load that comes and goes weighs on both alike.
      let tar;
      let pack;
      if (round % 2 === 1) {
        tar = await measureTar();
        pack = await measurePack();
      } else {
        pack = await measurePack();
        tar = await measureTar();
      }
      const inner = JSON.parse(pack.out.trim().split('\n').pop());
      const tarRss = hasGnuTime ? peakRss(tar.err) : NaN;
      const packRss = hasGnuTime ? peakRss(pack.err) : inner.maxRssKb;
      const ratio = pack.ms / tar.ms;
      const archive = statSync(join(out, 'source.tar.gz')).size;
      rows.push({ ratio, packMs: pack.ms, tarMs: tar.ms, packRss });
      if (rounds > 1) console.log(`round ${round}/${rounds}:`);
      console.log(`machine: ${availableParallelism()} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (other work on the machine inflates wall times)`);
      console.log(`tar -czf:      ${(tar.ms / 1000).toFixed(2)} s wall, ${cpuSeconds(tar.err).toFixed(1)} s CPU, peak RSS ${(tarRss / 1024).toFixed(0)} MB, ${(statSync(tarOut).size / 1e6).toFixed(1)} MB archive`);
      console.log(
        `shencha pack:  ${(pack.ms / 1000).toFixed(2)} s wall, ${cpuSeconds(pack.err).toFixed(1)} s CPU (walk ${(inner.walkMs / 1000).toFixed(2)} s + pack ${(inner.packMs / 1000).toFixed(2)} s), peak RSS ${(packRss / 1024).toFixed(0)} MB, ${(archive / 1e6).toFixed(1)} MB archive`,
      );
      console.log(`               ${JSON.stringify(inner.stats)}, error issues ${inner.errors}`);
      console.log(
        `ratio pack/tar: ${ratio.toFixed(2)}x wall (target <= 1.5x), ${(cpuSeconds(pack.err) / cpuSeconds(tar.err)).toFixed(2)}x CPU; pack without the walk ${(inner.packMs / tar.ms).toFixed(2)}x wall; peak RSS ${(packRss / 1024).toFixed(0)} MB (target <= 400 MB)`,
      );
      if (inner.stats.redacted < secrets) console.log(`WARNING: ${secrets} secrets planted, ${inner.stats.redacted} files redacted`);
    }
    if (rounds > 1) {
      const sorted = rows.map((r) => r.ratio).sort((a, b) => a - b);
      const best = Math.min(...rows.map((r) => r.packMs)) / Math.min(...rows.map((r) => r.tarMs));
      console.log(
        `summary over ${rounds} rounds: median ratio ${sorted[Math.floor((sorted.length - 1) / 2)].toFixed(2)}x, best pack / best tar ${best.toFixed(2)}x, peak RSS max ${(Math.max(...rows.map((r) => r.packRss)) / 1024).toFixed(0)} MB`,
      );
    }
  } finally {
    if (!keep) rmSync(base, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') {
  await child(process.argv[3], process.argv[4], Number(process.argv[5] ?? -1), process.argv[6] ?? 'all');
} else {
  await main();
}
