import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createPublicKey } from 'node:crypto';
import { sm2 } from 'sm-crypto-v2';
import { canonicalBytes, generateSigningKeyPair, pae, parseTrustRoot } from '@shencha/core';
import { JsonStrictValidator } from '@cyclonedx/cyclonedx-library/Validation';
import { Version } from '@cyclonedx/cyclonedx-library/Spec';
import { verifyPath, validateCycloneDxJson, type CycloneDxVersion } from '../src/index.js';
import { buildDossier, classificationDoc, sbomDoc, tempDir } from './helpers.js';

async function tmpFile(name: string, data: string | Buffer): Promise<string> {
  const dir = await tempDir('shencha-verify-doc-');
  const p = join(dir, name);
  await writeFile(p, data);
  return p;
}

describe('single documents', () => {
  it('validates a lone CycloneDX JSON (not required to be canonical) and reports NTIA shares', async () => {
    const r = await verifyPath(await tmpFile('bom.json', JSON.stringify(sbomDoc(), null, 2)));
    expect(r.subject.kind).toBe('cyclonedx');
    expect(r.valid).toBe(true);
    expect(r.ntia).toMatchObject({ components: 2, supplier: 1, version: 1, uniqueId: 1, relationships: 1, author: true, timestamp: true });
  });

  it('reports NTIA gaps as shares, and as errors under --profile ntia', async () => {
    const doc = sbomDoc();
    const comps = doc['components'] as Record<string, unknown>[];
    delete comps[0]!['supplier'];
    delete comps[1]!['purl'];
    const p = await tmpFile('bom.json', JSON.stringify(doc));
    const plain = await verifyPath(p);
    expect(plain.valid).toBe(true);
    expect(plain.ntia).toMatchObject({ supplier: 0.5, uniqueId: 0.5, version: 1 });
    const strict = await verifyPath(p, { profile: 'ntia' });
    expect(strict.valid).toBe(false);
    expect(strict.issues.filter((i) => i.code === 'VERIFY_NTIA_GAP' && i.severity === 'error')).toHaveLength(2);
  });

  it('validates a lone shencha document and insists on canonical form', async () => {
    const good = await verifyPath(await tmpFile('classification.json', canonicalBytes(classificationDoc({ name: 'a', version: '1' }))));
    expect(good.subject.kind).toBe('shencha-document');
    expect(good.issues).toEqual([]);
    const pretty = await verifyPath(await tmpFile('classification.json', JSON.stringify(classificationDoc({ name: 'a', version: '1' }), null, 1)));
    expect(pretty.issues.map((i) => i.code)).toEqual(['VERIFY_NOT_CANONICAL']);
    const d = await buildDossier();
    const m = await verifyPath(join(d.dir, 'manifest.json'));
    expect(m.valid).toBe(true);
    expect(m.checks.map((c) => c.id)).toEqual(['canonical', 'schema']);
  });

  it('rejects an unknown JSON document and a JSON syntax error with line and column', async () => {
    const r = await verifyPath(await tmpFile('random.json', '{"a":1}'));
    expect(r.issues.map((i) => i.code)).toEqual(['VERIFY_INPUT_UNRECOGNISED']);
    const pdf = await verifyPath(await tmpFile('annex.pdf', '%PDF-1.4 binary'));
    expect(pdf.issues.map((i) => i.code)).toEqual(['VERIFY_INPUT_UNRECOGNISED']);
    const bad = await verifyPath(await tmpFile('bom.cdx.json', '{\n  "bomFormat": "CycloneDX",\n  "specVersion": 1.6,,\n}'));
    expect(bad.valid).toBe(false);
    expect(bad.issues[0]).toMatchObject({ code: 'VERIFY_JSON_SYNTAX', location: { path: 'bom.cdx.json', line: 3 } });
  });

  it('never resolves an external entity and refuses billion laughs', async () => {
    const xxe = `<?xml version="1.0"?>\n<!DOCTYPE bom [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1"><metadata><component type="library"><name>&xxe;</name></component></metadata></bom>`;
    const laughs = `<?xml version="1.0"?>\n<!DOCTYPE bom [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>\n<bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1"><metadata><component type="library"><name>&c;</name></component></metadata></bom>`;
    for (const xml of [xxe, laughs]) {
      const r = await verifyPath(await tmpFile('bom.xml', xml));
      expect(r.valid).toBe(false);
      expect(r.issues[0]).toMatchObject({ code: 'VERIFY_XML_MALFORMED', location: { path: 'bom.xml', line: 2 } });
      expect(JSON.stringify(r)).not.toContain('root:');
    }
  });

  it('names the line of an XSD violation in CycloneDX XML', async () => {
    const xml = `<?xml version="1.0"?>\n<bom xmlns="http://cyclonedx.org/schema/bom/1.5" version="1">\n<components>\n<component type="gizmo"><name>x</name></component>\n</components>\n</bom>\n`;
    const r = await verifyPath(await tmpFile('bom.xml', xml));
    expect(r.valid).toBe(false);
    expect(r.issues[0]).toMatchObject({ code: 'VERIFY_CYCLONEDX_INVALID', location: { path: 'bom.xml', line: 4 } });
  });
});

