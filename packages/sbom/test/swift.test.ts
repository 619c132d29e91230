import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSource, scanProject } from '@shencha/core';
import { describe, expect, it } from 'vitest';
import { swiftCataloger } from '../catalogers/swift/index.js';

const FIX = join(import.meta.dirname, 'fixtures', 'swift');

async function run(dir: string) {
  return swiftCataloger.catalog(new FileSource(await scanProject(dir)), { options: {} });
}
type R = Awaited<ReturnType<typeof run>>;
const pins = (r: R) => new Set(r.components.filter((c) => !c.firstParty).map((c) => `${c.name}@${c.version}`));
const purls = (r: R) => r.components.map((c) => c.purl).filter(Boolean);

describe('swift cataloger', () => {
  it('v1: 5 pins (identity@version), a branch pin versioned by its revision', async () => {
    const r = await run(join(FIX, 'resolved-v1'));
    expect(pins(r).size).toBe(5);
    expect(r.issues).toEqual([]);
    expect(purls(r)).toContain('pkg:swift/github.com/apple/swift-argument-parser@1.0.3');
    const cmark = r.components.find((c) => c.name === 'swift-cmark')!;
    expect(cmark.version).toBe('86aeb491675de6f077a3a6df6cbcac1a25dcbee1');
    expect(cmark.properties).toMatchObject({ 'shencha:swift-branch': 'gfm', 'shencha:swift-package-name': 'cmark-gfm' });
    // Same identity from two hosts: two components, one counted identity@version.
    expect(purls(r)).toEqual(expect.arrayContaining(['pkg:swift/bitbucket.org/atlassian/swift-http-server@0.7.4', 'pkg:swift/bitbucket.org/swift/swift-http-server@0.7.4']));
    expect(r.compositions).toEqual([expect.objectContaining({ aggregate: 'complete', path: 'Package.resolved' })]);
  });

  it('v2: 5 pins; an scp-style git location keeps host and owner', async () => {
    const r = await run(join(FIX, 'resolved-v2'));
    expect(pins(r).size).toBe(5);
    expect(purls(r)).toContain('pkg:swift/github.com/swift/swift-http-server@0.7.4');
  });

  it('v2 (syft): 5 pins', async () => {
    const r = await run(join(FIX, 'resolved-v2-syft'));
    expect(pins(r).size).toBe(5);
    expect(r.components[0]?.evidence[0]?.line).toBeGreaterThan(1);
  });

  it('v3 with a branch pin: 2 pins', async () => {
    const r = await run(join(FIX, 'resolved-v3-branch-pin'));
    expect(pins(r).size).toBe(2);
    expect(purls(r)).toEqual(expect.arrayContaining(['pkg:swift/github.com/apple/swift-syntax@509.1.1', 'pkg:swift/github.com/apple/swift-mmio@80c109b87511041338a4d8d88064088c8dfc079b']));
  });

  it('malformed (version is a string, no pins): SBOM_PARSE_ERROR at the value', async () => {
    const r = await run(join(FIX, 'malformed-bad-version'));
    expect(r.components).toEqual([]);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ code: 'SBOM_PARSE_ERROR', severity: 'error', source: 'sbom/swift-package-cataloger', location: { path: 'Package.resolved', line: 2, column: 15 } });
  });

  it('Package.swift: root package with edges to its direct dependencies', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shencha-swift-'));
    await writeFile(
      join(dir, 'Package.resolved'),
      JSON.stringify({ pins: [{ identity: 'swift-nio', kind: 'remoteSourceControl', location: 'https://github.com/apple/swift-nio.git', state: { revision: 'abc', version: '2.62.0' } }, { identity: 'swift-atomics', kind: 'remoteSourceControl', location: 'https://github.com/apple/swift-atomics.git', state: { revision: 'def', version: '1.2.0' } }], version: 2 }, null, 2),
    );
    await writeFile(
      join(dir, 'Package.swift'),
      '// swift-tools-version:5.9\nlet package = Package(\n  name: "Server",\n  dependencies: [\n    .package(url: "https://github.com/apple/swift-nio.git", from: "2.0.0"),\n    .package(url: "https://github.com/vapor/vapor.git", from: "4.0.0"),\n    .package(path: "../SharedKit"),\n  ]\n)\n',
    );
    const r = await run(dir);
    expect(r.components.find((c) => c.bomRef === 'swift:Package.swift')?.name).toBe('Server');
    expect(r.components.find((c) => c.bomRef === 'swift:../SharedKit')).toBeUndefined();
    expect(r.components.find((c) => c.name === 'sharedkit')).toMatchObject({ firstParty: true, properties: { 'shencha:swift-path': '../SharedKit' } });
    expect(r.dependencies).toEqual([{ ref: 'swift:Package.swift', dependsOn: ['pkg:swift/github.com/apple/swift-nio@2.62.0', 'swift:SharedKit'] }]);
    expect(r.issues.map((i) => i.code)).toEqual(['SBOM_LOCK_OUT_OF_SYNC']);
  });
});
