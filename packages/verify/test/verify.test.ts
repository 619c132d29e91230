import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateAgainstSchema, canonicalize } from '@shencha/core';
import { formatReport, toMarkdown, toSarif, verifyPath, type ValidationReport } from '../src/index.js';
import { buildDossier, SOURCE_FILES, writeBundle, zipBytes, type BuiltDossier } from './helpers.js';

function errorPaths(r: ValidationReport): string[] {
  return r.issues.filter((i) => i.severity === 'error').map((i) => i.location?.path ?? '');
}

/** Sample positions spread over the file, always including the first and last byte. */
function positions(len: number): number[] {
  const set = new Set([0, len - 1, Math.floor(len / 2), Math.floor(len / 3), Math.floor((2 * len) / 3), Math.floor(len / 7), Math.floor((6 * len) / 7)]);
  return [...set].filter((p) => p >= 0 && p < len).sort((a, b) => a - b);
}

describe('verifyPath on an untouched dossier', () => {
  it('accepts the folder and the bundle, with the signature verified', async () => {
    const d = await buildDossier();
    for (const input of [d.dir, await writeBundle(d)]) {
      const r = await verifyPath(input, { trustedKeys: [d.publicKey] });
      expect(r.issues.filter((i) => i.severity !== 'info')).toEqual([]);
      expect(r.valid).toBe(true);
      expect(r.signature).toEqual({ status: 'verified', keyid: d.publicKey.keyid });
      expect(r.checks.every((c) => c.status === 'pass' || c.status === 'skip')).toBe(true);
      expect(r.checks.filter((c) => c.id === 'integrity').map((c) => c.path)).toEqual(
        [...d.files.keys()].filter((p) => p !== 'manifest.json' && p !== 'manifest.dsse.json').sort(),
      );
      expect(validateAgainstSchema('validation-report', JSON.parse(JSON.stringify(r)))).toEqual([]);
    }
  });

  it('without a key: valid, with the warning "signature not checked"', async () => {
    const d = await buildDossier();
    const r = await verifyPath(d.dir);
    expect(r.valid).toBe(true);
    expect(r.signature.status).toBe('not-checked');
    expect(r.issues.map((i) => [i.code, i.severity])).toEqual([['VERIFY_SIGNATURE_NOT_CHECKED', 'warning']]);
    expect(formatReport(r)).toContain('signature not checked');
  });

  it('verifies ECDSA P-256 and sm3-hashed dossiers', async () => {
    const d = await buildDossier({ alg: 'ecdsa-p256-sha256', hashes: ['sha256', 'sm3'] });
    const r = await verifyPath(d.dir, { trustedKeys: [d.otherKey, d.publicKey] });
    expect(r.issues).toEqual([]);
    expect(r.signature.status).toBe('verified');
    expect(r.checks.find((c) => c.id === 'integrity')?.message).toContain('sm3');
  });

  it('accepts a clean archive (a jar) inside the source archive, as folder and bundle', async () => {
    const jar = zipBytes([{ name: 'META-INF/MANIFEST.MF', data: 'Manifest-Version: 1.0\n' }, { name: 'a/B.class', data: 'cafebabe' }]);
    const items = [...Object.entries(SOURCE_FILES).map(([name, data]) => ({ name, data })), { name: 'lib/tool.jar', data: jar }].sort((a, b) =>
      Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)),
    );
    const d = await buildDossier({ sourceItems: items });
    for (const input of [d.dir, await writeBundle(d)]) {
      const r = await verifyPath(input, { trustedKeys: [d.publicKey] });
      expect(r.issues).toEqual([]);
    }
  });

  it('is deterministic: two runs give the same canonical report', async () => {
    const d = await buildDossier();
    const a = await verifyPath(d.dir, { trustedKeys: [d.publicKey] });
    const b = await verifyPath(d.dir, { trustedKeys: [d.publicKey] });
    expect(canonicalize(a)).toBe(canonicalize(b));
  });
});

