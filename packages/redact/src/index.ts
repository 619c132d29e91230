export type { Finding, FindingKind, Position, RedactionOptions, Detector, DetectorMatch } from './types.js';
export { createRedactor, type Redactor, type DetectorInfo } from './redactor.js';
export { maskText } from './mask.js';
export {
  spanKey,
  commitValue,
  commitFile,
  verifyOpening,
  openSpan,
  spanIdOf,
  fileSpanId,
  type CommitmentAlgorithm,
  type CommittedDoc,
  type Opening,
} from './commit.js';
export { buildRedactionLog, type RedactionLog, type RedactionSpan, type RedactionFile, type RedactionCounts } from './log.js';
export { redactText, type RedactedText } from './redact-text.js';
