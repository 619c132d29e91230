import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { FileSource, canonicalize, scanProject, validateAgainstSchema, type Component, type Inventory } from '@shencha/core';
import { analyzeCode, type UsageIndex } from '@shencha/code';
import { annotateInventory, buildCbom, builtInKbDir, classify, loadKnowledgeBase, remoteChannels, type Classification } from '../src/index.js';

const root = fileURLToPath(new URL('./fixtures/gateway/', import.meta.url));
const vendor = { entity: 'Acme Network Technology (Hangzhou) Co., Ltd.', country: 'CN', control: 'cn-controlled' } as const;

function c(init: Partial<Component> & { bomRef: string; name: string }): Component {
  return { type: 'library', ecosystem: 'npm', evidence: [{ path: 'package-lock.json', line: 10, cataloger: 'npm-lock-cataloger' }], scope: 'required', ...init };
}

const inventory: Inventory = {
  product: { name: 'gateway-fixture', version: '1.0.0' },
  rootRef: 'pkg:npm/gateway-fixture@1.0.0',
  components: [
    c({ bomRef: 'pkg:npm/gateway-fixture@1.0.0', name: 'gateway-fixture', version: '1.0.0', purl: 'pkg:npm/gateway-fixture@1.0.0', firstParty: true, type: 'application', evidence: [{ path: 'package.json', cataloger: 'npm-lock-cataloger' }] }),
    c({ bomRef: 'pkg:npm/express@4.18.2', name: 'express', version: '4.18.2', purl: 'pkg:npm/express@4.18.2', licenses: ['MIT'] }),
    c({ bomRef: 'pkg:npm/sm-crypto@0.3.13', name: 'sm-crypto', version: '0.3.13', purl: 'pkg:npm/sm-crypto@0.3.13', licenses: ['MIT'] }),
    c({ bomRef: 'pkg:npm/jsbn@1.1.0', name: 'jsbn', version: '1.1.0', purl: 'pkg:npm/jsbn@1.1.0', licenses: ['MIT'] }),
    c({ bomRef: 'pkg:npm/vitest@4.1.12', name: 'vitest', version: '4.1.12', purl: 'pkg:npm/vitest@4.1.12', scope: 'excluded' }),
    c({ bomRef: 'npm:vendor/tinylib/package.json#tinylib', name: 'tinylib', version: '1.0.0', licenses: ['MIT'], evidence: [{ path: 'vendor/tinylib/package.json', cataloger: 'vendored-package-json' }] }),
  ],
  dependencies: [
    { ref: 'pkg:npm/gateway-fixture@1.0.0', dependsOn: ['pkg:npm/express@4.18.2', 'pkg:npm/sm-crypto@0.3.13', 'pkg:npm/vitest@4.1.12'] },
    { ref: 'pkg:npm/sm-crypto@0.3.13', dependsOn: ['pkg:npm/jsbn@1.1.0'] },
  ],
  compositions: [],
  issues: [],
};

let usage: UsageIndex;
let result: Classification;
const byRef = (ref: string) => result.components.find((x) => x.bomRef === ref)!;

beforeAll(async () => {
  usage = await analyzeCode(new FileSource(await scanProject(root)), { workers: 0 });
  result = await classify({ inventory, usage, vendor });
});

