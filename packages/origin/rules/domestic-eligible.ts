import type { ProductRule } from '../src/rule.js';

/** Surfaces the product-level "domestic product eligible" verdict as a finding when it fails. */
export const rule: ProductRule = {
  id: 'domestic-eligible',
  meta: {
    description: 'The product should pass the MLPS "domestic product" test (every T1 component O1/O4/O6 and IP ownership evidenced).',
    severity: 'warning',
    appliesTo: 'product',
    messages: { not: 'the product is {verdict} as a domestic product' },
  },
  evaluate(product) {
    const v = product.product.domesticEligible;
    if (v.verdict === 'eligible') return [];
    return [
      {
        messageId: 'not',
        data: { verdict: v.verdict },
        evidence: v.reasons,
        howToFix: 'resolve the T1 components named in the evidence (replace, or establish their origin) and state the ownership chain in vendor.yaml',
      },
    ];
  },
};
