import type { Component, DependencyEdge, FileSource, Issue } from '@shencha/core';

/**
 * A cataloger reads one ecosystem's lockfiles and manifests (after syft): only through FileSource,
 * never `fs`, never the network, never a package manager or project code.
 */
export interface Cataloger {
  /** e.g. `npm-lock-cataloger`. */
  name: string;
  /** Folder name under catalogers/, e.g. `npm`. */
  ecosystem: string;
  /** Globs of the files it claims (matched against walked paths). */
  globs: string[];
  catalog(files: FileSource, context: CatalogContext): Promise<CatalogResult>;
}

export interface CatalogContext {
  /** Options from shencha.yaml / CLI (e.g. mavenRepo). */
  options: {
    mavenRepo?: string;
    /** Supplier SBOMs named in shencha.yaml (`sbom.supplierSboms`), project-relative. */
    supplierSboms?: string[];
  };
}

export interface CatalogResult {
  components: Component[];
  /** Edges between bomRefs; a first-party component's edges start at its own bomRef. */
  dependencies: DependencyEdge[];
  compositions: { aggregate: 'complete' | 'incomplete'; path: string; refs: string[] }[];
  issues: Issue[];
}
