import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { npmCataloger } from '../catalogers/npm/index.js';
import { FIXTURES, inventoryOf, tempProject } from './helpers.js';

const NPM = join(FIXTURES, 'npm');

/** SOURCES.tsv package_count and count_method for each npm fixture. */
const CASES: { name: string; count: number; method: 'packages' | 'v1' }[] = [
  { name: 'lock-v1-x-tag', count: 571, method: 'v1' },
  { name: 'lock-v1-nested-dependencies', count: 8, method: 'v1' },
  { name: 'lock-v2-shopify-theme', count: 133, method: 'packages' },
  { name: 'lock-v3-express-mongoose-app', count: 150, method: 'packages' },
  { name: 'lock-v2-workspaces', count: 948, method: 'packages' },
  { name: 'lock-v2-npm-aliases', count: 3, method: 'packages' },
  { name: 'lock-v2-empty-packages', count: 0, method: 'v1' },
];

/** An independent count by the row's count_method, straight from the raw JSON. */
function countByMethod(lock: Record<string, any>, method: 'packages' | 'v1'): number {
  const seen = new Set<string>();
  if (method === 'packages') {
    for (const [key, e] of Object.entries<any>(lock['packages'] ?? {})) {
      if (key === '' || e.link) continue;
      const name = e.name ?? (key.includes('node_modules/') ? key.slice(key.lastIndexOf('node_modules/') + 13) : key.slice(key.lastIndexOf('/') + 1));
      seen.add(`${name}@${e.version}`);
    }
  } else {
    const walk = (deps: Record<string, any>): void => {
      for (const [name, e] of Object.entries<any>(deps)) {
        seen.add(`${name}@${e.version}`);
        if (e.dependencies) walk(e.dependencies);
      }
    };
    walk(lock['dependencies'] ?? {});
  }
  return seen.size;
}

describe('npm cataloger: counts per SOURCES.tsv', () => {
  for (const c of CASES) {
    it(`${c.name}: ${c.count} packages`, async () => {
      const dir = join(NPM, c.name);
      const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8'));
      expect(countByMethod(lock, c.method)).toBe(c.count);
      const inv = await inventoryOf(dir, [npmCataloger]);
      expect(inv.issues.filter((i) => i.severity === 'error')).toEqual([]);
      // The lock's root is the one component not counted; workspaces are counted.
      const counted = inv.components.filter((x) => x.properties?.['shencha:npm-location'] !== '.');
      const nv = new Set(counted.map((x) => `${x.properties?.['shencha:npm-alias'] && c.method === 'v1' ? x.properties['shencha:npm-alias'] : x.name}@${x.version}`));
      expect(nv.size).toBe(c.count);
      expect(counted.length).toBe(c.count);
      // Every component is reachable from the product root.
      const edges = new Map(inv.dependencies.map((d) => [d.ref, d.dependsOn]));
      const seen = new Set([inv.rootRef]);
      const stack = [inv.rootRef];
      while (stack.length) for (const d of edges.get(stack.pop()!) ?? []) if (!seen.has(d)) (seen.add(d), stack.push(d));
      for (const comp of inv.components) expect(seen.has(comp.bomRef), comp.bomRef).toBe(true);
      expect(inv.compositions).toEqual([
        expect.objectContaining({ ecosystem: 'npm', aggregate: 'complete', path: 'package-lock.json' }),
      ]);
    });
  }
});

