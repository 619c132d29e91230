import type { Finding } from '@shencha/redact';

/** A 1-based line/column position, columns in code points (the redaction log's convention). */
export interface Pos {
  line: number;
  column: number;
}

/** A span to mask, in positions of the ORIGINAL text, end exclusive, with the detector that found it. */
export interface MaskSpan {
  start: Pos;
  end: Pos;
  detector: string;
  kind: Finding['kind'];
  confidence: number;
}

export function comparePos(a: Pos, b: Pos): number {
  return a.line - b.line || a.column - b.column;
}

/**
 * Merges overlapping or touching spans into disjoint ones, so each masked region has exactly one
 * span id and one commitment. The merged span keeps the most confident detector (ties: smallest id)
 * and counts as a credential when any part is one.
 */
export function mergeSpans(spans: readonly MaskSpan[]): MaskSpan[] {
  const sorted = [...spans].sort((a, b) => comparePos(a.start, b.start) || comparePos(a.end, b.end));
  const out: MaskSpan[] = [];
  for (const s of sorted) {
    if (comparePos(s.end, s.start) <= 0) continue;
    const last = out[out.length - 1];
    if (last && comparePos(s.start, last.end) <= 0) {
      if (comparePos(s.end, last.end) > 0) last.end = s.end;
      if (s.confidence > last.confidence || (s.confidence === last.confidence && s.detector < last.detector)) {
        last.detector = s.detector;
        last.confidence = s.confidence;
      }
      if (s.kind === 'credential') last.kind = 'credential';
    } else {
      out.push({ ...s, start: { ...s.start }, end: { ...s.end } });
    }
  }
  return out;
}

/** Maps line/column positions back to UTF-16 offsets of one text (the inverse of the detectors' mapping). */
export class OffsetIndex {
  private readonly starts: number[] = [0];
  constructor(private readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  offset(pos: Pos): number {
    const lineStart = this.starts[pos.line - 1];
    if (lineStart === undefined) return this.text.length;
    let i = lineStart;
    // Walk column-1 code points; positions past a line's end clamp to the text's end.
    for (let c = 1; c < pos.column && i < this.text.length; c++) {
      const u = this.text.charCodeAt(i);
      i += u >= 0xd800 && u <= 0xdbff && i + 1 < this.text.length ? 2 : 1;
    }
    return i;
  }

  /** The original text of a span, for its commitment. */
  slice(start: Pos, end: Pos): string {
    return this.text.slice(this.offset(start), this.offset(end));
  }
}

/** The findings `maskText` needs (offsets into the original text) for merged spans. */
export function asFindings(spans: readonly MaskSpan[], index: OffsetIndex): Finding[] {
  return spans.map((s) => ({
    detector: s.detector,
    kind: s.kind,
    start: s.start,
    end: s.end,
    startOffset: index.offset(s.start),
    endOffset: index.offset(s.end),
    confidence: s.confidence,
    description: '',
  }));
}

export function fromFinding(f: Finding): MaskSpan {
  return { start: { ...f.start }, end: { ...f.end }, detector: f.detector, kind: f.kind, confidence: f.confidence };
}
