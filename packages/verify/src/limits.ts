import { DEFAULT_ARCHIVE_LIMITS, type ArchiveLimits } from '@shencha/core';

/** Every bound `verify` applies to untrusted input; each is configurable. */
export interface Limits extends ArchiveLimits {
  /** Largest JSON document parsed, in bytes. */
  maxJsonSize: number;
  /** Deepest JSON nesting accepted. */
  maxJsonDepth: number;
  /** Archives nested inside the dossier (source archive = 1, an archive inside it = 2, …) deeper than this are rejected. */
  maxNestingDepth: number;
  /** Largest input file (bundle or single document) read, in bytes. */
  maxInputSize: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  ...DEFAULT_ARCHIVE_LIMITS,
  maxJsonSize: 256 * 1024 * 1024,
  maxJsonDepth: 200,
  maxNestingDepth: 3,
  maxInputSize: 1024 * 1024 * 1024,
});

export function resolveLimits(partial: Partial<Limits> | undefined): Limits {
  return { ...DEFAULT_LIMITS, ...(partial ?? {}) };
}
