import type { ProductRule } from '../src/rule.js';

/** Where commercial cryptography is mandatory, each kind of primitive used needs its SM counterpart. */
const COUNTERPART: Record<string, string> = {
  hash: 'SM3',
  mac: 'SM3',
  'block-cipher': 'SM4',
  'stream-cipher': 'ZUC',
  signature: 'SM2',
  pke: 'SM2',
  'key-agree': 'SM2',
};

export const rule: ProductRule = {
  id: 'sm-algorithms-supported',
  meta: {
    description: 'For every kind of cryptographic primitive the product uses, the national (SM) algorithm of that kind must be supported.',
    severity: 'warning',
    appliesTo: 'product',
    messages: { missing: 'the product uses {primitive} ({used}) but no {sm} call site was found' },
    optionsSchema: { type: 'object', properties: { primitives: { type: 'array' } }, additionalProperties: false },
    defaultOptions: { primitives: ['hash', 'block-cipher', 'signature', 'pke', 'key-agree'] },
  },
  evaluate(_product, ctx) {
    if (!ctx.usage) return [];
    const wanted = new Set((ctx.options['primitives'] as string[] | undefined) ?? Object.keys(COUNTERPART));
    const used = new Map<string, { algorithms: Set<string>; first: { path: string; line: number; column: number } }>();
    const families = new Set<string>();
    for (const f of ctx.usage.files) {
      for (const c of f.crypto) {
        families.add(c.family.toUpperCase());
        families.add(c.algorithm.toUpperCase().split('-')[0]!);
        const slot = used.get(c.primitive) ?? { algorithms: new Set<string>(), first: { path: f.path, line: c.line, column: c.column } };
        slot.algorithms.add(c.algorithm);
        used.set(c.primitive, slot);
      }
    }
    const out = [];
    for (const [primitive, slot] of [...used.entries()].sort()) {
      const sm = COUNTERPART[primitive];
      if (!sm || !wanted.has(primitive) || families.has(sm)) continue;
      out.push({
        messageId: 'missing',
        data: { primitive, used: [...slot.algorithms].sort().join(', '), sm },
        evidence: [`first ${primitive} call site ${slot.first.path}:${slot.first.line}`],
        howToFix: `support ${sm} (GB/T standard) beside or instead of ${[...slot.algorithms].sort().join(', ')}, e.g. through node:crypto (sm3, sm4-*), sm-crypto-v2, GmSSL or gmsm`,
        location: slot.first,
      });
    }
    return out;
  },
};