describe('classification of a small product with code facts', () => {
  it('is valid against its schema and canonical-stable', async () => {
    expect(validateAgainstSchema('classification', JSON.parse(canonicalize(result)))).toEqual([]);
    const again = await classify({ inventory: { ...inventory, components: [...inventory.components].reverse() }, usage, vendor });
    expect(canonicalize(again)).toBe(canonicalize(result));
  });

  it('makes a crypto library used at a first-party call site T1, and its runtime dependency T2', () => {
    const sm = byRef('pkg:npm/sm-crypto@0.3.13');
    expect(sm).toMatchObject({ class: 'O6', country: 'CN', tier: 'T1' });
    expect(sm.evidence[0]!.basis).toBe('registry-namespace');
    const jsbn = byRef('pkg:npm/jsbn@1.1.0');
    expect(jsbn.tier).toBe('T2');
    expect(jsbn.tierReason).toMatch(/runtime path of T1 component pkg:npm\/sm-crypto/);
    expect(jsbn.class).toBe('O8');
  });

  it('gives the first-party component O1 and T1 from its own crypto code; dev-only components are unscored', () => {
    const fp = byRef('pkg:npm/gateway-fixture@1.0.0');
    expect(fp).toMatchObject({ class: 'O1', tier: 'T1', supplier: vendor.entity });
    expect(fp.tierReason).toMatch(/src\/server\.ts:12/);
    expect(byRef('pkg:npm/vitest@4.1.12').tier).toBe('unscored');
    expect(byRef('pkg:npm/express@4.18.2')).toMatchObject({ class: 'O7', country: 'US', tier: 'T2' });
  });

  it('takes the vendor copyright line as IP evidence and flags third-party copyright in first-party files', () => {
    const fp = byRef('pkg:npm/gateway-fixture@1.0.0');
    expect(fp.evidence.find((e) => e.basis === 'copyright-holder')).toMatchObject({ source: 'src/server.ts:1', country: 'CN' });
    const copied = result.issues.filter((i) => i.code === 'ORIGIN_THIRD_PARTY_COPYRIGHT');
    expect(copied.map((i) => [i.severity, i.location])).toEqual([['warning', { path: 'src/clamp.ts', line: 1 }]]);
  });

  it('attributes a vendored copy by its copyright holder', () => {
    const t = byRef('npm:vendor/tinylib/package.json#tinylib');
    expect(t).toMatchObject({ class: 'O6', country: 'CN' });
    expect(t.evidence.find((e) => e.basis === 'copyright-holder')?.source).toBe('vendor/tinylib/index.js:2');
  });

  it('computes the self-developed ratio from non-blank source lines, vendored code as third party', () => {
    const expectFp = usage.files.filter((f) => !f.path.startsWith('vendor/')).reduce((n, f) => n + f.lines.code + f.lines.comment, 0);
    const expectTp = usage.files.filter((f) => f.path.startsWith('vendor/')).reduce((n, f) => n + f.lines.code + f.lines.comment, 0);
    const r = result.product.selfDevelopedRatio;
    expect(r.firstPartyLines).toBe(expectFp);
    expect(r.thirdPartyLines).toBe(expectTp);
    expect(expectTp).toBeGreaterThan(0);
    expect(r.ratio).toBeCloseTo(expectFp / (expectFp + expectTp), 4);
    expect(result.product.lockfileOnlyComponents).toBe(3);
  });

  it('counts classes and tiers, lists T1/T2 components of foreign or unknown origin, and gives a verdict', () => {
    const p = result.product;
    expect(Object.values(p.countsByClass).reduce((a, b) => a + b, 0)).toBe(inventory.components.length);
    expect(p.t1t2Foreign.bomRefs).toEqual(['pkg:npm/express@4.18.2', 'pkg:npm/jsbn@1.1.0']);
    expect(p.domesticEligible.verdict).toBe('undetermined');
    expect(p.domesticEligible.reasons.at(-1)).toMatch(/1 first-party file\(s\) carry third-party copyright \(first: Google at src\/clamp.ts:1\)/);
    expect(p.domesticShareByMlpsClass['security-product']).toEqual({ components: 1, domestic: 1, share: 1 });
  });

  it('reports policy findings: foreign telemetry at its code location, unknown origin in a T2 position', () => {
    const telemetry = result.findings.find((f) => f.source === 'origin/rules/no-foreign-telemetry-endpoint')!;
    expect(telemetry).toMatchObject({ severity: 'error', location: { path: 'src/server.ts', line: 28, column: 10 } });
    expect(telemetry.message).toContain('telemetry.acme-metrics.com');
    const control = result.findings.filter((f) => f.source === 'origin/rules/no-foreign-control-endpoint');
    expect(control.map((f) => [f.severity, f.location])).toEqual([['warning', { path: 'src/server.ts', line: 32, column: 10 }]]);
    expect(control[0]!.message).toMatch(/^update endpoint https:\/\/update\.acme-cdn\.com/);
    const unknown = result.findings.filter((f) => f.source === 'origin/rules/no-unknown-core');
    expect(unknown.map((f) => f.message)).toEqual([expect.stringContaining('pkg:npm/jsbn@1.1.0')]);
    expect(unknown[0]!.location).toEqual({ path: 'package-lock.json', line: 10 });
    expect(result.findings.some((f) => f.source === 'origin/rules/sm-algorithms-supported')).toBe(false);
  });
});

