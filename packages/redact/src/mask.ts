import type { Finding } from './types.js';

/**
 * Same-length masking: every code point inside a finding becomes `*`; CR and LF are kept, so the
 * masked text has the same lines, and every unmasked character keeps its line and column (columns
 * count code points, so an astral character becomes one `*`). Findings may come in any order and
 * may overlap.
 */
export function maskText(text: string, findings: readonly Finding[]): string {
  if (findings.length === 0) return text;
  const spans = findings
    .map((f) => snap(text, Math.max(0, f.startOffset), Math.min(text.length, f.endOffset)))
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const parts: string[] = [];
  let pos = 0;
  for (const [s0, e] of spans) {
    const s = Math.max(s0, pos);
    if (e <= s) continue;
    parts.push(text.slice(pos, s));
    let masked = '';
    for (let i = s; i < e; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || c === 13) masked += text[i];
      else if (c >= 0xdc00 && c <= 0xdfff && i > s && isHigh(text.charCodeAt(i - 1))) continue;
      else masked += '*';
    }
    parts.push(masked);
    pos = e;
  }
  parts.push(text.slice(pos));
  return parts.join('');
}

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}
function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** Widens a span so that it never cuts a surrogate pair in half. */
export function snap(text: string, s: number, e: number): readonly [number, number] {
  if (s > 0 && s < text.length && isLow(text.charCodeAt(s)) && isHigh(text.charCodeAt(s - 1))) s--;
  if (e > 0 && e < text.length && isLow(text.charCodeAt(e)) && isHigh(text.charCodeAt(e - 1))) e++;
  return [s, e] as const;
}
