/**
 * Masks the parts of JSON string values that findings cover, character by character, never a quote,
 * a key or an escape sequence's backslash (an escape is masked whole), so the document still parses.
 */
export function maskJsonStrings<F extends { startOffset: number; endOffset: number }>(text: string, findings: readonly F[]): { text: string; applied: F[] } {
  const chars = text.split('');
  const applied = new Set<F>();
  const token = /"(?:[^"\\]|\\.)*"/g;
  for (let m = token.exec(text); m; m = token.exec(text)) {
    const start = m.index + 1;
    const end = m.index + m[0].length - 1;
    let after = m.index + m[0].length;
    while (after < text.length && /\s/.test(text[after]!)) after++;
    if (text[after] === ':') continue; // a key, not a value
    for (const f of findings) {
      if (f.endOffset <= start || f.startOffset >= end) continue;
      applied.add(f);
      for (let i = start; i < end; i++) {
        const escape = text[i] === '\\';
        const width = escape ? (text[i + 1] === 'u' ? 6 : 2) : 1;
        if (i + width > f.startOffset && i < f.endOffset) for (let k = 0; k < width; k++) chars[i + k] = '*';
        i += width - 1;
      }
    }
  }
  return { text: chars.join(''), applied: findings.filter((f) => applied.has(f)) };
}
