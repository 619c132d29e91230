import type { Position } from './types.js';

const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * Maps UTF-16 offsets to 1-based line/column positions, columns in Unicode code points. Lines are
 * separated by LF (a CR before it belongs to the line). Built once per text; lookups are a binary
 * search plus, only when the text holds astral characters, a count of surrogate pairs on the line.
 */
export class LineIndex {
  private readonly starts: number[] = [0];
  private readonly astral: boolean;

  constructor(private readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
    this.astral = SURROGATE.test(text);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  position(offset: number): Position {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    const lineStart = this.starts[lo]!;
    let column = offset - lineStart + 1;
    if (this.astral) {
      for (let i = lineStart; i < offset; i++) {
        const c = this.text.charCodeAt(i);
        if (c >= 0xdc00 && c <= 0xdfff && i > lineStart) {
          const p = this.text.charCodeAt(i - 1);
          if (p >= 0xd800 && p <= 0xdbff) column--;
        }
      }
    }
    return { line: lo + 1, column };
  }
}