describe('trust roots', () => {
  it('verifies against a trust root naming several keys (ed25519, ECDSA P-256, SM2)', async () => {
    for (const alg of ['ed25519', 'ecdsa-p256-sha256', 'sm2-sm3'] as const) {
      const d = await buildDossier({ alg });
      const stranger = generateSigningKeyPair('ecdsa-p256-sha256');
      const root = parseTrustRoot({ keys: [{ publicKeyPem: stranger.publicKeyPem }, { keyid: d.publicKey.keyid, alg, publicKeyPem: d.publicKey.publicKeyPem }] });
      const r = await verifyPath(d.dir, { trustedKeys: root.keys });
      expect(r.signature).toEqual({ status: 'verified', keyid: d.publicKey.keyid });
      const without = await verifyPath(d.dir, { trustedKeys: [root.keys[0]!] });
      expect(without.issues.map((i) => i.code)).toContain('VERIFY_SIGNATURE_UNTRUSTED_KEY');
    }
  });
});

describe('SM2 dossiers', () => {
  it('verify, and their signature checks out with an independent SM2 implementation (sm-crypto-v2)', async () => {
    const d = await buildDossier({ alg: 'sm2-sm3', hashes: ['sha256', 'sm3'] });
    const r = await verifyPath(d.dir, { trustedKeys: [d.publicKey] });
    expect(r.issues).toEqual([]);
    expect(r.signature.status).toBe('verified');
    const env = JSON.parse(d.files.get('manifest.dsse.json')!.toString()) as { payloadType: string; payload: string; signatures: { sig: string }[] };
    const spki = createPublicKey(d.publicKey.publicKeyPem).export({ type: 'spki', format: 'der' });
    const point = spki.subarray(spki.length - 65).toString('hex'); // uncompressed 04‖x‖y ends the SPKI
    const message = pae(env.payloadType, Buffer.from(env.payload, 'base64'));
    const sig = Buffer.from(env.signatures[0]!.sig, 'base64').toString('hex');
    expect(sm2.doVerifySignature(new Uint8Array(message), sig, point, { der: true, hash: true })).toBe(true);
    // And a signature by another SM2 key under the trusted key id fails.
    const wrong = await verifyPath(d.dir, { trustedKeys: [{ ...d.otherKey, keyid: d.publicKey.keyid }] });
    expect(wrong.issues.map((i) => i.code)).toContain('VERIFY_SIGNATURE_INVALID');
  });
});

describe('same verdicts as the library’s JsonStrictValidator on every JSON spec case', () => {
  const ROOT = fileURLToPath(new URL('./fixtures/cyclonedx-spec/', import.meta.url));
  for (const v of ['1.5', '1.6', '1.7'] as const) {
    it(v, async () => {
      const lib = new JsonStrictValidator(v as unknown as Version);
      const differ: string[] = [];
      for (const f of readdirSync(join(ROOT, v)).filter((x) => x.endsWith('.json')).sort()) {
        const text = await readFile(join(ROOT, v, f), 'utf8');
        const theirs = (await lib.validate(text)) === null;
        const ours = validateCycloneDxJson(JSON.parse(text), v as CycloneDxVersion).length === 0;
        if (theirs !== ours) differ.push(f);
      }
      expect(differ).toEqual([]);
    });
  }
});
