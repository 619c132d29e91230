import { fc, test } from '@fast-check/vitest';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ParallelGzip } from '../src/parallel-gzip.js';

const BLOCK = 32 * 1024;

async function gzip(chunks: Buffer[], blockSize = BLOCK): Promise<Buffer> {
  return buffer(Readable.from(chunks, { objectMode: false }).pipe(new ParallelGzip(6, blockSize)));
}

/** Compressible text with repeats that reach across block boundaries. */
function text(seed: number, bytes: number): Buffer {
  const words = ['const', 'value', 'return', 'import', 'buffer', 'stream', '{', '}', ';', '\n', 'x'];
  let s = seed >>> 0;
  let out = '';
  while (out.length < bytes) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    out += words[s % words.length] + ' ';
  }
  return Buffer.from(out.slice(0, bytes));
}

/** Cuts `data` into pieces at the given fractions. */
function split(data: Buffer, cuts: number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => Math.floor(c * data.length)))].sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let from = 0;
  for (const a of at) {
    parts.push(data.subarray(from, a));
    from = a;
  }
  parts.push(data.subarray(from));
  return parts.filter((p) => p.length > 0);
}

describe('ParallelGzip', () => {
  it.each([0, 1, 1000, BLOCK - 1, BLOCK, BLOCK + 1, 3 * BLOCK, 7 * BLOCK + 123])('round-trips %i bytes through gunzip', async (n) => {
    const data = text(n, n);
    const out = await gzip([data]);
    expect(gunzipSync(out).equals(data)).toBe(true);
    // One gzip member: fixed header (MTIME 0, OS Unix), CRC-32 and length in the trailer.
    expect([...out.subarray(0, 10)]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);
    expect(out.readUInt32LE(out.length - 4)).toBe(n);
  });

  test.prop([fc.integer({ min: 0, max: 200_000 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 }), fc.integer()], { numRuns: 40, seed: 3 })(
    'writes the same bytes however the input is cut into writes',
    async (n, cuts, seed) => {
      const data = text(seed, n);
      const whole = await gzip([data]);
      const pieces = await gzip(split(data, cuts));
      expect(pieces.equals(whole)).toBe(true);
      expect(gunzipSync(pieces).equals(data)).toBe(true);
    },
  );

  it('compresses within 1% of plain gzip at the same level (each block sees the one before)', async () => {
    const data = text(42, 2 * 1024 * 1024);
    const parallel = await gzip([data], 256 * 1024);
    const plain = gzipSync(data, { level: 6 });
    expect(parallel.length).toBeLessThan(plain.length * 1.01);
  });

  it('primes each block with the end of the one before: a repeat across the cut costs almost nothing', async () => {
    // Incompressible by itself: sha256 in counter mode.
    const noise = Buffer.concat(Array.from({ length: BLOCK / 32 }, (_, i) => createHash('sha256').update(String(i)).digest()));
    // The second block repeats the first one's last 24 KiB (within deflate's reach of 32 KiB less 262 bytes).
    const data = Buffer.concat([noise, noise.subarray(BLOCK / 4), noise.subarray(BLOCK / 4, BLOCK / 2)]);
    const out = await gzip([data]);
    expect(gunzipSync(out).equals(data)).toBe(true);
    // Without the dictionary the repeat would be 24 KiB of literals again.
    expect(out.length).toBeLessThan(BLOCK * 1.1);
  });

  it('keeps at most its parallel blocks in flight, even for one write of many blocks', async () => {
    const gz = new ParallelGzip(6, BLOCK, 2);
    const seen: number[] = [];
    const start = (gz as unknown as { start: (b: Buffer, last: boolean) => void }).start.bind(gz);
    (gz as unknown as { start: (b: Buffer, last: boolean) => void }).start = (b, last) => {
      start(b, last);
      seen.push((gz as unknown as { queue: unknown[] }).queue.length);
    };
    const data = text(9, 20 * BLOCK + 5);
    const out = await buffer(Readable.from([data]).pipe(gz));
    expect(gunzipSync(out).equals(data)).toBe(true);
    expect(Math.max(...seen)).toBeLessThanOrEqual(2);
    expect(seen.length).toBe(21);
  });

  it('refuses a block smaller than the deflate window', () => {
    expect(() => new ParallelGzip(6, 1024)).toThrow(/window/);
  });
});
