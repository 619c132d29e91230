import type { ComponentRule } from '../src/rule.js';

/** Unknown origin is worst case: it may not sit in core or critical positions. */
export const rule: ComponentRule = {
  id: 'no-unknown-core',
  meta: {
    description: 'No O8 (unknown origin) component may be T1 or T2.',
    severity: 'error',
    appliesTo: 'component',
    messages: { unknown: '{tier} component {ref} has unknown origin (O8)' },
  },
  evaluate(c) {
    if (c.class !== 'O8' || (c.tier !== 'T1' && c.tier !== 'T2')) return [];
    return [
      {
        messageId: 'unknown',
        data: { tier: c.tier, ref: c.bomRef },
        evidence: [c.tierReason, ...c.reasons.slice(0, 1)],
        howToFix: 'add a knowledge-base entry for its organisation or a curation in .shencha/curations.yaml naming the public basis',
      },
    ];
  },
};
