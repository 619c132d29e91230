import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSource, scanProject } from '@shencha/core';
import { describe, expect, it } from 'vitest';
import { supplierSbomCataloger } from '../catalogers/supplier-sbom/index.js';
import { generateInventory } from '../src/inventory.js';

const FIX = join(import.meta.dirname, 'fixtures', 'supplier-sbom');

async function run(dir: string, supplierSboms?: string[]) {
  const options = supplierSboms ? { supplierSboms } : {};
  return supplierSbomCataloger.catalog(new FileSource(await scanProject(dir)), { options });
}
type R = Awaited<ReturnType<typeof run>>;
const byName = (r: R, name: string) => r.components.find((c) => c.name === name);
const edgesOf = (r: R, ref: string) => r.dependencies.find((d) => d.ref === ref)?.dependsOn ?? [];

describe('supplier SBOM cataloger', () => {
  it('CycloneDX JSON: supplied product, nested components, supplier identity, graph', async () => {
    const r = await run(join(FIX, 'tree'));
    const product = byName(r, 'acme-crypto')!;
    expect(product.bomRef).toBe('pkg:generic/acme/acme-crypto@4.2.0');
    expect(product.properties?.['shencha:supplied-product']).toBe('true');
    expect(product.supplier).toEqual({ name: 'Acme Corp', url: ['https://acme.example'] });
    expect(product.hashes).toEqual([{ alg: 'SHA-256', content: '2ad6a846d6585e8d790feb29b7eb9c05e6f9f322941711a73d23874e31e3994d' }]);
    expect(product.evidence[0]).toMatchObject({ path: 'vendor/acme-crypto/acme-crypto.cdx.json', line: 10 });
    // The library beside the document has the digest it states: it is the described artifact.
    expect(product.evidence[1]).toMatchObject({ path: 'vendor/acme-crypto/libacme-crypto.so.4.2.0' });
    expect(product.properties?.['shencha:supplier-sbom-artifact']).toBe('vendor/acme-crypto/libacme-crypto.so.4.2.0');

    const openssl = byName(r, 'openssl')!;
    expect(openssl).toMatchObject({ version: '3.0.13', licenses: ['Apache-2.0'], supplier: { name: 'Acme Corp' } });
    const fips = byName(r, 'acme-fips-module')!;
    expect(fips.supplier).toEqual({ name: 'Acme FIPS Lab' });
    expect(fips.bomRef).toBe('supplier-sbom:vendor/acme-crypto/acme-crypto.cdx.json#fips-module');
    const jitter = byName(r, 'jitterentropy')!;
    expect(jitter.licenses).toEqual(['BSD-3-Clause OR GPL-2.0-only']);
    expect(edgesOf(r, product.bomRef)).toEqual([fips.bomRef, openssl.bomRef].sort());
    // Nesting is containment: the module contains jitterentropy; its declared edge to openssl stays.
    expect(edgesOf(r, fips.bomRef)).toEqual([jitter.bomRef, openssl.bomRef].sort());
    expect(byName(r, 'test-vectors')?.scope).toBe('excluded');
    expect(r.compositions.find((c) => c.path.endsWith('acme-crypto.cdx.json'))?.aggregate).toBe('complete');
  });

  it('SPDX JSON: described package is the product, relationships both ways, checksums mapped', async () => {
    const r = await run(join(FIX, 'tree'));
    const sdk = byName(r, 'widget-sdk')!;
    expect(sdk.properties?.['shencha:supplied-product']).toBe('true');
    expect(sdk.supplier).toEqual({ name: 'Widgets Ltd' });
    expect(sdk.hashes).toEqual([{ alg: 'SHA-256', content: '2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae' }]);
    expect(sdk.licenses).toEqual(['LicenseRef-Widgets-Commercial']);
    expect(edgesOf(r, sdk.bomRef)).toEqual(['pkg:generic/zlib@1.3.1']);
    // DEPENDENCY_OF reverses: protobuf depends on zlib.
    expect(edgesOf(r, 'pkg:github/protocolbuffers/protobuf@v3.21.12')).toEqual(['pkg:generic/zlib@1.3.1']);
    expect(byName(r, 'zlib')).toMatchObject({ licenses: ['Zlib'], ecosystem: 'generic', supplier: { name: 'Widgets Ltd' } });
    expect(r.compositions.find((c) => c.path === 'sdk/widget.spdx.json')?.aggregate).toBe('incomplete');
  });

  it('CycloneDX XML: firmware product with nested OS and library', async () => {
    const r = await run(join(FIX, 'tree'));
    const fw = byName(r, 'gadget-firmware')!;
    expect(fw.type).toBe('firmware');
    expect(fw.supplier).toEqual({ name: 'Gadget GmbH', url: ['https://gadget.example'] });
    const zephyr = byName(r, 'zephyr')!;
    expect(zephyr).toMatchObject({ type: 'operating-system', version: '3.7.0', licenses: ['Apache-2.0'], supplier: { name: 'Gadget GmbH' } });
    expect(zephyr.hashes?.[0]?.alg).toBe('SHA-256');
    expect(edgesOf(r, fw.bomRef)).toEqual([zephyr.bomRef]);
    expect(edgesOf(r, zephyr.bomRef)).toEqual(['pkg:github/Mbed-TLS/mbedtls@v3.6.0']);
  });

  it("never reads back shencha's own SBOM; ignores look-alike files; reads a document named in the config", async () => {
    const r = await run(join(FIX, 'tree'));
    expect(byName(r, 'should-not-appear')).toBeUndefined();
    expect(r.issues.map((i) => [i.code, i.severity, i.location?.path])).toEqual([['SBOM_SUPPLIER_SBOM_SKIPPED', 'info', 'dossier-copy/sbom.cdx.json']]);
    expect(byName(r, 'acme-license-client')).toBeUndefined();
    expect(r.components).toHaveLength(11);

    const named = await run(join(FIX, 'tree'), ['supplier/acme-manifest.json', 'config/sbom-settings.json', 'missing.cdx.json']);
    expect(byName(named, 'acme-license-client')?.supplier).toEqual({ name: 'Acme Corp' });
    expect(named.issues.map((i) => [i.code, i.location?.path]).sort()).toEqual([
      ['SBOM_SUPPLIER_SBOM_SKIPPED', 'dossier-copy/sbom.cdx.json'],
      ['SBOM_UNREADABLE', 'missing.cdx.json'],
      ['SBOM_UNSUPPORTED_FORMAT', 'config/sbom-settings.json'],
    ]);
  });

  it('generateInventory passes the supplier SBOMs named in shencha.yaml to the cataloger', async () => {
    const source = new FileSource(await scanProject(join(FIX, 'tree')));
    const product = { name: 'p', version: '1' };
    const without = await generateInventory(source, { product });
    const withNamed = await generateInventory(source, { product, supplierSboms: ['supplier/acme-manifest.json'] });
    expect(without.components.some((c) => c.name === 'acme-license-client')).toBe(false);
    expect(withNamed.components.find((c) => c.name === 'acme-license-client')?.supplier).toEqual({ name: 'Acme Corp' });
  });

  it("an SPDX or XML document whose creator tool is shencha is skipped too", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shencha-supplier-'));
    await writeFile(
      join(dir, 'sbom.spdx.json'),
      JSON.stringify({ spdxVersion: 'SPDX-2.3', SPDXID: 'SPDXRef-DOCUMENT', creationInfo: { creators: ['Tool: shencha-0.1.0'] }, packages: [{ SPDXID: 'SPDXRef-x', name: 'x' }] }),
    );
    await writeFile(
      join(dir, 'sbom.cdx.xml'),
      '<?xml version="1.0"?>\n<bom xmlns="http://cyclonedx.org/schema/bom/1.6"><metadata><tools><components><component type="application"><name>shencha</name></component></components></tools></metadata><components><component type="library"><name>y</name></component></components></bom>\n',
    );
    const r = await run(dir);
    expect(r.components).toEqual([]);
    expect(r.issues.map((i) => i.code)).toEqual(['SBOM_SUPPLIER_SBOM_SKIPPED', 'SBOM_SUPPLIER_SBOM_SKIPPED']);
  });

  it('malformed JSON and XML: SBOM_PARSE_ERROR with line and column', async () => {
    const r = await run(join(FIX, 'malformed'));
    expect(r.components).toEqual([]);
    expect(r.issues.map((i) => [i.code, i.source, i.location?.path])).toEqual([
      ['SBOM_PARSE_ERROR', 'sbom/supplier-sbom-cataloger', 'broken.bom.xml'],
      ['SBOM_PARSE_ERROR', 'sbom/supplier-sbom-cataloger', 'broken.cdx.json'],
    ]);
    expect(r.issues[0]?.location).toMatchObject({ line: 5, column: 3 });
    expect(r.issues[1]?.location?.line).toBeGreaterThan(1);
    expect(r.issues[1]?.location?.column).toBeGreaterThan(0);
  });
});
