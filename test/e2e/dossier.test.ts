import { readFileSync, rmSync, writeFileSync, cpSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dossierArgs, EXAMPLE, KEYS, listTree, readTarGz, ROOT, shencha, tempDir } from './helpers.js';

/** The quick start's dossier: built twice with the same SOURCE_DATE_EPOCH into two folders. */
let work: string;
let first: string;
let second: string;

beforeAll(() => {
  work = tempDir('e2e-dossier');
  first = join(work, 'a', 'acme-gateway');
  second = join(work, 'b', 'acme-gateway');
  for (const out of [first, second]) {
    const r = shencha(dossierArgs(EXAMPLE, out));
    if (r.code !== 0) throw new Error(`dossier failed (${r.code}):\n${r.stderr}`);
  }
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('shencha dossier on examples/acme-gateway', () => {
  it('writes the files of the dossier table', () => {
    const files = listTree(first);
    for (const f of ['manifest.json', 'manifest.dsse.json', 'sbom.cdx.json', 'sbom.cdx.xml', 'sbom.spdx.json', 'cbom.cdx.json', 'classification.json', 'source.tar.gz', 'package-manifest.json', 'redactions.json', 'vendor-profile.json', 'report.html', 'report.md', 'evidence/docs/architecture.md']) {
      expect(files).toContain(f);
    }
    // Nothing half-written is left beside the folder.
    expect(readdirSync(join(work, 'a'))).toEqual(['acme-gateway']);
  });

  it('is byte-identical when built twice with the same SOURCE_DATE_EPOCH', () => {
    const a = listTree(first);
    expect(listTree(second)).toEqual(a);
    for (const f of a) expect(readFileSync(join(second, f)).equals(readFileSync(join(first, f))), f).toBe(true);
  });

  it('leaks no planted secret or personal datum into any output file, archive entries included', async () => {
    const planted = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/acme-gateway-planted.json'), 'utf8')) as { values: { kind: string; value: string }[] };
    expect(planted.values.length).toBeGreaterThanOrEqual(10);
    const haystacks: [string, Buffer][] = [];
    for (const f of listTree(first)) {
      const data = readFileSync(join(first, f));
      haystacks.push([f, data]);
      if (f.endsWith('.tar.gz')) for (const [name, entry] of await readTarGz(data)) haystacks.push([`${f}!${name}`, entry]);
    }
    expect(haystacks.some(([n]) => n.startsWith('source.tar.gz!'))).toBe(true);
    const leaks: string[] = [];
    for (const { kind, value } of planted.values) {
      for (const [name, data] of haystacks) if (data.includes(Buffer.from(value))) leaks.push(`${kind} in ${name}`);
    }
    expect(leaks).toEqual([]);
  });

  it('keeps every line of a redacted file in place', async () => {
    const archive = await readTarGz(readFileSync(join(first, 'source.tar.gz')));
    const original = readFileSync(join(EXAMPLE, 'config/default.yaml'), 'utf8');
    const masked = archive.get('config/default.yaml')!.toString('utf8');
    expect(masked).not.toEqual(original);
    const o = original.split('\n');
    const m = masked.split('\n');
    expect(m.length).toBe(o.length);
    for (let i = 0; i < o.length; i++) expect([...m[i]!].length).toBe([...o[i]!].length);
  });

  it('verifies with the demo public key', () => {
    const r = shencha(['verify', '--public-key', join(KEYS, 'demo-signing.pub.pem'), first]);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code, r.stderr).toBe(0);
  });

  it('fails verification, naming the file, after one flipped byte in any file', () => {
    const files = listTree(first);
    expect(files).toContain('manifest.dsse.json');
    for (const f of files) {
      const copy = join(work, 'flip', 'acme-gateway');
      rmSync(join(work, 'flip'), { recursive: true, force: true });
      cpSync(first, copy, { recursive: true });
      const data = readFileSync(join(copy, f));
      const at = Math.floor(data.length / 2);
      data[at] = data[at]! ^ 0x01;
      writeFileSync(join(copy, f), data);
      const r = shencha(['verify', '--json', '--public-key', join(KEYS, 'demo-signing.pub.pem'), copy]);
      expect(r.code, `${f}: ${r.stderr}`).toBe(2);
      const report = JSON.parse(r.stdout) as { valid: boolean; issues: { severity: string; location?: { path: string } }[] };
      expect(report.valid).toBe(false);
      expect(report.issues.some((i) => i.severity === 'error' && i.location?.path === f), `${f} not named`).toBe(true);
    }
  }, 600_000);

  it('proves an archive entry and opens one masked span, and verify checks both', () => {
    const proof = join(work, 'server.proof.json');
    expect(shencha(['prove', 'src/server.ts', first, '--output', proof]).code).toBe(0);
    const log = JSON.parse(readFileSync(join(first, 'redactions.json'), 'utf8')) as { spans: { id: string; path: string }[] };
    const span = log.spans.find((s) => s.path === 'config/default.yaml')!;
    const reveal = shencha(['reveal', span.id, EXAMPLE, '--dossier', first, '--commitment-key', join(KEYS, 'demo-commitment.key')]);
    expect(reveal.code, reveal.stderr).toBe(0);
    const opening = JSON.parse(reveal.stdout) as { spanId: string; key: string; value: string };
    expect(opening.spanId).toBe(span.id);
    // The opening carries that span's value and its own key, not the commitment key.
    expect(readFileSync(join(KEYS, 'demo-commitment.key'), 'utf8')).not.toContain(opening.key);
    writeFileSync(join(work, 'opening.json'), reveal.stdout);
    const ok = shencha(['verify', '--public-key', join(KEYS, 'demo-signing.pub.pem'), '--proof', proof, '--opening', join(work, 'opening.json'), first]);
    expect(ok.code, ok.stderr).toBe(0);
    writeFileSync(join(work, 'forged.json'), JSON.stringify({ ...opening, value: `${opening.value}x` }));
    const forged = shencha(['verify', '--json', '--public-key', join(KEYS, 'demo-signing.pub.pem'), '--opening', join(work, 'forged.json'), first]);
    expect(forged.code).toBe(2);
    expect(forged.stdout).toContain('VERIFY_OPENING_INVALID');
    expect(shencha(['prove', 'node_modules/x.js', first]).code).toBe(1);
  });

  it('records the last attestation as section D12 (change-record.json), and verify accepts it', () => {
    const attestOut = join(work, 'attest');
    const a = shencha(['attest', EXAMPLE, '--baseline', first, '--public-key', join(KEYS, 'demo-signing.pub.pem'), '--key', join(KEYS, 'demo-signing.key.pem'), '--output', attestOut, '--no-ledger', '--no-cache']);
    expect(a.code, a.stderr).toBe(0);
    const withRecord = join(work, 'd12', 'acme-gateway');
    const d = shencha(dossierArgs(EXAMPLE, withRecord, ['--change-record', join(attestOut, 'attestation.json')]));
    expect(d.code, d.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(withRecord, 'manifest.json'), 'utf8')) as { sections: { id: string; status: string; files: string[] }[] };
    expect(manifest.sections.find((s) => s.id === 'D12')).toMatchObject({ status: 'generated', files: ['change-record.json'] });
    expect(readFileSync(join(withRecord, 'report.md'), 'utf8')).toMatch(/Change record \(D12\)[\s\S]*\*\*none\*\*/);
    expect(shencha(['verify', '--public-key', join(KEYS, 'demo-signing.pub.pem'), withRecord]).code).toBe(0);
  });

  it('rejects the dossier against another key', () => {
    const keys = tempDir('e2e-otherkey');
    expect(shencha(['keygen', '--output', keys]).code).toBe(0);
    const r = shencha(['verify', '--public-key', join(keys, 'signing.pub.pem'), first]);
    expect(r.code).toBe(2);
    rmSync(keys, { recursive: true, force: true });
  });

  it('prints its version', () => {
    const r = shencha(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(existsSync(join(first, 'manifest.json'))).toBe(true);
  });
});
