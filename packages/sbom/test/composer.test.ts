import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSource, scanProject } from '@shencha/core';
import { describe, expect, it } from 'vitest';
import { composerCataloger } from '../catalogers/composer/index.js';

const FIX = join(import.meta.dirname, 'fixtures', 'composer');

async function run(dir: string) {
  return composerCataloger.catalog(new FileSource(await scanProject(dir)), { options: {} });
}
type R = Awaited<ReturnType<typeof run>>;
const packages = (r: R) => new Set(r.components.filter((c) => !c.firstParty).map((c) => `${c.group}/${c.name}@${c.version}`));
const edgesOf = (r: R, ref: string) => r.dependencies.find((d) => d.ref === ref)?.dependsOn ?? [];
const byPurl = (r: R, purl: string) => r.components.find((c) => c.purl === purl);

async function temp(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'shencha-composer-'));
  for (const [p, t] of Object.entries(files)) await writeFile(join(dir, p), t);
  return dir;
}

describe('composer cataloger', () => {
  it('psalm with composer.json: 73 packages, 45 dev ones excluded, root requires resolved', async () => {
    const r = await run(join(FIX, 'psalm-with-composer-json'));
    expect(packages(r).size).toBe(73);
    expect(r.components.filter((c) => c.scope === 'excluded')).toHaveLength(45);
    expect(r.issues).toEqual([]);
    const root = r.components.find((c) => c.firstParty)!;
    expect(root.name).toBe('vimeo/psalm');
    expect(edgesOf(r, root.bomRef)).toContain('pkg:composer/amphp/amp@v2.4.4');
    expect(edgesOf(r, 'pkg:composer/amphp/byte-stream@v1.7.3')).toEqual(['pkg:composer/amphp/amp@v2.4.4']);
    // A locked plugin that requires the root package points back at the root.
    expect(edgesOf(r, 'pkg:composer/psalm/plugin-phpunit@0.10.1')).toContain(root.bomRef);
    const amp = byPurl(r, 'pkg:composer/amphp/amp@v2.4.4')!;
    expect(amp.licenses).toEqual(['MIT']);
    expect(amp.externalReferences?.some((e) => e.type === 'vcs')).toBe(true);
    expect(amp.properties?.['shencha:composer-source-reference']).toMatch(/^[0-9a-f]{40}$/);
  });

  it('plugin-api 2.3: 62 packages', async () => {
    const r = await run(join(FIX, 'plugin-api-2.3'));
    expect(packages(r).size).toBe(62);
    expect(edgesOf(r, 'pkg:composer/amphp/byte-stream@v1.8.1')).toEqual(['pkg:composer/amphp/amp@v2.6.2']);
    expect(r.compositions).toEqual([expect.objectContaining({ aggregate: 'complete', path: 'composer.lock' })]);
  });

  it('composer 1 lock without plugin-api-version: 50 packages', async () => {
    const r = await run(join(FIX, 'composer1-no-plugin-api'));
    expect(packages(r).size).toBe(50);
    expect(edgesOf(r, 'pkg:composer/doctrine/annotations@v1.2.1').some((d) => d.startsWith('pkg:composer/doctrine/lexer@'))).toBe(true);
  });

  it('single package with composer.json: 1 package, root → it', async () => {
    const r = await run(join(FIX, 'single-package-with-json'));
    expect(packages(r).size).toBe(1);
    const root = r.components.find((c) => c.firstParty)!;
    expect(edgesOf(r, root.bomRef)).toEqual(['pkg:composer/quickbooks/v3-php-sdk@v4.0.6.1']);
  });

  it('packages and packages-dev: 4 packages, dev ones excluded, unlocked requirements warned', async () => {
    const r = await run(join(FIX, 'packages-and-dev'));
    expect(packages(r).size).toBe(4);
    expect(byPurl(r, 'pkg:composer/behat/gherkin@v4.6.2')?.scope).toBe('excluded');
    expect(byPurl(r, 'pkg:composer/behat/gherkin@v4.6.2')?.properties?.['shencha:scope-reason']).toMatch(/packages-dev/);
    expect(byPurl(r, 'pkg:composer/adoy/fastcgi-client@1.0.2')?.scope).toBeUndefined();
    // The fixture is cut down: mongodb/mongodb and others are required but not locked.
    expect(r.issues.every((i) => i.code === 'SBOM_UNRESOLVED_DEPENDENCY')).toBe(true);
    expect(r.issues.some((i) => i.message.includes('mongodb/mongodb'))).toBe(true);
    expect(edgesOf(r, 'pkg:composer/codeception/codeception@4.1.6')).toContain('pkg:composer/behat/gherkin@v4.6.2');
  });

  it('dist shasum → SHA-1, replace satisfies a requirement, lock out of sync, manifest alone', async () => {
    const lock = {
      packages: [
        { name: 'a/one', version: '1.0.0', dist: { shasum: 'A94A8FE5CCB19BA61C4C0873D391E987982FBBD3' }, require: { 'poly/fill': '^1' } },
        { name: 'b/two', version: '2.0.0', replace: { 'poly/fill': 'self.version' } },
      ],
      'packages-dev': [],
    };
    const dir = await temp({ 'composer.lock': JSON.stringify(lock, null, 4), 'composer.json': JSON.stringify({ name: 'me/app', require: { 'a/one': '^1', 'c/missing': '^3' } }) });
    const r = await run(dir);
    expect(byPurl(r, 'pkg:composer/a/one@1.0.0')?.hashes).toEqual([{ alg: 'SHA-1', content: 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3' }]);
    expect(edgesOf(r, 'pkg:composer/a/one@1.0.0')).toEqual(['pkg:composer/b/two@2.0.0']);
    expect(r.issues.map((i) => [i.code, i.location?.path])).toEqual([['SBOM_LOCK_OUT_OF_SYNC', 'composer.json']]);

    const only = await run(await temp({ 'composer.json': JSON.stringify({ require: { 'x/y': '1.2.3', 'x/z': '^2.0' }, 'require-dev': { 'p/u': '^9' } }) }));
    expect(only.compositions).toEqual([expect.objectContaining({ aggregate: 'incomplete' })]);
    expect(byPurl(only, 'pkg:composer/x/y@1.2.3')).toBeDefined();
    expect(byPurl(only, 'pkg:composer/x/z')?.properties?.['shencha:composer-constraint']).toBe('^2.0');
    expect(byPurl(only, 'pkg:composer/p/u')?.scope).toBe('excluded');
  });

  it('malformed lock: SBOM_PARSE_ERROR with line and column', async () => {
    const r = await run(await temp({ 'composer.lock': '{\n    "packages": [\n        { "name": "a/b", "version": "1.0.0", }\n    ]\n}\n' }));
    const e = r.issues.find((i) => i.code === 'SBOM_PARSE_ERROR');
    expect(e?.source).toBe('sbom/composer-cataloger');
    expect(e?.location).toMatchObject({ path: 'composer.lock', line: 3 });
    expect(e?.location?.column).toBeGreaterThan(0);
  });
});
