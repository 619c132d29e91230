#!/usr/bin/env node
/**
 * Code-analysis throughput and memory: `analyzeCodeStream` (the code stage, facts handed to a sink
 * that digests them) over a generated polyglot tree (default 25,000 files, 12 languages) next to a
 * parse-only pass with native tree-sitter over the same files in the same run (the floor). Each pass
 * runs in its own child process, so that each peak RSS is its own. The in-process pass (the default
 * on 2 cores) is bracketed by two parse-only passes and compared with their mean, so that load from
 * other jobs drifting during the run weighs on both sides; then N worker threads against N parse
 * threads. A second tree of a fifth of the size shows whether peak RSS grows with the tree. Last,
 * the whole classification as a user runs it (`shencha classify`: walk, SBOM, code facts, origin) on
 * both trees, against the same floor.
 * Exits 1 if the in-process and the worker results differ.
 * Run: `npm run build && node test/bench/code.mjs [files]` (not part of `npm test`);
 * `node test/bench/code.mjs 2000 --generate-only <dir>` only writes the tree (for profiling).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

const GRAMMARS = {
  javascript: ['tree-sitter-javascript'],
  typescript: ['tree-sitter-typescript', 'typescript'],
  tsx: ['tree-sitter-typescript', 'tsx'],
  python: ['tree-sitter-python'],
  java: ['tree-sitter-java'],
  kotlin: ['tree-sitter-kotlin'],
  go: ['tree-sitter-go'],
  rust: ['tree-sitter-rust'],
  c: ['tree-sitter-c'],
  cpp: ['tree-sitter-cpp'],
  csharp: ['tree-sitter-c-sharp/bindings/node/index.js'],
  php: ['tree-sitter-php', 'php'],
  ruby: ['tree-sitter-ruby'],
};

/** Parse-only: native tree-sitter parse of each file, nothing else (the floor). */
async function parseOnly(root, files) {
  const { default: Parser } = await import('tree-sitter');
  const parsers = new Map();
  let bytes = 0;
  let count = 0;
  for (const [path, language] of files) {
    let parser = parsers.get(language);
    if (!parser) {
      const [mod, prop] = GRAMMARS[language];
      const m = await import(mod);
      const exp = m.default ?? m;
      parser = new Parser();
      parser.setLanguage(prop ? exp[prop] : exp);
      parsers.set(language, parser);
    }
    const text = readFileSync(join(root, path), 'utf8');
    bytes += text.length;
    parser.parse(text);
    // node-tree-sitter frees trees in finalizers that run only when the event loop turns.
    if (++count % 32 === 0) await new Promise((r) => setImmediate(r));
  }
  return bytes;
}

/** The files both sides see: what scanProject walks as source. */
async function sourceFiles(root) {
  const { scanProject } = await import('@shencha/core');
  const index = await scanProject(root);
  return { index, files: index.entries.filter((e) => e.kind === 'file' && e.language && !e.excluded).map((e) => [e.path, e.language]) };
}

const peakMB = () => Math.round(process.resourceUsage().maxRSS / 1024);
/** CPU time of all threads of this process since `c0` (user + system), in ms. */
const cpuMs = (c0) => {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};

