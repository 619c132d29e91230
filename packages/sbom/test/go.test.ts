import { fuzzCataloger } from './fuzz-helpers.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FileSource, scanProject, type Component } from '@shencha/core';
import { describe, expect, it } from 'vitest';
import type { CatalogResult } from '../src/cataloger.js';
import { goCataloger } from '../catalogers/go/index.js';
import { compareGoVersions, parseGoMod } from '../catalogers/go/gomod.js';

const FIX = fileURLToPath(new URL('./fixtures/go/', import.meta.url));

async function run(fixture: string): Promise<CatalogResult & { byRef: Map<string, Component> }> {
  const r = await goCataloger.catalog(new FileSource(await scanProject(FIX + fixture)), { options: {} });
  return { ...r, byRef: new Map(r.components.map((c) => [c.bomRef, c])) };
}

/** SOURCES.tsv's rule, recomputed: distinct module@version over go.sum lines, `/go.mod` stripped. */
function sumCoordinates(fixture: string): Set<string> {
  const out = new Set<string>();
  for (const l of readFileSync(FIX + fixture + '/go.sum', 'utf8').split('\n')) {
    const f = l.trim().split(/\s+/);
    if (f.length === 3) out.add(`${f[0]}@${f[1]!.replace(/\/go\.mod$/, '')}`);
  }
  return out;
}

/** A coordinate is held when a component has it, or a replacement component names it. */
function holds(r: CatalogResult, coord: string): boolean {
  return r.components.some((c) => `${c.name}@${c.version ?? ''}` === coord || c.properties?.['shencha:go:replaces'] === coord);
}

const edgesOf = (r: CatalogResult, ref: string) => r.dependencies.find((d) => d.ref === ref)?.dependsOn ?? [];

