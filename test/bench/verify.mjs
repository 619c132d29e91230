#!/usr/bin/env node
// Benchmark of `shencha verify` (issue 5). Two figures, each against a reference measured in the same run:
//  1. validating a ~7 MB CycloneDX 1.6 JSON BOM: shencha's validator vs @cyclonedx/cyclonedx-library's own
//     JsonStrictValidator on the same document (and the same verdict on every JSON spec case);
//  2. hash verification of a large dossier (sha256, then sha256+sm3) vs `sha256sum` over the same files.
// Not a timed test: run `node test/bench/verify.mjs` after a build. Options: --mb N (dossier size, default 512).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  canonicalBytes,
  comparePathBytes,
  digestsOf,
  generateSigningKeyPair,
  loadPublicKey,
  loadSigningKey,
  makeStatement,
  merkleRoot,
  signEnvelope,
} from '@shencha/core';
import { verifyPath, validateCycloneDxJson } from '@shencha/verify';
import { JsonStrictValidator } from '@cyclonedx/cyclonedx-library/Validation';

const args = process.argv.slice(2);
const mb = Number(args[args.indexOf('--mb') + 1] || 512) || 512;
const specDir = fileURLToPath(new URL('../../packages/verify/test/fixtures/cyclonedx-spec/', import.meta.url));

function bestOf(n, fn) {
  let best = Infinity;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}
async function bestOfAsync(n, fn) {
  let best = Infinity;
  let last;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    last = await fn();
    best = Math.min(best, performance.now() - t0);
  }
  return { ms: best, last };
}

// ---------------------------------------------------------------- 1. CycloneDX JSON validation
function bigBom(components) {
  const comps = [];
  const deps = [];
  for (let i = 0; i < components; i++) {
    const name = `pkg-${i.toString(36)}`;
    const ref = `pkg:npm/${name}@1.${i % 50}.${i % 7}`;
    comps.push({
      type: 'library',
      'bom-ref': ref,
      name,
      version: `1.${i % 50}.${i % 7}`,
      description: `Synthetic component number ${i} for the verify benchmark`,
      purl: ref,
      supplier: { name: `Supplier ${i % 97}` },
      hashes: [
        { alg: 'SHA-256', content: digestsOf(Buffer.from(name)).sha256 },
        { alg: 'SHA-512', content: digestsOf(Buffer.from(name + 'x')).sha256 + digestsOf(Buffer.from(name + 'y')).sha256 },
      ],
      licenses: [{ license: { id: i % 2 ? 'MIT' : 'Apache-2.0' } }],
      externalReferences: [
        { type: 'website', url: `https://example.com/${name}` },
        { type: 'vcs', url: `https://git.example.com/${name}.git` },
      ],
      properties: [
        { name: 'shencha:origin', value: 'O8' },
        { name: 'shencha:tier', value: 'unscored' },
        { name: 'shencha:reason', value: 'no knowledge-base entry yet' },
      ],
    });
    deps.push({ ref, dependsOn: i > 0 ? [comps[(i * 7) % i]['bom-ref']] : [] });
  }
  return {
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79',
    version: 1,
    metadata: { timestamp: '2026-01-01T00:00:00Z', component: { type: 'application', name: 'bench', version: '1.0.0', 'bom-ref': 'bench' } },
    components: comps,
    dependencies: deps,
  };
}

// Size the BOM to ~7 MB (one correction step from a probe).
let n = 2000;
let text = JSON.stringify(bigBom(n));
n = Math.round((n * 7e6) / text.length);
text = JSON.stringify(bigBom(n));
console.log(`1. CycloneDX 1.6 JSON validation: ${(text.length / 1e6).toFixed(2)} MB, ${n} components`);
const lib = new JsonStrictValidator('1.6');
// Compile both validators first (a tiny BOM), so that only validation is timed.
const tiny = JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', version: 1 });
let t0 = performance.now();
await lib.validate(tiny);
const theirsCompile = performance.now() - t0;
t0 = performance.now();
validateCycloneDxJson(JSON.parse(tiny), '1.6');
const oursCompile = performance.now() - t0;
t0 = performance.now();
const theirsVerdict = (await lib.validate(text)) === null;
const theirs = performance.now() - t0;
let oursVerdict;
const ours = bestOf(3, () => {
  oursVerdict = validateCycloneDxJson(JSON.parse(text), '1.6').length === 0;
});
console.log(`   JsonStrictValidator: ${theirs.toFixed(0)} ms (schema compile ${theirsCompile.toFixed(0)} ms), verdict ${theirsVerdict ? 'valid' : 'invalid'}`);
console.log(`   shencha verify:      ${ours.toFixed(0)} ms (schema compile ${oursCompile.toFixed(0)} ms), verdict ${oursVerdict ? 'valid' : 'invalid'}; both include JSON.parse`);
console.log(`   speed-up: ${(theirs / ours).toFixed(1)}x (target >= 20x)`);

