#!/usr/bin/env node
// Benchmark of `shencha sbom` (issue 3). On the largest pnpm lockfile fixture and on a synthetic
// 20,000-package package-lock.json, it measures shencha's whole process (wall time, peak RSS) next to
// `@cyclonedx/cdxgen --no-install-deps`, installed by this script with npm into a temporary folder and
// run on the same input in the same run, and prints the ratios and the component counts each found.
// Not a timed test. Run after a build: `node test/bench/sbom.mjs` (options: --skip-cdxgen,
// --cdxgen-dir <dir> to reuse an install, --cdxgen-version <v>, --runs <n>, default 3, best run kept,
// --sizes <n,n> synthetic lock sizes, default 5000,20000; --cdxgen-timeout <s>, default 1800: a cdxgen run that takes longer is reported as not finished;
// --generate-only <dir> [--packages n] writes the synthetic project and stops, for profiling).
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const runs = Number(opt('--runs', '3')) || 3;
const CDXGEN_VERSION = opt('--cdxgen-version', '12.8.4');
const CDXGEN_TIMEOUT = Number(opt('--cdxgen-timeout', '1800')) || 1800;
const repo = fileURLToPath(new URL('../../', import.meta.url));
const cli = join(repo, 'cli/dist/bin.js');
const work = mkdtempSync(join(tmpdir(), 'shencha-bench-sbom-'));

/** Runs a command, returns wall seconds and peak RSS (MB) of the whole process tree it waited for. */
function measure(cmd, argv, env = {}) {
  const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
  const started = performance.now();
  let r;
  if (timeBin) {
    r = spawnSync(timeBin, ['-f', '@@rss %M @@cpu %U %S', cmd, ...argv], { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 30 });
  } else {
    const py = 'import resource,subprocess,sys\nc=subprocess.run(sys.argv[1:])\nu=resource.getrusage(resource.RUSAGE_CHILDREN)\nprint("@@rss",u.ru_maxrss,"@@cpu",u.ru_utime,u.ru_stime,file=sys.stderr)\nsys.exit(c.returncode)';
    r = spawnSync('python3', ['-c', py, cmd, ...argv], { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 30 });
  }
  const wall = (performance.now() - started) / 1000;
  const m = /@@rss (\d+)/.exec(r.stderr ?? '');
  const c = /@@cpu ([\d.]+) ([\d.]+)/.exec(r.stderr ?? '');
  return { wall, rssMb: m ? Number(m[1]) / 1024 : NaN, cpu: c ? Number(c[1]) + Number(c[2]) : NaN, status: r.status, stderr: r.stderr ?? '' };
}

function best(n, fn) {
  let b;
  for (let i = 0; i < n; i++) {
    const m = fn();
    if (m.status === 124) return { ...m, timedOut: true };
    if (m.status !== 0 && m.status !== 2) throw new Error(`command failed (${m.status}):\n${m.stderr.slice(-2000)}`);
    if (!b) b = { ...m };
    else {
      b.wall = Math.min(b.wall, m.wall);
      b.cpu = Math.min(b.cpu, m.cpu);
      b.rssMb = Math.min(b.rssMb, m.rssMb);
    }
  }
  return b;
}

// ------------------------------------------------------------------ inputs
function largestPnpmFixture() {
  const root = join(repo, 'packages/sbom/test/fixtures/pnpm');
  let bestCase;
  for (const c of readdirSync(root)) {
    const f = join(root, c, 'pnpm-lock.yaml');
    if (existsSync(f) && (!bestCase || statSync(f).size > statSync(bestCase).size)) bestCase = f;
  }
  const dir = join(work, 'pnpm-largest');
  mkdirSync(dir);
  copyFileSync(bestCase, join(dir, 'pnpm-lock.yaml'));
  return { dir, label: `pnpm fixture ${bestCase.split('/').slice(-2, -1)[0]} (${(statSync(bestCase).size / 1024).toFixed(0)} KB)` };
}

