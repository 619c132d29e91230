import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalize, FileSource, scanProject } from '@shencha/core';
import { analyzeBlob, analyzeCode, analyzeCodeStream, type FileFacts } from '../src/index.js';
import { detach } from '../src/facts.js';
import { setNodePlans } from '../src/ts/engine.js';
import { analyzeFixture } from './helpers.js';

const root = mkdtempSync(join(tmpdir(), 'shencha-code-stream-'));
mkdirSync(join(root, 'src'), { recursive: true });
writeFileSync(join(root, 'src/a.py'), 'import hashlib\nhashlib.sha256(b"x").hexdigest()\nrequests.get("https://telemetry.vendor.com/v1")\n');
writeFileSync(join(root, 'src/b.go'), 'package main\n\nimport "crypto/sha256"\n\nfunc f(b []byte) { sha256.Sum256(b) }\n');
writeFileSync(join(root, 'src/c.ts'), "import { createHash } from 'node:crypto';\ncreateHash('sm3');\n");
writeFileSync(join(root, 'src/d.java'), 'class D { void f() { MessageDigest.getInstance("SHA-256"); } }\n');
writeFileSync(join(root, 'src/e.rs'), 'fn main( {\n');
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('analyzeCodeStream', () => {
  it('hands each file to the sink in path order and returns what analyzeCode returns besides the files', async () => {
    const index = await scanProject(root);
    const streamed: FileFacts[] = [];
    const summary = await analyzeCodeStream(new FileSource(index), (f) => streamed.push(f));
    const usage = await analyzeCode(new FileSource(index));
    expect(streamed.map((f) => f.path)).toEqual(['src/a.py', 'src/b.go', 'src/c.ts', 'src/d.java', 'src/e.rs']);
    expect(canonicalize(streamed)).toBe(canonicalize(usage.files));
    expect(canonicalize(summary)).toBe(canonicalize({ schemaVersion: 1, issues: usage.issues, stats: usage.stats }));
    expect(summary.issues.map((i) => `${i.code} ${i.location?.path}`)).toContain('CODE_PARTIAL_PARSE src/e.rs');
  });

  it('streams in path order from worker threads too', async () => {
    const index = await scanProject(root);
    const inWorkers: string[] = [];
    const inProcess: string[] = [];
    const a = await analyzeCodeStream(new FileSource(index), (f) => inWorkers.push(canonicalize(f)), { workers: 2 });
    const b = await analyzeCodeStream(new FileSource(index), (f) => inProcess.push(canonicalize(f)), { workers: 0 });
    expect(inWorkers).toEqual(inProcess);
    expect(canonicalize(a)).toBe(canonicalize(b));
  });
});

describe('memory', () => {
  it('detach copies a string without changing it', () => {
    const text = `prefix ${'x'.repeat(50)} https://api.vendor.com/v1 suffix`;
    const slice = text.slice(58, 83);
    expect(detach(slice)).toBe(slice);
    expect(detach('short')).toBe('short');
  });
});

describe('native node plans', () => {
  it('find exactly the imports and calls the queries find', async () => {
    const cases: [string, string][] = [
      ['c/crypto.c', 'c'],
      ['cpp/crypto.cpp', 'cpp'],
      ['csharp/Crypto.cs', 'csharp'],
      ['go/main.go', 'go'],
      ['java/Crypto.java', 'java'],
      ['python/crypto.py', 'python'],
      ['rust/main.rs', 'rust'],
      ['ruby/crypto.rb', 'ruby'],
    ];
    try {
      for (const [file, language] of cases) {
        setNodePlans(true);
        const planned = await analyzeFixture(file, language);
        setNodePlans(false);
        const queried = await analyzeFixture(file, language);
        expect(planned, file).toEqual(queried);
        expect(planned.crypto.length + planned.imports.length, file).toBeGreaterThan(0);
      }
      // Chains whose calls start at the same place, and a file with syntax errors.
      const snippets: [string, string][] = [
        ['python', 'import hashlib\nh = hashlib.new("sm3").update(b"x").hexdigest()\nhashlib.sha256(hashlib.md5(b"y").digest()).hexdigest(\n'],
        ['java', 'import javax.crypto.Cipher;\nclass A { void f() { Cipher.getInstance("SM4/CBC/PKCS5Padding").init(1, k).doFinal(b); new URL("https://update.vendor.com/x").openConnection(; } }\n'],
        ['ruby', "require 'openssl'\nd = OpenSSL::Digest.new('SM3').update('x').hexdigest\nputs d\n"],
      ];
      for (const [language, text] of snippets) {
        setNodePlans(true);
        const planned = await analyzeBlob(Buffer.from(text), language);
        setNodePlans(false);
        const queried = await analyzeBlob(Buffer.from(text), language);
        expect(planned, language).toEqual(queried);
        expect(planned.crypto.length, language).toBeGreaterThan(0);
      }
    } finally {
      setNodePlans(true);
    }
  });
});