describe('curations', () => {
  it('win over inferred evidence and are shown as such; a stale curation is reported', async () => {
    const curations = {
      schemaVersion: 1,
      curations: [
        { component: 'pkg:npm/jsbn', class: 'O7', country: 'US', reviewer: 'Li Wei', date: new Date('2026-11-20T00:00:00Z'), reason: 'jsbn by Tom Wu (Stanford), see http://www-cs-students.stanford.edu/~tjw/jsbn/' },
        { component: 'pkg:npm/left-pad', class: 'O7', reviewer: 'Li Wei', date: '2026-11-20', reason: 'stale' },
      ],
    };
    const r = await classify({ inventory, usage, vendor, curations });
    const jsbn = r.components.find((x) => x.bomRef === 'pkg:npm/jsbn@1.1.0')!;
    expect(jsbn).toMatchObject({ class: 'O7', country: 'US', confidence: 1, curated: { reviewer: 'Li Wei', date: '2026-11-20', fields: ['class', 'country'] } });
    expect(jsbn.evidence[0]).toMatchObject({ basis: 'curation', confidence: 1 });
    expect(jsbn.reasons[0]).toMatch(/curation overrides the inferred class O8 → O7/);
    expect(r.findings.some((f) => f.source === 'origin/rules/no-unknown-core')).toBe(false);
    expect(r.issues.find((i) => i.code === 'ORIGIN_CURATION_UNMATCHED')?.location).toEqual({ path: '.shencha/curations.yaml', field: '/curations/1/component' });
  });

  it('rejects a malformed curations file with located issues and applies none of it', async () => {
    const r = await classify({ inventory, usage, vendor, curations: { schemaVersion: 1, curations: [{ component: 'pkg:npm/jsbn', class: 'O9', reviewer: 'x', date: '2026-11-20', reason: 'r' }] } });
    const bad = r.issues.filter((i) => i.code === 'ORIGIN_CURATIONS_INVALID');
    expect(bad.length).toBeGreaterThan(0);
    expect(bad[0]!.location?.field).toBe('/curations/0/class');
    expect(r.components.find((x) => x.bomRef === 'pkg:npm/jsbn@1.1.0')!.class).toBe('O8');
  });
});

describe('policy file', () => {
  it('turns rules off, changes severities and reports unknown rules or options', async () => {
    const policy = { schemaVersion: 1, failOn: 'warning', rules: { 'no-foreign-telemetry-endpoint': 'off', 'no-unknown-core': 'warning', 'no-such-rule': 'error', 't1-domestic-origin': { options: { allowed: 'O1' } } } };
    const r = await classify({ inventory, usage, vendor, policy });
    expect(r.findings.some((f) => f.source === 'origin/rules/no-foreign-telemetry-endpoint')).toBe(false);
    expect(r.findings.find((f) => f.source === 'origin/rules/no-unknown-core')?.severity).toBe('warning');
    expect(r.policy).toMatchObject({ source: 'file', failOn: 'warning' });
    const invalid = r.issues.filter((i) => i.code === 'ORIGIN_POLICY_INVALID').map((i) => i.location?.field);
    expect(invalid).toEqual(expect.arrayContaining(['/rules/no-such-rule', '/rules/t1-domestic-origin/options']));
    const cli = await classify({ inventory, usage, vendor, policy, failOn: 'error' });
    expect(cli.policy.failOn).toBe('error');
  });

  it('an allowed-class option makes T1 components outside it violations', async () => {
    const r = await classify({ inventory, usage, vendor, policy: { schemaVersion: 1, rules: { 't1-domestic-origin': { options: { allowed: ['O1'] } } } } });
    const v = r.findings.filter((f) => f.source === 'origin/rules/t1-domestic-origin');
    expect(v.map((f) => f.message)).toEqual([expect.stringContaining('pkg:npm/sm-crypto@0.3.13 is O6')]);
  });

  it('flags missing SM support when only international algorithms are used', async () => {
    const noSm: UsageIndex = { ...usage, files: usage.files.map((f) => ({ ...f, crypto: f.crypto.filter((x) => !x.family.startsWith('SM')) })) };
    const r = await classify({ inventory, usage: noSm, vendor });
    const sm = r.findings.filter((f) => f.source === 'origin/rules/sm-algorithms-supported');
    expect(sm.map((f) => f.message).sort()).toEqual([expect.stringContaining('uses block-cipher (AES-256-GCM)'), expect.stringContaining('uses hash (SHA-256)')].sort());
  });
});

