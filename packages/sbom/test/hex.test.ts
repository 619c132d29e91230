import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSource, scanProject } from '@shencha/core';
import { describe, expect, it } from 'vitest';
import { hexCataloger } from '../catalogers/hex/index.js';

const FIX = join(import.meta.dirname, 'fixtures', 'hex');

async function run(dir: string) {
  return hexCataloger.catalog(new FileSource(await scanProject(dir)), { options: {} });
}
type R = Awaited<ReturnType<typeof run>>;
const packages = (r: R) => new Set(r.components.filter((c) => !c.firstParty).map((c) => `${c.name}@${c.version}`));
const edgesOf = (r: R, ref: string) => r.dependencies.find((d) => d.ref === ref)?.dependsOn ?? [];
const byName = (r: R, n: string) => r.components.find((c) => c.name === n);

async function temp(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'shencha-hex-'));
  for (const [p, t] of Object.entries(files)) await writeFile(join(dir, p), t);
  return dir;
}

describe('hex (mix.lock) cataloger', () => {
  it('absinthe: 16 packages, outer checksum → SHA-256', async () => {
    const r = await run(join(FIX, 'mix-lock-absinthe'));
    expect(packages(r).size).toBe(16);
    const merge = byName(r, 'deep_merge')!;
    expect(merge.purl).toBe('pkg:hex/deep_merge@1.0.0');
    expect(merge.hashes).toEqual([{ alg: 'SHA-256', content: 'ce708e5f094b9cd4e8f2be4f00d2f4250c4095be93f8cd6d018c753894885430' }]);
    expect(merge.properties?.['shencha:hex-inner-checksum']).toBe('b4aa1a0d1acac393bdf38b2291af38cb1d4a52806cf7a4906f718e1feb5ee961');
    expect(r.compositions).toEqual([expect.objectContaining({ aggregate: 'complete', path: 'mix.lock' })]);
  });

  it('rebar3 deps: 23 packages with edges', async () => {
    const r = await run(join(FIX, 'mix-lock-rebar3-deps'));
    expect(packages(r).size).toBe(23);
    expect(edgesOf(r, 'pkg:hex/credo@0.8.10')).toEqual(['pkg:hex/bunt@0.2.0']);
    expect(edgesOf(r, 'pkg:hex/certifi@2.5.1').some((d) => d.startsWith('pkg:hex/parse_trans@'))).toBe(true);
  });

  it('syft: 16 packages; git dep versioned by commit; path dep first-party; unlocked deps warned', async () => {
    const r = await run(join(FIX, 'mix-lock-syft'));
    expect(packages(r).size).toBe(16);
    expect(byName(r, 'enacl')?.purl).toBe('pkg:hex/enacl@2f50ba6289f2f2d9fef05d22a396c0bab4f64149?vcs_url=git%2Bhttps%3A%2F%2Fgithub.com%2Faeternity%2Fenacl.git%402f50ba6289f2f2d9fef05d22a396c0bab4f64149');
    expect(byName(r, 'local_dep')).toMatchObject({ firstParty: true, properties: { 'shencha:hex-path': '../local_dep' } });
    // The fixture is cut down: ranch, telemetry… are required but not locked.
    expect(r.issues.length).toBeGreaterThan(0);
    expect(r.issues.every((i) => i.code === 'SBOM_UNRESOLVED_DEPENDENCY' && i.location?.line !== undefined)).toBe(true);
  });

  it('relationships: 3 packages, cowboy → cowlib and ranch; malformed digests are dropped', async () => {
    const r = await run(join(FIX, 'mix-lock-relationships'));
    expect(packages(r).size).toBe(3);
    expect(edgesOf(r, 'pkg:hex/cowboy@2.9.0')).toEqual(['pkg:hex/cowlib@2.11.0', 'pkg:hex/ranch@1.8.0']);
    expect(byName(r, 'cowboy')?.hashes).toBeUndefined();
    expect(byName(r, 'cowboy')?.evidence[0]?.line).toBe(4);
  });

  it('mix.exs: dev/test-only dependencies and what only they pull in are excluded', async () => {
    const dir = await temp({
      'mix.lock':
        '%{\n  "a": {:hex, :a, "1.0.0", "x", [:mix], [{:shared, "~> 1.0", [hex: :shared, repo: "hexpm", optional: false]}], "hexpm", "y"},\n' +
        '  "credo": {:hex, :credo, "1.7.0", "x", [:mix], [{:bunt, "~> 0.2", [hex: :bunt, repo: "hexpm", optional: false]}, {:shared, "~> 1.0", [hex: :shared, repo: "hexpm", optional: false]}], "hexpm", "y"},\n' +
        '  "bunt": {:hex, :bunt, "0.2.1", "x", [:mix], [], "hexpm", "y"},\n  "shared": {:hex, :shared, "1.0.0", "x", [:mix], [], "hexpm", "y"},\n}\n',
      'mix.exs': 'defmodule App.MixProject do\n  def project, do: [app: :my_app, deps: deps()]\n  defp deps do\n    [\n      {:a, "~> 1.0"},\n      {:credo, "~> 1.7", only: [:dev, :test], runtime: false}\n    ]\n  end\nend\n',
    });
    const r = await run(dir);
    expect(byName(r, 'credo')?.scope).toBe('excluded');
    expect(byName(r, 'bunt')?.scope).toBe('excluded');
    expect(byName(r, 'shared')?.scope).toBeUndefined();
    expect(byName(r, 'a')?.scope).toBeUndefined();
    expect(edgesOf(r, 'hex:mix.exs')).toEqual(['pkg:hex/a@1.0.0', 'pkg:hex/credo@1.7.0']);
    expect(byName(r, 'my_app')?.firstParty).toBe(true);
  });

  it('malformed mix.lock: SBOM_PARSE_ERROR with line and column; code is never evaluated', async () => {
    const r = await run(await temp({ 'mix.lock': '%{\n  "a": {:hex, :a, "1.0.0", "x", [:mix], [], "hexpm", "y"},\n  "b": {:hex, :b, "1.0.0" "x"},\n}\n' }));
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ code: 'SBOM_PARSE_ERROR', source: 'sbom/mix-lock-cataloger', location: { path: 'mix.lock', line: 3, column: 27 } });
    const code = await run(await temp({ 'mix.lock': 'System.cmd("rm", ["-rf", "/"])\n' }));
    expect(code.issues[0]?.code).toBe('SBOM_PARSE_ERROR');
    expect(code.components).toEqual([]);
  });
});
