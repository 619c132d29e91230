import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toCycloneDx, validateCycloneDx } from '../src/index.js';
import { npmCataloger } from '../catalogers/npm/index.js';
import { FIXTURES, inventoryOf, tempProject } from './helpers.js';

const OPTS = { timestamp: '2026-01-02T03:04:05Z', toolVersion: '0.1.0' };
const npmCases = readdirSync(join(FIXTURES, 'npm')).sort();

describe('CycloneDX output', () => {
  for (const name of npmCases) {
    it(`${name}: valid against the official 1.6 and 1.7 schemas`, async () => {
      const inv = await inventoryOf(join(FIXTURES, 'npm', name), [npmCataloger]);
      // Schema validation of big BOMs is slow (ajv's uniqueItems): the largest are checked on 1.6 only.
      const versions = inv.components.length > 500 ? (['1.6'] as const) : (['1.6', '1.7'] as const);
      for (const specVersion of versions) {
        const json = toCycloneDx(inv, { ...OPTS, specVersion });
        expect(await validateCycloneDx(json, specVersion)).toEqual([]);
        const bom = JSON.parse(json);
        expect(bom.specVersion).toBe(specVersion);
        expect(bom.components?.length ?? 0).toBe(inv.components.length);
      }
    });
  }

  it('is byte-identical for identical input, canonical, with a content-derived serial number', async () => {
    const dir = join(FIXTURES, 'npm', 'lock-v2-workspaces');
    const a = toCycloneDx(await inventoryOf(dir, [npmCataloger]), OPTS);
    const b = toCycloneDx(await inventoryOf(dir, [npmCataloger]), OPTS);
    expect(a).toBe(b);
    const bom = JSON.parse(a);
    expect(bom.serialNumber).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // A different timestamp changes only the timestamp, not the serial number.
    const c = JSON.parse(toCycloneDx(await inventoryOf(dir, [npmCataloger]), { ...OPTS, timestamp: '2027-01-01T00:00:00Z' }));
    expect(c.serialNumber).toBe(bom.serialNumber);
    expect(c.metadata.timestamp).toBe('2027-01-01T00:00:00Z');
    const other = JSON.parse(toCycloneDx(await inventoryOf(join(FIXTURES, 'npm', 'lock-v2-npm-aliases'), [npmCataloger]), OPTS));
    expect(other.serialNumber).not.toBe(bom.serialNumber);
  });

  it('carries metadata, scopes, hashes, properties, graph and compositions', async () => {
    const inv = await inventoryOf(join(FIXTURES, 'npm', 'lock-v2-shopify-theme'), [npmCataloger]);
    const bom = JSON.parse(toCycloneDx(inv, OPTS));
    expect(bom.metadata.timestamp).toBe(OPTS.timestamp);
    expect(bom.metadata.component).toMatchObject({ 'bom-ref': 'product:test-product@1.0.0', type: 'application', name: 'test-product', version: '1.0.0' });
    expect(bom.metadata.tools.components[0]).toMatchObject({ name: 'shencha', version: '0.1.0' });
    expect(bom.metadata.lifecycles).toEqual([{ phase: 'pre-build' }]);
    const dev = bom.components.find((c: any) => c.scope === 'excluded');
    expect(dev.properties).toContainEqual({ name: 'shencha:scope-reason', value: 'dev' });
    const names = dev.properties.map((p: any) => `${p.name}=${p.value}`);
    expect([...names].sort()).toEqual(names);
    expect(dev.properties.some((p: any) => p.name === 'shencha:evidence' && /^package-lock\.json:\d+$/.test(p.value))).toBe(true);
    const withHash = bom.components.find((c: any) => c.hashes);
    expect(withHash.hashes[0]).toMatchObject({ alg: 'SHA-512' });
    expect(withHash.hashes[0].content).toMatch(/^[0-9a-f]{128}$/);
    const root = bom.dependencies.find((d: any) => d.ref === 'product:test-product@1.0.0');
    expect(root.dependsOn).toEqual(inv.components.filter((c) => c.firstParty).map((c) => c.bomRef));
    expect(bom.compositions).toEqual([{ 'bom-ref': 'composition:npm:complete', aggregate: 'complete', assemblies: inv.compositions[0]!.refs }]);
  });

  it('a project without lockfiles still gives a valid BOM of the product alone', async () => {
    const inv = await inventoryOf(tempProject({ 'README.md': '# x\n' }));
    const json = toCycloneDx(inv, OPTS);
    expect(await validateCycloneDx(json, '1.6')).toEqual([]);
    expect(JSON.parse(json).components ?? []).toEqual([]);
  });
});
