import type { ComponentHash } from '@shencha/core';

/** A component as a supplier's SBOM describes it, format-neutral (CycloneDX JSON/XML, SPDX JSON). */
export interface SupplierComponent {
  /** The document's own identifier (CycloneDX bom-ref, SPDX SPDXID). */
  id: string;
  type?: string;
  name: string;
  group?: string;
  version?: string;
  purl?: string;
  scope?: 'required' | 'optional' | 'excluded';
  hashes: ComponentHash[];
  licenses: string[];
  supplier?: { name: string; url?: string[] };
  author?: string;
  description?: string;
  /** Nested components (CycloneDX) — the parent contains them. */
  children: SupplierComponent[];
}

export interface SupplierDocument {
  format: 'CycloneDX' | 'SPDX';
  specVersion?: string;
  /** Names of the tools that wrote it (to refuse shencha's own output). */
  tools: string[];
  supplier?: { name: string; url?: string[] };
  /** The product the document describes (CycloneDX metadata.component; SPDX documentDescribes). */
  roots: SupplierComponent[];
  components: SupplierComponent[];
  /** Edges by document ids. */
  dependencies: { ref: string; dependsOn: string[] }[];
  /** True when the document itself declares its inventory complete. */
  complete: boolean;
}

const ALGS: Record<string, string> = {
  'SHA-1': 'SHA-1', SHA1: 'SHA-1',
  'SHA-256': 'SHA-256', SHA256: 'SHA-256',
  'SHA-384': 'SHA-384', SHA384: 'SHA-384',
  'SHA-512': 'SHA-512', SHA512: 'SHA-512',
  MD5: 'MD5',
  'SHA3-256': 'SHA3-256', 'SHA3-384': 'SHA3-384', 'SHA3-512': 'SHA3-512',
  'BLAKE2b-256': 'BLAKE2b-256', 'BLAKE2b-384': 'BLAKE2b-384', 'BLAKE2b-512': 'BLAKE2b-512', BLAKE3: 'BLAKE3',
  BLAKE2B256: 'BLAKE2b-256', BLAKE2B384: 'BLAKE2b-384', BLAKE2B512: 'BLAKE2b-512',
};

export function normaliseAlg(alg: string): string | undefined {
  return ALGS[alg] ?? ALGS[alg.toUpperCase()];
}

/** `Organization: Acme (a@b)` / `Person: X` (SPDX supplier) → a name. */
export function spdxActor(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === 'NOASSERTION') return undefined;
  const m = /^(?:Organization|Person|Tool):\s*(.+?)\s*(\([^)]*\))?\s*$/.exec(value);
  return (m ? m[1] : value)?.trim() || undefined;
}

export function isShenchaTool(name: string): boolean {
  return /\bshencha\b/i.test(name);
}
