import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Component, Inventory } from '@shencha/core';
import { RULES, classify } from '../src/index.js';
import { ImportResolver } from '../src/imports.js';
import { componentKey, globMatch, parsePurl } from '../src/match.js';

const vendor = { entity: 'Acme', country: 'CN', control: 'cn-controlled' } as const;

function lib(init: Partial<Component> & { name: string }): Component {
  return { bomRef: `pkg:npm/${init.name}@1.0.0`, type: 'library', ecosystem: 'npm', purl: `pkg:npm/${init.name}@1.0.0`, evidence: [{ path: 'package-lock.json', cataloger: 't' }], ...init };
}

async function one(c: Component) {
  const inv: Inventory = { product: { name: 'p', version: '1' }, rootRef: c.bomRef, components: [c], dependencies: [], compositions: [], issues: [] };
  const r = await classify({ inventory: inv, vendor });
  return { c: r.components[0]!, r };
}

describe('evidence bases', () => {
  it('a PRC-hosted repository alone is a signal, not enough; with a Mulan licence it decides O6', async () => {
    const hostOnly = await one(lib({ name: 'zz-a', externalReferences: [{ type: 'vcs', url: 'git+https://gitee.com/someone/zz-a.git' }] }));
    expect(hostOnly.c.class).toBe('O8');
    expect(hostOnly.c.evidence).toEqual([expect.objectContaining({ basis: 'repository-host', country: 'CN', confidence: 0.4 })]);
    const both = await one(lib({ name: 'zz-b', licenses: ['MulanPSL-2.0'], externalReferences: [{ type: 'vcs', url: 'https://gitee.com/someone/zz-b' }] }));
    expect(both.c).toMatchObject({ class: 'O6', country: 'CN', confidence: 0.76 });
    expect(both.c.evidence.map((e) => e.basis).sort()).toEqual(['license', 'repository-host']);
  });

  it('a repository under a known organisation, an e-mail domain and a maintainer name each point at it', async () => {
    const repo = await one(lib({ name: 'zz-c', externalReferences: [{ type: 'vcs', url: 'git@github.com:alibaba/zz-c.git' }] }));
    expect(repo.c).toMatchObject({ class: 'O6', country: 'CN', supplier: 'Alibaba Group' });
    const mail = await one(lib({ name: 'zz-d', author: 'Zhang San <zhangsan@huawei.com>' }));
    expect(mail.c).toMatchObject({ class: 'O6', country: 'CN', supplier: 'Huawei Technologies' });
    expect(mail.c.evidence.map((e) => e.basis)).toContain('author-email-domain');
    const name = await one(lib({ name: 'zz-e', supplier: { name: 'Tencent Cloud' } }));
    expect(name.c).toMatchObject({ class: 'O6', confidence: 0.6 });
    expect(name.c.evidence[0]!.basis).toBe('maintainer-affiliation');
    const webmail = await one(lib({ name: 'zz-f', author: 'Someone <someone@users.noreply.github.com>' }));
    expect(webmail.c.class).toBe('O8');
  });

  it('a proprietary licence from a commercial supplier makes O4/O5; open licences O6/O7', async () => {
    const p = await one(lib({ name: 'zz-g', licenses: ['SEE LICENSE IN LICENSE.txt'], externalReferences: [{ type: 'website', url: 'https://github.com/oracle/zz-g' }] }));
    expect(p.c).toMatchObject({ class: 'O5', country: 'US' });
    const o = await one(lib({ name: 'zz-h', licenses: ['Apache-2.0'], externalReferences: [{ type: 'website', url: 'https://github.com/oracle/zz-h' }] }));
    expect(o.c.class).toBe('O7');
    const ai = await one({ ...lib({ name: 'x' }), bomRef: 'pkg:maven/cn.com.kingbase/kingbase8@8.6.0', ecosystem: 'maven', group: 'cn.com.kingbase', name: 'kingbase8', purl: 'pkg:maven/cn.com.kingbase/kingbase8@8.6.0' });
    expect(ai.c).toMatchObject({ class: 'O4', country: 'CN' });
  });

  it('reports conflicting evidence and lowers the confidence', async () => {
    const x = await one(lib({ name: 'zz-i', purl: 'pkg:npm/%40alicloud/zz-i@1.0.0', bomRef: 'pkg:npm/%40alicloud/zz-i@1.0.0', author: 'Dev <dev@google.com>', externalReferences: [{ type: 'vcs', url: 'https://github.com/google/zz-i' }] }));
    expect(x.r.issues.some((i) => i.code === 'ORIGIN_EVIDENCE_CONFLICT')).toBe(true);
    expect(x.c.reasons.some((r) => /evidence also points at/.test(r))).toBe(true);
    expect(x.c.confidence).toBeLessThan(0.9);
  });

  it('foundations classify by jurisdiction: ASF projects started in China are O7, OpenAtom projects O6', async () => {
    const doris = await one({ ...lib({ name: 'x' }), bomRef: 'pkg:maven/org.apache.doris/doris-fe@2.0.0', ecosystem: 'maven', group: 'org.apache.doris', name: 'doris-fe', purl: 'pkg:maven/org.apache.doris/doris-fe@2.0.0' });
    expect(doris.c).toMatchObject({ class: 'O7', country: 'US' });
    const oh = await one(lib({ name: 'zz-j', externalReferences: [{ type: 'vcs', url: 'https://gitee.com/openharmony/zz-j' }] }));
    expect(oh.c).toMatchObject({ class: 'O6', country: 'CN', supplier: 'OpenAtom Foundation' });
  });
});

