import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSource, scanProject } from '@shencha/core';
import { describe, expect, it } from 'vitest';
import { nugetCataloger } from '../catalogers/nuget/index.js';

const FIX = join(import.meta.dirname, 'fixtures', 'nuget');

async function run(dir: string) {
  return nugetCataloger.catalog(new FileSource(await scanProject(dir)), { options: {} });
}
type R = Awaited<ReturnType<typeof run>>;
const packages = (r: R) => new Set(r.components.filter((c) => !c.firstParty).map((c) => `${c.name}@${c.version}`));
const edgesOf = (r: R, ref: string) => r.dependencies.find((d) => d.ref === ref)?.dependsOn ?? [];
const byPurl = (r: R, purl: string) => r.components.find((c) => c.purl === purl);

async function tempProject(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'shencha-nuget-'));
  for (const [p, text] of Object.entries(files)) {
    await mkdir(join(dir, p, '..'), { recursive: true });
    await writeFile(join(dir, p), text);
  }
  return dir;
}

describe('nuget cataloger', () => {
  it('net8 csproj + lock: 51 packages over net8.0 and net8.0/win-x64, contentHash → SHA-512', async () => {
    const r = await run(join(FIX, 'net8-csproj-with-lock'));
    expect(packages(r).size).toBe(51);
    expect(r.issues).toEqual([]);
    const project = 'nuget:dotnetapp.csproj';
    expect(r.components.find((c) => c.bomRef === project)?.firstParty).toBe(true);
    expect(edgesOf(r, project)).toEqual(['pkg:nuget/Humanizer@2.14.1', 'pkg:nuget/Newtonsoft.Json@13.0.3']);
    const json = byPurl(r, 'pkg:nuget/Newtonsoft.Json@13.0.3');
    expect(json?.hashes?.[0]?.alg).toBe('SHA-512');
    expect(json?.hashes?.[0]?.content).toMatch(/^[0-9a-f]{128}$/);
    // The win-x64 runtime section is empty in this lock.
    expect(json?.properties?.['shencha:nuget-target-frameworks']).toBe('net8.0');
    expect(edgesOf(r, 'pkg:nuget/Humanizer@2.14.1').length).toBeGreaterThan(10);
    expect(r.compositions).toEqual([expect.objectContaining({ aggregate: 'complete', path: 'packages.lock.json' })]);
  });

  it('multi-target lock: 9 packages, a different log4net per framework', async () => {
    const r = await run(join(FIX, 'lock-multi-target'));
    expect(packages(r).size).toBe(9);
    const root = r.components.find((c) => c.firstParty)!;
    expect(edgesOf(r, root.bomRef)).toEqual(expect.arrayContaining(['pkg:nuget/log4net@1.2.15', 'pkg:nuget/log4net@2.0.5']));
    expect(edgesOf(r, 'pkg:nuget/Microsoft.Extensions.Options@9.0.0')).toEqual([
      'pkg:nuget/Microsoft.Extensions.DependencyInjection.Abstractions@9.0.0',
      'pkg:nuget/Microsoft.Extensions.Primitives@9.0.0',
    ]);
    expect(byPurl(r, 'pkg:nuget/AutoMapper@13.0.1')?.hashes?.[0]?.content).toMatch(/^fc5c7549b275eaa4/);
  });

  it('net6 lock: 34 packages', async () => {
    const r = await run(join(FIX, 'lock-net6'));
    expect(packages(r).size).toBe(34);
    expect(r.issues).toEqual([]);
  });

  it('netcoreapp2.1 lock: 14 packages and a Project entry as a first-party component with edges', async () => {
    const r = await run(join(FIX, 'lock-netcoreapp2.1'));
    expect(packages(r).size).toBe(14);
    const froto = r.components.find((c) => c.name === 'Froto.Parser');
    expect(froto?.firstParty).toBe(true);
    expect(froto?.purl).toBeUndefined();
    expect(edgesOf(r, froto!.bomRef).some((d) => d.startsWith('pkg:nuget/FParsec@'))).toBe(true);
  });

  it('SDK-style csproj without versions (central management absent): 6 references, incomplete', async () => {
    const r = await run(join(FIX, 'sdk-style-csproj'));
    expect(packages(r).size).toBe(6);
    expect(byPurl(r, 'pkg:nuget/Serilog')?.version).toBeUndefined();
    expect(edgesOf(r, 'nuget:Logging.csproj')).toContain('nuget:../Sample.Contracts/Sample.Contracts.csproj');
    expect(r.compositions).toEqual([expect.objectContaining({ aggregate: 'incomplete', path: 'Logging.csproj' })]);
  });

  it('legacy csproj: 10 versioned <Reference> items; a packages\\ hint path gives the NuGet version', async () => {
    const r = await run(join(FIX, 'legacy-csproj-hintpath'));
    expect(packages(r).size).toBe(10);
    const identity = byPurl(r, 'pkg:nuget/Microsoft.Identity.Client@4.52.0');
    expect(identity?.properties?.['shencha:dotnet-assembly-version']).toBe('4.52.0.0');
    const foxit = r.components.find((c) => c.name === 'Foxit.PDF.Printing');
    expect(foxit?.purl).toBeUndefined();
    expect(foxit?.version).toBe('2.0.1.25123');
    expect(foxit?.properties?.['shencha:dotnet-public-key-token']).toBe('3d05fb91323a0e7e');
    expect(foxit?.evidence[0]?.line).toBe(149);
    // Framework assemblies (System, System.Core) carry no version and are not components.
    expect(r.components.some((c) => c.name === 'System')).toBe(false);
  });

  it('central package management and a lock out of sync', async () => {
    const dir = await tempProject({
      'Directory.Packages.props': '<Project><ItemGroup><PackageVersion Include="Serilog" Version="3.1.1" /></ItemGroup></Project>',
      'src/App/App.csproj': '<Project Sdk="Microsoft.NET.Sdk"><ItemGroup><PackageReference Include="Serilog" /><PackageReference Include="Polly" Version="[8.2.0]" /></ItemGroup></Project>',
      'src/Lib/Lib.csproj': '<Project Sdk="Microsoft.NET.Sdk"><ItemGroup><PackageReference Include="Dapper" Version="2.1.0" /></ItemGroup></Project>',
      'src/Lib/packages.lock.json': JSON.stringify({ version: 1, dependencies: { 'net8.0': { Other: { type: 'Direct', requested: '[1.0.0, )', resolved: '1.0.0', contentHash: 'AAAA' } } } }),
    });
    const r = await run(dir);
    expect(byPurl(r, 'pkg:nuget/Serilog@3.1.1')).toBeDefined();
    expect(byPurl(r, 'pkg:nuget/Polly@8.2.0')).toBeDefined();
    expect(r.issues.map((i) => i.code)).toEqual(['SBOM_LOCK_OUT_OF_SYNC']);
    expect(r.issues[0]?.location?.path).toBe('src/Lib/Lib.csproj');
  });

  it('packages.config: developmentDependency → excluded', async () => {
    const dir = await tempProject({
      'packages.config': '<?xml version="1.0"?>\n<packages>\n  <package id="Newtonsoft.Json" version="12.0.3" targetFramework="net472" />\n  <package id="StyleCop.Analyzers" version="1.1.118" developmentDependency="true" />\n</packages>\n',
    });
    const r = await run(dir);
    expect(byPurl(r, 'pkg:nuget/Newtonsoft.Json@12.0.3')?.scope).toBeUndefined();
    expect(byPurl(r, 'pkg:nuget/StyleCop.Analyzers@1.1.118')?.scope).toBe('excluded');
  });

  it('malformed lock and project: SBOM_PARSE_ERROR with line and column', async () => {
    const dir = await tempProject({
      'a/packages.lock.json': '{\n  "version": 1,\n  "dependencies": {\n    "net8.0": {\n      "X": { "type": "Direct", }\n',
      'b/B.csproj': '<Project>\n  <ItemGroup>\n    <PackageReference Include="X" Version="1.0.0">\n  </ItemGroup>\n</Project>\n',
    });
    const r = await run(dir);
    const errors = r.issues.filter((i) => i.code === 'SBOM_PARSE_ERROR');
    expect(errors.map((i) => i.location?.path)).toEqual(['a/packages.lock.json', 'b/B.csproj']);
    for (const e of errors) {
      expect(e.source).toBe('sbom/nuget-cataloger');
      expect(e.location?.line).toBeGreaterThan(1);
      expect(e.location?.column).toBeGreaterThan(0);
    }
  });
});
