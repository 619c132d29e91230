import { registerIssueCodes } from '@shencha/core';

/** Every code the origin stage raises, registered once at module load. */
registerIssueCodes({
  ORIGIN_KB_INVALID: { severity: 'error', description: 'The knowledge base is malformed or does not match its schema.' },
  ORIGIN_CURATIONS_INVALID: { severity: 'error', description: 'The curations file is malformed or does not match its schema.' },
  ORIGIN_CURATION_UNMATCHED: { severity: 'warning', description: 'A curation names a component that is not in the inventory.' },
  ORIGIN_POLICY_INVALID: { severity: 'error', description: 'The policy file is malformed, does not match its schema or names an unknown rule.' },
  ORIGIN_POLICY_VIOLATION: { severity: 'error', description: 'A policy rule judged a component or the product and found it wanting.' },
  ORIGIN_UNRESOLVED: { severity: 'info', description: 'A component could not be attributed to any organisation and is O8.' },
  ORIGIN_EVIDENCE_CONFLICT: { severity: 'warning', description: 'Evidence points at organisations of different origin for one component.' },
  ORIGIN_VENDOR_INVALID: { severity: 'error', description: 'The vendor profile given to the classifier is incomplete.' },
  ORIGIN_THIRD_PARTY_COPYRIGHT: { severity: 'warning', description: 'A first-party file carries the copyright of another organisation: copied code that is not inventoried.' },
  ORIGIN_USAGE_MISSING: { severity: 'info', description: 'No code-usage facts were given; tiers and the self-developed ratio rest on the knowledge base alone.' },
});

export const SOURCE = 'origin';
