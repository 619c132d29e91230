import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pnpmCataloger } from '../catalogers/pnpm/index.js';
import { FIXTURES, inventoryOf } from './helpers.js';

const PNPM = join(FIXTURES, 'pnpm');

/** SOURCES.tsv: distinct name@version from packages{} keys (peer suffix stripped). */
const CASES: [string, number, number][] = [
  // case, package_count, first-party importers
  ['lock-5.1-rush-shrinkwrap', 1782, 1],
  ['lock-5.3-workspace-importers', 318, 4],
  ['lock-5.4-peer-suffix', 3, 1],
  ['lock-6.0-vite', 234, 1],
  ['lock-6.0-workspace-bytemd', 1189, 16],
  ['lock-9.0-react', 461, 1],
  ['lock-9.0-multi-document', 3, 1],
];

const deps = (inv: Awaited<ReturnType<typeof inventoryOf>>, ref: string) => inv.dependencies.find((d) => d.ref === ref)?.dependsOn ?? [];
const byPurl = (inv: Awaited<ReturnType<typeof inventoryOf>>, purl: string) => inv.components.find((c) => c.purl === purl);

describe('pnpm cataloger', () => {
  for (const [name, count, importers] of CASES) {
    it(`${name}: ${count} packages, ${importers} importer(s)`, async () => {
      const inv = await inventoryOf(join(PNPM, name), [pnpmCataloger]);
      expect(inv.issues.filter((i) => i.severity === 'error')).toEqual([]);
      const third = inv.components.filter((c) => !c.firstParty);
      expect(new Set(third.map((c) => `${c.name}@${c.version}`)).size).toBe(count);
      expect(third.length).toBe(count);
      expect(inv.components.filter((c) => c.firstParty).length).toBe(importers);
      // Every package is reachable from the product, every registry package has a hash.
      const edges = new Map(inv.dependencies.map((d) => [d.ref, d.dependsOn]));
      const seen = new Set([inv.rootRef]);
      const stack = [inv.rootRef];
      while (stack.length) for (const d of edges.get(stack.pop()!) ?? []) if (!seen.has(d)) (seen.add(d), stack.push(d));
      for (const c of inv.components) expect(seen.has(c.bomRef), c.bomRef).toBe(true);
      const registry = third.filter((c) => !c.properties?.['shencha:npm-source']);
      expect(registry.filter((c) => !c.hashes?.length).map((c) => c.bomRef)).toEqual([]);
      expect(inv.compositions).toHaveLength(1);
      expect(inv.compositions[0]).toMatchObject({ ecosystem: 'pnpm', aggregate: 'complete' });
    });
  }

  it('5.x peer suffixes: one component per package, edges to the peer-resolved instance', async () => {
    const inv = await inventoryOf(join(PNPM, 'lock-5.4-peer-suffix'), [pnpmCataloger]);
    expect(deps(inv, 'pkg:npm/acorn-jsx@5.3.2')).toEqual(['pkg:npm/acorn@8.8.0']);
    const root = inv.components.find((c) => c.firstParty)!;
    expect(deps(inv, root.bomRef)).toEqual(['pkg:npm/acorn-jsx@5.3.2', 'pkg:npm/acorn@8.8.0', 'pkg:npm/webpack-cli@4.10.0']);
    const acorn = byPurl(inv, 'pkg:npm/acorn@8.8.0')!;
    expect(acorn.hashes?.[0]).toEqual({
      alg: 'SHA-512',
      content: Buffer.from('QOxyigPVrpZ2GXT+PFyZTl6TtOFc5egxHIP9IlQ+RbupQuX4RkT/Bee4/kQuC02Xkzg84JcT7oLYtDIQxp+v7w==', 'base64').toString('hex'),
    });
    expect(acorn.evidence[0]).toEqual({ path: 'pnpm-lock.yaml', line: 14, cataloger: 'pnpm-lock-cataloger' });
  });

  it('5.3 importers: workspace members are first-party with their link edges; scopes from the importers', async () => {
    const inv = await inventoryOf(join(PNPM, 'lock-5.3-workspace-importers'), [pnpmCataloger]);
    const ref = (imp: string) => `pnpm:pnpm-lock.yaml#${imp}`;
    expect(deps(inv, ref('packages/web'))).toEqual([ref('packages/ui'), ref('packages/utils')]);
    expect(deps(inv, ref('packages/ui'))).toEqual([ref('packages/utils')]);
    expect(byPurl(inv, 'pkg:npm/react-dom@17.0.2')?.scope).toBe('required');
    expect(deps(inv, 'pkg:npm/react-dom@17.0.2')).toContain('pkg:npm/react@17.0.2');
    const vite = byPurl(inv, 'pkg:npm/vite@2.8.2')!;
    expect(vite.scope).toBe('excluded');
    expect(vite.properties?.['shencha:scope-reason']).toBe('dev');
    expect(deps(inv, inv.rootRef)).toEqual([ref('.'), ref('packages/ui'), ref('packages/utils'), ref('packages/web')]);
  });

  it('6.0: parenthesised peer suffixes, dev and optional', async () => {
    const inv = await inventoryOf(join(PNPM, 'lock-6.0-vite'), [pnpmCataloger]);
    const vite = byPurl(inv, 'pkg:npm/vite@4.2.1')!;
    expect(vite.scope).toBe('required');
    expect(deps(inv, vite.bomRef)).toEqual(expect.arrayContaining(['pkg:npm/%40types/node@18.15.11']));
    expect(deps(inv, vite.bomRef).some((r) => r.startsWith('pkg:npm/esbuild@'))).toBe(true);
    expect(byPurl(inv, 'pkg:npm/%40cyclonedx/cdxgen@8.2.2')?.scope).toBe('excluded');
    expect(inv.components.some((c) => c.scope === 'optional')).toBe(true);
  });

  it('9.0: packages + snapshots', async () => {
    const inv = await inventoryOf(join(PNPM, 'lock-9.0-react'), [pnpmCataloger]);
    expect(byPurl(inv, 'pkg:npm/react@18.3.1')?.scope).toBe('required');
    expect(deps(inv, 'pkg:npm/react@18.3.1')).toEqual(['pkg:npm/loose-envify@1.4.0']);
    expect(byPurl(inv, 'pkg:npm/loose-envify@1.4.0')?.scope).toBe('required');
    expect(byPurl(inv, 'pkg:npm/%40cyclonedx/cdxgen@10.7.0')?.scope).toBe('excluded');
  });

  it('9.0 multi-document: both documents count; pnpm itself is tooling', async () => {
    const inv = await inventoryOf(join(PNPM, 'lock-9.0-multi-document'), [pnpmCataloger]);
    expect(byPurl(inv, 'pkg:npm/minimist@1.2.0')?.scope).toBe('required');
    const pnpm = byPurl(inv, 'pkg:npm/pnpm@12.0.0-rc.3')!;
    expect(pnpm.scope).toBe('excluded');
    expect(pnpm.properties?.['shencha:scope-reason']).toBe('package-manager');
    expect(deps(inv, pnpm.bomRef)).toEqual(['pkg:npm/%40pnpm/exe.linux-x64@12.0.0-rc.3']);
  });

  it('patchedDependencies, workspace links, out-of-sync package.json', async () => {
    const inv = await inventoryOf(join(PNPM, 'own-9.0-patched-workspace'), [pnpmCataloger]);
    const leftPad = byPurl(inv, 'pkg:npm/left-pad@1.3.0')!;
    expect(leftPad.properties?.['shencha:patched']).toBe('patches/left-pad@1.3.0.patch');
    expect(leftPad.scope).toBe('required');
    const root = 'pnpm:pnpm-lock.yaml#.';
    const lib = 'pnpm:pnpm-lock.yaml#packages/lib';
    expect(inv.components.find((c) => c.bomRef === lib)).toMatchObject({ name: '@acme/lib', version: '0.3.0', purl: 'pkg:npm/%40acme/lib@0.3.0', licenses: ['Apache-2.0'] });
    expect(deps(inv, root)).toEqual(['pkg:npm/is-number@7.0.0', 'pkg:npm/left-pad@1.3.0', lib]);
    expect(deps(inv, lib)).toEqual(['pkg:npm/is-odd@3.0.1']);
    expect(deps(inv, 'pkg:npm/is-odd@3.0.1')).toEqual(['pkg:npm/is-number@6.0.0']);
    expect(byPurl(inv, 'pkg:npm/is-number@6.0.0')?.scope).toBe('required');
    expect(byPurl(inv, 'pkg:npm/is-number@7.0.0')?.scope).toBe('excluded');
    const sync = inv.issues.filter((i) => i.code === 'SBOM_LOCK_OUT_OF_SYNC');
    expect(sync).toHaveLength(1);
    expect(sync[0]!.severity).toBe('warning');
    expect(sync[0]!.message).toContain('typescript');
  });

  it('malformed-corrupt: SBOM_PARSE_ERROR naming cataloger, file, line and column', async () => {
    const inv = await inventoryOf(join(PNPM, 'malformed-corrupt'), [pnpmCataloger]);
    expect(inv.issues).toHaveLength(1);
    expect(inv.issues[0]).toMatchObject({ code: 'SBOM_PARSE_ERROR', severity: 'error', location: { path: 'pnpm-lock.yaml', line: 4, column: 7 } });
    expect(inv.issues[0]!.message).toContain('pnpm-lock-cataloger');
  });
});