let same = 0;
let total = 0;
for (const v of ['1.5', '1.6', '1.7']) {
  const val = new JsonStrictValidator(v);
  for (const f of readdirSync(join(specDir, v)).filter((x) => x.endsWith('.json'))) {
    const t = readFileSync(join(specDir, v, f), 'utf8');
    const a = (await val.validate(t)) === null;
    const b = validateCycloneDxJson(JSON.parse(t), v).length === 0;
    total++;
    if (a === b) same++;
  }
}
console.log(`   same verdict on ${same}/${total} JSON spec cases (1.5-1.7)`);

// ---------------------------------------------------------------- 2. hash verification
function buildDossier(dir, hashes, fileCount, fileSize) {
  const product = { name: 'bench-product', version: '1.0.0' };
  mkdirSync(join(dir, 'evidence'), { recursive: true });
  const files = new Map();
  for (let i = 0; i < fileCount; i++) {
    const data = randomBytes(fileSize);
    files.set(`evidence/blob-${String(i).padStart(3, '0')}.bin`, data);
  }
  files.set('report.md', Buffer.from('# bench\n'));
  const listed = [...files.keys()].sort(comparePathBytes).map((path) => ({ path, mediaType: 'application/octet-stream', size: files.get(path).length, ...digestsOf(files.get(path), hashes) }));
  const root = merkleRoot(listed);
  const manifest = canonicalBytes({
    schemaVersion: 1, kind: 'shencha-dossier', product, tool: { name: 'shencha', version: '0.1.0' }, configSha256: '0'.repeat(64),
    sourceDate: { epoch: 0, source: 'SOURCE_DATE_EPOCH', iso: '1970-01-01T00:00:00Z' }, hashes, files: listed, merkleRoot: root, sections: [],
  });
  files.set('manifest.json', manifest);
  const subject = [...files.keys()].sort(comparePathBytes).map((name) => ({ name, digest: digestsOf(files.get(name), hashes) }));
  const pair = generateSigningKeyPair('ed25519');
  const statement = makeStatement(subject, 'urn:shencha:predicate:dossier:v1', { manifest: { path: 'manifest.json', sha256: digestsOf(manifest).sha256 }, merkleRoot: root, product, summary: {} });
  files.set('manifest.dsse.json', canonicalBytes(signEnvelope('application/vnd.in-toto+json', canonicalBytes(statement), loadSigningKey(pair.privateKeyPem))));
  for (const [p, data] of files) writeFileSync(join(dir, p), data);
  return { key: loadPublicKey(pair.publicKeyPem), paths: [...files.keys()].map((p) => join(dir, p)), bytes: [...files.values()].reduce((s, b) => s + b.length, 0) };
}

const tmp = mkdtempSync(join(tmpdir(), 'shencha-bench-verify-'));
try {
  const fileSize = 32 * 1024 * 1024;
  const count = Math.max(1, Math.round((mb * 1024 * 1024) / fileSize));
  for (const hashes of [['sha256'], ['sha256', 'sm3']]) {
    const dir = join(tmp, hashes.join('-'), 'bench-product');
    const d = buildDossier(dir, hashes, count, fileSize);
    const gib = d.bytes / 1024 ** 3;
    execFileSync('sha256sum', d.paths); // warm the page cache for both sides
    const sum = await bestOfAsync(3, async () => execFileSync('sha256sum', d.paths, { maxBuffer: 1 << 26 }));
    const ours = await bestOfAsync(3, () => verifyPath(dir, { trustedKeys: [d.key] }));
    if (!ours.last.valid) throw new Error(`bench dossier did not verify: ${JSON.stringify(ours.last.issues)}`);
    const sumRate = gib / (sum.ms / 1000);
    const ourRate = gib / (ours.ms / 1000);
    console.log(`2. verify a ${(d.bytes / 1024 ** 2).toFixed(0)} MiB dossier (${count + 3} files), hashes ${hashes.join('+')}:`);
    console.log(`   sha256sum:      ${sum.ms.toFixed(0)} ms  ${sumRate.toFixed(2)} GiB/s`);
    console.log(`   shencha verify: ${ours.ms.toFixed(0)} ms  ${ourRate.toFixed(2)} GiB/s (whole verifyPath: walk, digests, Merkle, signature, statement)`);
    console.log(`   throughput ratio vs sha256sum: ${(ourRate / sumRate).toFixed(2)}x${hashes.length === 1 ? ' (target >= 0.8x)' : ' (sm3 computed too; sm3 is slower by nature)'}`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
