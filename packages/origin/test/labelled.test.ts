import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { load } from 'js-yaml';
import type { Component, Inventory } from '@shencha/core';
import { classify } from '../src/index.js';
import { parsePurl } from '../src/match.js';

interface Label {
  purl: string;
  class: string;
  country: string;
  tier: string;
  from: string;
  basis: string;
  licenses?: string[];
}

const labels = (load(readFileSync(new URL('./fixtures/labelled.yaml', import.meta.url), 'utf8')) as { components: Label[] }).components;

const ECOSYSTEM: Record<string, string> = { golang: 'go', generic: 'generic' };

function component(l: Label): Component {
  const p = parsePurl(l.purl)!;
  const c: Component = { bomRef: l.purl, type: 'library', ecosystem: ECOSYSTEM[p.type] ?? p.type, name: p.name, purl: l.purl, evidence: [{ path: 'labelled.yaml', cataloger: 'test' }] };
  if (p.namespace) c.group = p.namespace;
  if (p.version) c.version = p.version;
  if (l.licenses) c.licenses = l.licenses;
  return c;
}

describe('labelled set', () => {
  it('has at least 150 real components, each with a public basis', () => {
    expect(labels.length).toBeGreaterThanOrEqual(150);
    expect(new Set(labels.map((l) => l.purl)).size).toBe(labels.length);
    for (const l of labels) {
      expect(l.basis, l.purl).toMatch(/https:\/\/\S+/);
      expect(l.class, l.purl).toMatch(/^O[1-8]$/);
      expect(l.tier, l.purl).toMatch(/^(T1|T2|T3|unscored)$/);
      expect(l.from, l.purl).toMatch(/^(knowledge|[a-z-]+\/[A-Za-z0-9._-]+)$/);
    }
    expect(labels.filter((l) => l.from !== 'knowledge').length).toBeGreaterThanOrEqual(100);
  });

  it('classifies them with accuracy >= 0.95 (class, country and tier all right)', async () => {
    const inventory: Inventory = {
      product: { name: 'labelled', version: '0' },
      rootRef: labels[0]!.purl,
      components: labels.map(component),
      dependencies: [],
      compositions: [],
      issues: [],
    };
    const result = await classify({ inventory, vendor: { entity: 'Test', country: 'CN', control: 'cn-controlled' } });
    const byRef = new Map(result.components.map((c) => [c.bomRef, c]));
    let cls = 0;
    let country = 0;
    let tier = 0;
    let all = 0;
    const misses: string[] = [];
    for (const l of labels) {
      const c = byRef.get(l.purl)!;
      const okClass = c.class === l.class;
      const okCountry = (c.country ?? '') === l.country;
      const okTier = c.tier === l.tier;
      cls += okClass ? 1 : 0;
      country += okCountry ? 1 : 0;
      tier += okTier ? 1 : 0;
      if (okClass && okCountry && okTier) all++;
      else misses.push(`${l.purl}: expected ${l.class}/${l.country}/${l.tier}, got ${c.class}/${c.country ?? '-'}/${c.tier} (${c.reasons[0]}; ${c.tierReason})`);
    }
    const n = labels.length;
    const f = (x: number) => (x / n).toFixed(3);
    console.log(`labelled set: ${n} components; accuracy class ${f(cls)}, country ${f(country)}, tier ${f(tier)}, all three ${f(all)}`);
    if (misses.length > 0) console.log(`misses:\n  ${misses.join('\n  ')}`);
    expect(all / n).toBeGreaterThanOrEqual(0.95);
  });
});
