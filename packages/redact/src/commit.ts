/**
 * Keyed commitments (DESIGN.md, "Redaction commitments").
 *
 * Span ids are deterministic: `<path>#<line>:<column>-<line>:<column>` for a masked span (1-based,
 * columns in code points, end exclusive) and `file:<path>` for a redacted or withheld file.
 * Each span has its own key k_i = HMAC(commitmentKey, "span" ‖ 0x00 ‖ spanId) and commitment
 * hex(HMAC(k_i, canonicalJSON({path, start, end, value}))). A file commitment is the same construction
 * with start = end = null and value = the lower-case sha256 hex of the original file's bytes. Handing
 * over k_i and the value opens one span and reveals nothing about any other.
 */
import { timingSafeEqual } from 'node:crypto';
import { canonicalBytes, hmac, type MacAlgorithm } from '@shencha/core';
import type { Position } from './types.js';

export type CommitmentAlgorithm = MacAlgorithm;

export interface CommittedDoc {
  path: string;
  start: Position | null;
  end: Position | null;
  value: string;
}

export interface Opening {
  spanId: string;
  /** k_i in lower-case hex. */
  key: string;
  value: string;
  path: string;
  start: Position | null;
  end: Position | null;
}

const SPAN_PREFIX = Buffer.from('span\0', 'utf8');

/** The id of a masked span. */
export function spanIdOf(path: string, start: Position, end: Position): string {
  return `${path}#${start.line}:${start.column}-${end.line}:${end.column}`;
}

/** The id of a redacted or withheld file's commitment. */
export function fileSpanId(path: string): string {
  return `file:${path}`;
}

/** k_i = HMAC(commitmentKey, "span" ‖ 0x00 ‖ spanId). */
export function spanKey(commitmentKey: Buffer, spanId: string, alg: CommitmentAlgorithm = 'hmac-sha256'): Buffer {
  return hmac(alg, commitmentKey, Buffer.concat([SPAN_PREFIX, Buffer.from(spanId, 'utf8')]));
}

/** hex(HMAC(k_i, canonicalJSON({path, start, end, value}))). */
export function commitValue(key: Buffer, doc: CommittedDoc, alg: CommitmentAlgorithm = 'hmac-sha256'): string {
  const { path, start, end, value } = doc;
  const canonical = canonicalBytes({
    path,
    start: start ? { line: start.line, column: start.column } : null,
    end: end ? { line: end.line, column: end.column } : null,
    value,
  });
  return hmac(alg, key, canonical).toString('hex');
}

/** Commitment of a redacted or withheld file: spanId `file:<path>`, start/end null, value = sha256 hex of the original. */
export function commitFile(commitmentKey: Buffer, path: string, sha256OfOriginal: string, alg: CommitmentAlgorithm = 'hmac-sha256'): string {
  const k = spanKey(commitmentKey, fileSpanId(path), alg);
  return commitValue(k, { path, start: null, end: null, value: sha256OfOriginal.toLowerCase() }, alg);
}

/** The opening of one span (what `shencha reveal` hands over). */
export function openSpan(commitmentKey: Buffer, doc: CommittedDoc, alg: CommitmentAlgorithm = 'hmac-sha256'): Opening {
  const spanId = doc.start && doc.end ? spanIdOf(doc.path, doc.start, doc.end) : fileSpanId(doc.path);
  return { spanId, key: spanKey(commitmentKey, spanId, alg).toString('hex'), value: doc.value, path: doc.path, start: doc.start, end: doc.end };
}

/**
 * Checks an opening against a commitment from the redaction log: the span id must be the one its
 * path and positions imply, and HMAC(key, canonicalJSON({path, start, end, value})) must equal the
 * commitment (compared in constant time). Malformed input gives false, never a throw.
 */
export function verifyOpening(opening: Opening, commitment: string, alg: CommitmentAlgorithm = 'hmac-sha256'): boolean {
  try {
    const { spanId, key, value, path, start, end } = opening;
    if (typeof key !== 'string' || !/^(?:[0-9a-f]{2})+$/i.test(key) || typeof value !== 'string' || typeof path !== 'string') return false;
    if ((start === null) !== (end === null)) return false;
    const expectedId = start && end ? spanIdOf(path, start, end) : fileSpanId(path);
    if (spanId !== expectedId) return false;
    if (!/^[0-9a-f]+$/i.test(commitment)) return false;
    const actual = Buffer.from(commitValue(Buffer.from(key, 'hex'), { path, start, end, value }, alg), 'hex');
    const expected = Buffer.from(commitment, 'hex');
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  } catch {
    return false;
  }
}