describe('component keys and imports', () => {
  it('parses purls (golang included) and builds per-type keys', () => {
    expect(parsePurl('pkg:golang/github.com/pingcap/tidb@v1.1.0-beta')).toEqual({ type: 'golang', namespace: 'github.com/pingcap', name: 'tidb', version: 'v1.1.0-beta' });
    expect(componentKey({ purl: 'pkg:npm/%40alicloud/pop-core@1.0.0', ecosystem: 'npm', name: 'pop-core' })).toEqual({ type: 'npm', key: '@alicloud/pop-core' });
    expect(componentKey({ purl: 'pkg:maven/com.alibaba/fastjson@1.2.83', ecosystem: 'maven', name: 'fastjson' })).toEqual({ type: 'maven', key: 'com.alibaba:fastjson' });
    expect(componentKey({ purl: 'pkg:pypi/Aliyun_Python.SDK-core@2', ecosystem: 'pypi', name: 'x' }).key).toBe('aliyun-python-sdk-core');
    expect(componentKey({ ecosystem: 'go', name: 'github.com/tjfoc/gmsm' })).toEqual({ type: 'golang', key: 'github.com/tjfoc/gmsm' });
    expect(globMatch('com.alibaba.*:*', 'com.alibaba.nacos:nacos-client')).toBe(true);
    expect(globMatch('com.alibaba.*:*', 'com.alibabax:y')).toBe(false);
  });

  it('maps imports of each language to components', () => {
    const comps: Component[] = [
      { bomRef: 'a', type: 'library', ecosystem: 'maven', group: 'com.alibaba', name: 'fastjson', purl: 'pkg:maven/com.alibaba/fastjson@1', evidence: [] },
      { bomRef: 'b', type: 'library', ecosystem: 'go', name: 'gmsm', purl: 'pkg:golang/github.com/tjfoc/gmsm@v1.4.1', evidence: [] },
      { bomRef: 'c', type: 'library', ecosystem: 'pypi', name: 'PyYAML', purl: 'pkg:pypi/pyyaml@6', evidence: [] },
      { bomRef: 'd', type: 'library', ecosystem: 'npm', name: 'sm-crypto', purl: 'pkg:npm/sm-crypto@0.3.13', evidence: [] },
      { bomRef: 'e', type: 'library', ecosystem: 'cargo', name: 'sm-crypto-rs', purl: 'pkg:cargo/sm-crypto-rs@1', evidence: [] },
    ];
    const r = new ImportResolver(comps);
    expect(r.resolve('com.alibaba.fastjson.JSON', 'java')).toEqual(['a']);
    expect(r.resolve('github.com/tjfoc/gmsm/sm2', 'go')).toEqual(['b']);
    expect(r.resolve('yaml', 'python')).toEqual(['c']);
    expect(r.resolve('sm-crypto/dist/sm2', 'javascript')).toEqual(['d']);
    expect(r.resolve('node:crypto', 'typescript')).toEqual([]);
    expect(r.resolve('crypto', 'typescript')).toEqual([]);
    expect(r.resolve('./local', 'typescript')).toEqual([]);
    expect(r.resolve('sm_crypto_rs::sm3', 'rust')).toEqual(['e']);
    expect(r.resolveLibrary('node:crypto', 'typescript')).toEqual([]);
  });
});

describe('rules (meta)', () => {
  it('every file under rules/ is one registered rule whose id is its file name, with docs and messages', () => {
    const dir = new URL('../rules/', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'index.ts').map((f) => f.slice(0, -3)).sort();
    expect(RULES.map((r) => r.id).sort()).toEqual(files);
    for (const r of RULES) {
      expect(readFileSync(new URL(`${r.id}.ts`, dir), 'utf8')).toContain(`id: '${r.id}'`);
      expect(r.meta.description.length).toBeGreaterThan(10);
      expect(Object.keys(r.meta.messages).length).toBeGreaterThan(0);
      expect(['component', 'product']).toContain(r.meta.appliesTo);
      expect(['info', 'warning', 'error']).toContain(r.meta.severity);
    }
  });
});

describe('webmail signals', () => {
  it('a PRC webmail address with a PRC-hosted forge decides O6; alone it does not', async () => {
    const alone = await one(lib({ name: 'zz-k', author: 'Wang <wang@163.com>' }));
    expect(alone.c.class).toBe('O8');
    expect(alone.c.evidence).toEqual([expect.objectContaining({ basis: 'author-email-domain', country: 'CN', confidence: 0.4 })]);
    const both = await one(lib({ name: 'zz-l', author: 'Wang <wang@163.com>', externalReferences: [{ type: 'vcs', url: 'https://gitee.com/wang/zz-l' }] }));
    expect(both.c).toMatchObject({ class: 'O6', country: 'CN', confidence: 0.64 });
  });
});
