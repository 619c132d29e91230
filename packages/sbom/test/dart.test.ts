import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSource, scanProject } from '@shencha/core';
import { describe, expect, it } from 'vitest';
import { dartCataloger } from '../catalogers/dart/index.js';

const FIX = join(import.meta.dirname, 'fixtures', 'dart');

async function run(dir: string) {
  return dartCataloger.catalog(new FileSource(await scanProject(dir)), { options: {} });
}
type R = Awaited<ReturnType<typeof run>>;
const packages = (r: R) => new Set(r.components.filter((c) => c.bomRef !== 'dart:pubspec.lock').map((c) => `${c.name}@${c.version}`));
const byName = (r: R, n: string) => r.components.find((c) => c.name === n);

describe('dart cataloger', () => {
  it('flutter package with pubspec.yaml: 28 packages, direct dev excluded, sha256 hashes', async () => {
    const r = await run(join(FIX, 'flutter-package-with-pubspec'));
    expect(packages(r).size).toBe(28);
    expect(r.issues).toEqual([]);
    const root = r.components.find((c) => c.bomRef === 'dart:pubspec.lock')!;
    expect(root).toMatchObject({ name: 'awesome_dialog', firstParty: true });
    const lints = byName(r, 'flutter_lints')!;
    expect(lints.scope).toBe('excluded');
    expect(lints.hashes).toEqual([{ alg: 'SHA-256', content: 'b543301ad291598523947dc534aaddc5aaad597b709d2426d3a0e0d44c5cb493' }]);
    expect(byName(r, 'flutter_test')?.scope).toBe('excluded');
    expect(byName(r, 'async')).toMatchObject({ purl: 'pkg:pub/async@2.11.0', evidence: [expect.objectContaining({ line: 4 })] });
    expect(byName(r, 'async')?.scope).toBeUndefined();
    const direct = r.dependencies.find((d) => d.ref === root.bomRef)!.dependsOn;
    expect(direct).toEqual(expect.arrayContaining([lints.bomRef, byName(r, 'simple_animations')!.bomRef]));
    expect(direct).not.toContain(byName(r, 'async')!.bomRef);
  });

  it('hosted, git and sdk sources: 7 packages', async () => {
    const r = await run(join(FIX, 'hosted-git-path-sources'));
    expect(packages(r).size).toBe(7);
    expect(byName(r, 'ale')?.purl).toBe('pkg:pub/ale@3.3.0?repository_url=https%3A%2F%2Fpub.hosted.org');
    expect(byName(r, 'key_binder')?.purl).toBe('pkg:pub/key_binder@1.11.20?vcs_url=git%2Bgit%40github.com%3AWorkiva%2Fkey_binder.git%403f7b3a6350e73c7dcac45301c0e18fbd42af02f7');
    expect(byName(r, 'flutter')?.properties?.['shencha:pub-source']).toBe('sdk');
  });

  it('sdks with flutter only: 2 packages; no sdks section: 2 packages', async () => {
    expect(packages(await run(join(FIX, 'flutter-sdk-constraint-only'))).size).toBe(2);
    expect(packages(await run(join(FIX, 'missing-sdks-section'))).size).toBe(2);
  });

  it('path sources are first-party', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shencha-dart-'));
    await writeFile(join(dir, 'pubspec.lock'), 'packages:\n  shared:\n    dependency: "direct main"\n    description:\n      path: "../shared"\n      relative: true\n    source: path\n    version: "1.0.0"\nsdks:\n  dart: ">=3.0.0 <4.0.0"\n');
    const r = await run(dir);
    expect(byName(r, 'shared')).toMatchObject({ firstParty: true, properties: { 'shencha:pub-path': '../shared' } });
  });

  it('malformed: SBOM_PARSE_ERROR with line and column', async () => {
    const r = await run(join(FIX, 'malformed-corrupt'));
    expect(r.components).toEqual([]);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ code: 'SBOM_PARSE_ERROR', source: 'sbom/dart-pub-cataloger', location: { path: 'pubspec.lock', line: 2, column: 6 } });
  });
});