describe('CBOM and remote channels', () => {
  it('writes CycloneDX 1.6 cryptographic assets with call sites, libraries and SM flags', async () => {
    const text = buildCbom(usage, inventory, { timestamp: '2026-11-28T00:00:00Z', toolVersion: '0.1.0' });
    expect(buildCbom(usage, inventory, { timestamp: '2026-11-28T00:00:00Z', toolVersion: '0.1.0' })).toBe(text);
    const bom = JSON.parse(text) as { components: { 'bom-ref': string; type: string; name: string; cryptoProperties?: { algorithmProperties: Record<string, unknown>; oid?: string }; evidence?: { occurrences: { location: string; line: number }[] } }[]; metadata: { properties: { name: string; value: string }[] }; dependencies: { ref: string; provides: string[] }[]; serialNumber: string };
    expect(canonicalize(bom)).toBe(text);
    expect(await validateCycloneDx16(bom)).toEqual([]);
    const names = bom.components.filter((x) => x.type === 'cryptographic-asset').map((x) => x.name);
    expect(names).toEqual(['AES-256-GCM', 'SHA-256', 'SM2', 'SM3', 'SM4-ECB']);
    const aes = bom.components.find((x) => x.name === 'AES-256-GCM')!;
    expect(aes.cryptoProperties!.algorithmProperties).toMatchObject({ primitive: 'ae', mode: 'gcm', parameterSetIdentifier: '256', cryptoFunctions: ['encrypt'] });
    expect(aes.evidence!.occurrences).toEqual([expect.objectContaining({ location: 'src/server.ts', line: 12 })]);
    expect(bom.components.find((x) => x.name === 'SM3')!.cryptoProperties!.oid).toBe('1.2.156.10197.1.401');
    const props = Object.fromEntries(bom.metadata.properties.map((p) => [p.name, p.value]));
    expect(props).toMatchObject({ 'shencha:sm:supported': 'true', 'shencha:sm:default': 'false', 'shencha:sm:algorithms': 'SM2,SM3,SM4' });
    expect(bom.dependencies.find((d) => d.ref === 'pkg:npm/sm-crypto@0.3.13')!.provides).toEqual(['crypto:algorithm:SM2', 'crypto:algorithm:SM3', 'crypto:algorithm:SM4-ECB']);
    expect(bom.serialNumber).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    // a variable named `aes` is not a cipher
    expect(bom.components.flatMap((x) => x.evidence?.occurrences ?? []).some((o) => o.location === 'src/util.ts')).toBe(false);
  });

  it('registers listeners and outbound endpoints with their place in the code', () => {
    const reg = remoteChannels(usage);
    expect(reg.channels.map((x) => [x.kind, x.channel, x.value, x.path, x.line])).toEqual([
      ['outbound-url', 'telemetry', 'https://telemetry.acme-metrics.com/v1/collect', 'src/server.ts', 28],
      ['outbound-url', 'update', 'https://update.acme-cdn.com/releases/latest.json', 'src/server.ts', 32],
      ['listener', 'other', '8443', 'src/server.ts', 37],
    ]);
    expect(reg.summary).toMatchObject({ listeners: 1, outbound: 2, hosts: ['telemetry.acme-metrics.com', 'update.acme-cdn.com'], byChannel: { other: 1, telemetry: 1, update: 1 } });
  });
});

