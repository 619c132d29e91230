import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyProject, EXAMPLE, KEYS, listTree, shencha, tempDir } from './helpers.js';

const work = tempDir('e2e-keys');
afterAll(() => rmSync(work, { recursive: true, force: true }));

function build(keyDir: string, out: string, extra: string[] = [], env: Record<string, string> = {}) {
  return shencha(['dossier', EXAMPLE, '--key', join(keyDir, 'signing.key.pem'), '--commitment-key', join(KEYS, 'demo-commitment.key'), '--output', out, ...extra], { env });
}

describe('signing keys', () => {
  for (const alg of ['ecdsa-p256-sha256', 'sm2-sm3'] as const) {
    it(`a dossier signed with ${alg} verifies; all but the signature is reproducible; another key fails`, () => {
      const keys = join(work, alg);
      expect(shencha(['keygen', '--alg', alg, '--output', keys]).code).toBe(0);
      const a = join(work, `${alg}-a`, 'acme-gateway');
      const b = join(work, `${alg}-b`, 'acme-gateway');
      for (const out of [a, b]) {
        const r = build(keys, out);
        expect(r.code, r.stderr).toBe(0);
      }
      for (const f of listTree(a)) {
        if (f === 'manifest.dsse.json') continue;
        expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f))), f).toBe(true);
      }
      expect(shencha(['verify', '--public-key', join(keys, 'signing.pub.pem'), a]).code).toBe(0);
      expect(shencha(['verify', '--public-key', join(KEYS, 'demo-signing.pub.pem'), a]).code).toBe(2);
      // A trust root naming the key accepts it; one naming only other keys does not.
      const pem = readFileSync(join(keys, 'signing.pub.pem'), 'utf8');
      const demo = readFileSync(join(KEYS, 'demo-signing.pub.pem'), 'utf8');
      writeFileSync(join(work, `${alg}-root.json`), JSON.stringify({ keys: [{ publicKeyPem: demo }, { publicKeyPem: pem }] }));
      writeFileSync(join(work, `${alg}-other.json`), JSON.stringify({ keys: [{ publicKeyPem: demo }] }));
      expect(shencha(['verify', '--trust-root', join(work, `${alg}-root.json`), a]).code).toBe(0);
      expect(shencha(['verify', '--trust-root', join(work, `${alg}-other.json`), a]).code).toBe(2);
    });
  }

  it('an encrypted private key is read with SHENCHA_KEY_PASSPHRASE and refused without it', () => {
    const keys = join(work, 'encrypted');
    expect(shencha(['keygen', '--output', keys], { env: { SHENCHA_KEY_PASSPHRASE: 'ci-secret' } }).code).toBe(0);
    expect(readFileSync(join(keys, 'signing.key.pem'), 'utf8')).toContain('ENCRYPTED');
    const without = build(keys, join(work, 'enc-no', 'acme-gateway'));
    expect(without.code).toBe(1);
    expect(without.stderr).toMatch(/SHENCHA_KEY_PASSPHRASE/);
    const withPass = build(keys, join(work, 'enc-yes', 'acme-gateway'), [], { SHENCHA_KEY_PASSPHRASE: 'ci-secret' });
    expect(withPass.code, withPass.stderr).toBe(0);
  });

  it('keygen never overwrites a key', () => {
    const keys = join(work, 'twice');
    expect(shencha(['keygen', '--output', keys]).code).toBe(0);
    const before = readFileSync(join(keys, 'signing.key.pem'));
    const r = shencha(['keygen', '--output', keys]);
    expect(r.code).toBe(1);
    expect(readFileSync(join(keys, 'signing.key.pem')).equals(before)).toBe(true);
  });
});

describe('bundles', () => {
  for (const format of ['tar.gz', 'zip'] as const) {
    it(`--bundle ${format} is reproducible and accepted as-is by verify`, () => {
      const outs = ['x', 'y'].map((n) => join(work, `bundle-${format}-${n}`, 'acme-gateway'));
      for (const out of outs) {
        const r = shencha(['dossier', EXAMPLE, '--key', join(KEYS, 'demo-signing.key.pem'), '--commitment-key', join(KEYS, 'demo-commitment.key'), '--output', out, '--bundle', format]);
        expect(r.code, r.stderr).toBe(0);
      }
      const bundles = outs.map((o) => join(o, '..', `acme-gateway-dossier.${format}`));
      expect(readFileSync(bundles[0]!).equals(readFileSync(bundles[1]!))).toBe(true);
      const v = shencha(['verify', '--public-key', join(KEYS, 'demo-signing.pub.pem'), bundles[0]!]);
      expect(v.code, v.stderr).toBe(0);
    });
  }
});

describe('dossier sections', () => {
  it('a required section removed from vendor.yaml is an error naming the field, exit 2', () => {
    const project = copyProject(EXAMPLE, 'e2e-sections');
    const profile = readFileSync(join(project, 'vendor.yaml'), 'utf8');
    const start = profile.indexOf('# D3');
    const end = profile.indexOf('# D4');
    writeFileSync(join(project, 'vendor.yaml'), profile.slice(0, start) + profile.slice(end));
    const r = shencha(['dossier', project, '--key', join(KEYS, 'demo-signing.key.pem'), '--commitment-key', join(KEYS, 'demo-commitment.key'), '--output', join(work, 'sections', 'acme-gateway'), '--json']);
    rmSync(project, { recursive: true, force: true });
    expect(r.code).toBe(2);
    const result = JSON.parse(r.stdout) as { issues: { code: string; location?: { field?: string } }[]; sections: { id: string; status: string }[] };
    expect(result.issues.find((i) => i.code === 'DOSSIER_SECTION_MISSING')?.location?.field).toBe('/commitments');
    expect(result.sections.find((s) => s.id === 'D3')?.status).toBe('missing');
  });
});
