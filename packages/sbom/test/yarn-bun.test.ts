import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bunCataloger, stripJsonc } from '../catalogers/bun/index.js';
import { yarnCataloger } from '../catalogers/yarn/index.js';
import { FIXTURES, inventoryOf, tempProject } from './helpers.js';

type Inv = Awaited<ReturnType<typeof inventoryOf>>;
const deps = (inv: Inv, ref: string) => inv.dependencies.find((d) => d.ref === ref)?.dependsOn ?? [];
const byPurl = (inv: Inv, purl: string) => inv.components.find((c) => c.purl === purl);

function reachableAll(inv: Inv): void {
  const edges = new Map(inv.dependencies.map((d) => [d.ref, d.dependsOn]));
  const seen = new Set([inv.rootRef]);
  const stack = [inv.rootRef];
  while (stack.length) for (const d of edges.get(stack.pop()!) ?? []) if (!seen.has(d)) (seen.add(d), stack.push(d));
  for (const c of inv.components) expect(seen.has(c.bomRef), c.bomRef).toBe(true);
}

/** name@version of every locked entry: third-party components plus workspaces the lock itself lists. */
function lockedCount(inv: Inv, lockText: string, wsProp: string, marker: (ws: string) => string): number {
  const locked = inv.components.filter((c) => !c.firstParty || lockText.includes(marker(c.properties?.[wsProp] ?? '')));
  return new Set(locked.map((c) => `${c.name}@${c.version}`)).size;
}

describe('yarn cataloger', () => {
  const CASES: [string, string, number][] = [
    ['yarn-classic', 'v1-workspaces-same-version', 26],
    ['yarn-classic', 'v1-light', 315],
    ['yarn-classic', 'v1-file-deps', 882],
    ['yarn-classic', 'v1-dev-deps', 4],
    ['yarn-classic', 'v1-duplicate-versions', 5],
    ['yarn-classic', 'v1-no-header-single-entry', 1],
    ['yarn-berry', 'metadata-v4-yarn2', 1088],
    ['yarn-berry', 'metadata-v6-yarn3', 363],
    ['yarn-berry', 'metadata-v8-yarn4', 858],
    ['yarn-berry', 'metadata-v6-dev-deps', 4],
    ['yarn-berry', 'metadata-v8-duplicates', 2],
    ['yarn-berry', 'metadata-v6-scoped-at', 4],
  ];
  for (const [eco, name, count] of CASES) {
    it(`${eco}/${name}: ${count} packages`, async () => {
      const dir = join(FIXTURES, eco, name);
      const inv = await inventoryOf(dir, [yarnCataloger]);
      expect(inv.issues.filter((i) => i.severity === 'error')).toEqual([]);
      const text = readFileSync(join(dir, 'yarn.lock'), 'utf8');
      // classic: entries only; berry: entries including workspaces (`name@workspace:path`).
      expect(lockedCount(inv, text, 'shencha:yarn-workspace', (ws) => (eco === 'yarn-berry' ? `@workspace:${ws}"` : '\u0000never'))).toBe(count);
      reachableAll(inv);
      expect(inv.compositions[0]).toMatchObject({ ecosystem: 'yarn', aggregate: 'complete', path: 'yarn.lock' });
    });
  }

  it('classic: descriptors resolve edges, integrity and the resolved sha1 become hashes', async () => {
    const inv = await inventoryOf(join(FIXTURES, 'yarn-classic', 'v1-workspaces-same-version'), [yarnCataloger]);
    const axios = byPurl(inv, 'pkg:npm/axios@1.7.8')!;
    expect(deps(inv, axios.bomRef)).toEqual(expect.arrayContaining(['pkg:npm/form-data@4.0.1'.replace('4.0.1', inv.components.find((c) => c.name === 'form-data')!.version!)]));
    expect(axios.hashes?.map((h) => h.alg)).toEqual(['SHA-1', 'SHA-512']);
    expect(axios.hashes?.find((h) => h.alg === 'SHA-1')?.content).toBe('1997b1496b394c21953e68c14aaa51b7b5de3d6e');
    const fp = inv.components.filter((c) => c.firstParty).map((c) => c.properties?.['shencha:yarn-workspace']).sort();
    expect(fp).toEqual(['.', 'packages/app-a', 'packages/app-b']);
  });

  it('dev-only packages are excluded with the reason, in classic and berry', async () => {
    for (const eco of ['yarn-classic', 'yarn-berry']) {
      const inv = await inventoryOf(join(FIXTURES, eco, eco === 'yarn-classic' ? 'v1-dev-deps' : 'metadata-v6-dev-deps'), [yarnCataloger]);
      const scope = (n: string) => inv.components.find((c) => c.name === n)?.scope;
      expect([scope('prod-pkg'), scope('shared-pkg'), scope('dev-pkg'), scope('dev-only-transitive')]).toEqual(['required', 'required', 'excluded', 'excluded']);
      expect(inv.components.find((c) => c.name === 'dev-pkg')?.properties?.['shencha:scope-reason']).toBe('dev');
    }
  });

  it('berry: workspaces are first-party, patch: entries keep the package identity, checksum kept as a property', async () => {
    const inv = await inventoryOf(join(FIXTURES, 'yarn-berry', 'metadata-v4-yarn2'), [yarnCataloger]);
    const root = inv.components.find((c) => c.firstParty)!;
    expect(root).toMatchObject({ name: 'goof', version: '0.0.0-use.local', type: 'application' });
    expect(deps(inv, root.bomRef)).toContain('pkg:npm/body-parser@1.9.0');
    const resolve = byPurl(inv, 'pkg:npm/resolve@1.20.0')!;
    expect(resolve.properties?.['shencha:patched']).toContain('builtin<compat/resolve>');
    expect(resolve.properties?.['shencha:yarn-checksum']).toMatch(/^[0-9a-f]{128}$/);
    expect(deps(inv, 'pkg:npm/axios@0.21.1'.replace('0.21.1', inv.components.find((c) => c.name === 'axios')!.version!))).toContain('pkg:npm/follow-redirects@1.13.3');
  });

  it('a truncated yarn.lock gives a located SBOM_PARSE_ERROR', async () => {
    const classic = readFileSync(join(FIXTURES, 'yarn-classic', 'v1-light', 'yarn.lock'), 'utf8');
    const root = tempProject({ 'a/yarn.lock': `${classic.slice(0, 600)}\n   bad indentation\n`, 'b/yarn.lock': '__metadata:\n  version: 6\n"x@npm:1":\n  version: [\n' });
    const inv = await inventoryOf(root, [yarnCataloger]);
    const errs = inv.issues.filter((i) => i.code === 'SBOM_PARSE_ERROR');
    expect(errs.map((e) => e.location?.path)).toEqual(['a/yarn.lock', 'b/yarn.lock']);
    for (const e of errs) {
      expect(e.location?.line).toBeGreaterThan(0);
      expect(e.location?.column).toBeGreaterThan(0);
      expect(e.message).toContain('yarn-lock-cataloger');
    }
  });
});

