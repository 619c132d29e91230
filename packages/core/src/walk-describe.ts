import { digestsOf, type HashAlgorithm } from './hash.js';
import { readSmallFileSync } from './read-small.js';

/** How many leading bytes decide whether a file is binary (git's own figure). */
export const SNIFF_BYTES = 8000;

/** A NUL byte in the first 8000 bytes marks a binary file, as git decides it. */
export function looksBinary(data: Uint8Array): boolean {
  const n = Math.min(data.length, SNIFF_BYTES);
  for (let i = 0; i < n; i++) if (data[i] === 0) return true;
  return false;
}

/** What the walk learns by reading a small file: its digests, size and binary flag, or why it could not. */
export type SmallFileFacts =
  | { sha256: string; sm3?: string; binary: boolean; size: number }
  /** The file grew past the small-file limit since it was listed: read it the other way. */
  | { grew: true }
  | { error: { code?: string; message: string } };

/**
 * Reads one small file (synchronously, never through a symlink) and describes it. Runs in the walk's
 * thread or in its helper thread; either gives the same answer for the same bytes.
 */
export function describeSmallFile(abs: string, expectedSize: number, hashes: readonly HashAlgorithm[]): SmallFileFacts {
  try {
    const data = readSmallFileSync(abs, expectedSize);
    if (!data) return { grew: true };
    return { ...digestsOf(data, hashes), binary: looksBinary(data), size: data.length };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return { error: err.code === undefined ? { message: String(err?.message ?? err) } : { code: err.code, message: String(err.message) } };
  }
}