describe('go cataloger on SOURCES.tsv fixtures (go.sum counted)', () => {
  it.each([
    ['matrixone-root-module', 913],
    ['matrixone-nested-iceberggo-module', 721],
    ['replace-block-with-sum', 3],
    ['replace-single-with-sum-hashes', 15],
  ])('%s holds all %i go.sum modules', async (fixture, count) => {
    const coords = sumCoordinates(fixture);
    expect(coords.size).toBe(count);
    const r = await run(fixture);
    expect([...coords].filter((c) => !holds(r, c))).toEqual([]);
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(r.compositions).toHaveLength(1);
    expect(r.compositions[0]).toMatchObject({ aggregate: 'complete', path: 'go.sum' });
    const again = await run(fixture);
    expect(JSON.stringify(again)).toBe(JSON.stringify(r));
  });

  it('matrixone: build list required, go.mod-only lines excluded with a reason, replacements, hashes', async () => {
    const r = await run('matrixone-root-module');
    const main = r.byRef.get('pkg:golang/github.com/matrixorigin/matrixone')!;
    expect(main.firstParty).toBe(true);
    const toml = r.byRef.get('pkg:golang/github.com/BurntSushi/toml@v1.2.1')!;
    expect(toml.scope).toBe('required');
    expect(toml.hashes?.[0]?.alg).toBe('SHA-256');
    expect(toml.hashes?.[0]?.content).toMatch(/^[0-9a-f]{64}$/);
    expect(edgesOf(r, main.bomRef)).toContain(toml.bomRef);
    // +incompatible versions are kept as written.
    expect(r.byRef.get('pkg:golang/github.com/aliyun/aliyun-oss-go-sdk@v3.0.2+incompatible')).toBeDefined();
    // replace memberlist => matrixorigin/memberlist
    const ml = r.components.find((c) => c.properties?.['shencha:go:replaces']?.startsWith('github.com/hashicorp/memberlist@'))!;
    expect(ml.name).toBe('github.com/matrixorigin/memberlist');
    expect(ml.version).toBe('v0.5.1-0.20230322082342-95015c95ee76');
    const excluded = r.components.filter((c) => c.scope === 'excluded');
    expect(excluded.length).toBeGreaterThan(100);
    for (const c of excluded) expect(c.properties?.['shencha:scope-reason']).toMatch(/^go-(sum-go-mod-only|sum-version-not-selected|mod-replaced|mod-exclude)$/);
    expect(excluded.every((c) => !edgesOf(r, main.bomRef).includes(c.bomRef))).toBe(true);
    const indirect = r.components.filter((c) => c.properties?.['shencha:go:indirect'] === 'true');
    expect(indirect.length).toBeGreaterThan(50);
  });

  it('replace block: replaced versions from go.sum, hashes on the h1 lines', async () => {
    const r = await run('replace-block-with-sum');
    const quote = r.byRef.get('pkg:golang/rsc.io/quote@v1.5.2')!;
    expect(quote.properties?.['shencha:go:replaces']).toBe('rsc.io/quote@v1.5.1');
    expect(quote.properties?.['shencha:go:indirect']).toBeUndefined();
    expect(quote.hashes).toEqual([
      { alg: 'SHA-256', content: Buffer.from('w5fcysjrx7yqtD/aO+QwRjYZOKnaM9Uh2b40tElTs3Y=', 'base64').toString('hex') },
    ]);
    expect(r.byRef.get('pkg:golang/rsc.io/sampler@v1.3.1')!.properties?.['shencha:go:indirect']).toBe('true');
    expect(r.components.filter((c) => !c.firstParty)).toHaveLength(3);
  });

  it('replace single with go.sum hashes: go.mod-only lines are excluded, not dropped', async () => {
    const r = await run('replace-single-with-sum-hashes');
    const cdx = r.byRef.get('pkg:golang/github.com/CycloneDX/cyclonedx-go@v0.6.0')!;
    expect(cdx.scope).toBe('required');
    expect(cdx.hashes).toBeUndefined(); // only a /go.mod line for v0.6.0
    const old = r.byRef.get('pkg:golang/github.com/CycloneDX/cyclonedx-go@v0.7.0')!;
    expect(old.scope).toBe('excluded');
    expect(old.properties?.['shencha:scope-reason']).toBe('go-mod-replaced');
    const spew = r.byRef.get('pkg:golang/github.com/davecgh/go-spew@v1.1.1')!;
    expect(spew.scope).toBe('excluded');
    expect(spew.properties?.['shencha:scope-reason']).toBe('go-sum-go-mod-only');
    // An older version with only a /go.mod line took part in version selection only.
    expect(r.byRef.get('pkg:golang/github.com/mgutz/ansi@v0.0.0-20170206155736-9520e82c474b')!.properties?.['shencha:scope-reason']).toBe(
      'go-sum-go-mod-only',
    );
  });
});