describe('bun cataloger', () => {
  const CASES: [string, number][] = [
    ['text-lock', 10],
    ['text-lock-trailing-comma', 3],
    ['text-lock-variable-tuples', 6],
  ];
  for (const [name, count] of CASES) {
    it(`${name}: ${count} packages`, async () => {
      const dir = join(FIXTURES, 'bun', name);
      const inv = await inventoryOf(dir, [bunCataloger]);
      expect(inv.issues.filter((i) => i.severity === 'error')).toEqual([]);
      const text = readFileSync(join(dir, 'bun.lock'), 'utf8');
      const lock = JSON.parse(stripJsonc(text));
      // The counted set: first tuple elements; workspaces/root are the first-party components.
      const idents = new Set(Object.values<any>(lock.packages).map((t) => t[0]));
      expect(idents.size).toBe(count);
      const fpLocked = inv.components.filter((c) => c.firstParty && [...idents].some((i) => i.startsWith(`${c.name}@`)));
      expect(inv.components.filter((c) => !c.firstParty).length + fpLocked.length).toBe(count);
      reachableAll(inv);
    });
  }

  it('scopes, optional platform packages, hashes and nested resolution', async () => {
    const inv = await inventoryOf(join(FIXTURES, 'bun', 'text-lock'), [bunCataloger]);
    expect(byPurl(inv, 'pkg:npm/lodash@4.17.21')?.scope).toBe('required');
    expect(byPurl(inv, 'pkg:npm/typescript@5.0.0')?.scope).toBe('excluded');
    expect(byPurl(inv, 'pkg:npm/eslint-visitor-keys@4.0.0')?.scope).toBe('excluded');
    expect(byPurl(inv, 'pkg:npm/%40img/sharp-linux-x64@0.33.5')?.scope).toBe('optional');
    expect(deps(inv, 'pkg:npm/sharp@0.33.5')).toEqual(['pkg:npm/%40img/sharp-darwin-arm64@0.33.5', 'pkg:npm/%40img/sharp-linux-x64@0.33.5', 'pkg:npm/color@4.2.3']);
    expect(byPurl(inv, 'pkg:npm/lodash@4.17.21')?.hashes?.[0]?.alg).toBe('SHA-512');
  });

  it('github dependencies and workspaces', async () => {
    const inv = await inventoryOf(join(FIXTURES, 'bun', 'text-lock-variable-tuples'), [bunCataloger]);
    const ghostty = inv.components.find((c) => c.name === 'ghostty-web')!;
    expect(ghostty).toMatchObject({ version: '6c1c75b', purl: 'pkg:npm/ghostty-web@6c1c75b?vcs_url=github%3Arcarmo%2Fghostty-web' });
    expect(inv.components.filter((c) => c.firstParty).map((c) => c.name).sort()).toEqual(['@my/util', 'my-monorepo']);
  });

  it('bun.lockb: a warning saying how to produce bun.lock, and no SBOM_NO_LOCKFILE on top', async () => {
    const inv = await inventoryOf(join(FIXTURES, 'bun', 'binary-lockb'), [bunCataloger]);
    expect(inv.issues.map((i) => i.code)).toEqual(['SBOM_BINARY_LOCKFILE']);
    expect(inv.issues[0]!.howToFix).toContain('--save-text-lockfile');
  });

  it('stripJsonc keeps offsets so parse errors point at the right place', async () => {
    expect(stripJsonc('{"a": [1, 2,], // c\n "b": "x,]",}')).toBe('{"a": [1, 2 ],     \n "b": "x,]" }');
    expect(stripJsonc('[1, /* x */\n]')).toBe(`[1${' '.repeat(9)}\n]`);
    const root = tempProject({ 'bun.lock': '{\n  "lockfileVersion": 1,\n  "packages": { "a": ["a@1.0.0", "", {}, ] \n  "b": 1 }\n}\n' });
    const inv = await inventoryOf(root, [bunCataloger]);
    expect(inv.issues[0]).toMatchObject({ code: 'SBOM_PARSE_ERROR', location: { path: 'bun.lock', line: 4, column: 3 } });
  });
});
