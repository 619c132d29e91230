import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSource, scanProject } from '@shencha/core';
import { describe, expect, it } from 'vitest';
import { cocoapodsCataloger } from '../catalogers/cocoapods/index.js';

const FIX = join(import.meta.dirname, 'fixtures', 'cocoapods');

async function run(dir: string) {
  return cocoapodsCataloger.catalog(new FileSource(await scanProject(dir)), { options: {} });
}
type R = Awaited<ReturnType<typeof run>>;
const ROOT = 'cocoapods:Podfile.lock';
const pods = (r: R) => new Set(r.components.filter((c) => c.bomRef !== ROOT).map((c) => `${c.name}@${c.version}`));
const edgesOf = (r: R, ref: string) => r.dependencies.find((d) => d.ref === ref)?.dependsOn ?? [];
const byName = (r: R, n: string) => r.components.find((c) => c.name === n);

describe('cocoapods cataloger', () => {
  it('subspecs and checksums: 23 pods, subspecs as purl subpaths, podspec SHA-1', async () => {
    const r = await run(join(FIX, 'subspecs-checksums'));
    expect(pods(r).size).toBe(23);
    expect(r.issues).toEqual([]);
    const core = byName(r, 'PINCache/Core')!;
    expect(core.purl).toBe('pkg:cocoapods/PINCache@3.0.3#Core');
    expect(edgesOf(r, core.bomRef)).toEqual(['pkg:cocoapods/PINOperation@1.2.1']);
    expect(byName(r, 'PINCache')?.hashes).toEqual([{ alg: 'SHA-1', content: '7a8fc1a691173d21dbddbf86cd515de6efa55086' }]);
    expect(core.hashes).toBeUndefined();
    expect(edgesOf(r, 'pkg:cocoapods/PINCache@3.0.3')).toEqual(['pkg:cocoapods/PINCache@3.0.3#Arc-exception-safe', 'pkg:cocoapods/PINCache@3.0.3#Core']);
  });

  it('multi-target with Podfile: 16 pods', async () => {
    const r = await run(join(FIX, 'multi-target-with-podfile'));
    expect(pods(r).size).toBe(16);
    expect(edgesOf(r, ROOT).length).toBeGreaterThan(0);
  });

  it('external git source with checkout options: 8 pods, vcs_url with the commit', async () => {
    const r = await run(join(FIX, 'external-sources-with-podfile'));
    expect(pods(r).size).toBe(8);
    expect(byName(r, 'MLHudAlert')?.purl).toBe(
      'pkg:cocoapods/MLHudAlert@0.0.4?vcs_url=git%2Bhttps%3A%2F%2Fgithub.com%2FMacLabs%2FMLHudAlert.git%403f23fa41632f8935fed028b04335576633ec53a2',
    );
    expect(edgesOf(r, ROOT)).toEqual(expect.arrayContaining(['pkg:cocoapods/Ono@2.1.1', byName(r, 'MLHudAlert')!.bomRef]));
    // AFNetworking requires its UIKit subspec, which this lock does not list.
    expect(r.issues.map((i) => [i.code, i.message.includes('AFNetworking/UIKit')])).toEqual([['SBOM_UNRESOLVED_DEPENDENCY', true]]);
  });

  it('dependency tree with Podfile: 33 pods, root edges from DEPENDENCIES', async () => {
    const r = await run(join(FIX, 'dep-tree-with-podfile'));
    expect(pods(r).size).toBe(33);
    expect(edgesOf(r, ROOT)).toEqual(expect.arrayContaining(['pkg:cocoapods/Alamofire@5.4.3', 'pkg:cocoapods/base64url@1.1.0']));
    expect(byName(r, 'Alamofire')?.evidence[0]?.line).toBe(2);
  });

  it('path pods are first-party; malformed YAML gives SBOM_PARSE_ERROR with line and column', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shencha-pods-'));
    await writeFile(join(dir, 'Podfile.lock'), 'PODS:\n  - Local (0.1.0)\n\nDEPENDENCIES:\n  - Local (from `../Local`)\n\nEXTERNAL SOURCES:\n  Local:\n    :path: "../Local"\n\nCOCOAPODS: 1.15.2\n');
    const r = await run(dir);
    expect(byName(r, 'Local')).toMatchObject({ firstParty: true, properties: { 'shencha:pod-path': '../Local' } });
    const bad = await mkdtemp(join(tmpdir(), 'shencha-pods-'));
    await writeFile(join(bad, 'Podfile.lock'), 'PODS:\n  - A (1.0)\n  - B (2.0):\n   - C\n  bad: [\n');
    const b = await run(bad);
    expect(b.issues[0]?.code).toBe('SBOM_PARSE_ERROR');
    expect(b.issues[0]?.location?.line).toBeGreaterThan(1);
    expect(b.issues[0]?.location?.column).toBeGreaterThan(0);
  });
});
