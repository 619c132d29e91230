import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalize, validateAgainstSchema, type Component, type Inventory } from '@shencha/core';
import { annotateInventory, classify } from '../src/index.js';

const ecosystems = ['npm', 'maven', 'go', 'pypi', 'cargo', 'nuget', 'composer', 'gem', 'conan', 'weird'];

const component = fc.record({
  name: fc.string({ minLength: 1, maxLength: 30 }),
  ecosystem: fc.constantFrom(...ecosystems),
  group: fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
  purl: fc.option(fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('pkg:', 'pkg:npm/', 'pkg:golang/github.com/x', 'pkg:maven/a/b@%ZZ', 'pkg:npm/%40alicloud/x@1')), { nil: undefined }),
  author: fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
  licenses: fc.option(fc.array(fc.string({ maxLength: 20 }), { maxLength: 3 }), { nil: undefined }),
  url: fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
  firstParty: fc.boolean(),
  scope: fc.constantFrom('required', 'optional', 'excluded', undefined),
});

describe('robustness', () => {
  it('never throws on odd components and always yields a schema-valid, deterministic classification', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(component, { minLength: 1, maxLength: 12 }), async (raw) => {
        const components: Component[] = raw.map((r, i) => {
          const c: Component = { bomRef: `ref-${i}`, type: 'library', ecosystem: r.ecosystem, name: r.name, evidence: [{ path: 'x', cataloger: 't' }] };
          if (r.group !== undefined) c.group = r.group;
          if (r.purl !== undefined) c.purl = r.purl;
          if (r.author !== undefined) c.author = r.author;
          if (r.licenses !== undefined) c.licenses = r.licenses;
          if (r.url !== undefined) c.externalReferences = [{ type: 'vcs', url: r.url }];
          if (r.firstParty) c.firstParty = true;
          if (r.scope) c.scope = r.scope as Component['scope'];
          return c;
        });
        const inventory: Inventory = { product: { name: 'p', version: '1' }, rootRef: 'ref-0', components, dependencies: [{ ref: 'ref-0', dependsOn: components.map((c) => c.bomRef) }], compositions: [], issues: [] };
        const a = await classify({ inventory, vendor: { entity: 'V', country: 'CN', control: 'foreign-invested' } });
        expect(validateAgainstSchema('classification', JSON.parse(canonicalize(a)))).toEqual([]);
        const b = await classify({ inventory: { ...inventory, components: [...components].reverse() }, vendor: { entity: 'V', country: 'CN', control: 'foreign-invested' } });
        expect(canonicalize(b)).toBe(canonicalize(a));
        expect(annotateInventory(inventory, a).components).toHaveLength(components.length);
      }),
      { numRuns: 60 },
    );
  });
});