describe('npm cataloger: content', () => {
  it('resolves aliases to the real package, keeps the alias, maps integrity to SHA-512 hex', async () => {
    const inv = await inventoryOf(join(NPM, 'lock-v2-npm-aliases'), [npmCataloger]);
    const byPurl = new Map(inv.components.map((c) => [c.purl, c]));
    const alias = byPurl.get('pkg:npm/case@1.6.3');
    expect(alias?.properties?.['shencha:npm-alias']).toBe('case-alias');
    const chai = byPurl.get('pkg:npm/%40bundled-es-modules/chai@4.2.2');
    expect(chai?.name).toBe('@bundled-es-modules/chai');
    expect(chai?.hashes).toEqual([
      {
        alg: 'SHA-512',
        content: Buffer.from('iGmVYw2/zJCoqyKTtWEYCtFmMyi8WmACQKtky0lpNyEKWX0YIOpKWGD7saMXL+tPpllss0otilxV0SLwyi3Ytg==', 'base64').toString('hex'),
      },
    ]);
    const root = inv.components.find((c) => c.firstParty)!;
    expect(root).toMatchObject({ name: 'alias-check', version: '1.0.0', type: 'application', licenses: ['ISC'] });
    const rootEdges = inv.dependencies.find((d) => d.ref === root.bomRef)!.dependsOn;
    expect(rootEdges).toEqual(['pkg:npm/%40bundled-es-modules/chai@4.2.2', 'pkg:npm/case@1.6.2', 'pkg:npm/case@1.6.3']);
    expect(inv.dependencies.find((d) => d.ref === inv.rootRef)!.dependsOn).toEqual([root.bomRef]);
  });

  it('resolves dependencies the way node does: the nearest node_modules wins', async () => {
    const inv = await inventoryOf(join(NPM, 'lock-v2-shopify-theme'), [npmCataloger]);
    const deps = (purl: string) => inv.dependencies.find((d) => d.ref === purl)?.dependsOn ?? [];
    expect(deps('pkg:npm/tailwindcss@3.2.1')).toContain('pkg:npm/glob-parent@6.0.2');
    expect(deps('pkg:npm/tailwindcss@3.2.1')).not.toContain('pkg:npm/glob-parent@5.1.2');
    expect(deps('pkg:npm/chokidar@3.5.3')).toContain('pkg:npm/glob-parent@5.1.2');
    expect(deps('pkg:npm/ts-node@10.9.1')).toContain('pkg:npm/acorn@8.8.0');
    expect(deps('pkg:npm/acorn-node@1.8.2')).toContain('pkg:npm/acorn@7.4.1');
  });

  it('marks dev dependencies excluded with the reason, optional ones optional, and carries licences', async () => {
    let dev = 0;
    let optional = 0;
    let licensed = 0;
    for (const name of ['lock-v2-shopify-theme', 'lock-v2-workspaces']) {
      const dir = join(NPM, name);
      const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8'));
      const inv = await inventoryOf(dir, [npmCataloger]);
      const byPurl = new Map(inv.components.map((c) => [`pkg:npm/${c.name.replace('@', '%40')}@${c.version}`, c]));
      // Top-level installs only: a name@version installed twice takes the strongest scope.
      const strongest = new Map<string, string>();
      for (const [key, e] of Object.entries<any>(lock.packages)) {
        if (!key.startsWith('node_modules/') || e.link) continue;
        const purl = `pkg:npm/${(e.name ?? key.slice(key.lastIndexOf('node_modules/') + 13)).replace('@', '%40')}@${e.version}`;
        const scope = e.dev ? 'excluded' : e.optional || e.devOptional ? 'optional' : 'required';
        const rank = { excluded: 0, optional: 1, required: 2 } as Record<string, number>;
        const prev = strongest.get(purl);
        if (prev === undefined || rank[scope]! > rank[prev]!) strongest.set(purl, scope);
        const c = byPurl.get(purl)!;
        expect(c, key).toBeDefined();
        if (typeof e.license === 'string') (licensed++, expect(c.licenses).toContain(e.license));
        if (e.integrity) expect(c.hashes?.length, key).toBeGreaterThan(0);
      }
      for (const [purl, scope] of strongest) {
        const c = byPurl.get(purl)!;
        expect(c.scope, purl).toBe(scope);
        if (scope === 'excluded') (dev++, expect(c.properties?.['shencha:scope-reason']).toBe('dev'));
        if (scope === 'optional') optional++;
      }
    }
    expect(dev).toBeGreaterThan(100);
    expect(optional).toBeGreaterThan(10);
    expect(licensed).toBeGreaterThan(100);
  });

  it('lists the root and every workspace as first-party components with their own edges', async () => {
    const inv = await inventoryOf(join(NPM, 'lock-v2-workspaces'), [npmCataloger]);
    const fp = inv.components.filter((c) => c.firstParty);
    expect(fp.map((c) => c.properties?.['shencha:npm-location']).sort()).toEqual(['.', 'app', 'edge', 'scripts']);
    expect(fp.find((c) => c.properties?.['shencha:npm-location'] === '.')).toMatchObject({ name: 'root', type: 'application' });
    const app = fp.find((c) => c.properties?.['shencha:npm-location'] === 'app')!;
    expect(app.type).toBe('library');
    const appEdges = inv.dependencies.find((d) => d.ref === app.bomRef)!.dependsOn;
    expect(appEdges.some((r) => r.startsWith('pkg:npm/%40babel/runtime@'))).toBe(true);
    expect(inv.dependencies.find((d) => d.ref === inv.rootRef)!.dependsOn).toEqual(fp.map((c) => c.bomRef).sort());
  });

  it('v1 locks: nested installs become distinct components, dev flags apply', async () => {
    const inv = await inventoryOf(join(NPM, 'lock-v1-nested-dependencies'), [npmCataloger]);
    const purls = inv.components.filter((c) => !c.firstParty).map((c) => c.purl).sort();
    expect(inv.components.find((c) => c.firstParty)).toMatchObject({ name: 'lock-v1-nested-dependencies', type: 'application' });
    expect(purls).toEqual([
      'pkg:npm/dev-nested@1.0.0',
      'pkg:npm/dev-parent@1.0.0',
      'pkg:npm/duplicate@1.0.0',
      'pkg:npm/middle@1.0.0',
      'pkg:npm/parent@1.0.0',
      'pkg:npm/shared@0.5.0',
      'pkg:npm/shared@1.0.0',
      'pkg:npm/shared@2.0.0',
    ]);
    expect(inv.components.find((c) => c.purl === 'pkg:npm/dev-parent@1.0.0')?.scope).toBe('excluded');
    // Without `requires`, what is nested under a package was installed for it.
    const deps = (ref: string) => inv.dependencies.find((d) => d.ref === ref)?.dependsOn;
    expect(deps('pkg:npm/parent@1.0.0')).toEqual(['pkg:npm/duplicate@1.0.0', 'pkg:npm/middle@1.0.0', 'pkg:npm/shared@1.0.0']);
    expect(deps('pkg:npm/middle@1.0.0')).toEqual(['pkg:npm/shared@0.5.0']);
    expect(deps(inv.components.find((c) => c.firstParty)!.bomRef)).toEqual([
      'pkg:npm/dev-parent@1.0.0',
      'pkg:npm/parent@1.0.0',
      'pkg:npm/shared@2.0.0',
    ]);
    // `sha512-parent` is not a digest: no hash rather than a wrong one.
    expect(inv.components.find((c) => c.purl === 'pkg:npm/parent@1.0.0')?.hashes).toBeUndefined();
  });

  it('malformed-corrupt: a located SBOM_PARSE_ERROR naming the cataloger; other locks still catalogued', async () => {
    const only = await inventoryOf(join(NPM, 'malformed-corrupt'), [npmCataloger]);
    const err = only.issues.find((i) => i.code === 'SBOM_PARSE_ERROR')!;
    expect(err).toMatchObject({ severity: 'error', location: { path: 'package-lock.json', line: 3, column: 10 } });
    expect(err.message).toContain('npm-lock-cataloger');
    expect(only.issues.some((i) => i.code === 'SBOM_NO_LOCKFILE')).toBe(false);

    const root = tempProject({}, { broken: join(NPM, 'malformed-corrupt'), good: join(NPM, 'lock-v3-express-mongoose-app') });
    const inv = await inventoryOf(root);
    expect(inv.issues.find((i) => i.code === 'SBOM_PARSE_ERROR')?.location).toEqual({ path: 'broken/package-lock.json', line: 3, column: 10 });
    expect(inv.components.filter((c) => c.ecosystem === 'npm' && !c.firstParty).length).toBe(150);
  });

  it('a project without any lockfile gets a SBOM_NO_LOCKFILE warning', async () => {
    const inv = await inventoryOf(tempProject({ 'src/main.ts': 'export {};\n' }));
    expect(inv.issues.map((i) => [i.code, i.severity])).toEqual([['SBOM_NO_LOCKFILE', 'warning']]);
    expect(inv.components).toEqual([]);
    expect(inv.dependencies).toEqual([{ ref: 'product:test-product@1.0.0', dependsOn: [] }]);
  });

  it('reads a lockfile that .gitignore excludes, but nothing under node_modules', async () => {
    const lock = readFileSync(join(NPM, 'lock-v2-npm-aliases', 'package-lock.json'), 'utf8');
    const root = tempProject({
      '.gitignore': 'package-lock.json\n',
      'package-lock.json': lock,
      'node_modules/x/package-lock.json': readFileSync(join(NPM, 'lock-v3-express-mongoose-app', 'package-lock.json'), 'utf8'),
    });
    const inv = await inventoryOf(root, [npmCataloger]);
    expect(inv.components.filter((c) => !c.firstParty).length).toBe(3);
  });

  it('a lock out of sync with package.json is a warning', async () => {
    const lock = readFileSync(join(NPM, 'lock-v2-npm-aliases', 'package-lock.json'), 'utf8');
    const root = tempProject({
      'package-lock.json': lock,
      'package.json': JSON.stringify({ name: 'alias-check', version: '1.0.0', dependencies: { case: '1.6.2', leftpad: '^1.0.0' } }),
    });
    const inv = await inventoryOf(root, [npmCataloger]);
    const w = inv.issues.find((i) => i.code === 'SBOM_LOCK_OUT_OF_SYNC');
    expect(w?.severity).toBe('warning');
    expect(w?.message).toContain('leftpad');
  });

  it('reads installed node_modules metadata on demand: licence, author, repository; bundled deps marked', async () => {
    const lock = {
      name: 'app',
      version: '1.0.0',
      lockfileVersion: 3,
      packages: {
        '': { name: 'app', version: '1.0.0', dependencies: { a: '^1.0.0', '@s/b': '^2.0.0' } },
        'node_modules/a': { version: '1.0.0', dependencies: { c: '1' } },
        'node_modules/a/node_modules/c': { version: '3.0.0', inBundle: true },
        'node_modules/@s/b': { version: '2.0.0', license: 'MIT' },
      },
    };
    const root = tempProject({
      'package-lock.json': JSON.stringify(lock),
      'node_modules/a/package.json': JSON.stringify({ name: 'a', version: '1.0.0', license: 'BSD-3-Clause', author: { name: 'Ann' }, repository: 'github-user/a' }),
      'node_modules/a/node_modules/c/package.json': JSON.stringify({ name: 'c', version: '3.0.0', licenses: [{ type: 'MIT' }, { type: 'Apache-2.0' }] }),
      // A stale install (other version) must not lend its facts to the locked package.
      'node_modules/@s/b/package.json': JSON.stringify({ name: '@s/b', version: '9.9.9', license: 'GPL-3.0-only', author: 'Mallory' }),
    });
    const inv = await inventoryOf(root, [npmCataloger]);
    const a = inv.components.find((c) => c.purl === 'pkg:npm/a@1.0.0')!;
    expect(a).toMatchObject({ licenses: ['BSD-3-Clause'], author: 'Ann' });
    expect(a.externalReferences).toContainEqual({ type: 'vcs', url: 'https://github.com/github-user/a' });
    expect(a.evidence.map((e) => e.path)).toEqual(['node_modules/a/package.json', 'package-lock.json']);
    const c = inv.components.find((x) => x.purl === 'pkg:npm/c@3.0.0')!;
    expect(c.licenses).toEqual(['Apache-2.0', 'MIT']);
    expect(c.properties?.['shencha:npm-bundled']).toBe('true');
    const b = inv.components.find((x) => x.purl === 'pkg:npm/%40s/b@2.0.0')!;
    expect(b.licenses).toEqual(['MIT']);
    expect(b.author).toBeUndefined();
  });
});

describe('cataloger results of any size', () => {
  it('joins 200,000 components without overflowing the stack (spreading them into push() would)', async () => {
    const { appendResult, emptyResult } = await import('../src/component.js');
    const big = emptyResult();
    for (let i = 0; i < 200_000; i++) big.components.push({ bomRef: `pkg:npm/p${i}@1.0.0`, type: 'library', ecosystem: 'npm', name: `p${i}`, evidence: [] });
    expect(() => [].push(...(big.components as never[]))).toThrow(RangeError);
    const into = emptyResult();
    appendResult(into, big);
    expect(into.components).toHaveLength(200_000);
  });
});
