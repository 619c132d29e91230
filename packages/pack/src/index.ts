import './issues.js';

export { packSource, startDetectors, archiveFileName, PACKAGE_MANIFEST_FILE, REDACTIONS_FILE } from './pack.js';
export type { ScanPool } from './detect-pool.js';
export { decodeForScan } from './decode.js';
export type { PackOptions, PackResult, PackStats } from './pack.js';
export { proveInclusion, verifyInclusionProof, manifestLeaves, isArchived } from './manifest.js';
export type { PackageInclusionProof } from './manifest.js';
export { readArchive } from './archive.js';
export type { ArchiveEntry } from './archive.js';
export { DEFAULT_MAX_FILE_SIZE } from './selection.js';
export type {
  ArchiveFormat,
  ArchivedManifestEntry,
  ExcludedManifestEntry,
  PackageManifest,
  PackageManifestEntry,
  SymlinkManifestEntry,
} from './types.js';
export { revealSpan } from './reveal.js';
