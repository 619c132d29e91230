import { registerIssueCodes, sha256Hex, ShenchaError, type FileSource } from '@shencha/core';
import { fileSpanId, openSpan, verifyOpening, type Opening, type RedactionLog } from '@shencha/redact';
import { decodeForScan } from './decode.js';
import { OffsetIndex } from './spans.js';

registerIssueCodes({
  PACK_REVEAL_UNKNOWN_SPAN: { severity: 'error', description: 'The span id named for reveal is not in the redaction log.' },
  PACK_REVEAL_MISMATCH: { severity: 'error', description: 'The vendor tree no longer holds the value that was committed.' },
});

/**
 * `shencha reveal`: the opening of one masked span or one redacted/withheld file — its own derived key
 * k_i and the original value, read from the vendor's tree — checked against the commitment in the log
 * before it is handed over. It proves that span and discloses nothing about any other.
 */
export async function revealSpan(options: { source: FileSource; log: RedactionLog; spanId: string; commitmentKey: Buffer }): Promise<Opening> {
  const { source, log, spanId, commitmentKey } = options;
  const alg = log.commitment.algorithm;
  const span = log.spans.find((s) => s.id === spanId);
  const file = span ? undefined : log.files.find((f) => fileSpanId(f.path) === spanId);
  if (!span && !file) {
    throw new ShenchaError('PACK_REVEAL_UNKNOWN_SPAN', `no span ${spanId} in the redaction log`, {
      howToFix: 'use an id from redactions.json: spans[].id, or file:<path> for a redacted or withheld file',
    });
  }
  const path = span?.path ?? file!.path;
  const bytes = await source.read(path);
  let opening: Opening;
  let commitment: string;
  if (span) {
    const value = new OffsetIndex(decodeForScan(bytes).text).slice(span.start, span.end);
    opening = openSpan(commitmentKey, { path, start: span.start, end: span.end, value }, alg);
    commitment = span.commitment;
  } else {
    opening = openSpan(commitmentKey, { path, start: null, end: null, value: sha256Hex(bytes) }, alg);
    commitment = file!.commitment;
  }
  if (!verifyOpening(opening, commitment, alg)) {
    throw new ShenchaError('PACK_REVEAL_MISMATCH', `${path} no longer holds what ${spanId} committed to (or the commitment key differs)`, {
      location: { path },
      howToFix: 'reveal from the tree and with the commitment key the dossier was built from',
    });
  }
  return opening;
}
