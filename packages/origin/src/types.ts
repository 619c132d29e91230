import type { Issue, Severity } from '@shencha/core';

/** Origin classes of DOMAIN.md ("our rule"). */
export type OriginClass = 'O1' | 'O2' | 'O3' | 'O4' | 'O5' | 'O6' | 'O7' | 'O8';
export const ORIGIN_CLASSES: readonly OriginClass[] = ['O1', 'O2', 'O3', 'O4', 'O5', 'O6', 'O7', 'O8'];

export type Tier = 'T1' | 'T2' | 'T3' | 'unscored';
export const TIERS: readonly Tier[] = ['T1', 'T2', 'T3', 'unscored'];

/** Classes that count as domestic for the "domestic product" test (DOMAIN.md). */
export const DOMESTIC_CLASSES: ReadonlySet<OriginClass> = new Set(['O1', 'O4', 'O6']);
/** Classes DOMAIN.md counts in the "T1/T2 components in O2/O3/O5/O7/O8" figure. */
export const FOREIGN_OR_UNKNOWN_CLASSES: ReadonlySet<OriginClass> = new Set(['O2', 'O3', 'O5', 'O7', 'O8']);

export type Control = 'cn-controlled' | 'foreign-invested' | 'foreign';

export interface VendorInput {
  entity: string;
  /** ISO 3166-1 alpha-2, e.g. `CN`. */
  country: string;
  control: Control;
}

/** The evidence bases of DOMAIN.md. */
export type EvidenceBasis =
  | 'vendor-profile'
  | 'legal-entity'
  | 'registry-namespace'
  | 'repository-host'
  | 'maintainer-affiliation'
  | 'author-email-domain'
  | 'copyright-holder'
  | 'license'
  | 'curation';

export interface Evidence {
  basis: EvidenceBasis;
  value: string;
  country?: string;
  /** 0..1. */
  confidence: number;
  /** Where the claim comes from: a KB entry with its public URL, a file and line, or a curation. */
  source: string;
  /** The knowledge-base organisation the evidence points at, when it points at one. */
  organisation?: string;
}

export interface ClassifiedComponent {
  bomRef: string;
  name: string;
  group?: string;
  version?: string;
  purl?: string;
  firstParty: boolean;
  /** Inventory scope; `dev` when the component is test- or dev-only. */
  scope: 'required' | 'optional' | 'excluded' | 'dev';
  class: OriginClass;
  country?: string;
  supplier?: string;
  /** 0..1: how strongly the evidence supports the class. */
  confidence: number;
  tier: Tier;
  tierReason: string;
  /** Capabilities (KB taxonomy) that the component provides. */
  capabilities: string[];
  /** MLPS filing-form product classes of those capabilities. */
  mlpsClasses: string[];
  evidence: Evidence[];
  /** Why the class follows from the evidence, in words. */
  reasons: string[];
  /** Set when a curation decided class or tier. */
  curated?: { reviewer: string; date: string; reason: string; fields: string[] };
}

export interface SelfDevelopedRatio {
  firstPartyLines: number;
  thirdPartyLines: number;
  /** firstParty ÷ (firstParty + thirdParty), rounded to 4 places; null when both are 0. */
  ratio: number | null;
  method: string;
  firstPartyFiles: number;
  thirdPartyFiles: number;
}

export interface DomesticVerdict {
  verdict: 'eligible' | 'not-eligible' | 'undetermined';
  reasons: string[];
}

export interface ProductFigures {
  name: string;
  version: string;
  vendor: VendorInput;
  componentCount: number;
  countsByClass: Record<OriginClass, number>;
  countsByTier: Record<Tier, number>;
  /** T1/T2 components in O2/O3/O5/O7/O8 (DOMAIN.md), by bomRef. */
  t1t2Foreign: { count: number; bomRefs: string[] };
  selfDevelopedRatio: SelfDevelopedRatio;
  /** Shipped (not dev-only) third-party components present only in a lockfile/manifest: a count, not lines. */
  lockfileOnlyComponents: number;
  /** MLPS product class (KB taxonomy) → components of that class and how many are domestic. */
  domesticShareByMlpsClass: Record<string, { components: number; domestic: number; share: number | null }>;
  domesticEligible: DomesticVerdict;
}

export interface PolicyRun {
  /** `default` when no policy file was given. */
  source: 'default' | 'file';
  failOn: Severity | 'none';
  rules: { id: string; severity: Severity; enabled: boolean }[];
}

export interface Classification {
  schemaVersion: 1;
  knowledgeBase: { version: string; sha256: string };
  components: ClassifiedComponent[];
  product: ProductFigures;
  policy: PolicyRun;
  /** Policy findings: one Issue per rule verdict. */
  findings: Issue[];
  /** Problems met while classifying (bad curations, unknown policy rules, missing facts). */
  issues: Issue[];
}
