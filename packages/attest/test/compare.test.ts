import { describe, expect, it } from 'vitest';
import { compare, compareVersions, isTestPath, maskedEqual, type SourceChanges } from '../src/compare.js';
import { resolvePolicy } from '../src/score.js';
import { makeSnapshot, purlWithoutVersion, type Snapshot } from '../src/snapshot.js';

type C = Record<string, unknown>;
const policy = resolvePolicy(undefined).policy;
const noSources: SourceChanges = { method: 'digest', files: [] };

function comp(purl: string, extra: C = {}): C {
  const m = /^pkg:[a-z]+\/(.+)@(.+)$/.exec(purl)!;
  return { bomRef: purl, name: m[1], version: m[2], purl, firstParty: false, scope: 'required', class: 'O7', country: 'US', supplier: 'OpenJS', tier: 'T3', ...extra };
}

function snap(components: C[], extra: { channels?: C[]; algorithms?: C[]; smDefault?: boolean; ratio?: number; licenses?: Record<string, string> } = {}): Snapshot {
  const cbomMeta = extra.smDefault === undefined ? [] : [{ name: 'shencha:sm:default', value: String(extra.smDefault) }];
  return makeSnapshot({
    product: { name: 'p', version: '1.0.0' },
    classification: { components, remoteChannels: { channels: extra.channels ?? [] }, product: { selfDevelopedRatio: { ratio: extra.ratio ?? 1 } } },
    sbom: { components: components.map((c) => ({ 'bom-ref': c['bomRef'], licenses: [{ license: { id: extra.licenses?.[c['bomRef'] as string] ?? 'MIT' } }], properties: [{ name: 'shencha:evidence', value: 'package-lock.json:7' }] })) },
    cbom: { metadata: { properties: cbomMeta }, components: extra.algorithms ?? [] },
    vendorProfile: undefined,
    files: new Map(),
  });
}

function alg(name: string, sm: boolean, path: string): C {
  return { type: 'cryptographic-asset', name, evidence: { occurrences: [{ location: path, line: 3 }] }, properties: [{ name: 'shencha:crypto:family', value: name }, { name: 'shencha:crypto:sm', value: String(sm) }, { name: 'shencha:crypto:libraries', value: 'node:crypto' }] };
}

function run(b: Snapshot, c: Snapshot, sources = noSources, coreFiles = new Set<string>()) {
  return compare({ baseline: b, current: c, policy, sources, coreFiles });
}