describe('go cataloger on go.mod-counted fixtures', () => {
  it('relative-path replace without go.sum: kept without a version, composition incomplete', async () => {
    const r = await run('relative-path-replace-no-sum');
    const sdk = r.components.find((c) => c.name === 'github.com/aws/aws-sdk-go-v2')!;
    expect(sdk.version).toBeUndefined();
    expect(sdk.properties).toMatchObject({ 'shencha:go:replaced-by-directory': '../../../', 'shencha:go:required-version': 'v1.36.3' });
    expect(r.components.filter((c) => !c.firstParty)).toHaveLength(1);
    expect(r.compositions[0]).toMatchObject({ aggregate: 'incomplete', path: 'go.mod' });
  });

  it('irregular whitespace, tool directives and two replace sections: all 4 requires', async () => {
    const r = await run('irregular-whitespace-tool-directives');
    for (const coord of ['google.golang.org/grpc@v1.32.0', 'github.com/aws/aws-sdk-go@v1.38.47', 'github.com/spf13/viper@v1.3.0', 'github.com/spf13/cobra@v1.0.0']) {
      expect(holds(r, coord)).toBe(true);
    }
    expect(r.byRef.get('pkg:golang/google.golang.org/grpc@v1.21.0')!.properties?.['shencha:go:replaces']).toBe('google.golang.org/grpc@v1.32.0');
    expect(r.byRef.get('pkg:golang/github.com/spf13/viper@v1.0.2')!.properties?.['shencha:go:tool']).toBe('github.com/spf13/viper');
    expect(r.byRef.get('pkg:golang/github.com/spf13/cobra@v1.0.0')!.properties?.['shencha:go:tool']).toBe('github.com/spf13/cobra,github.com/spf13/cobra');
    // testify has code hashed in go.sum but is not in go.mod: a transitive module.
    const testify = r.byRef.get('pkg:golang/github.com/stretchr/testify@v1.6.1')!;
    expect(testify.scope).toBe('required');
    expect(testify.properties?.['shencha:go:source']).toBe('go.sum');
    // aws-sdk-go has no go.sum line: the lock is out of sync.
    expect(r.issues.find((i) => i.code === 'SBOM_LOCK_OUT_OF_SYNC')?.message).toContain('github.com/aws/aws-sdk-go@v1.38.47');
  });

  it('malformed go.mod and go.sum: SBOM_PARSE_ERROR with cataloger, file, line and column', async () => {
    const r = await run('malformed-corrupt');
    const err = r.issues.filter((i) => i.code === 'SBOM_PARSE_ERROR');
    expect(err[0]!.location).toEqual({ path: 'go.mod', line: 5, column: 1 });
    expect(err[0]!.message).toContain('go-module-cataloger');
    expect(err[0]!.message).toContain('unknown directive: ruire');
    expect(r.components).toEqual([]);
  });
});

describe('go cataloger: version selection among go.sum-only modules', () => {
  it('the highest fetched version is transitive, lower fetched ones are not selected', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(tmpdir() + '/shencha-go-');
    writeFileSync(dir + '/go.mod', 'module example.com/m\n\ngo 1.16\n\nrequire example.com/a v1.0.0\n');
    const h = 'h1:' + Buffer.alloc(32, 7).toString('base64');
    writeFileSync(
      dir + '/go.sum',
      [`example.com/a v1.0.0 ${h}`, `example.com/b v1.2.0 ${h}`, `example.com/b v1.10.0 ${h}`, `example.com/b v1.10.0/go.mod ${h}`, ''].join('\n'),
    );
    const r = await goCataloger.catalog(new FileSource(await scanProject(dir)), { options: {} });
    const b = (v: string) => r.components.find((c) => c.name === 'example.com/b' && c.version === v)!;
    expect(b('v1.10.0').scope).toBe('required');
    expect(b('v1.2.0').properties?.['shencha:scope-reason']).toBe('go-sum-version-not-selected');
    expect(r.dependencies[0]!.dependsOn).toEqual(['pkg:golang/example.com/a@v1.0.0', 'pkg:golang/example.com/b@v1.10.0']);
  });
});

describe('go cataloger: modules of one tree', () => {
  it('a replace to a directory holding another go.mod is an edge between first-party modules', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(tmpdir() + '/shencha-go-');
    writeFileSync(dir + '/go.mod', 'module example.com/m\n\ngo 1.22\n\nrequire example.com/m/sub v0.0.0-00010101000000-000000000000\n\nreplace example.com/m/sub => ./sub\n');
    mkdirSync(dir + '/sub');
    writeFileSync(dir + '/sub/go.mod', 'module example.com/m/sub\n\ngo 1.22\n');
    const r = await goCataloger.catalog(new FileSource(await scanProject(dir)), { options: {} });
    expect(r.components.map((c) => [c.bomRef, c.firstParty])).toEqual([
      ['pkg:golang/example.com/m', true],
      ['pkg:golang/example.com/m/sub', true],
    ]);
    expect(r.dependencies).toEqual([{ ref: 'pkg:golang/example.com/m', dependsOn: ['pkg:golang/example.com/m/sub'] }]);
  });
});

