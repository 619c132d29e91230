import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalBytes, canonicalize, isCanonicalJson } from '../src/canonical-json.js';

/** RFC 8785 the plain way (JSON.stringify per string, sorted keys): the writer must agree with it. */
function reference(v: unknown): string {
  if (v === null || typeof v !== 'object') return typeof v === 'number' && Object.is(v, -0) ? '0' : JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(reference).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${reference(o[k])}`)
    .join(',')}}`;
}

describe('canonical JSON (RFC 8785)', () => {
  it('sorts keys by UTF-16 code units and drops whitespace', () => {
    expect(canonicalize({ b: 1, a: [true, null, 'x'], '\u20ac': 0, '\ud83d\ude00': 1, A: 2 })).toBe(
      '{"A":2,"a":[true,null,"x"],"b":1,"\u20ac":0,"\ud83d\ude00":1}',
    );
  });

  it('formats numbers as ECMAScript does (RFC 8785 §3.2.2.3)', () => {
    expect(canonicalize([1e21, 1e-7, -0, 0.1 + 0.2, 333333333.3333333, 5e-324])).toBe(
      '[1e+21,1e-7,0,0.30000000000000004,333333333.3333333,5e-324]',
    );
  });

  it('escapes only what JSON requires', () => {
    expect(canonicalize('\u0000\n"\\/é')).toBe('"\\u0000\\n\\"\\\\/é"');
  });

  it('rejects values JSON cannot hold', () => {
    expect(() => canonicalize(Number.NaN)).toThrow();
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(() => canonicalize(cyclic)).toThrow(/cycle/);
  });

  it('agrees with the plain RFC 8785 construction on arbitrary JSON, lone surrogates and many keys included', () => {
    const text = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.string());
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.constant(null),
        fc.boolean(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.integer(),
        text,
        fc.array(tie('value'), { maxLength: 5 }),
        fc.dictionary(text, tie('value'), { maxKeys: 24 }),
      ),
    })).value;
    fc.assert(
      fc.property(json, (v) => {
        const expected = reference(v);
        expect(canonicalize(v)).toBe(expected);
        expect(canonicalBytes(v).equals(Buffer.from(expected, 'utf8'))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('writes a large document in one piece', () => {
    const big = { items: Array.from({ length: 20_000 }, (_, i) => ({ name: `pkg-${i}`, version: '1.0.0', note: 'é'.repeat(i % 7) })) };
    expect(canonicalBytes(big).toString('utf8')).toBe(reference(big));
  });

  it('tells canonical from non-canonical bytes', () => {
    expect(isCanonicalJson(Buffer.from('{"a":1,"b":[2]}'))).toBe(true);
    expect(isCanonicalJson(Buffer.from('{"b":[2],"a":1}'))).toBe(false);
    expect(isCanonicalJson(Buffer.from('{"a":1}\n'))).toBe(false);
    expect(isCanonicalJson(Buffer.from('{"a":1.0}'))).toBe(false);
    expect(isCanonicalJson(Buffer.from('{"a":'))).toBe(false);
  });
});

import { jsonErrorOffset, parseJson } from '../src/parse.js';

describe('located JSON errors', () => {
  it('finds the offset V8 does not report', () => {
    expect(jsonErrorOffset('{"a":}')).toBe(5);
    expect(jsonErrorOffset('{"a":tru}')).toBe(8);
    expect(jsonErrorOffset('{"a":1}')).toBe(7);
    expect(jsonErrorOffset('[1,2]x')).toBe(5);
  });

  it('names line and column of the error', () => {
    const r = parseJson('{\n  "a": 1,\n  "b": }\n', 'x.json', 'test');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issue.location).toMatchObject({ path: 'x.json', line: 3, column: 8 });
  });
});