/** A deterministic package-lock.json v3 with `n` packages: a DAG, nested duplicates, dev and optional parts. */
function syntheticNpm(n) {
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const name = (i) => (i % 7 === 0 ? `@scope${i % 13}/pkg-${i.toString(36)}` : `pkg-${i.toString(36)}`);
  const integrity = (s) => `sha512-${createHash('sha512').update(s).digest('base64')}`;
  const packages = { '': { name: 'synthetic-app', version: '1.0.0', dependencies: {}, devDependencies: {} } };
  const topLevel = Math.floor(n * 0.9);
  for (let i = 0; i < topLevel; i++) {
    const version = `${1 + (i % 5)}.${i % 11}.${i % 3}`;
    const deps = {};
    const k = Math.floor(rand() * 6);
    for (let j = 0; j < k && i + 1 < topLevel; j++) deps[name(i + 1 + Math.floor(rand() * Math.min(500, topLevel - i - 1)))] = '^1.0.0';
    const e = { version, resolved: `https://registry.npmjs.org/${name(i)}/-/${name(i).split('/').pop()}-${version}.tgz`, integrity: integrity(`${i}`), license: i % 9 === 0 ? 'Apache-2.0' : 'MIT' };
    if (Object.keys(deps).length) e.dependencies = deps;
    if (i % 10 >= 7) e.dev = true;
    else if (i % 23 === 0) e.optional = true;
    packages[`node_modules/${name(i)}`] = e;
    if (i < 200) (i % 10 >= 7 ? packages[''].devDependencies : packages[''].dependencies)[name(i)] = '^1.0.0';
  }
  // Nested copies with other versions under some packages, as npm writes for conflicts.
  for (let i = topLevel; i < n; i++) {
    const target = Math.floor(rand() * topLevel);
    const parent = Math.floor(rand() * topLevel);
    const key = `node_modules/${name(parent)}/node_modules/${name(target)}`;
    if (packages[key]) continue;
    packages[key] = { version: `9.${i % 17}.${i % 5}`, resolved: `https://registry.npmjs.org/${name(target)}/-/x-9.tgz`, integrity: integrity(`n${i}`), license: 'ISC' };
    const p = packages[`node_modules/${name(parent)}`];
    p.dependencies = { ...(p.dependencies ?? {}), [name(target)]: '^9.0.0' };
  }
  const count = Object.keys(packages).length - 1;
  const dir = join(work, `npm-synthetic-${n}`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ name: 'synthetic-app', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'synthetic-app', version: '1.0.0', dependencies: packages[''].dependencies, devDependencies: packages[''].devDependencies }, null, 2));
  const bytes = statSync(join(dir, 'package-lock.json')).size;
  return { dir, label: `synthetic package-lock.json v3, ${count} packages (${(bytes / 1024 / 1024).toFixed(1)} MB)`, packages: count };
}

function installCdxgen() {
  const given = opt('--cdxgen-dir');
  const dir = given ?? join(work, 'cdxgen');
  const bin = join(dir, 'node_modules/@cyclonedx/cdxgen/bin/cdxgen.js');
  if (existsSync(bin)) return bin;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{"private":true}');
  console.log(`installing @cyclonedx/cdxgen@${CDXGEN_VERSION} into ${dir} (npm, optional binary plugins omitted) …`);
  execFileSync('npm', ['install', '--prefix', dir, `@cyclonedx/cdxgen@${CDXGEN_VERSION}`, '--omit=optional', '--no-audit', '--no-fund', '--loglevel=error'], { stdio: 'inherit' });
  return bin;
}

function componentsIn(file) {
  try {
    const bom = JSON.parse(readFileSync(file, 'utf8'));
    return (bom.components ?? []).length;
  } catch {
    return NaN;
  }
}

