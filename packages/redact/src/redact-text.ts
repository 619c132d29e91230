import { commitValue, spanIdOf, spanKey, type CommitmentAlgorithm } from './commit.js';
import type { RedactionSpan } from './log.js';
import { maskText } from './mask.js';
import type { Redactor } from './redactor.js';
import type { Finding } from './types.js';

export interface RedactedText {
  /** The masked text (same lines and columns as the original). */
  masked: string;
  findings: Finding[];
  /** Redaction-log entries, one per finding, each with its keyed commitment. */
  spans: RedactionSpan[];
}

/** Detects, masks and commits in one call: what the packager does for each text file. */
export async function redactText(
  redactor: Redactor,
  text: string,
  path: string,
  commitmentKey: Buffer,
  alg: CommitmentAlgorithm = 'hmac-sha256',
): Promise<RedactedText> {
  const findings = await redactor.detect(text, path);
  const spans = findings.map((f) => {
    const id = spanIdOf(path, f.start, f.end);
    const value = text.slice(f.startOffset, f.endOffset);
    const commitment = commitValue(spanKey(commitmentKey, id, alg), { path, start: f.start, end: f.end, value }, alg);
    return { id, path, start: f.start, end: f.end, detector: f.detector, kind: f.kind, commitment };
  });
  return { masked: maskText(text, findings), findings, spans };
}