/** One measured pass in this (child) process; prints one JSON line. Timing excludes the scan. */
async function child(kind, root, threads) {
  const { index, files } = await sourceFiles(root);
  const out = { kind, threads };
  if (kind === 'analyze') {
    const { FileSource } = await import('@shencha/core');
    const { analyzeCodeStream } = await import('@shencha/code');
    // The sink keeps a digest and counts only, as a streaming consumer would.
    const h = createHash('sha256');
    const facts = { imports: 0, crypto: 0, endpoints: 0 };
    const t = performance.now();
    const c0 = process.cpuUsage();
    const summary = await analyzeCodeStream(
      new FileSource(index),
      (f) => {
        h.update(JSON.stringify(f));
        facts.imports += f.imports.length;
        facts.crypto += f.crypto.length;
        facts.endpoints += f.endpoints.length;
      },
      { workers: threads },
    );
    out.ms = performance.now() - t;
    out.cpuMs = cpuMs(c0);
    h.update(JSON.stringify(summary));
    Object.assign(out, { digest: h.digest('hex'), facts, stats: summary.stats, issues: summary.issues.length });
  } else if (threads <= 1) {
    const t = performance.now();
    const c0 = process.cpuUsage();
    await parseOnly(root, files);
    out.ms = performance.now() - t;
    out.cpuMs = cpuMs(c0);
  } else {
    const t = performance.now();
    const c0 = process.cpuUsage();
    const shards = Array.from({ length: threads }, (_, i) => files.filter((_, j) => j % threads === i));
    await Promise.all(
      shards.map(
        (shard) =>
          new Promise((resolve, reject) => {
            const w = new Worker(new URL(import.meta.url), { workerData: { root, files: shard } });
            w.once('message', resolve);
            w.once('error', reject);
          }),
      ),
    );
    out.ms = performance.now() - t;
    out.cpuMs = cpuMs(c0);
  }
  out.peakMB = peakMB();
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

function runChild(kind, root, threads) {
  const stdout = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', kind, root, String(threads)], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return JSON.parse(stdout.trim().split('\n').pop());
}

/** `shencha classify <root>` in its own process: wall time, and CPU and peak RSS from /usr/bin/time when present. */
function classifyRun(root) {
  const cli = fileURLToPath(new URL('../../cli/dist/bin.js', import.meta.url));
  const out = join(root, '..', `${basename(root)}-classification.json`);
  const argv = [process.execPath, cli, 'classify', root, '--output', out, '--quiet'];
  // Without GNU time the wall time is still measured; CPU and peak RSS print as NaN.
  const timed = existsSync('/usr/bin/time') ? ['/usr/bin/time', '-f', '@@ %M %U %S', ...argv] : argv;
  const started = performance.now();
  const r = spawnSync(timed[0], timed.slice(1), { encoding: 'utf8' });
  const ms = performance.now() - started;
  rmSync(out, { force: true });
  const m = /@@ (\d+) ([\d.]+) ([\d.]+)/.exec(r.stderr ?? '');
  if (r.status !== 0 && r.status !== 2) throw new Error(`shencha classify failed (${r.status}): ${(r.stderr ?? '').slice(-500)}`);
  return { ms, cpuMs: m ? (Number(m[2]) + Number(m[3])) * 1000 : NaN, peakMB: m ? Math.round(Number(m[1]) / 1024) : NaN };
}

async function main() {
  const args = process.argv.slice(2);
  const keep = args.indexOf('--generate-only');
  const target = Number(args.find((a) => /^\d+$/.test(a)) ?? 25_000);
  if (keep >= 0) {
    // For profiling: write the tree to a folder and stop.
    const dir = args[keep + 1];
    mkdirSync(dir, { recursive: true });
    console.log(generate(dir, target));
    return;
  }
  const threads = Math.min(availableParallelism(), 4);
  const small = Math.max(1000, Math.round(target / 5));
  const root = mkdtempSync(join(tmpdir(), 'shencha-bench-code-'));
  const rootSmall = mkdtempSync(join(tmpdir(), 'shencha-bench-code-small-'));
  const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
  try {
    const t0 = performance.now();
    const generated = generate(root, target);
    generate(rootSmall, small);
    const genMs = performance.now() - t0;
    const { index, files } = await sourceFiles(root);
    const mb = index.entries.reduce((n, e) => n + e.size, 0) / 1024 / 1024;
    const { index: indexSmall, files: filesSmall } = await sourceFiles(rootSmall);
    const mbSmall = indexSmall.entries.reduce((n, e) => n + e.size, 0) / 1024 / 1024;
    console.log(`tree: ${files.length} files, ${mb.toFixed(1)} MB in ${Object.keys(generated).length} languages; small tree: ${filesSmall.length} files, ${mbSmall.toFixed(1)} MB (generated in ${(genMs / 1000).toFixed(1)} s); ${threads} threads; node ${process.version}; load average ${load()}`);

    const row = (name, r, n = files.length, size = mb) =>
      console.log(
        `${name.padEnd(46)} ${(r.ms / 1000).toFixed(2).padStart(7)} s ${(n / (r.ms / 1000)).toFixed(0).padStart(6)} files/s ${(size / (r.ms / 1000)).toFixed(2).padStart(6)} MB/s  CPU ${(r.cpuMs / 1000).toFixed(1).padStart(6)} s  peak RSS ${String(r.peakMB).padStart(4)} MB  (load ${load()})`,
      );

    const p1a = runChild('parse', root, 1);
    row('parse-only, native tree-sitter, 1 thread', p1a);
    const a1 = runChild('analyze', root, 0);
    row('analyzeCodeStream, in-process (1 thread)', a1);
    const p1b = runChild('parse', root, 1);
    row('parse-only, native tree-sitter, 1 thread, again', p1b);
    const pN = runChild('parse', root, threads);
    row(`parse-only, native tree-sitter, ${threads} threads`, pN);
    const aN = runChild('analyze', root, threads);
    row(`analyzeCodeStream, ${threads} worker threads`, aN);
    const s1 = runChild('analyze', rootSmall, 0);
    row(`small tree: analyzeCodeStream, in-process`, s1, filesSmall.length, mbSmall);
    // The whole classification as a user runs it: walk, SBOM, code facts, origin classes and tiers.
    const c1 = classifyRun(root);
    row('whole `shencha classify` (CLI process)', c1);
    const cs = classifyRun(rootSmall);
    row('small tree: whole `shencha classify`', cs, filesSmall.length, mbSmall);

    const floor1 = (p1a.ms + p1b.ms) / 2;
    const same = a1.digest === aN.digest;
    console.log(`facts: ${a1.facts.imports} imports, ${a1.facts.crypto} crypto, ${a1.facts.endpoints} endpoints; parsed ${a1.stats.parsed}, skipped ${a1.stats.skipped}, issues ${a1.issues}; in-process == workers: ${same}`);
    console.log(`ratio analyzeCodeStream / parse-only: ${(a1.ms / floor1).toFixed(2)}x on 1 thread (floor: mean of the two parse passes, ${(mb / (floor1 / 1000)).toFixed(2)} MB/s), ${(aN.ms / pN.ms).toFixed(2)}x on ${threads} threads (target ≤ 3x)`);
    // CPU time is less sensitive to other jobs on the machine than wall time (it includes GC and I/O threads).
    console.log(`CPU-time ratio: ${(a1.cpuMs / ((p1a.cpuMs + p1b.cpuMs) / 2)).toFixed(2)}x on 1 thread, ${(aN.cpuMs / pN.cpuMs).toFixed(2)}x on ${threads} threads`);
    console.log(`peak RSS of analyzeCodeStream in-process: ${s1.peakMB} MB at ${filesSmall.length} files, ${a1.peakMB} MB at ${files.length} files; with ${threads} workers: ${aN.peakMB} MB; parse-only 1 thread: ${Math.max(p1a.peakMB, p1b.peakMB)} MB`);
    console.log(`whole classify / parse-only floor: ${(c1.ms / floor1).toFixed(2)}x (target ≤ 3x); its peak RSS ${cs.peakMB} MB at ${filesSmall.length} files, ${c1.peakMB} MB at ${files.length} files`);
    if (!same) process.exitCode = 1;
  } finally {
    rmSync(root, { recursive: true, force: true });
    rmSync(rootSmall, { recursive: true, force: true });
  }
}

// ---------- generator ----------

let seed = 20260517;
const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const pick = (a) => a[Math.floor(rnd() * a.length)];
const int = (a, b) => a + Math.floor(rnd() * (b - a + 1));
const WORDS = ['order', 'user', 'gateway', 'session', 'token', 'device', 'policy', 'audit', 'route', 'packet', 'tenant', 'config', 'metric', 'cache', 'queue', 'report'];
const ident = () => pick(WORDS) + pick(['', 'Id', 'List', 'Map', 'Count', 'Name', 'State']);
const Ident = () => ident().replace(/^./, (c) => c.toUpperCase());
const HOSTS = ['api.acme-gateway.cn', 'telemetry.acme-gateway.cn', 'update.acme-gateway.cn', 'license.vendor.com', 'mgmt.acme.local'];
const url = () => `https://${pick(HOSTS)}/${pick(['v1', 'v2', 'api'])}/${pick(WORDS)}`;
const header = (c) => `${c} Copyright (c) ${int(2015, 2025)} Acme Gateway Co., Ltd.\n${c} Licensed for internal use.\n`;

/** Per language: file extension, and body blocks (repeated to reach the file size). */
const LANGS = {
  javascript: {
    ext: 'js', weight: 14, c: '//',
    head: () => `import { ${ident()} } from './${ident()}.js';\nimport express from 'express';\nconst crypto = require('node:crypto');\n`,
    block: () => pick([
      () => `export function ${ident()}(${ident()}, ${ident()}) {\n  const ${ident()} = ${ident()}.map((x) => x * ${int(1, 9)}).filter(Boolean);\n  if (${ident()}.length > ${int(1, 99)}) {\n    return { ok: false, reason: '${pick(WORDS)} too long' };\n  }\n  for (let i = 0; i < ${int(2, 50)}; i++) ${ident()}.push(i);\n  return ${ident()};\n}\n`,
      () => `const ${ident()} = crypto.createHash('${pick(['sha256', 'sm3', 'md5', 'sha512'])}').update(${ident()}).digest('hex');\n`,
      () => `await fetch('${url()}', { method: 'POST', body: JSON.stringify({ ${ident()}: 1 }) });\n`,
      () => `class ${Ident()} {\n  constructor(${ident()}) { this.${ident()} = ${ident()}; }\n  get ${ident()}() { return this.${ident()} ?? ${int(0, 9)}; }\n}\n`,
    ])(),
  },
  typescript: {
    ext: 'ts', weight: 14, c: '//',
    head: () => `import type { ${Ident()} } from './types.js';\nimport { createCipheriv } from 'node:crypto';\nexport * from './${ident()}.js';\n`,
    block: () => pick([
      () => `export interface ${Ident()} {\n  id: string;\n  ${ident()}: number;\n  ${ident()}?: ${Ident()}[];\n}\n`,
      () => `export async function ${ident()}(input: ${Ident()}): Promise<${Ident()} | undefined> {\n  const result = await repo.find({ where: { id: input.id }, take: ${int(1, 100)} });\n  return result.length > 0 ? result[0] : undefined;\n}\n`,
      () => `const c = createCipheriv('${pick(['aes-256-gcm', 'sm4-cbc', 'aes-128-cbc'])}', key, iv);\n`,
      () => `export const ${ident()}: Record<string, number> = { ${ident()}: ${int(1, 9)}, ${ident()}: ${int(10, 99)} };\n`,
    ])(),
  },
  python: {
    ext: 'py', weight: 12, c: '#',
    head: () => `import hashlib\nimport requests\nfrom .${ident()} import ${Ident()}\n`,
    block: () => pick([
      () => `def ${ident()}(${ident()}, ${ident()}=None):\n    """Compute the ${pick(WORDS)}."""\n    result = [x * ${int(1, 9)} for x in ${ident()} if x]\n    if len(result) > ${int(1, 99)}:\n        raise ValueError("too many")\n    return result\n\n`,
      () => `digest = hashlib.${pick(['sha256', 'md5', 'sha1', 'sha3_256'])}(data).hexdigest()\n`,
      () => `resp = requests.get("${url()}", timeout=${int(1, 30)})\n`,
      () => `class ${Ident()}:\n    def __init__(self, ${ident()}):\n        self.${ident()} = ${ident()}\n\n    def run(self):\n        return self.${ident()}\n\n`,
    ])(),
  },
  java: {
    ext: 'java', weight: 12, c: '//', wrap: (b) => `public class ${Ident()}${int(1, 999)} {\n${b}}\n`,
    head: () => `package com.acme.${pick(WORDS)};\n\nimport java.util.List;\nimport java.security.MessageDigest;\nimport javax.crypto.Cipher;\n`,
    block: () => pick([
      () => `  public List<String> ${ident()}(List<String> input) {\n    return input.stream().filter(s -> s.length() > ${int(1, 9)}).map(String::trim).toList();\n  }\n`,
      () => `  void digest() throws Exception {\n    MessageDigest md = MessageDigest.getInstance("${pick(['SHA-256', 'SM3', 'MD5'])}");\n  }\n`,
      () => `  void enc() throws Exception {\n    Cipher c = Cipher.getInstance("${pick(['AES/GCM/NoPadding', 'SM4/CBC/PKCS5Padding'])}");\n  }\n`,
      () => `  private int ${ident()} = ${int(0, 999)};\n  private String ${ident()} = "${url()}";\n`,
    ])(),
  },
  go: {
    ext: 'go', weight: 10, c: '//',
    head: () => `package ${pick(WORDS)}\n\nimport (\n\t"crypto/sha256"\n\t"fmt"\n\t"net/http"\n)\n`,
    block: () => pick([
      () => `func ${Ident()}(in []string) (int, error) {\n\ttotal := 0\n\tfor _, s := range in {\n\t\ttotal += len(s)\n\t}\n\tif total > ${int(1, 999)} {\n\t\treturn 0, fmt.Errorf("too long: %d", total)\n\t}\n\treturn total, nil\n}\n`,
      () => `func sum${int(1, 99999)}(b []byte) [32]byte { return sha256.Sum256(b) }\n`,
      () => `func get${int(1, 99999)}() { http.Get("${url()}") }\n`,
    ])(),
  },
  c: {
    ext: 'c', weight: 6, c: '//',
    head: () => `#include <stdio.h>\n#include <openssl/evp.h>\n#include "${ident()}.h"\n`,
    block: () => pick([
      () => `static int ${ident()}_${int(1, 99999)}(const char *buf, size_t len) {\n  int total = 0;\n  for (size_t i = 0; i < len; i++) {\n    total += buf[i] * ${int(1, 9)};\n  }\n  return total > ${int(1, 999)} ? -1 : total;\n}\n`,
      () => `static const EVP_CIPHER *cipher_${int(1, 99999)}(void) { return ${pick(['EVP_aes_256_gcm', 'EVP_sm4_cbc', 'EVP_sha256'])}(); }\n`,
    ])(),
  },
  cpp: {
    ext: 'cpp', weight: 6, c: '//',
    head: () => `#include <vector>\n#include <string>\n#include <openssl/evp.h>\n`,
    block: () => pick([
      () => `namespace acme {\nclass ${Ident()}${int(1, 99999)} {\n public:\n  std::vector<std::string> items;\n  int count() const { return static_cast<int>(items.size()) * ${int(1, 9)}; }\n};\n}  // namespace acme\n`,
      () => `auto md${int(1, 99999)} = EVP_MD_fetch(nullptr, "${pick(['SHA256', 'SM3'])}", nullptr);\n`,
    ])(),
  },
  rust: {
    ext: 'rs', weight: 6, c: '//',
    head: () => `use std::collections::HashMap;\nuse sha2::{Digest, Sha256};\n`,
    block: () => pick([
      () => `pub fn ${ident()}_${int(1, 99999)}(input: &[u32]) -> Option<u32> {\n    let total: u32 = input.iter().map(|x| x * ${int(1, 9)}).sum();\n    if total > ${int(1, 999)} { None } else { Some(total) }\n}\n`,
      () => `pub fn h${int(1, 99999)}(b: &[u8]) -> Vec<u8> { let mut h = Sha256::new(); h.update(b); h.finalize().to_vec() }\n`,
    ])(),
  },
  csharp: {
    ext: 'cs', weight: 6, c: '//', wrap: (b) => `namespace Acme {\npublic class ${Ident()}${int(1, 999)} {\n${b}}\n}\n`,
    head: () => `using System;\nusing System.Linq;\nusing System.Security.Cryptography;\n`,
    block: () => pick([
      () => `  public int ${Ident()}(int[] input) {\n    return input.Where(x => x > ${int(1, 9)}).Select(x => x * 2).Sum();\n  }\n`,
      () => `  public byte[] Hash${int(1, 99999)}(byte[] b) { using var h = SHA256.Create(); return h.ComputeHash(b); }\n`,
    ])(),
  },
  php: {
    ext: 'php', weight: 5, c: '//', pre: '<?php\n',
    head: () => `namespace Acme;\nuse GuzzleHttp\\Client;\n`,
    block: () => pick([
      () => `function ${ident()}_${int(1, 99999)}(array $items): int {\n    $total = 0;\n    foreach ($items as $i) { $total += $i * ${int(1, 9)}; }\n    return $total;\n}\n`,
      () => `$h${int(1, 99999)} = hash('${pick(['sha256', 'sm3', 'md5'])}', $data);\n`,
    ])(),
  },
  ruby: {
    ext: 'rb', weight: 5, c: '#',
    head: () => `require 'json'\nrequire 'openssl'\n`,
    block: () => pick([
      () => `def ${ident()}_${int(1, 99999)}(items)\n  items.select { |x| x > ${int(1, 9)} }.map { |x| x * 2 }.sum\nend\n`,
      () => `D${int(1, 99999)} = OpenSSL::Digest.new('${pick(['SHA256', 'SM3'])}')\n`,
    ])(),
  },
  kotlin: {
    ext: 'kt', weight: 4, c: '//',
    head: () => `package com.acme.${pick(WORDS)}\n\nimport java.security.MessageDigest\n`,
    block: () => pick([
      () => `fun ${ident()}${int(1, 99999)}(input: List<Int>): Int = input.filter { it > ${int(1, 9)} }.sumOf { it * 2 }\n`,
      () => `val md${int(1, 99999)} = MessageDigest.getInstance("${pick(['SHA-256', 'SM3'])}")\n`,
    ])(),
  },
};

function generate(root, target) {
  const langs = Object.entries(LANGS);
  const totalWeight = langs.reduce((n, [, l]) => n + l.weight, 0);
  const counts = {};
  let n = 0;
  for (const [name, l] of langs) {
    const k = name === langs[langs.length - 1][0] ? target - n : Math.round((target * l.weight) / totalWeight);
    counts[name] = k;
    n += k;
  }
  let dirIndex = 0;
  let inDir = 0;
  let dir = '';
  for (const [name, l] of langs) {
    for (let i = 0; i < counts[name]; i++) {
      if (inDir === 0) {
        dir = join(root, `mod${String(dirIndex++).padStart(4, '0')}`, pick(WORDS));
        mkdirSync(dir, { recursive: true });
      }
      inDir = (inDir + 1) % 100;
      // Sizes: mostly 1–5 KB, some up to 40 KB, as in real trees.
      const size = rnd() < 0.05 ? int(10_000, 40_000) : int(800, 5000);
      let body = '';
      while (body.length < size) body += l.block();
      const text = `${l.pre ?? ''}${header(l.c)}${l.head()}\n${l.wrap ? l.wrap(body) : body}`;
      writeFileSync(join(dir, `${ident()}_${i}.${l.ext}`), text);
    }
  }
  return counts;
}

// Entry point last: the generator's tables above must be initialised first.
if (!isMainThread) {
  const bytes = await parseOnly(workerData.root, workerData.files);
  parentPort.postMessage(bytes);
} else if (process.argv[2] === '--child') {
  await child(process.argv[3], process.argv[4], Number(process.argv[5]));
} else {
  await main();
}