// ------------------------------------------------------------------ run
if (opt('--generate-only')) {
  // Only writes the synthetic project (for profiling): `node test/bench/sbom.mjs --generate-only <dir>`.
  const made = syntheticNpm(Number(opt('--packages', '20000')));
  const target = opt('--generate-only');
  mkdirSync(target, { recursive: true });
  for (const f of ['package-lock.json', 'package.json']) copyFileSync(join(made.dir, f), join(target, f));
  rmSync(work, { recursive: true, force: true });
  console.log(`${made.label} → ${target}`);
  process.exit(0);
}
if (!existsSync(cli)) {
  console.error('cli/dist/bin.js is missing: run `npm run build` first');
  process.exit(1);
}
// The mid-size synthetic lock is the size of the issue's own cdxgen measurement (~4,900 packages).
const sizes = opt('--sizes', '5000,20000').split(',').map(Number).filter((n) => n > 0);
const inputs = [largestPnpmFixture(), ...sizes.map((n) => syntheticNpm(n))];
const cdxgen = flag('--skip-cdxgen') ? undefined : installCdxgen();
const rows = [];
for (const input of inputs) {
  const out = join(work, `shencha-${rows.length}.cdx.json`);
  const s = best(runs, () => measure(process.execPath, [cli, 'sbom', input.dir, '--output', out, '--quiet'], { SOURCE_DATE_EPOCH: '1700000000' }));
  const row = { input: input.label, shencha: s, shenchaComponents: componentsIn(out) };
  if (cdxgen) {
    const cout = join(work, `cdxgen-${rows.length}.cdx.json`);
    // Offline and without installing anything: the documented switches for a lockfile-only run.
    const env = { CDXGEN_DEBUG_MODE: '', FETCH_LICENSE: 'false', NODE_NO_WARNINGS: '1', CDXGEN_TEMP_DIR: join(work, 'cdxgen-tmp') };
    // `-t js` covers npm, pnpm, yarn and bun locks; without a type cdxgen (as root) writes nothing.
    const t = existsSync('/usr/bin/timeout') ? ['/usr/bin/timeout', String(CDXGEN_TIMEOUT)] : [];
    const [cmd, ...argv] = [...t, process.execPath, cdxgen, '-t', 'js', '--no-install-deps', '--no-recurse', '-o', cout, input.dir];
    row.cdxgen = best(runs, () => measure(cmd, argv, env));
    row.cdxgenComponents = componentsIn(cout);
  }
  rows.push(row);
}

console.log('\nshencha sbom vs @cyclonedx/cdxgen -t js --no-install-deps (whole process, best of %d runs, load average %s)', runs, (await import('node:os')).loadavg()[0].toFixed(1));
for (const r of rows) {
  console.log(`\n${r.input}`);
  const fmt = (m) => `${m.wall.toFixed(2)} s wall (${m.cpu.toFixed(2)} s CPU), peak RSS ${m.rssMb.toFixed(0)} MB`;
  console.log(`  shencha: ${fmt(r.shencha)}, ${r.shenchaComponents} components`);
  if (r.cdxgen?.timedOut) {
    console.log(`  cdxgen ${CDXGEN_VERSION}: did not finish within ${CDXGEN_TIMEOUT} s; ratio > ${(CDXGEN_TIMEOUT / r.shencha.wall).toFixed(0)}× by wall time`);
  } else if (r.cdxgen) {
    console.log(`  cdxgen ${CDXGEN_VERSION}: ${fmt(r.cdxgen)}, ${r.cdxgenComponents} components`);
    console.log(
      `  ratio: ${(r.cdxgen.wall / r.shencha.wall).toFixed(1)}× faster by wall time (${(r.cdxgen.cpu / r.shencha.cpu).toFixed(1)}× by CPU), ${(r.cdxgen.rssMb / r.shencha.rssMb).toFixed(1)}× less memory`,
    );
  }
}
rmSync(work, { recursive: true, force: true });
