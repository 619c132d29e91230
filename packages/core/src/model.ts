import type { Issue } from './issues.js';

/**
 * The inventory every later stage reads: what the SBOM stage found, before it is written as
 * CycloneDX. `bomRef`s are stable (derived from purl or ecosystem + path), never random.
 */

export type ComponentScope = 'required' | 'optional' | 'excluded';

export interface ComponentHash {
  /** CycloneDX algorithm name: `SHA-1`, `SHA-256`, `SHA-384`, `SHA-512`, `MD5`, `SHA3-256`, `BLAKE2b-256`… */
  alg: string;
  /** Lowercase hex. */
  content: string;
}

/** Where a component was found: the file (and place) a reviewer can open. */
export interface ComponentEvidence {
  path: string;
  line?: number;
  cataloger: string;
}

export interface Component {
  bomRef: string;
  type: 'application' | 'library' | 'framework' | 'file' | 'firmware' | 'operating-system' | 'container' | 'platform';
  ecosystem: string;
  name: string;
  group?: string;
  version?: string;
  purl?: string;
  scope?: ComponentScope;
  /** The product's own package (root or workspace member). */
  firstParty?: boolean;
  hashes?: ComponentHash[];
  /** SPDX license expressions or names as found. */
  licenses?: string[];
  supplier?: { name: string; url?: string[] };
  author?: string;
  description?: string;
  externalReferences?: { type: 'vcs' | 'website' | 'distribution' | 'issue-tracker' | 'other'; url: string }[];
  evidence: ComponentEvidence[];
  /** Extra facts as `shencha:*` or ecosystem properties. */
  properties?: Record<string, string>;
}

export interface DependencyEdge {
  ref: string;
  dependsOn: string[];
}

export interface Composition {
  ecosystem: string;
  aggregate: 'complete' | 'incomplete' | 'incomplete_first_party_only' | 'unknown';
  /** The file the completeness claim rests on. */
  path: string;
  refs: string[];
}

export interface ProductIdentity {
  name: string;
  version: string;
  vendor?: string;
}

export interface Inventory {
  product: ProductIdentity;
  /** bomRef of the product's root component. */
  rootRef: string;
  components: Component[];
  dependencies: DependencyEdge[];
  compositions: Composition[];
  issues: Issue[];
}
