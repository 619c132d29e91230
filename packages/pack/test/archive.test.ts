import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { looksBinary } from '@shencha/core';
import { describe, expect, it } from 'vitest';
import { DeterministicArchiveWriter, readArchive, readTarGz, type ArchiveEntry } from '../src/archive.js';
import { decodeForScan } from '../src/decode.js';
import { createScanPool } from '../src/detect-pool.js';
import { cleanup, tempDir } from './helpers.js';

const names = Array.from({ length: 300 }, (_, i) => `dir${String(Math.floor(i / 50)).padStart(2, '0')}/file${String(i).padStart(4, '0')}.txt`);

function contents(i: number): Buffer {
  // Incompressible, so the archive grows while it is followed and the reader has to wait for bytes.
  return randomBytes(1000 + ((i * 7919) % 9000));
}

describe('reading the archive back while it is written', () => {
  it('yields every entry, byte for byte, and the same as reading the finished file', async () => {
    const dir = await tempDir('follow');
    try {
      const file = join(dir, 'a.tar.gz');
      const writer = new DeterministicArchiveWriter(file, 'tar.gz', 1_700_000_000, { maxQueuedBytes: 64 * 1024 });
      const followed: ArchiveEntry[] = [];
      const reading = readTarGz(writer.follow(), async (e) => {
        followed.push(e);
        // A slow consumer: the writer runs ahead and the reader catches up from the file.
        if (followed.length % 50 === 0) await new Promise((r) => setTimeout(r, 5));
      });
      const data = names.map((_, i) => contents(i));
      for (let i = 0; i < names.length; i++) await writer.add(names[i]!, data[i]!, i % 7 === 0);
      await writer.finish();
      await reading;
      expect(followed.map((e) => e.name)).toEqual(names);
      followed.forEach((e, i) => {
        expect(e.data.equals(data[i]!)).toBe(true);
        expect(e.mode).toBe(i % 7 === 0 ? 0o755 : 0o644);
        expect(e.mtime).toBe(1_700_000_000);
      });
      const after: string[] = [];
      await readArchive(file, 'tar.gz', (e) => void after.push(e.name));
      expect(after).toEqual(names);
    } finally {
      await cleanup(dir);
    }
  });

  it('ends with an error, never hangs, when the writing is aborted', async () => {
    const dir = await tempDir('follow-abort');
    try {
      const writer = new DeterministicArchiveWriter(join(dir, 'a.tar.gz'), 'tar.gz', 1_700_000_000);
      const reading = readTarGz(writer.follow(), () => undefined);
      reading.catch(() => undefined); // asserted below
      for (let i = 0; i < 50; i++) await writer.add(names[i]!, contents(i), false);
      await writer.abort();
      await expect(reading).rejects.toThrow();
    } finally {
      await cleanup(dir);
    }
  });

  it('stops at the first entry the consumer rejects', async () => {
    const dir = await tempDir('follow-reject');
    try {
      const writer = new DeterministicArchiveWriter(join(dir, 'a.tar.gz'), 'tar.gz', 1_700_000_000);
      let seen = 0;
      const reading = readTarGz(writer.follow(), (e) => {
        seen++;
        if (e.name === names[10]) throw new Error('bad entry');
      });
      reading.catch(() => undefined); // asserted below, once everything is written
      for (let i = 0; i < 40; i++) await writer.add(names[i]!, contents(i), false);
      await writer.finish();
      await expect(reading).rejects.toThrow('bad entry');
      expect(seen).toBe(11);
    } finally {
      await cleanup(dir);
    }
  });
});

describe('the detector pool', () => {
  it.each([0, 2])('answers each file of a batch with its own findings and digest (threads %i)', async (threads) => {
    const pool = await createScanPool({}, threads);
    try {
      const files = Array.from({ length: 200 }, (_, i) =>
        Buffer.from(i % 10 === 3 ? `const token = "ghp_4fT9kLm2Qx8Rz1Vb7Np3Wc6Yd5Hs0Ja2Ke${String(i).padStart(3, '0')}";\n` : `const n${i} = ${i};\n`),
      );
      const got = await Promise.all(files.map((f, i) => pool.scanFile(f, `src/f${i}.ts`)));
      got.forEach((r, i) => {
        expect(r.sha256).toBe(createHash('sha256').update(files[i]!).digest('hex'));
        expect(r.findings.length > 0).toBe(i % 10 === 3);
      });
      expect(await pool.scanText('nothing here', 'a.txt')).toEqual([]);
    } finally {
      await pool.close();
    }
  });
});


describe('decodeForScan', () => {
  it("calls binary exactly what core's looksBinary does (a NUL among the first 8,000 bytes)", () => {
    const cases: Buffer[] = [Buffer.alloc(0), Buffer.from('plain text\n'), Buffer.from([0]), Buffer.from('héllo wörld')];
    for (const size of [7999, 8000, 8001, 20000]) {
      for (const at of [0, 1, 7998, 7999, 8000, 8001, size - 1]) {
        if (at >= size) continue;
        const b = Buffer.alloc(size, 0x61);
        b[at] = 0;
        cases.push(b);
      }
      cases.push(Buffer.alloc(size, 0x61));
    }
    for (let i = 0; i < 200; i++) cases.push(randomBytes(1 + ((i * 104729) % 12000)));
    for (const b of cases) expect(decodeForScan(b).binary).toBe(looksBinary(b));
    expect(cases.some((b) => looksBinary(b))).toBe(true);
    expect(cases.some((b) => !looksBinary(b))).toBe(true);
  });
});
