import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile, stat, writeFile, rm, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileSource, isCanonicalJson, merkleRoot, scanProject, validateAgainstSchema, type ShenchaError } from '@shencha/core';
import { commitFile, commitValue, spanKey } from '@shencha/redact';
import {
  isArchived,
  packSource,
  proveInclusion,
  readArchive,
  verifyInclusionProof,
  type ArchivedManifestEntry,
  type PackResult,
} from '../src/index.js';
import { CANARIES, CONFIG, KEY, SOURCE_DATE, cleanup, fixtureTree, materialize, pack, tempDir, type TreeFile } from './helpers.js';

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

async function listFiles(dir: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const d of await readdir(join(dir, rel), { withFileTypes: true })) {
    const p = rel ? `${rel}/${d.name}` : d.name;
    if (d.isDirectory()) out.push(...(await listFiles(dir, p)));
    else out.push(p);
  }
  return out.sort();
}

describe.each(['tar.gz', 'zip'] as const)('packSource (%s)', (format) => {
  let src: string;
  let out: string;
  let unpacked: string;
  let files: TreeFile[];
  let result: PackResult;
  const byPath = (p: string): TreeFile => files.find((f) => f.path === p)!;

  beforeAll(async () => {
    src = await tempDir('src');
    out = await tempDir('out');
    unpacked = await tempDir('unpacked');
    const tree = await fixtureTree();
    files = tree.files;
    await materialize(src, tree.files, tree.links);
    result = await pack(src, out, { archive: format });
    const archive = join(out, format === 'zip' ? 'source.zip' : 'source.tar.gz');
    // Unpack with the system's own tools: an independent reader of what we wrote.
    if (format === 'zip') execFileSync('unzip', ['-q', archive, '-d', unpacked]);
    else execFileSync('tar', ['-xzf', archive, '-C', unpacked]);
  });
  afterAll(() => cleanup(src, out, unpacked));

  it('writes the three files, canonical JSON, and nothing else', async () => {
    const names = (await readdir(out)).sort();
    expect(names).toEqual(['package-manifest.json', 'redactions.json', format === 'zip' ? 'source.zip' : 'source.tar.gz'].sort());
    for (const n of ['package-manifest.json', 'redactions.json']) expect(isCanonicalJson(await readFile(join(out, n)))).toBe(true);
    expect(validateAgainstSchema('package-manifest', JSON.parse(await readFile(join(out, 'package-manifest.json'), 'utf8')))).toEqual([]);
    const archive = await readFile(result.archiveFile);
    expect(result.packageManifest.archive.sha256).toBe(sha(archive));
    expect(result.packageManifest.archive.size).toBe(archive.length);
  });

  it('no planted value appears in the decompressed archive, the manifest or the redaction log', async () => {
    const raw = await readFile(result.archiveFile);
    const blobs: Buffer[] = [await readFile(join(out, 'package-manifest.json')), await readFile(join(out, 'redactions.json'))];
    if (format === 'tar.gz') blobs.push(gunzipSync(raw));
    for (const p of await listFiles(unpacked)) blobs.push(await readFile(join(unpacked, p)));
    for (const canary of CANARIES) {
      for (const b of blobs) {
        expect(b.includes(Buffer.from(canary, 'utf8')), canary).toBe(false);
        expect(b.includes(Buffer.from(canary, 'latin1')), canary).toBe(false);
      }
    }
  });

  it('puts every walked path in exactly one state, with the rule that decided it', () => {
    const m = result.packageManifest;
    const state = Object.fromEntries(m.entries.map((e) => [e.path, e]));
    expect(state['README.md']).toMatchObject({ state: 'included' });
    expect(state['docs/说明.md']).toMatchObject({ state: 'included' });
    expect(state['readme.md']).toMatchObject({ state: 'included' });
    expect(state['src/index.ts']).toMatchObject({ state: 'redacted', spans: 2 });
    expect(state['config/app.env']).toMatchObject({ state: 'redacted' });
    expect(state['src/users.ts']).toMatchObject({ state: 'redacted', spans: 3 });
    expect(state['keys/server.pem']).toMatchObject({ state: 'redacted', spans: 1 });
    expect(state['legacy/latin1.txt']).toMatchObject({ state: 'redacted', spans: 1 });
    expect(state['src/crypto/sm.ts']).toMatchObject({ state: 'withheld', rule: 'crypto-source' });
    expect(state['assets/blob.bin']).toMatchObject({ state: 'withheld', rule: 'binary-secret' });
    expect(state['assets/logo.png']).toMatchObject({ state: 'included' });
    expect(state['vendor/lib/left-pad.js']).toEqual({ path: 'vendor/lib/left-pad.js', state: 'excluded', rule: 'policy:vendored' });
    expect(state['dist']).toEqual({ path: 'dist', state: 'excluded', rule: 'default:build-output' });
    expect(state['server.log']).toEqual({ path: 'server.log', state: 'excluded', rule: 'gitignore' });
    expect(state['big.txt']).toEqual({ path: 'big.txt', state: 'excluded', rule: 'size-limit' });
    expect(state['link-to-index.ts']).toEqual({ path: 'link-to-index.ts', state: 'symlink', target: 'src/index.ts' });
    expect(state['outside']).toEqual({ path: 'outside', state: 'symlink', target: '/etc/passwd' });
    expect(state['scripts/run.sh']).toMatchObject({ state: 'included', executable: true });
    // excluded entries carry no digest at all
    for (const e of m.entries) if (e.state === 'excluded' || e.state === 'symlink') expect(Object.keys(e).sort()).toHaveLength(3);
    expect(m.counts).toEqual({ included: 8, redacted: 6, withheld: 2, excluded: 4, symlinks: 2, spans: result.redactionLog.spans.length });
    expect(m.caseCollisions).toEqual([['README.md', 'readme.md']]);
    expect(result.issues.map((i) => i.code)).toEqual(expect.arrayContaining(['PACK_CASE_COLLISION', 'PACK_FILE_TOO_LARGE', 'PACK_BINARY_SECRET_WITHHELD']));
    expect(m.entries.map((e) => e.path)).toEqual([...m.entries.map((e) => e.path)].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
  });

  it("the archive's entries are exactly the manifest's archived entries (the Merkle leaves)", async () => {
    const seen: { path: string; sha256: string; mode: number; mtime: number }[] = [];
    await readArchive(result.archiveFile, format, (e) => {
      seen.push({ path: e.name, sha256: sha(e.data), mode: e.mode, mtime: e.mtime });
    });
    const archived = result.packageManifest.entries.filter(isArchived) as ArchivedManifestEntry[];
    expect(seen.map(({ path, sha256 }) => ({ path, sha256 }))).toEqual(archived.map(({ path, sha256 }) => ({ path, sha256 })));
    for (const s of seen) {
      expect(s.mtime).toBe(SOURCE_DATE);
      expect(s.mode).toBe(s.path === 'scripts/run.sh' ? 0o755 : 0o644);
    }
    expect(result.packageManifest.merkle).toEqual({ root: merkleRoot(seen), treeSize: seen.length });
    expect(await listFiles(unpacked)).toEqual(archived.map((e) => e.path).sort());
  });

  it('unpacking gives back the selected tree: included files intact, redacted files masked in place', async () => {
    for (const e of result.packageManifest.entries.filter(isArchived)) {
      const got = await readFile(join(unpacked, e.path));
      expect(sha(got)).toBe(e.sha256);
      const orig = byPath(e.path).data;
      if (e.state === 'included') expect(got.equals(orig)).toBe(true);
      if (e.state === 'redacted') {
        const enc = e.path === 'legacy/latin1.txt' ? 'latin1' : 'utf8';
        const a = [...orig.toString(enc)];
        const b = [...got.toString(enc)];
        expect(b.length).toBe(a.length); // same code points, so same lines and columns
        for (let i = 0; i < a.length; i++) if (b[i] !== a[i]) expect(b[i]).toBe('*');
        expect(got.toString(enc).split('\n').length).toBe(orig.toString(enc).split('\n').length);
        expect(e.commitment).toBe(commitFile(KEY, e.path, sha(orig)));
      }
    }
  });

  it('a withheld file becomes a placeholder naming the rule, the reason and the commitment', async () => {
    const text = await readFile(join(unpacked, 'src/crypto/sm.ts'), 'utf8');
    const orig = byPath('src/crypto/sm.ts').data;
    const commitment = commitFile(KEY, 'src/crypto/sm.ts', sha(orig));
    expect(text).toContain('rule: crypto-source');
    expect(text).toContain('reason: kept back under Cryptography Law Art. 31');
    expect(text).toContain(commitment);
    expect(text).not.toContain('the real implementation');
    expect(text).not.toContain(sha(orig));
    const entry = result.packageManifest.entries.find((e) => e.path === 'src/crypto/sm.ts') as ArchivedManifestEntry;
    expect(entry.commitment).toBe(commitment);
    expect(result.redactionLog.files).toContainEqual({ path: 'src/crypto/sm.ts', state: 'withheld', rule: 'crypto-source', commitment });
  });

  it('every span of the redaction log opens with its own key and the original value', () => {
    const log = result.redactionLog;
    expect(log.spans.length).toBeGreaterThanOrEqual(11);
    for (const s of log.spans) {
      const enc = s.path === 'legacy/latin1.txt' ? 'latin1' : 'utf8';
      const lines = byPath(s.path).data.toString(enc).split('\n').map((l) => [...l]);
      const parts: string[] = [];
      for (let l = s.start.line; l <= s.end.line; l++) {
        const from = l === s.start.line ? s.start.column - 1 : 0;
        const to = l === s.end.line ? s.end.column - 1 : lines[l - 1]!.length + 1;
        parts.push([...lines[l - 1]!, '\n'].slice(from, to).join(''));
      }
      const value = parts.join('');
      if (s.detector === 'private-key') expect(value).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n[\s\S]+-----END RSA PRIVATE KEY-----$/);
      expect(CANARIES.some((c) => value.includes(c) || c.includes(value)) || s.detector === 'secret-assignment' || s.detector === 'private-key').toBe(true);
      expect(commitValue(spanKey(KEY, s.id), { path: s.path, start: s.start, end: s.end, value })).toBe(s.commitment);
    }
    // the astral characters before the phone number do not shift its columns
    const tel = log.spans.find((s) => s.path === 'src/emoji.ts')!;
    expect(tel.start).toEqual({ line: 2, column: 23 });
  });

  it('proves inclusion of an archived path and rejects a tampered proof', () => {
    const m = result.packageManifest;
    const proof = proveInclusion(m, 'src/index.ts')!;
    expect(proof.root).toBe(m.merkle.root);
    expect(verifyInclusionProof(proof)).toBe(true);
    expect(verifyInclusionProof(proof, m.merkle.root)).toBe(true);
    expect(verifyInclusionProof(proof, '0'.repeat(64))).toBe(false);
    expect(verifyInclusionProof({ ...proof, sha256: 'f'.repeat(64) })).toBe(false);
    expect(verifyInclusionProof({ ...proof, path: 'src/other.ts' })).toBe(false);
    expect(proveInclusion(m, 'dist')).toBeUndefined();
    expect(proveInclusion(m, 'link-to-index.ts')).toBeUndefined();
  });
});

