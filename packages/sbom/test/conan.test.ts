import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSource, scanProject } from '@shencha/core';
import { describe, expect, it } from 'vitest';
import { conanCataloger, parseRef } from '../catalogers/conan/index.js';

const FIX = join(import.meta.dirname, 'fixtures', 'conan');
const ROOT = 'conan:conan.lock';

async function run(dir: string) {
  return conanCataloger.catalog(new FileSource(await scanProject(dir)), { options: {} });
}
type R = Awaited<ReturnType<typeof run>>;
/** name/version[@user/channel], revision stripped, as SOURCES.tsv counts. */
const refs = (r: R) =>
  new Set(
    r.components
      .filter((c) => c.bomRef !== ROOT)
      .map((c) => {
        const u = /user=([^&]+)/.exec(c.purl ?? '')?.[1];
        const ch = /channel=([^&]+)/.exec(c.purl ?? '')?.[1];
        return `${c.name}/${c.version}${u ? `@${u}/${ch}` : ''}`;
      }),
  );
const edgesOf = (r: R, ref: string) => r.dependencies.find((d) => d.ref === ref)?.dependsOn ?? [];
const byName = (r: R, n: string) => r.components.find((c) => c.name === n);

describe('conan cataloger', () => {
  it('1.x graph_lock: 3 packages hanging off the conanfile node', async () => {
    const r = await run(join(FIX, 'lock-v1-graph-lock'));
    expect(refs(r)).toEqual(new Set(['zstd/1.4.4', 'jerryscript/2.2.0', 'wolfssl/4.4.0']));
    expect(edgesOf(r, ROOT)).toEqual(['pkg:conan/jerryscript@2.2.0', 'pkg:conan/wolfssl@4.4.0', 'pkg:conan/zstd@1.4.4']);
    expect(byName(r, 'zstd')?.properties?.['shencha:conan-package-id']).toBe('1d877a3df840030e6a8abb74c5ffb9088d08b47a');
    expect(r.issues).toEqual([]);
  });

  it('1.x with user/channel and revisions: 4 packages; build_requires → excluded', async () => {
    const r = await run(join(FIX, 'lock-v1-user-channel-with-conanfile'));
    expect(refs(r)).toEqual(new Set(['libcurl/8.1.2@internal/stable', 'openssl/3.1.0@internal/stable', 'zlib/1.2.13@internal/stable', 'fmt/10.0.0@internal/stable']));
    const curl = byName(r, 'libcurl')!;
    expect(curl.purl).toBe('pkg:conan/internal/libcurl@8.1.2?channel=stable&prev=efd8a682b248f16445c0fc2e177f5ee6&rrev=25215c550633ef0224152bc2c0556698&user=internal');
    expect(edgesOf(r, curl.bomRef)).toHaveLength(2);
    expect(byName(r, 'fmt')?.scope).toBe('excluded');
    expect(byName(r, 'zlib')?.scope).toBeUndefined();
    expect(r.components.find((c) => c.bomRef === ROOT)?.evidence[0]?.path).toBe('conanfile.txt');
  });

  it('1.x from syft: 6 packages', async () => {
    const r = await run(join(FIX, 'lock-v1-syft-with-conanfile'));
    expect(refs(r).size).toBe(6);
    expect(r.compositions).toEqual([expect.objectContaining({ aggregate: 'complete', path: 'conan.lock' })]);
  });

  it('2.x (0.5) requires list: 2 packages with their recipe revisions', async () => {
    const r = await run(join(FIX, 'lock-v2-0.5'));
    expect(refs(r)).toEqual(new Set(['opensta/4.0.0', 'cudd/3.0.0']));
    expect(byName(r, 'cudd')?.purl).toBe('pkg:conan/cudd@3.0.0?rrev=9a819868ee37728bff063a7b39333b54');
    expect(edgesOf(r, ROOT)).toHaveLength(2);
  });

  it('2.x build_requires and python_requires are excluded', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shencha-conan-'));
    await writeFile(join(dir, 'conan.lock'), JSON.stringify({ version: '0.5', requires: ['zlib/1.3#abc%1'], build_requires: ['cmake/3.28.1#def%2'], python_requires: ['pyreq/1.0@me/testing#0a1%3'] }, null, 1));
    const r = await run(dir);
    expect(byName(r, 'zlib')?.scope).toBeUndefined();
    expect(byName(r, 'cmake')?.scope).toBe('excluded');
    expect(byName(r, 'pyreq')?.purl).toBe('pkg:conan/me/pyreq@1.0?channel=testing&rrev=0a1&user=me');
  });

  it('malformed: SBOM_PARSE_ERROR with line and column', async () => {
    const r = await run(join(FIX, 'malformed-corrupt'));
    expect(r.components).toEqual([]);
    expect(r.issues).toEqual([expect.objectContaining({ code: 'SBOM_PARSE_ERROR', source: 'sbom/conan-lock-cataloger', location: { path: 'conan.lock', line: 2, column: 5 } })]);
  });

  it('parses references', () => {
    expect(parseRef('openssl/3.1.0@internal/stable#c9c6ab43%1.5')).toEqual({ name: 'openssl', version: '3.1.0', user: 'internal', channel: 'stable', rrev: 'c9c6ab43' });
    expect(parseRef('not a ref')).toBeUndefined();
  });
});