describe('a single flipped byte in any file fails and names that file', () => {
  let d: BuiltDossier;
  it('folder: every file, several positions each', async () => {
    d = await buildDossier();
    for (const [path, original] of d.files) {
      for (const pos of positions(original.length)) {
        const flipped = Buffer.from(original);
        flipped[pos] = flipped[pos]! ^ 0x01;
        await writeFile(join(d.dir, path), flipped);
        const r = await verifyPath(d.dir, { trustedKeys: [d.publicKey] });
        expect(r.valid, `${path}@${pos}`).toBe(false);
        expect(errorPaths(r), `${path}@${pos}`).toContain(path);
      }
      await writeFile(join(d.dir, path), original);
    }
    expect((await verifyPath(d.dir, { trustedKeys: [d.publicKey] })).valid).toBe(true);
  });

  it('bundle: a flipped byte in each file inside', async () => {
    const base = await buildDossier();
    for (const [path, original] of base.files) {
      const flipped = Buffer.from(original);
      const pos = Math.floor(original.length / 2);
      flipped[pos] = flipped[pos]! ^ 0x20;
      const files = new Map(base.files);
      files.set(path, flipped);
      const bundle = await writeBundle({ ...base, files });
      const r = await verifyPath(bundle, { trustedKeys: [base.publicKey] });
      expect(r.valid, path).toBe(false);
      expect(errorPaths(r), path).toContain(path);
    }
  });
});

describe('signature and identity', () => {
  it('rejects a signature by another key', async () => {
    const d = await buildDossier();
    const r = await verifyPath(d.dir, { trustedKeys: [d.otherKey] });
    expect(r.valid).toBe(false);
    expect(r.signature.status).toBe('failed');
    expect(r.issues.map((i) => i.code)).toContain('VERIFY_SIGNATURE_UNTRUSTED_KEY');
  });

  it('rejects a dossier of another product with --expect-product', async () => {
    const d = await buildDossier();
    expect((await verifyPath(d.dir, { expectProduct: 'acme-gateway@1.0.0' })).valid).toBe(true);
    expect((await verifyPath(d.dir, { expectProduct: 'acme-gateway' })).valid).toBe(true);
    for (const want of ['other-product', 'acme-gateway@2.0.0']) {
      const r = await verifyPath(d.dir, { expectProduct: want });
      expect(r.valid).toBe(false);
      expect(r.issues.map((i) => i.code)).toContain('VERIFY_PRODUCT_MISMATCH');
    }
  });
});

describe('output formats', () => {
  it('formats a failing report with what failed and where, and SARIF 2.1.0', async () => {
    const d = await buildDossier();
    await writeFile(join(d.dir, 'report.md'), 'changed\n');
    const r = await verifyPath(d.dir, { trustedKeys: [d.publicKey] });
    const text = formatReport(r, { color: false });
    expect(text).toContain('INVALID');
    expect(text).toMatch(/VERIFY_SHA256_MISMATCH report\.md/);
    expect(formatReport(r, { color: true })).toContain('\u001b[31m');
    const sarif = toSarif(r) as { version: string; runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    expect(sarif.version).toBe('2.1.0');
    const hit = sarif.runs[0]!.results.find((x) => x.ruleId === 'VERIFY_SHA256_MISMATCH');
    expect(hit?.locations[0]?.physicalLocation.artifactLocation.uri).toBe('report.md');
    const verbose = formatReport(r, { verbose: true });
    expect(verbose).toMatch(/fail integrity report\.md: report\.md is \d+ bytes; manifest.json says \d+ \(and 1 more\)/);
    expect(verbose).toMatch(/pass integrity sbom\.cdx\.json/);
    const md = toMarkdown(r);
    expect(md).toContain('# shencha verify: INVALID');
    expect(md).toMatch(/\| error \| VERIFY_SHA256_MISMATCH \| report\.md \|/);
  });

  it('throws a ShenchaError (exit 1) when the input does not exist', async () => {
    await expect(verifyPath('/nonexistent/dossier')).rejects.toMatchObject({ code: 'VERIFY_INPUT_NOT_FOUND' });
  });

  it('reads the manifest it verifies from the dossier, not from memory', async () => {
    const d = await buildDossier();
    const manifest = await readFile(join(d.dir, 'manifest.json'));
    expect(manifest.equals(d.files.get('manifest.json')!)).toBe(true);
  });
});
