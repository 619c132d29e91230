import { comparePathBytes, inclusionProof, merkleRoot, verifyInclusion, type InclusionProof, type MerkleLeaf } from '@shencha/core';
import type { ArchivedManifestEntry, PackageManifest, PackageManifestEntry } from './types.js';

/** True for the entries that are in the archive (the Merkle leaves). */
export function isArchived(e: PackageManifestEntry): e is ArchivedManifestEntry {
  return e.state === 'included' || e.state === 'redacted' || e.state === 'withheld';
}

/** The Merkle leaves of a package manifest: exactly its archived entries, digests as archived. */
export function manifestLeaves(manifest: Pick<PackageManifest, 'entries'>): MerkleLeaf[] {
  return manifest.entries.filter(isArchived).map((e) => ({ path: e.path, sha256: e.sha256 }));
}

export function sortEntries<T extends { path: string }>(entries: T[]): T[] {
  return entries.sort((a, b) => comparePathBytes(a.path, b.path));
}

export function packageMerkle(entries: readonly PackageManifestEntry[]): { root: string; treeSize: number } {
  const leaves = manifestLeaves({ entries: [...entries] });
  return { root: merkleRoot(leaves), treeSize: leaves.length };
}

/** What `shencha prove <path>` prints: one archived entry, the package root and the audit path. */
export interface PackageInclusionProof {
  /** The archived file the proof is about. */
  path: string;
  /** sha256 of its archived bytes (the leaf digest). */
  sha256: string;
  /** The package manifest's Merkle root. */
  root: string;
  /** RFC 9162 inclusion proof: leaf index, tree size, sibling hashes from the leaf up. */
  proof: InclusionProof;
}

/** Builds the inclusion proof of one archived path; undefined when the path is not in the archive. */
export function proveInclusion(manifest: PackageManifest, path: string): PackageInclusionProof | undefined {
  const leaves = manifestLeaves(manifest);
  const leaf = leaves.find((l) => l.path === path);
  if (!leaf) return undefined;
  const proof = inclusionProof(leaves, path);
  if (!proof) return undefined;
  return { path, sha256: leaf.sha256, root: manifest.merkle.root, proof };
}

/**
 * Checks a proof on its own (leaf → root), and when `expectedRoot` is given (from a package manifest
 * or a signed dossier manifest) that the proof ends at that root.
 */
export function verifyInclusionProof(proof: PackageInclusionProof, expectedRoot?: string): boolean {
  if (typeof proof?.path !== 'string' || !/^[0-9a-f]{64}$/.test(proof.sha256 ?? '') || !/^[0-9a-f]{64}$/.test(proof.root ?? '')) return false;
  if (expectedRoot !== undefined && expectedRoot !== proof.root) return false;
  if (!proof.proof || !Array.isArray(proof.proof.path)) return false;
  return verifyInclusion({ path: proof.path, sha256: proof.sha256 }, proof.proof, proof.root);
}
