/**
 * @shencha/origin: who owns each component (origin class O1–O8), which components are core
 * technology (tier T1–T3), the evidence for both, product figures, policy findings and the CBOM.
 */
import type { Inventory, Severity } from '@shencha/core';
import type { UsageIndex } from '@shencha/code';
import { classify as classifyImpl } from './classify.js';
import type { Classification, VendorInput } from './types.js';

export type {
  Classification,
  ClassifiedComponent,
  DomesticVerdict,
  Evidence,
  EvidenceBasis,
  OriginClass,
  PolicyRun,
  ProductFigures,
  SelfDevelopedRatio,
  Tier,
  VendorInput,
} from './types.js';
export { ORIGIN_CLASSES, TIERS, DOMESTIC_CLASSES } from './types.js';
export { loadKnowledgeBase, builtInKbDir, type KnowledgeBase, type Organisation } from './kb.js';
export { annotateInventory } from './annotate.js';
export { RULES } from '../rules/index.js';
export type { Rule, RuleMeta, Verdict } from './rule.js';

export interface ClassifyOptions {
  inventory: Inventory;
  /** The code stage's facts; without them tiers rest on the knowledge base and the ratio is not measured. */
  usage?: UsageIndex;
  vendor: VendorInput;
  kbDir?: string;
  /** `.shencha/curations.yaml`: the SourceText readOriginFiles returns (errors get line and column) or a parsed document. */
  curations?: unknown;
  /** Path named in issues when `curations` is a parsed document; default `.shencha/curations.yaml`. */
  curationsPath?: string;
  /** `.shencha/policy.yaml`: a SourceText from readOriginFiles or a parsed document. */
  policy?: unknown;
  policyPath?: string;
  /** `--fail-on`; overrides the policy file's `failOn` and is recorded in `classification.policy`. */
  failOn?: Severity | 'none';
}

export function classify(input: ClassifyOptions): Promise<Classification> {
  return classifyImpl(input);
}
export { buildCbom, smSupport, cryptoSites, type CbomOptions, type SmSupport } from './cbom.js';
export { remoteChannels, type RemoteChannel, type RemoteChannelRegister } from './channels.js';
export { readOriginFiles, type OriginFiles, type SourceText } from './inputs.js';
