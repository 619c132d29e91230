import type { ChangeClass } from './types.js';

/**
 * The trigger rules of a re-attestation (DOMAIN.md, "What a re-attestation compares"): each with the
 * change class it stands for and its default revocation-risk weight. A weight is the chance, in percent,
 * that one such trigger alone leads the operator or the authority to a new review; weights are our rule,
 * documented in the README and overridable in the policy file (`attest.weights`).
 */
export interface TriggerRule {
  id: string;
  changeClass: ChangeClass;
  weight: number;
  description: string;
}

export const TRIGGER_RULES: readonly TriggerRule[] = [
  { id: 'component-added-core', changeClass: 'material', weight: 40, description: 'a new T1 or T2 component' },
  { id: 'core-major-version', changeClass: 'material', weight: 30, description: 'a major-version change of a T1 component' },
  { id: 'tier-raised-core', changeClass: 'material', weight: 30, description: 'a component becomes T1 or T2' },
  { id: 'origin-class-downgrade', changeClass: 'material', weight: 45, description: 'a component moves from O1/O4/O6 to O2/O3/O5/O7/O8' },
  { id: 'supplier-country-changed', changeClass: 'material', weight: 35, description: "a component's supplier country changes" },
  { id: 'supplier-changed', changeClass: 'material', weight: 20, description: "a T1/T2 component's supplier changes" },
  { id: 'license-changed', changeClass: 'material', weight: 15, description: "a scored component's licence changes" },
  { id: 'crypto-algorithm-added', changeClass: 'material', weight: 35, description: 'a new non-SM algorithm in code that implements a T1 function' },
  { id: 'sm-default-dropped', changeClass: 'material', weight: 50, description: 'the SM algorithms are no longer the default' },
  { id: 'crypto-library-added', changeClass: 'material', weight: 35, description: 'a new cryptographic library' },
  { id: 'endpoint-added', changeClass: 'material', weight: 40, description: 'a new outbound host, listener, update mechanism or telemetry endpoint' },
  { id: 'core-source-changed', changeClass: 'material', weight: 25, description: 'changed lines in a file that implements a T1 function above the threshold' },
  { id: 'self-developed-ratio-drop', changeClass: 'material', weight: 25, description: 'the self-developed ratio drops beyond the threshold' },
  { id: 'vendor-ownership-changed', changeClass: 'material', weight: 50, description: "the vendor's entity, country, control or ownership chain changes" },
  { id: 'component-added', changeClass: 'minor', weight: 5, description: 'a new T3, unscored or test/dev-only component' },
  { id: 'component-removed', changeClass: 'minor', weight: 3, description: 'a component is removed' },
  { id: 'version-changed', changeClass: 'minor', weight: 2, description: 'an upgrade or downgrade (not a T1 major)' },
  { id: 'origin-class-changed', changeClass: 'minor', weight: 10, description: 'any other origin class change' },
  { id: 'supplier-changed-minor', changeClass: 'minor', weight: 5, description: "a T3 or unscored component's supplier changes" },
  { id: 'license-changed-minor', changeClass: 'minor', weight: 3, description: "an unscored (test/dev-only) component's licence changes" },
  { id: 'tier-changed', changeClass: 'minor', weight: 5, description: 'any other tier change' },
  { id: 'crypto-changed', changeClass: 'minor', weight: 5, description: 'another CBOM change (SM algorithm added, algorithm removed, algorithm only in tests)' },
  { id: 'endpoint-changed', changeClass: 'minor', weight: 3, description: 'another endpoint change (removed, in test code, new path on a known host)' },
  { id: 'core-source-changed-minor', changeClass: 'minor', weight: 5, description: 'changed lines in a file that implements a T1 function, within the threshold' },
  { id: 'self-developed-ratio-changed', changeClass: 'none', weight: 0, description: 'the self-developed ratio changes within the threshold' },
  { id: 'knowledge-base-changed', changeClass: 'minor', weight: 5, description: 'the knowledge base version differs from the baseline' },
  { id: 'vendor-profile-changed', changeClass: 'minor', weight: 5, description: 'another vendor-profile change (commitments, contacts, sections)' },
  { id: 'source-changed', changeClass: 'none', weight: 0, description: 'source changes in files that implement no T1 function (tests, documentation)' },
];

export interface AttestPolicy {
  weights: Record<string, number>;
  thresholds: {
    coreChangedLines: number;
    selfDevelopedRatioDrop: number;
    notifyOperator: number;
    refreshEvidence: number;
    considerReFiling: number;
  };
}

export const DEFAULT_THRESHOLDS: AttestPolicy['thresholds'] = {
  coreChangedLines: 50,
  selfDevelopedRatioDrop: 0.05,
  notifyOperator: 1,
  refreshEvidence: 30,
  considerReFiling: 60,
};

export function defaultPolicy(): AttestPolicy {
  return { weights: Object.fromEntries(TRIGGER_RULES.map((r) => [r.id, r.weight])), thresholds: { ...DEFAULT_THRESHOLDS } };
}

/** Merges the policy file's `attest` section (already schema-checked) over the defaults. */
export function resolvePolicy(section: { weights?: Record<string, number>; thresholds?: Partial<AttestPolicy['thresholds']> } | undefined): { policy: AttestPolicy; unknownRules: string[] } {
  const policy = defaultPolicy();
  const unknownRules: string[] = [];
  for (const [id, w] of Object.entries(section?.weights ?? {})) {
    if (!(id in policy.weights)) unknownRules.push(id);
    else policy.weights[id] = w;
  }
  Object.assign(policy.thresholds, section?.thresholds ?? {});
  return { policy, unknownRules };
}

/**
 * Revocation-risk score 0–100: the chance that at least one trigger prompts a new review, taking
 * triggers as independent: 100 × (1 − Π(1 − wᵢ/100)), rounded. Monotone, bounded, order-free.
 */
export function riskScore(ruleIds: readonly string[], policy: AttestPolicy): number {
  let keep = 1;
  for (const id of ruleIds) keep *= 1 - Math.min(100, Math.max(0, policy.weights[id] ?? 0)) / 100;
  return Math.round((1 - keep) * 100);
}

export type RecommendedAction = 'none' | 'notify-operator' | 'refresh-evidence' | 'consider-re-filing';
const ACTIONS: RecommendedAction[] = ['none', 'notify-operator', 'refresh-evidence', 'consider-re-filing'];

/** The action for a score, never below what the change class alone asks for. */
export function recommendedAction(score: number, changeClass: ChangeClass, policy: AttestPolicy): RecommendedAction {
  const t = policy.thresholds;
  let byScore: RecommendedAction = 'none';
  if (score >= t.considerReFiling) byScore = 'consider-re-filing';
  else if (score >= t.refreshEvidence) byScore = 'refresh-evidence';
  else if (score >= t.notifyOperator) byScore = 'notify-operator';
  const floor: RecommendedAction = changeClass === 'material' ? 'refresh-evidence' : changeClass === 'minor' ? 'notify-operator' : 'none';
  return ACTIONS[Math.max(ACTIONS.indexOf(byScore), ACTIONS.indexOf(floor))]!;
}

export function ruleById(id: string): TriggerRule {
  const r = TRIGGER_RULES.find((x) => x.id === id);
  if (!r) throw new Error(`unknown trigger rule ${id}`);
  return r;
}