describe('go cataloger: vendor/modules.txt', () => {
  it('vendored modules are components with evidence in vendor/modules.txt', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(tmpdir() + '/shencha-go-');
    writeFileSync(dir + '/go.mod', 'module example.com/m\n\ngo 1.21\n\nrequire (\n\tgolang.org/x/text v0.3.0\n\trsc.io/q v1.0.0 // indirect\n)\nreplace rsc.io/q => rsc.io/q v1.1.0\n');
    mkdirSync(dir + '/vendor');
    writeFileSync(dir + '/vendor/modules.txt', '# golang.org/x/text v0.3.0\n## explicit\ngolang.org/x/text/unicode\n# rsc.io/q v1.0.0 => rsc.io/q v1.1.0\n## explicit\nrsc.io/q\n# example.com/extra v0.1.0\nexample.com/extra\n');
    const r = await goCataloger.catalog(new FileSource(await scanProject(dir)), { options: {} });
    const text = r.components.find((c) => c.name === 'golang.org/x/text')!;
    expect(text.properties?.['shencha:go:vendored']).toBe('true');
    expect(text.evidence.map((e) => e.path)).toEqual(['go.mod', 'vendor/modules.txt']);
    expect(r.components.find((c) => c.name === 'rsc.io/q')!.version).toBe('v1.1.0');
    expect(r.components.find((c) => c.name === 'example.com/extra')!.scope).toBe('required');
    expect(r.compositions[0]).toMatchObject({ aggregate: 'complete', path: 'vendor/modules.txt' });
  });
});

describe('go parsers', () => {
  it('go.sum malformed lines are located', async () => {
    const { parseGoSum } = await import('../catalogers/go/gomod.js');
    const s = parseGoSum(readFileSync(FIX + 'malformed-corrupt/go.sum', 'utf8'));
    expect(s.bad.map((b) => b.line)).toEqual([3, 4]);
    expect(s.lines).toHaveLength(2);
  });

  it('vendor/modules.txt adds vendored modules', async () => {
    const { parseModulesTxt } = await import('../catalogers/go/gomod.js');
    const mods = parseModulesTxt('# golang.org/x/text v0.3.0\n## explicit\ngolang.org/x/text/unicode\n# example.com/a v1.0.0 => ./a\n# rsc.io/q v1.0.0 => rsc.io/q v1.1.0\n');
    expect(mods).toEqual([
      { path: 'golang.org/x/text', version: 'v0.3.0', explicit: true, line: 1 },
      { path: 'example.com/a', version: 'v1.0.0', replacement: { path: './a' }, explicit: false, line: 4 },
      { path: 'rsc.io/q', version: 'v1.0.0', replacement: { path: 'rsc.io/q', version: 'v1.1.0' }, explicit: false, line: 5 },
    ]);
  });

  it('exclude, quoted paths, unterminated blocks', () => {
    const ok = parseGoMod('module "example.com/m"\nexclude example.com/x v1.0.0\nrequire example.com/x v1.1.0 // indirect\n');
    expect(ok.ok && ok.mod).toMatchObject({ module: 'example.com/m', excludes: [{ path: 'example.com/x', version: 'v1.0.0' }] });
    const bad = parseGoMod('module m\nrequire (\n  a.b/c v1.0.0\n');
    expect(!bad.ok && bad.error).toEqual({ message: 'unterminated require block', line: 2, column: 1 });
    expect(compareGoVersions('v1.10.0', 'v1.9.0')).toBeGreaterThan(0);
    expect(compareGoVersions('v1.0.0-rc.1', 'v1.0.0')).toBeLessThan(0);
  });
});

describe('go cataloger: hostile and mutated input', () => {
  it('mutated fixtures never crash or hang, and every issue is located', () => fuzzCataloger(FUZZ_CATALOGER_GO, FUZZ_ROOT_GO, FUZZ_CASES_GO));
});
const FUZZ_ROOT_GO = FIX;
const FUZZ_CATALOGER_GO = goCataloger;
const FUZZ_CASES_GO: [string, string][] = [
  ['replace-single-with-sum-hashes', 'go.mod'],
  ['replace-single-with-sum-hashes', 'go.sum'],
  ['irregular-whitespace-tool-directives', 'go.mod'],
  ['replace-block-with-sum', 'go.mod'],
];
