import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSource, scanProject } from '@shencha/core';
import { describe, expect, it } from 'vitest';
import { cargoCataloger } from '../catalogers/cargo/index.js';

const FIX = join(import.meta.dirname, 'fixtures', 'cargo');

async function run(dir: string) {
  const files = new FileSource(await scanProject(dir));
  return cargoCataloger.catalog(files, { options: {} });
}

function distinct(result: Awaited<ReturnType<typeof run>>): Set<string> {
  return new Set(result.components.map((c) => `${c.name}@${c.version}`));
}

function edgesOf(result: Awaited<ReturnType<typeof run>>, ref: string): string[] {
  return result.dependencies.find((d) => d.ref === ref)?.dependsOn ?? [];
}

describe('cargo cataloger', () => {
  it('v1 with [metadata] checksums: 225 packages, checksums → SHA-256', async () => {
    const r = await run(join(FIX, 'lock-v1-metadata-checksums'));
    expect(distinct(r).size).toBe(225);
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const base64 = r.components.find((c) => c.purl === 'pkg:cargo/base64@0.5.1');
    expect(base64?.hashes).toEqual([{ alg: 'SHA-256', content: '124e5332dfc4e387b4ca058909aa175c0c3eccf03846b7c1a969b9ad067b8df2' }]);
    // v1 writes every dependency as `name version (source)`.
    expect(r.dependencies.length).toBeGreaterThan(100);
    expect(r.compositions).toHaveLength(1);
    expect(r.compositions[0]!.aggregate).toBe('complete');
    expect(r.compositions[0]!.refs).toHaveLength(225);
  });

  it('v2 with inline checksums: 14 packages', async () => {
    const r = await run(join(FIX, 'lock-v2-inline-checksums'));
    expect(distinct(r).size).toBe(14);
    expect(r.components.filter((c) => c.hashes?.[0]?.alg === 'SHA-256')).toHaveLength(14);
    // The fixture names a dependency "bogus" that is not locked: a warning, not a crash.
    expect(r.issues.map((i) => [i.code, i.location?.line])).toEqual([['SBOM_UNRESOLVED_DEPENDENCY', 58]]);
    expect(edgesOf(r, 'pkg:cargo/errno@0.3.9')).toEqual(['pkg:cargo/windows-sys@0.52.0']);
  });

  it('v3 workspace: 243 packages, every edge resolved', async () => {
    const r = await run(join(FIX, 'lock-v3-workspace'));
    expect(distinct(r).size).toBe(243);
    expect(r.issues).toEqual([]);
    const local = r.components.filter((c) => c.properties?.['shencha:cargo-source'] === 'path');
    // No Cargo.toml beside it: source-less packages are the workspace's own.
    expect(local.length).toBeGreaterThan(0);
    expect(local.every((c) => c.firstParty)).toBe(true);
  });

  it('v3 git sources: "name version (source)" picks the right one of two regex 1.11.1', async () => {
    const r = await run(join(FIX, 'lock-v3-git-deps'));
    expect(distinct(r).size).toBe(9);
    expect(r.components).toHaveLength(12);
    expect(r.issues).toEqual([]);
    const gitRegex = 'pkg:cargo/regex@1.11.1?vcs_url=git%2Bhttps%3A%2F%2Fgithub.com%2Frust-lang%2Fregex.git%401a069b9232c607b34c4937122361aa075ef573fa';
    expect(r.components.map((c) => c.purl)).toContain(gitRegex);
    expect(edgesOf(r, 'pkg:cargo/hello_world@0.1.0')).toEqual([gitRegex, 'pkg:cargo/nom-regex@0.2.0'].sort());
    expect(edgesOf(r, 'pkg:cargo/nom-regex@0.2.0')).toContain('pkg:cargo/regex@1.11.1');
    expect(r.components.find((c) => c.purl === gitRegex)?.hashes).toBeUndefined();
  });

  it('v3 path dependencies: 3 packages, path crates local', async () => {
    const r = await run(join(FIX, 'lock-v3-path-deps'));
    expect(distinct(r).size).toBe(3);
    expect(edgesOf(r, 'pkg:cargo/app@1.0.0')).toEqual(['pkg:cargo/memchr@2.7.4', 'pkg:cargo/telemetry@0.1.0']);
    expect(r.components.find((c) => c.name === 'telemetry')?.properties?.['shencha:cargo-source']).toBe('path');
  });

  it('v4 with Cargo.toml: 10 packages, only the manifest package is first-party', async () => {
    const r = await run(join(FIX, 'lock-v4-with-manifest'));
    expect(distinct(r).size).toBe(10);
    expect(r.components.filter((c) => c.firstParty).map((c) => c.name)).toEqual(['hello_world']);
    expect(edgesOf(r, 'pkg:cargo/hello_world@0.1.0')).toEqual(['pkg:cargo/argh@0.1.12']);
    const syn = r.components.find((c) => c.name === 'syn');
    expect(syn?.hashes).toEqual([{ alg: 'SHA-256', content: '919d3b74a5dd0ccd15aeb8f93e7006bd9e14c295087c9896a110f490752bcf31' }]);
    expect(syn?.evidence[0]?.line).toBeGreaterThan(1);
  });

  it('workspace members named in Cargo.toml are first-party', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shencha-cargo-'));
    await writeFile(join(dir, 'Cargo.toml'), '[workspace]\nmembers = ["crates/*"]\n');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(dir, 'crates', 'a'), { recursive: true });
    await mkdir(join(dir, 'crates', 'b'), { recursive: true });
    await writeFile(join(dir, 'crates', 'a', 'Cargo.toml'), '[package]\nname = "a"\nversion = "0.1.0"\n');
    await writeFile(join(dir, 'crates', 'b', 'Cargo.toml'), '[package]\nname = "b"\nversion = "0.2.0"\n');
    await writeFile(
      join(dir, 'Cargo.lock'),
      'version = 4\n\n[[package]]\nname = "a"\nversion = "0.1.0"\ndependencies = ["b", "helper"]\n\n[[package]]\nname = "b"\nversion = "0.2.0"\n\n[[package]]\nname = "helper"\nversion = "1.0.0"\n',
    );
    const r = await run(dir);
    expect(r.components.filter((c) => c.firstParty).map((c) => c.name).sort()).toEqual(['a', 'b']);
    expect(r.components.find((c) => c.name === 'helper')?.firstParty).toBeUndefined();
    expect(edgesOf(r, 'pkg:cargo/a@0.1.0')).toEqual(['pkg:cargo/b@0.2.0', 'pkg:cargo/helper@1.0.0']);
  });

  it('crates reached only through [dev-dependencies] are excluded', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shencha-cargo-'));
    await writeFile(
      join(dir, 'Cargo.toml'),
      '[package]\nname = "app"\nversion = "1.0.0"\n\n[dependencies]\nserde = "1"\n\n[dev-dependencies]\nproptest = "1"\nserde = "1"\n\n[target.\'cfg(unix)\'.dependencies]\nlibc = "0.2"\n',
    );
    const reg = 'source = "registry+https://github.com/rust-lang/crates.io-index"\n';
    await writeFile(
      join(dir, 'Cargo.lock'),
      'version = 4\n\n[[package]]\nname = "app"\nversion = "1.0.0"\ndependencies = ["libc", "proptest", "serde"]\n\n' +
        `[[package]]\nname = "libc"\nversion = "0.2.150"\n${reg}\n` +
        `[[package]]\nname = "proptest"\nversion = "1.4.0"\n${reg}dependencies = ["rand", "serde"]\n\n` +
        `[[package]]\nname = "rand"\nversion = "0.8.5"\n${reg}\n` +
        `[[package]]\nname = "serde"\nversion = "1.0.193"\n${reg}`,
    );
    const r = await run(dir);
    const scope = (n: string) => r.components.find((c) => c.name === n)?.scope;
    expect([scope('proptest'), scope('rand')]).toEqual(['excluded', 'excluded']);
    expect([scope('serde'), scope('libc'), scope('app')]).toEqual([undefined, undefined, undefined]);
    expect(r.components.find((c) => c.name === 'rand')?.properties?.['shencha:scope-reason']).toMatch(/dev-dependencies/);
  });

  it('malformed lock: SBOM_PARSE_ERROR with cataloger, file, line and column', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shencha-cargo-'));
    await writeFile(join(dir, 'Cargo.lock'), 'version = 3\n\n[[package]]\nname = "x"\nversion = \n');
    const r = await run(dir);
    expect(r.components).toEqual([]);
    const issue = r.issues.find((i) => i.code === 'SBOM_PARSE_ERROR');
    expect(issue?.severity).toBe('error');
    expect(issue?.source).toBe('sbom/cargo-lock-cataloger');
    expect(issue?.location).toMatchObject({ path: 'Cargo.lock', line: 5 });
    expect(issue?.location?.column).toBeGreaterThan(0);
  });
});
