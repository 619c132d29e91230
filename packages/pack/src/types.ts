import type { HashAlgorithm, MacAlgorithm } from '@shencha/core';

export type ArchiveFormat = 'tar.gz' | 'zip';

/** A file that is in the archive: as it was (`included`), masked (`redacted`) or as a placeholder (`withheld`). */
export interface ArchivedManifestEntry {
  path: string;
  state: 'included' | 'redacted' | 'withheld';
  /** Size of the archived bytes (masked text or placeholder for redacted/withheld files). */
  size: number;
  /** sha256 of the archived bytes: the Merkle leaf digest. */
  sha256: string;
  sm3?: string;
  /** Archived with mode 0755 instead of 0644. */
  executable?: true;
  /** Keyed commitment of the ORIGINAL file (redacted and withheld files); never a plain hash of it. */
  commitment?: string;
  /** The withhold rule (withheld files). */
  rule?: string;
  /** Number of masked spans (redacted files). */
  spans?: number;
}

export interface ExcludedManifestEntry {
  path: string;
  state: 'excluded';
  rule: string;
}

export interface SymlinkManifestEntry {
  path: string;
  state: 'symlink';
  target: string;
}

export type PackageManifestEntry = ArchivedManifestEntry | ExcludedManifestEntry | SymlinkManifestEntry;

export interface PackageManifest {
  schemaVersion: 1;
  archive: { file: string; format: ArchiveFormat; sha256: string; size: number; sm3?: string };
  /** Digests recorded per archived entry. */
  hashes: HashAlgorithm[];
  /** How the commitments of original files and spans are made (DESIGN.md "Redaction commitments"). */
  commitment: MacAlgorithm;
  /** Seconds since the epoch; every archive entry carries it as its mtime. */
  sourceDate: number;
  /** RFC 6962 root over exactly the archive's entries (DESIGN.md "Merkle tree"). */
  merkle: { root: string; treeSize: number };
  /** Sorted by path bytes. */
  entries: PackageManifestEntry[];
  /** Groups of archived paths that differ only by case (a case-insensitive checkout would merge them). */
  caseCollisions: string[][];
  counts: { included: number; redacted: number; withheld: number; excluded: number; symlinks: number; spans: number };
}