describe('knowledge base', () => {
  it('has at least 500 organisation and namespace entries, each with an https source', async () => {
    const kb = await loadKnowledgeBase();
    expect(kb.organisations.length + kb.namespaces.length).toBeGreaterThanOrEqual(500);
    for (const o of kb.organisations) expect(o.source, o.id).toMatch(/^https:\/\//);
    for (const r of kb.namespaces) expect(r.source, r.match.join()).toMatch(/^https:\/\//);
    expect(kb.mlpsClasses.map((m) => m.id)).toEqual(expect.arrayContaining(['security-product', 'network-product', 'operating-system', 'database', 'server']));
    for (const cap of ['cryptography', 'tls', 'os-kernel', 'database-engine', 'network-stack', 'authn-authz', 'audit', 'firewall-ids', 'remote-management', 'update', 'telemetry']) {
      expect(kb.capabilities.map((x) => x.id)).toContain(cap);
    }
    const cn = kb.organisations.filter((o) => o.country === 'CN').map((o) => o.id);
    expect(cn).toEqual(expect.arrayContaining(['alibaba', 'ant-group', 'tencent', 'baidu', 'huawei', 'bytedance', 'jd', 'meituan', 'netease', 'xiaomi', 'kingsoft', 'pingcap', 'oceanbase', 'openeuler', 'openharmony']));
    expect(kb.orgById.get('asf')).toMatchObject({ control: 'foundation', jurisdiction: 'US' });
  });

  it('runs against another KB folder (--kb) and records its version and hash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shencha-kb-'));
    cpSync(builtInKbDir(), dir, { recursive: true });
    writeFileSync(join(dir, 'meta.yaml'), readFileSync(join(dir, 'meta.yaml'), 'utf8').replace(/version: "[^"]+"/, 'version: "2099.1.0"'));
    writeFileSync(join(dir, 'zz-extra.yaml'), 'schemaVersion: 1\nnamespaces:\n  - { type: npm, match: jsbn, org: asf, source: "https://example.org/jsbn" }\n');
    const builtIn = await loadKnowledgeBase();
    const r = await classify({ inventory, usage, vendor, kbDir: dir });
    expect(r.knowledgeBase.version).toBe('2099.1.0');
    expect(r.knowledgeBase.sha256).not.toBe(builtIn.sha256);
    expect(r.components.find((x) => x.bomRef === 'pkg:npm/jsbn@1.1.0')!.class).toBe('O7');
  });

  it('refuses a malformed or off-schema KB with ORIGIN_KB_INVALID naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shencha-kb-'));
    cpSync(builtInKbDir(), dir, { recursive: true });
    writeFileSync(join(dir, 'zz-bad.yaml'), 'schemaVersion: 1\norganisations:\n  - { id: x, name: X, country: China, control: cn-controlled, kind: commercial, source: "https://x.cn", asOf: "2026-01-01" }\n');
    await expect(loadKnowledgeBase(dir)).rejects.toMatchObject({ code: 'ORIGIN_KB_INVALID', message: expect.stringContaining('zz-bad.yaml') });
    writeFileSync(join(dir, 'zz-bad.yaml'), 'schemaVersion: 1\nnamespaces: [ { type: npm\n');
    await expect(loadKnowledgeBase(join(dir, '.', ''))).rejects.toMatchObject({ code: 'ORIGIN_KB_INVALID', location: { path: expect.stringContaining('zz-bad.yaml'), line: expect.any(Number) } });
    writeFileSync(join(dir, 'zz-bad.yaml'), 'schemaVersion: 1\nnamespaces:\n  - { type: npm, match: "@alicloud/*", org: google, source: "https://example.org" }\n');
    await expect(loadKnowledgeBase(join(dir, './'))).rejects.toMatchObject({ message: expect.stringContaining('"@alicloud/*" is claimed by both "alibaba" and "google"') });
  });
});

describe('annotateInventory with the KB', () => {
  it('puts tiers, capabilities and MLPS classes on the components', async () => {
    const out = annotateInventory(inventory, result);
    const sm = out.components.find((x) => x.bomRef === 'pkg:npm/sm-crypto@0.3.13')!;
    expect(sm.properties).toMatchObject({ 'shencha:origin:class': 'O6', 'shencha:tier': 'T1', 'shencha:capabilities': 'cryptography', 'shencha:mlps-class': 'security-product' });
    expect(sm.supplier?.name).toMatch(/JuneAndGreen/);
  });
});

/** The official CycloneDX 1.6 JSON schema (shipped in @cyclonedx/cyclonedx-library), draft-07. */
async function validateCycloneDx16(doc: unknown): Promise<string[]> {
  const ajvMod = (await import('ajv')) as unknown as { default: { default?: unknown } };
  const Ajv = (ajvMod.default.default ?? ajvMod.default) as new (o: object) => { addSchema(s: object, k?: string): void; compile(s: object): ((d: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] } };
  const fm = (await import('ajv-formats')) as unknown as { default: { default?: unknown } };
  const addFormats = (fm.default.default ?? fm.default) as (a: unknown) => void;
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  const res = fileURLToPath(new URL('../../../node_modules/@cyclonedx/cyclonedx-library/res/schema/', import.meta.url));
  const load = (f: string) => JSON.parse(readFileSync(join(res, f), 'utf8')) as object;
  // bom-1.6 refers to its siblings by their SNAPSHOT file names, relative to its own $id.
  ajv.addSchema({ ...load('spdx.SNAPSHOT.schema.json'), $id: 'http://cyclonedx.org/schema/spdx.SNAPSHOT.schema.json' });
  ajv.addSchema({ ...load('jsf-0.82.SNAPSHOT.schema.json'), $id: 'http://cyclonedx.org/schema/jsf-0.82.SNAPSHOT.schema.json' });
  const validate = ajv.compile(load('bom-1.6.SNAPSHOT.schema.json'));
  return validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}