describe('packSource failures', () => {
  it('a file that changes after the walk fails the run and leaves no archive', async () => {
    const src = await tempDir('chg');
    const out = await tempDir('chg-out');
    try {
      const { files, links } = await fixtureTree();
      await materialize(src, files, links);
      const err = await pack(src, out, { beforePack: () => writeFile(join(src, 'src/users.ts'), 'export const seed = {};\n') }).catch((e: ShenchaError) => e);
      expect(err).toMatchObject({ code: 'PACK_FILE_CHANGED', location: { path: 'src/users.ts' } });
      expect(await readdir(out)).toEqual([]);
      const err2 = await pack(src, out, { beforePack: () => rm(join(src, 'README.md')) }).catch((e: ShenchaError) => e);
      expect(err2).toMatchObject({ code: 'PACK_FILE_CHANGED' });
      expect(await readdir(out)).toEqual([]);
    } finally {
      await cleanup(src, out);
    }
  });

  it.each([
    [0, 'all'],
    [2, 'all'],
    [0, 'unscanned'],
  ] as const)('a secret that reaches the archive (here through a placeholder reason) deletes it and names the finding, not the value (threads %i, recheck %s)', async (threads, recheck) => {
    const src = await tempDir('leak');
    const out = await tempDir('leak-out');
    try {
      const { files, links } = await fixtureTree();
      await materialize(src, files, links);
      const leaky = 'ghp_Qq8Lm2Qx8Rz1Vb7Np3Wc6Yd5Hs0Ja2Ke9Gzz';
      const config = { ...CONFIG, pack: { ...CONFIG.pack, withhold: [{ rule: 'crypto-source', paths: ['src/crypto/**'], reason: `ask ${leaky}` }] } };
      const err = (await pack(src, out, { config, threads, recheck }).catch((e: ShenchaError) => e)) as ShenchaError;
      expect(err.code).toBe('PACK_SECRET_SURVIVED');
      expect(err.message).toContain('src/crypto/sm.ts:');
      expect(err.message).toContain('github-token');
      expect(err.message).not.toContain(leaky);
      expect(await readdir(out)).toEqual([]);
    } finally {
      await cleanup(src, out);
    }
  });

  it.each([
    ['zip', 1_700_000_001],
    ['zip', 86_400],
    ['tar.gz', 86_401],
  ] as const)('packs %s with SOURCE_DATE_EPOCH %i (odd seconds, before 1980)', async (archive, sourceDate) => {
    const src = await tempDir('date');
    const out = await tempDir('date-out');
    try {
      const { files, links } = await fixtureTree();
      await materialize(src, files, links);
      const r = await pack(src, out, { archive, sourceDate });
      expect(r.packageManifest.sourceDate).toBe(sourceDate);
    } finally {
      await cleanup(src, out);
    }
  });

  it('an output folder that cannot be written is PACK_OUTPUT_NOT_WRITABLE', async () => {
    const src = await tempDir('nowrite');
    try {
      const { files, links } = await fixtureTree();
      await materialize(src, files, links);
      await writeFile(join(src, 'not-a-folder'), 'x');
      const index = await scanProject(src, { hashes: ['sha256'] });
      const err = await packSource({
        source: new FileSource(index),
        config: CONFIG,
        commitmentKey: KEY,
        outputDir: join(src, 'not-a-folder', 'out'),
        sourceDate: SOURCE_DATE,
      }).catch((e: ShenchaError) => e);
      expect(err).toMatchObject({ code: 'PACK_OUTPUT_NOT_WRITABLE' });
    } finally {
      await cleanup(src);
    }
  });

  it('a file that cannot be read at pack time is an error issue and excluded by rule unreadable', async () => {
    const src = await tempDir('unr');
    const out = await tempDir('unr-out');
    try {
      const { files, links } = await fixtureTree();
      await materialize(src, files, links);
      const r = await pack(src, out, {
        beforePack: async () => {
          // root reads any file, so make the path unreadable as a file: a folder in its place
          await rm(join(src, 'docs/guide.md'));
          await mkdir(join(src, 'docs/guide.md'));
        },
      });
      expect(r.packageManifest.entries.find((e) => e.path === 'docs/guide.md')).toEqual({ path: 'docs/guide.md', state: 'excluded', rule: 'unreadable' });
      expect(r.issues).toContainEqual(expect.objectContaining({ code: 'PACK_UNREADABLE_FILE', severity: 'error', location: { path: 'docs/guide.md' } }));
      expect((await stat(r.archiveFile)).size).toBeGreaterThan(0);
    } finally {
      await cleanup(src, out);
    }
  });
});
