import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import parseSpdx from 'spdx-expression-parse';
import { toCycloneDx, toSpdx, validateCycloneDxXml } from '../src/index.js';
import { bunCataloger } from '../catalogers/bun/index.js';
import { npmCataloger } from '../catalogers/npm/index.js';
import { pnpmCataloger } from '../catalogers/pnpm/index.js';
import { yarnCataloger } from '../catalogers/yarn/index.js';
import { FIXTURES, inventoryOf } from './helpers.js';

const MINE = [npmCataloger, pnpmCataloger, yarnCataloger, bunCataloger];

const OPTS = { timestamp: '2026-01-02T03:04:05Z', toolVersion: '0.1.0' };

describe('CycloneDX XML', () => {
  for (const [eco, name] of [
    ['npm', 'lock-v2-workspaces'],
    ['pnpm', 'own-9.0-patched-workspace'],
    ['yarn-berry', 'metadata-v6-yarn3'],
    ['bun', 'text-lock'],
  ] as const) {
    it(`${eco}/${name}: valid against the official 1.6 and 1.7 XSDs, deterministic`, async () => {
      const inv = await inventoryOf(join(FIXTURES, eco, name), MINE);
      for (const specVersion of ['1.6', '1.7'] as const) {
        const xml = toCycloneDx(inv, { ...OPTS, specVersion, format: 'xml' });
        expect(await validateCycloneDxXml(xml, specVersion)).toEqual([]);
        expect(xml).toContain(`xmlns="http://cyclonedx.org/schema/bom/${specVersion}"`);
        expect(xml).toContain(`<timestamp>${OPTS.timestamp}</timestamp>`);
        expect(xml).toContain('<compositions>');
        expect(toCycloneDx(inv, { ...OPTS, specVersion, format: 'xml' })).toBe(xml);
        // JSON and XML of the same BOM share the content-derived serial number.
        const serial = JSON.parse(toCycloneDx(inv, { ...OPTS, specVersion })).serialNumber;
        expect(xml).toContain(`serialNumber="${serial}"`);
      }
    });
  }

  it('the XML validator rejects a broken document and external entities', async () => {
    expect(await validateCycloneDxXml('<bom xmlns="http://cyclonedx.org/schema/bom/1.6"><nope/></bom>')).not.toEqual([]);
    const xxe = '<?xml version="1.0"?><!DOCTYPE bom [<!ENTITY e SYSTEM "file:///etc/passwd">]><bom xmlns="http://cyclonedx.org/schema/bom/1.6">&e;</bom>';
    const errs = await validateCycloneDxXml(xxe);
    expect(errs).not.toEqual([]);
    expect(errs.join('\n')).not.toContain('root:');
  });
});

describe('SPDX 2.3 JSON', () => {
  it('holds every component, the graph as relationships, valid ids and licence expressions', async () => {
    const inv = await inventoryOf(join(FIXTURES, 'npm', 'lock-v2-workspaces'), MINE);
    const text = toSpdx(inv, OPTS);
    expect(toSpdx(await inventoryOf(join(FIXTURES, 'npm', 'lock-v2-workspaces'), MINE), OPTS)).toBe(text);
    const doc = JSON.parse(text);
    expect(doc).toMatchObject({ spdxVersion: 'SPDX-2.3', dataLicense: 'CC0-1.0', SPDXID: 'SPDXRef-DOCUMENT' });
    expect(doc.creationInfo).toEqual({ created: OPTS.timestamp, creators: ['Tool: shencha-0.1.0'] });
    expect(doc.documentNamespace).toMatch(/^https:\/\/spdx\.org\/spdxdocs\/shencha-test-product-[0-9a-f-]{36}$/);
    expect(doc.packages).toHaveLength(inv.components.length + 1);
    const ids = new Set<string>(doc.packages.map((p: any) => p.SPDXID));
    expect(ids.size).toBe(doc.packages.length);
    for (const p of doc.packages) {
      expect(p.SPDXID).toMatch(/^SPDXRef-[A-Za-z0-9.-]+$/);
      for (const f of ['name', 'downloadLocation', 'licenseConcluded', 'licenseDeclared', 'copyrightText']) expect(p[f], f).toBeTypeOf('string');
      expect(p.filesAnalyzed).toBe(false);
      if (!['NOASSERTION', 'NONE'].includes(p.licenseDeclared)) expect(() => parseSpdx(p.licenseDeclared.replace(/LicenseRef-[A-Za-z0-9.-]+/g, 'MIT'))).not.toThrow();
      for (const c of p.checksums ?? []) expect(c.checksumValue).toMatch(/^[0-9a-f]+$/);
    }
    const refIds = new Set(doc.hasExtractedLicensingInfos?.map((l: any) => l.licenseId) ?? []);
    for (const p of doc.packages) for (const m of String(p.licenseDeclared).matchAll(/LicenseRef-[A-Za-z0-9.-]+/g)) expect(refIds.has(m[0])).toBe(true);
    for (const r of doc.relationships) {
      expect(r.spdxElementId === 'SPDXRef-DOCUMENT' || ids.has(r.spdxElementId)).toBe(true);
      expect(ids.has(r.relatedSpdxElement)).toBe(true);
    }
    const types = new Set(doc.relationships.map((r: any) => r.relationshipType));
    expect([...types].sort()).toEqual(['DEPENDS_ON', 'DESCRIBES', 'DEV_DEPENDENCY_OF', 'OPTIONAL_DEPENDENCY_OF']);
    const edges = inv.dependencies.reduce((n, d) => n + d.dependsOn.length, 0);
    expect(doc.relationships.length).toBe(edges + 1);
    const withPurl = doc.packages.filter((p: any) => p.externalRefs?.[0]?.referenceType === 'purl');
    expect(withPurl.length).toBe(inv.components.filter((c) => c.purl).length);
  });
});
