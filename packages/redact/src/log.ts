/** The redaction log (`redactions.json`, schema `redactions`): spans and files, never an original value. */
import type { CommitmentAlgorithm } from './commit.js';
import type { FindingKind, Position } from './types.js';

export interface RedactionSpan {
  /** `<path>#<line>:<column>-<line>:<column>` (see commit.ts). */
  id: string;
  path: string;
  start: Position;
  end: Position;
  detector: string;
  kind: FindingKind;
  commitment: string;
}

export interface RedactionFile {
  path: string;
  state: 'redacted' | 'withheld';
  /** The withhold rule of shencha.yaml for a withheld file. */
  rule?: string;
  /** commitFile(commitmentKey, path, sha256 of the original). */
  commitment: string;
}

export interface RedactionCounts {
  spans: number;
  redactedFiles: number;
  withheldFiles: number;
  byDetector: Record<string, number>;
  byKind: Record<FindingKind, number>;
}

export interface RedactionLog {
  schemaVersion: 1;
  commitment: { algorithm: CommitmentAlgorithm };
  spans: RedactionSpan[];
  files: RedactionFile[];
  counts: RedactionCounts;
}

function cmpStr(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Builds a log with spans sorted by path (bytewise), then position, and files sorted by path; counts derived. */
export function buildRedactionLog(algorithm: CommitmentAlgorithm, spans: readonly RedactionSpan[], files: readonly RedactionFile[]): RedactionLog {
  const sortedSpans = [...spans].sort(
    (a, b) => cmpStr(a.path, b.path) || a.start.line - b.start.line || a.start.column - b.start.column || a.end.line - b.end.line || a.end.column - b.end.column,
  );
  const sortedFiles = [...files].sort((a, b) => cmpStr(a.path, b.path));
  const byDetector: Record<string, number> = {};
  const byKind: Record<FindingKind, number> = { credential: 0, 'personal-data': 0 };
  for (const s of sortedSpans) {
    byDetector[s.detector] = (byDetector[s.detector] ?? 0) + 1;
    byKind[s.kind]++;
  }
  return {
    schemaVersion: 1,
    commitment: { algorithm },
    spans: sortedSpans,
    files: sortedFiles,
    counts: {
      spans: sortedSpans.length,
      redactedFiles: sortedFiles.filter((f) => f.state === 'redacted').length,
      withheldFiles: sortedFiles.filter((f) => f.state === 'withheld').length,
      byDetector,
      byKind,
    },
  };
}
