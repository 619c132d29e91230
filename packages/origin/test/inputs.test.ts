import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileSource, scanProject, type Component, type Inventory } from '@shencha/core';
import { classify, readOriginFiles } from '../src/index.js';

const vendor = { entity: 'Acme', country: 'CN', control: 'cn-controlled' } as const;
const comp: Component = { bomRef: 'pkg:npm/jsbn@1.1.0', type: 'library', ecosystem: 'npm', name: 'jsbn', version: '1.1.0', purl: 'pkg:npm/jsbn@1.1.0', evidence: [{ path: 'package-lock.json', cataloger: 't' }] };
const inventory: Inventory = { product: { name: 'p', version: '1' }, rootRef: comp.bomRef, components: [comp], dependencies: [], compositions: [], issues: [] };

async function project(files: Record<string, string>): Promise<FileSource> {
  const dir = mkdtempSync(join(tmpdir(), 'shencha-origin-'));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return new FileSource(await scanProject(dir));
}

describe('readOriginFiles and located issues', () => {
  it('reads the default files; a missing default is no issue, a missing named file is an error', async () => {
    const none = await readOriginFiles(await project({ 'a.txt': 'x' }));
    expect(none).toEqual({ issues: [] });
    const named = await readOriginFiles(await project({ 'a.txt': 'x' }), { policy: 'conf/policy.yaml' });
    expect(named.issues.map((i) => [i.code, i.severity, i.location?.path])).toEqual([['ORIGIN_POLICY_INVALID', 'error', 'conf/policy.yaml']]);
  });

  it('reports schema errors in curations at their line and column', async () => {
    const files = await readOriginFiles(
      await project({
        '.shencha/curations.yaml': 'schemaVersion: 1\ncurations:\n  - component: pkg:npm/jsbn\n    class: O7\n    reviewer: Li Wei\n    date: 2026-11-20\n    reason: Tom Wu, Stanford\n  - component: pkg:npm/jsbn\n    class: O9\n    reviewer: Li Wei\n    date: 2026-11-20\n    reason: typo\n',
      }),
    );
    expect(files.curations?.path).toBe('.shencha/curations.yaml');
    const r = await classify({ inventory, vendor, curations: files.curations });
    const bad = r.issues.find((i) => i.code === 'ORIGIN_CURATIONS_INVALID')!;
    expect(bad.location).toEqual({ path: '.shencha/curations.yaml', line: 9, column: 12, field: '/curations/1/class' });
    expect(r.components[0]!.class).toBe('O8');
  });

  it('applies a valid curations file read from disk, dates kept as written', async () => {
    const files = await readOriginFiles(await project({ '.shencha/curations.yaml': 'schemaVersion: 1\ncurations:\n  - component: pkg:npm/jsbn\n    class: O7\n    country: US\n    reviewer: Li Wei\n    date: 2026-11-20\n    reason: Tom Wu, Stanford\n' }));
    const r = await classify({ inventory, vendor, curations: files.curations });
    expect(r.components[0]).toMatchObject({ class: 'O7', curated: { date: '2026-11-20' } });
    expect(r.components[0]!.evidence[0]!.source).toBe('.shencha/curations.yaml#/curations/0 (Li Wei, 2026-11-20)');
  });

  it('reports YAML syntax errors in the policy with line and column and keeps the default policy', async () => {
    const files = await readOriginFiles(await project({ '.shencha/policy.yaml': 'schemaVersion: 1\nrules:\n  no-unknown-core: [warning\n' }));
    const r = await classify({ inventory, vendor, policy: files.policy });
    const bad = r.issues.find((i) => i.code === 'ORIGIN_POLICY_INVALID')!;
    expect(bad.location?.path).toBe('.shencha/policy.yaml');
    expect(bad.location?.line).toBeGreaterThanOrEqual(3);
    expect(bad.location?.column).toBeGreaterThanOrEqual(1);
    expect(r.policy.source).toBe('file');
    expect(r.policy.rules.every((x) => x.enabled)).toBe(true);
  });

  it('locates an unknown rule in the policy file', async () => {
    const files = await readOriginFiles(await project({ '.shencha/policy.yaml': 'schemaVersion: 1\nrules:\n  no-unknown-core: warning\n  no-such-rule: error\n' }));
    const r = await classify({ inventory, vendor, policy: files.policy });
    expect(r.issues.find((i) => i.code === 'ORIGIN_POLICY_INVALID')?.location).toEqual({ path: '.shencha/policy.yaml', line: 4, column: 17, field: '/rules/no-such-rule' });
    expect(r.policy.rules.find((x) => x.id === 'no-unknown-core')?.severity).toBe('warning');
  });

  it('summarises unknown components in one issue', async () => {
    const r = await classify({ inventory, vendor });
    expect(r.issues.filter((i) => i.code === 'ORIGIN_UNRESOLVED').map((i) => i.message)).toEqual(['1 component(s) of unknown origin (O8): pkg:npm/jsbn@1.1.0']);
  });
});
