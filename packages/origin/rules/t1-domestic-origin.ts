import type { ComponentRule } from '../src/rule.js';
import type { OriginClass } from '../src/types.js';

/** DOMAIN.md's "domestic product" test: core technology must carry Chinese independent IP. */
export const rule: ComponentRule = {
  id: 't1-domestic-origin',
  meta: {
    description: 'T1 (core technology) components must be O1, O4 or O6.',
    severity: 'error',
    appliesTo: 'component',
    messages: { foreign: 'T1 component {ref} is {class} ({country}); core technology must be {allowed}' },
    optionsSchema: { type: 'object', properties: { allowed: { type: 'array' } }, additionalProperties: false },
    defaultOptions: { allowed: ['O1', 'O4', 'O6'] },
  },
  evaluate(c, ctx) {
    const allowed = (ctx.options['allowed'] as OriginClass[] | undefined) ?? ['O1', 'O4', 'O6'];
    if (c.tier !== 'T1' || allowed.includes(c.class)) return [];
    return [
      {
        messageId: 'foreign',
        data: { ref: c.bomRef, class: c.class, country: c.country ?? 'country unknown', allowed: allowed.join(', ') },
        evidence: [c.tierReason, ...c.reasons.slice(0, 1)],
        howToFix:
          c.class === 'O8'
            ? 'establish the origin (knowledge-base entry or curation with its public basis), or replace the component'
            : 'replace it with a domestic (O1/O4/O6) implementation, or document the exception with a curation and the operator',
      },
    ];
  },
};
