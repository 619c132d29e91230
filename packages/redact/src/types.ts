/** What a detector looks for: a credential (secret, key, token) or personal data (PII). */
export type FindingKind = 'credential' | 'personal-data';

/** A 1-based position; `column` counts Unicode code points, not UTF-16 units or bytes. */
export interface Position {
  line: number;
  column: number;
}

/**
 * One span to mask. `start`/`end` are 1-based line/column (columns in code points, `end` exclusive);
 * `startOffset`/`endOffset` are UTF-16 indices into the scanned text (end exclusive).
 */
export interface Finding {
  detector: string;
  kind: FindingKind;
  start: Position;
  end: Position;
  startOffset: number;
  endOffset: number;
  /** 0..1: how sure the detector is that the span is a real secret or real personal data. */
  confidence: number;
  description: string;
}

/** A raw hit from one detector, in UTF-16 offsets (end exclusive). */
export interface DetectorMatch {
  start: number;
  end: number;
  confidence?: number;
  description?: string;
}

/**
 * A built-in detector: one file in packages/redact/detectors/<id>.ts. `detect` must be a single pass
 * over the text with precompiled patterns, and return quickly when its cheap pre-filter fails.
 */
export interface Detector {
  id: string;
  kind: FindingKind;
  description: string;
  detect(text: string, path: string): DetectorMatch[];
  /** Patterns built at run time (`new RegExp`), listed so that the ReDoS test can check them. */
  patterns?: readonly RegExp[];
  /** For detectors that depend on configuration (e.g. internal domains): a configured copy. */
  withOptions?(options: RedactionOptions): Detector;
}

/** `redaction` in shencha.yaml (same shape as ShenchaConfig['redaction'] in @shencha/core). */
export interface RedactionOptions {
  /** Detector ids to turn off; `secretlint` turns off the whole secretlint base, `secretlint/<rule>` one rule. */
  disable?: string[];
  custom?: { id: string; pattern: string; description: string; kind: FindingKind }[];
  allow?: { paths?: string[]; values?: string[] };
  internalDomains?: string[];
}
