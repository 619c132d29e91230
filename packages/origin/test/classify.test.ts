import { describe, expect, it } from 'vitest';
import { canonicalize, validateAgainstSchema, type Component, type Inventory } from '@shencha/core';
import { annotateInventory, classify, loadKnowledgeBase } from '../src/index.js';

function comp(init: Partial<Component> & { bomRef: string; name: string }): Component {
  return { type: 'library', ecosystem: 'npm', evidence: [{ path: 'package-lock.json', line: 1, cataloger: 'npm-lock-cataloger' }], ...init };
}

export function inventory(components: Component[], dependencies: Inventory['dependencies'] = []): Inventory {
  return { product: { name: 'acme-gateway', version: '1.0.0' }, rootRef: components[0]!.bomRef, components, dependencies, compositions: [], issues: [] };
}

const root = comp({ bomRef: 'pkg:npm/acme-gateway@1.0.0', name: 'acme-gateway', version: '1.0.0', purl: 'pkg:npm/acme-gateway@1.0.0', firstParty: true, type: 'application' });
const unknown = comp({ bomRef: 'pkg:npm/left-pad-zz@1.0.0', name: 'left-pad-zz', version: '1.0.0', purl: 'pkg:npm/left-pad-zz@1.0.0' });

describe('classify: first-party and unknown', () => {
  it('gives first-party components O1/O2/O3 from the vendor control, with vendor-profile evidence', async () => {
    for (const [control, cls] of [['cn-controlled', 'O1'], ['foreign-invested', 'O2'], ['foreign', 'O3']] as const) {
      const c = await classify({ inventory: inventory([root, unknown]), vendor: { entity: 'Acme', country: 'CN', control } });
      const fp = c.components.find((x) => x.firstParty)!;
      expect(fp.class).toBe(cls);
      expect(fp.evidence[0]!.basis).toBe('vendor-profile');
      expect(fp.country).toBe('CN');
      expect(validateAgainstSchema('classification', JSON.parse(canonicalize(c)))).toEqual([]);
    }
  });

  it('makes a component no evidence explains O8, saying why, and records the KB version and hash', async () => {
    const kb = await loadKnowledgeBase();
    const c = await classify({ inventory: inventory([root, unknown]), vendor: { entity: 'Acme', country: 'CN', control: 'cn-controlled' } });
    const u = c.components.find((x) => x.bomRef === unknown.bomRef)!;
    expect(u.class).toBe('O8');
    expect(u.reasons[0]).toMatch(/no knowledge-base entry yet/);
    expect(c.knowledgeBase).toEqual({ version: kb.version, sha256: kb.sha256 });
    expect(kb.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(c.components.map((x) => x.bomRef)).toEqual([...c.components.map((x) => x.bomRef)].sort());
  });

  it('is deterministic and reports an incomplete vendor profile as an issue, not a crash', async () => {
    const a = await classify({ inventory: inventory([root, unknown]), vendor: { entity: 'Acme', country: 'CN', control: 'cn-controlled' } });
    const b = await classify({ inventory: inventory([unknown, root]), vendor: { entity: 'Acme', country: 'CN', control: 'cn-controlled' } });
    expect(canonicalize(a)).toBe(canonicalize(b));
    const bad = await classify({ inventory: inventory([root]), vendor: { entity: '', country: 'China', control: 'cn-controlled' } });
    expect(bad.issues.filter((i) => i.code === 'ORIGIN_VENDOR_INVALID')).toHaveLength(2);
    expect(bad.components[0]!.class).toBe('O8');
  });
});

describe('annotateInventory', () => {
  it('adds shencha:* properties and the supplier, and leaves the input untouched', async () => {
    const inv = inventory([root, unknown]);
    const before = canonicalize(inv);
    const c = await classify({ inventory: inv, vendor: { entity: 'Acme Ltd', country: 'CN', control: 'cn-controlled' } });
    const out = annotateInventory(inv, c);
    expect(canonicalize(inv)).toBe(before);
    const fp = out.components.find((x) => x.firstParty)!;
    expect(fp.properties).toMatchObject({ 'shencha:origin:class': 'O1', 'shencha:origin:country': 'CN', 'shencha:tier': expect.any(String), 'shencha:tier:reason': expect.any(String) });
    expect(fp.supplier).toEqual({ name: 'Acme Ltd' });
    const u = out.components.find((x) => x.bomRef === unknown.bomRef)!;
    expect(u.properties?.['shencha:origin:class']).toBe('O8');
    expect(u.supplier).toBeUndefined();
  });
});
