import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalize, FileSource, scanProject } from '@shencha/core';
import { analyzeBlob, analyzeCode, blobCacheKey, type BlobAnalysis } from '../src/index.js';
import { workerAvailable } from '../src/parallel.js';

let root: string;

function write(rel: string, data: string | Buffer): void {
  const abs = join(root, rel);
  mkdirSync(dirname(abs), { recursive: true });
  writeFileSync(abs, data);
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'shencha-code-'));
  write('src/app.ts', "import { createHash } from 'node:crypto';\nexport const h = createHash('sm3');\n");
  write('src/server.py', 'import hashlib\nhashlib.md5(b"x")\n');
  write('src/Main.java', 'class Main { void f() throws Exception { java.security.MessageDigest.getInstance("SHA-1"); } }\n');
  write('src/broken.ts', 'export const = ;\n');
  write('src/view.swift', 'let x = 1\n// comment\n');
  write('src/binary.js', Buffer.from([0x76, 0x61, 0x72, 0x00, 0x01]));
  write('dist/bundle.js', "require('crypto').createHash('md5');\n");
  write('node_modules/dep/index.js', "require('crypto').createHash('md5');\n");
  write('public/app.min.js', `var a=1;${'b=2;'.repeat(2000)}\n`);
  write('README.md', '# readme\n');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('analyzeCode', () => {
  it('analyses only source files read through FileSource and reports problems as issues', async () => {
    const index = await scanProject(root);
    const progress: string[] = [];
    const usage = await analyzeCode(new FileSource(index), { onProgress: (done, total, path) => progress.push(`${done}/${total} ${path}`) });
    expect(usage.schemaVersion).toBe(1);
    expect(usage.files.map((f) => f.path)).toEqual(['public/app.min.js', 'src/Main.java', 'src/app.ts', 'src/broken.ts', 'src/server.py', 'src/view.swift']);
    expect(usage.stats).toMatchObject({ files: 6, parsed: 3, skipped: 3 });
    expect(progress).toHaveLength(6);
    expect(usage.files.find((f) => f.path === 'src/app.ts')!.crypto[0]).toMatchObject({ algorithm: 'SM3', line: 2 });
    expect(usage.files.find((f) => f.path === 'src/Main.java')!.crypto[0]).toMatchObject({ algorithm: 'SHA-1', api: 'java.security.MessageDigest.getInstance' });
    expect(usage.files.find((f) => f.path === 'public/app.min.js')).toMatchObject({ minified: true, generated: true });
    const codes = usage.issues.map((i) => `${i.code} ${i.location?.path ?? ''}`);
    expect(codes).toContain('CODE_PARSE_ERROR src/broken.ts');
    expect(codes).toContain('CODE_MINIFIED_SKIPPED public/app.min.js');
    expect(codes).toContain('CODE_LANGUAGE_NOT_ANALYSED .');
    const parseError = usage.issues.find((i) => i.code === 'CODE_PARSE_ERROR')!;
    expect(parseError.location).toMatchObject({ path: 'src/broken.ts', line: 1 });
  });

  it('is deterministic and uses the blob cache', async () => {
    const index = await scanProject(root);
    const store = new Map<string, BlobAnalysis>();
    const cache = { get: (k: string) => store.get(k), set: (k: string, v: BlobAnalysis) => void store.set(k, v) };
    const a = await analyzeCode(new FileSource(index), { cache });
    expect(store.size).toBe(6);
    const entry = index.entries.find((e) => e.path === 'src/app.ts')!;
    expect(store.has(blobCacheKey(entry.sha256!, 'typescript'))).toBe(true);
    const b = await analyzeCode(new FileSource(index), { cache });
    const c = await analyzeCode(new FileSource(index));
    expect(canonicalize(b)).toBe(canonicalize(a));
    expect(canonicalize(c)).toBe(canonicalize(a));
  });

  it('skips files over maxFileBytes with CODE_FILE_TOO_LARGE and still counts their lines', async () => {
    const index = await scanProject(root);
    const usage = await analyzeCode(new FileSource(index), { maxFileBytes: 40 });
    const big = usage.issues.filter((i) => i.code === 'CODE_FILE_TOO_LARGE').map((i) => i.location?.path);
    expect(big).toContain('src/app.ts');
    expect(usage.files.find((f) => f.path === 'src/app.ts')!.lines.code).toBe(2);
  });

  it('gives the same result on worker threads as in-process, with progress for every file', async () => {
    expect(workerAvailable()).toBe(true);
    const index = await scanProject(root);
    const done: number[] = [];
    const inWorkers = await analyzeCode(new FileSource(index), { workers: 2, onProgress: (d) => done.push(d) });
    const inProcess = await analyzeCode(new FileSource(index), { workers: 0 });
    expect(canonicalize(inWorkers)).toBe(canonicalize(inProcess));
    expect(done).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('decodes GBK sources as GB18030 with CODE_NOT_UTF8 and still reads the copyright holder', async () => {
    const gbk = (hex: string): Buffer => Buffer.from(hex.replace(/ /g, ''), 'hex');
    const bytes = Buffer.concat([Buffer.from('# '), gbk('B0E6 C8A8 CBF9 D3D0'), Buffer.from(' (C) 2023 '), gbk('C4B3 C4B3 B9AB CBBE'), Buffer.from("\nimport hashlib\nhashlib.sha256(b'x')\n")]);
    const r = await analyzeBlob(bytes, 'python');
    expect(r.issues.map((i) => i.code)).toEqual(['CODE_NOT_UTF8']);
    expect(r.copyright).toEqual([{ holder: '某某公司', years: '2023', line: 1 }]);
    expect(r.crypto.map((c) => c.algorithm)).toEqual(['SHA-256']);
  });
});