describe('compare', () => {
  it('an identical release has no trigger', () => {
    const s = snap([comp('pkg:npm/a@1.0.0')]);
    expect(run(s, s).triggers).toEqual([]);
  });

  it('matches components by purl without version: upgrades, T1 major bumps, several versions', () => {
    const b = snap([comp('pkg:npm/a@1.2.0'), comp('pkg:npm/core@1.9.0', { tier: 'T1' }), comp('pkg:npm/multi@1.0.0'), comp('pkg:npm/multi@2.0.0')]);
    const c = snap([comp('pkg:npm/a@1.10.0'), comp('pkg:npm/core@2.0.0', { tier: 'T1' }), comp('pkg:npm/multi@2.0.0')]);
    const r = run(b, c);
    expect(r.triggers.map((t) => [t.rule, t.changeClass, t.subject])).toEqual([
      ['core-major-version', 'material', 'pkg:npm/core'],
      ['version-changed', 'minor', 'pkg:npm/a'],
      ['version-changed', 'minor', 'pkg:npm/multi'],
    ]);
    expect(r.components.find((x) => x.key === 'pkg:npm/a')?.change).toBe('upgraded');
    expect(r.components.find((x) => x.key === 'pkg:npm/multi')).toMatchObject({ change: 'versions-changed', before: { versions: ['1.0.0', '2.0.0'] }, after: { versions: ['2.0.0'] } });
    expect(r.triggers[0]!.evidence[0]).toMatchObject({ in: 'current', path: 'package-lock.json', line: 7 });
  });

  it('new T1/T2 components are material, others minor; class downgrades and licence changes are material', () => {
    const b = snap([comp('pkg:npm/x@1.0.0', { class: 'O6', country: 'CN' }), comp('pkg:npm/y@1.0.0')]);
    const c = snap([comp('pkg:npm/x@1.0.0', { class: 'O7', country: 'CN' }), comp('pkg:npm/y@1.0.0'), comp('pkg:npm/crypto@1.0.0', { tier: 'T1' }), comp('pkg:npm/util@1.0.0')], { licenses: { 'pkg:npm/y@1.0.0': 'GPL-3.0-only' } });
    const rules = run(b, c).triggers.map((t) => `${t.changeClass}:${t.rule}:${t.subject}`);
    expect(rules).toEqual(['material:component-added-core:pkg:npm/crypto@1.0.0', 'material:license-changed:pkg:npm/y', 'material:origin-class-downgrade:pkg:npm/x', 'minor:component-added:pkg:npm/util@1.0.0']);
  });

  it('crypto: a new non-SM algorithm in product code is material, in tests minor; SM default dropped is material', () => {
    const b = snap([], { algorithms: [alg('SM3', true, 'src/a.ts')], smDefault: true });
    const c = snap([], { algorithms: [alg('SM3', true, 'src/a.ts'), alg('MD5', false, 'src/b.ts'), alg('SHA-1', false, 'test/x.test.ts')], smDefault: false });
    const r = run(b, c).triggers.map((t) => `${t.changeClass}:${t.rule}:${t.subject}`);
    expect(r).toEqual(['material:crypto-algorithm-added:MD5', 'material:sm-default-dropped:SM default', 'minor:crypto-changed:SHA-1']);
  });

  it('endpoints: a new host or control channel is material; masked baseline values match; test code is minor', () => {
    const ch = (value: string, path = 'src/a.ts', channel = 'other', kind = 'outbound-url') => ({ kind, channel, value, host: value.replace(/^https?:\/\//, '').split(/[/:]/)[0], path, line: 1 });
    const b = snap([], { channels: [ch('https://api.example.cn/v1'), ch('http://*********:9000', 'test/t.test.ts')] });
    const c = snap([], { channels: [ch('https://api.example.cn/v1'), ch('http://10.0.0.12:9000', 'test/t.test.ts'), ch('https://api.example.cn/v2'), ch('https://t.example.com/x', 'src/t.ts', 'telemetry'), ch('https://new.example.org/', 'test/t.test.ts')] });
    const r = run(b, c).triggers.map((t) => `${t.changeClass}:${t.rule}:${t.subject}`);
    expect(r).toEqual(['material:endpoint-added:https://t.example.com/x', 'minor:endpoint-changed:https://api.example.cn/v2', 'minor:endpoint-changed:https://new.example.org/']);
  });

  it('source: core files over the threshold are material, other files none; the ratio drop has a threshold', () => {
    const s = snap([]);
    const sources: SourceChanges = { method: 'git', commit: 'c'.repeat(40), files: [{ path: 'src/crypto.ts', status: 'modified', added: 40, deleted: 20, lines: 60 }, { path: 'src/small.ts', status: 'modified', added: 1, deleted: 1, lines: 2 }, { path: 'README.ts', status: 'modified', added: 1, deleted: 0, lines: 1 }] };
    const r = run(s, s, sources, new Set(['src/crypto.ts', 'src/small.ts']));
    expect(r.triggers.map((t) => `${t.changeClass}:${t.rule}:${t.subject}`)).toEqual(['material:core-source-changed:src/crypto.ts', 'minor:core-source-changed-minor:src/small.ts', 'none:source-changed:1 file(s)']);
    expect(run(snap([], { ratio: 0.9 }), snap([], { ratio: 0.8 })).triggers[0]!.rule).toBe('self-developed-ratio-drop');
    expect(run(snap([], { ratio: 0.9 }), snap([], { ratio: 0.88 })).triggers[0]!.changeClass).toBe('none');
  });
});

describe('helpers', () => {
  it('versions, purls, masks and test paths', () => {
    expect(compareVersions('1.10.0', '1.9.9')).toBeGreaterThan(0);
    expect(compareVersions('2.0.0-rc.1', '2.0.0')).toBeLessThan(0);
    expect(purlWithoutVersion('pkg:npm/%40scope/name@1.2.3?arch=x#sub')).toBe('pkg:npm/%40scope/name');
    expect(maskedEqual('http://***.0.0.1', 'http://127.0.0.1')).toBe(true);
    expect(maskedEqual('http://***.0.0.1', 'http://127.0.0.12')).toBe(false);
    expect(isTestPath('test/auth.test.ts')).toBe(true);
    expect(isTestPath('src/main/java/Foo.java')).toBe(false);
    expect(isTestPath('pkg/x_test.go')).toBe(true);
  });
});
