import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSource, scanProject } from '@shencha/core';
import { describe, expect, it } from 'vitest';
import { vcpkgCataloger } from '../catalogers/vcpkg/index.js';

const FIX = join(import.meta.dirname, 'fixtures', 'vcpkg');
const ROOT = 'vcpkg:vcpkg.json';

async function run(dir: string) {
  return vcpkgCataloger.catalog(new FileSource(await scanProject(dir)), { options: {} });
}
type R = Awaited<ReturnType<typeof run>>;
const names = (r: R) => new Set(r.components.filter((c) => c.bomRef !== ROOT).map((c) => c.name));
const byName = (r: R, n: string) => r.components.find((c) => c.name === n);

describe('vcpkg cataloger', () => {
  it('port manifest: 6 dependencies, host tools excluded, platform recorded, incomplete', async () => {
    const r = await run(join(FIX, 'port-manifest-v8'));
    expect(names(r).size).toBe(6);
    expect(r.components.find((c) => c.bomRef === ROOT)).toMatchObject({ name: 'v8', version: '9.1.269.39', licenses: ['BSD-3-Clause'], firstParty: true });
    expect(byName(r, 'vcpkg-gn')?.scope).toBe('excluded');
    expect(byName(r, 'zlib')?.scope).toBeUndefined();
    expect(byName(r, 'glib')?.properties?.['shencha:vcpkg-platform']).toBe('linux');
    expect(r.compositions).toEqual([expect.objectContaining({ aggregate: 'incomplete', path: 'vcpkg.json' })]);
    expect(r.dependencies).toEqual([{ ref: ROOT, dependsOn: expect.arrayContaining(['pkg:vcpkg/zlib', 'pkg:vcpkg/icu']) }]);
  });

  it('features: 11 distinct names; a dependency listed both for host and target stays required', async () => {
    const r = await run(join(FIX, 'manifest-features'));
    expect(names(r).size).toBe(11);
    expect(byName(r, 'grpc')?.scope).toBeUndefined();
    expect(byName(r, 'curl')?.properties?.['shencha:vcpkg-features']).toBe('ssl');
    expect(byName(r, 'abseil')?.evidence[0]?.line).toBe(8);
  });

  it('vcpkg-configuration.json: the baseline qualifies every purl', async () => {
    const r = await run(join(FIX, 'manifest-with-configuration'));
    expect(names(r)).toEqual(new Set(['fmt', 'vcpkg-sample-library']));
    expect(byName(r, 'fmt')?.purl).toBe('pkg:vcpkg/fmt?baseline=fbfe5a93a4b9562d88dcbc9cefca0016594ba3b3');
    expect(r.components.find((c) => c.bomRef === ROOT)?.properties?.['shencha:vcpkg-registry']).toBe('https://github.com/anchore/vcpkg-test-fixture');
  });

  it('overrides pin versions; malformed JSON gives SBOM_PARSE_ERROR', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shencha-vcpkg-'));
    await writeFile(join(dir, 'vcpkg.json'), JSON.stringify({ name: 'app', dependencies: [{ name: 'fmt', 'version>=': '10.0.0' }], overrides: [{ name: 'fmt', version: '10.1.1' }], 'builtin-baseline': 'abc123' }, null, 2));
    const r = await run(dir);
    expect(byName(r, 'fmt')).toMatchObject({ version: '10.1.1', purl: 'pkg:vcpkg/fmt@10.1.1?baseline=abc123', properties: { 'shencha:vcpkg-version-minimum': '10.0.0' } });
    const bad = await mkdtemp(join(tmpdir(), 'shencha-vcpkg-'));
    await writeFile(join(bad, 'vcpkg.json'), '{\n  "name": "x",\n  "dependencies": [\n    "fmt",,\n  ]\n}\n');
    const b = await run(bad);
    expect(b.issues[0]).toMatchObject({ code: 'SBOM_PARSE_ERROR', source: 'sbom/vcpkg-manifest-cataloger', location: { path: 'vcpkg.json' } });
    expect(b.issues[0]?.location?.line).toBeGreaterThan(1);
  });
});
