import { describe, expect, it } from 'vitest';
import { maskJsonStrings } from '../src/mask-json.js';

const span = (text: string, needle: string) => {
  const startOffset = text.indexOf(needle);
  return { startOffset, endOffset: startOffset + needle.length };
};

describe('maskJsonStrings', () => {
  it('masks inside string values and keeps the document valid', () => {
    const text = '{"url":"postgres://u:S3cret@h/db","n":1}';
    const { text: out, applied } = maskJsonStrings(text, [span(text, 'S3cret')]);
    expect(applied).toHaveLength(1);
    expect(JSON.parse(out)).toEqual({ url: 'postgres://u:******@h/db', n: 1 });
  });

  it('never masks keys or structure: such a hit is not applied', () => {
    const text = '{"name":"js-tokens","primaryPackagePurpose":"LIBRARY"}';
    const { text: out, applied } = maskJsonStrings(text, [span(text, 'primaryPackagePurpose')]);
    expect(applied).toEqual([]);
    expect(out).toBe(text);
  });

  it('masks an escape sequence whole', () => {
    const text = '{"a":"x\\"secret\\u0041y"}';
    const { text: out } = maskJsonStrings(text, [span(text, '\\"secret\\u0041')]);
    expect(JSON.parse(out)).toEqual({ a: `x${'*'.repeat(14)}y` });
  });
});
