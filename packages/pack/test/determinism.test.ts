import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, fixtureTree, materialize, pack, tempDir, type TreeFile, type TreeLink } from './helpers.js';

const ZONES = ['UTC', 'Asia/Shanghai', 'America/Los_Angeles', 'Pacific/Kiritimati', 'Asia/Kathmandu'];
const PLAIN_MODES = [0o600, 0o640, 0o644, 0o664, 0o666, 0o444];
const EXEC_MODES = [0o700, 0o750, 0o755, 0o775, 0o777, 0o555];
/** Files in fixtureTree(); a test below checks it. */
const FILE_COUNT = 20;

async function outputs(out: string, format: 'tar.gz' | 'zip'): Promise<Buffer[]> {
  const names = [format === 'zip' ? 'source.zip' : 'source.tar.gz', 'package-manifest.json', 'redactions.json'];
  return Promise.all(names.map((n) => readFile(join(out, n))));
}

describe.each(['tar.gz', 'zip'] as const)('byte-identical %s output', (format) => {
  let files: TreeFile[];
  let links: TreeLink[];
  let reference: Buffer[];
  const dirs: string[] = [];

  beforeAll(async () => {
    ({ files, links } = await fixtureTree());
    const src = await tempDir('ref');
    const out = await tempDir('ref-out');
    dirs.push(src, out);
    await materialize(src, files, links);
    await pack(src, out, { archive: format });
    reference = await outputs(out, format);
  });
  afterAll(() => cleanup(...dirs));

  test.prop(
    [
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: FILE_COUNT, maxLength: FILE_COUNT }),
      fc.array(fc.integer({ min: 0, max: 2_000_000_000 }), { minLength: FILE_COUNT, maxLength: FILE_COUNT }),
      fc.array(fc.nat(PLAIN_MODES.length - 1), { minLength: FILE_COUNT, maxLength: FILE_COUNT }),
      fc.constantFrom(...ZONES),
      fc.constantFrom(0o022, 0o077, 0o002, 0o000),
    ],
    { numRuns: format === 'zip' ? 6 : 10, seed: 20261128 },
  )('regardless of creation order, mtimes, permission bits, umask and time zone', async (keys, mtimes, modeIdx, tz, umask) => {
    expect(files.length).toBe(FILE_COUNT);
    const order = keys.map((k, i) => [k, i] as const).sort((a, b) => a[0] - b[0]).map(([, i]) => i);
    const varied = files.map((f, i) => ({
      ...f,
      mode: (f.mode & 0o100 ? EXEC_MODES : PLAIN_MODES)[modeIdx[i]!]!,
    }));
    const oldTz = process.env['TZ'];
    const oldUmask = process.umask(umask);
    process.env['TZ'] = tz;
    const src = await tempDir('prop');
    const out = await tempDir('prop-out');
    try {
      await materialize(src, varied, [...links].reverse(), { order, mtimes });
      await pack(src, out, { archive: format });
      const got = await outputs(out, format);
      expect(got[0]!.equals(reference[0]!)).toBe(true);
      expect(got[1]!.equals(reference[1]!)).toBe(true);
      expect(got[2]!.equals(reference[2]!)).toBe(true);
    } finally {
      process.umask(oldUmask);
      if (oldTz === undefined) delete process.env['TZ'];
      else process.env['TZ'] = oldTz;
      await cleanup(src, out);
    }
  });

  it('is the same when detection runs on worker threads', async () => {
    const src = await tempDir('threads');
    const out = await tempDir('threads-out');
    try {
      await materialize(src, files, links);
      await pack(src, out, { archive: format, threads: 2 });
      const got = await outputs(out, format);
      got.forEach((b, i) => expect(b.equals(reference[i]!)).toBe(true));
    } finally {
      await cleanup(src, out);
    }
  });

  it('is the same with one file at a time and a one-byte budget, and reports progress in path order', async () => {
    const src = await tempDir('serial');
    const out = await tempDir('serial-out');
    try {
      await materialize(src, files, links);
      const seen: string[] = [];
      await pack(src, out, {
        archive: format,
        extra: { concurrency: 1, maxBytesInFlight: 1, onProgress: (done, total, path) => seen.push(`${done}/${total} ${path}`) },
      });
      const got = await outputs(out, format);
      got.forEach((b, i) => expect(b.equals(reference[i]!)).toBe(true));
      expect(seen).toHaveLength(16);
      expect(seen[0]).toBe('1/16 .gitignore');
      expect(seen[15]).toBe('16/16 src/users.ts');
    } finally {
      await cleanup(src, out);
    }
  });

  it('changes when one archived byte changes (the comparison can fail)', async () => {
    const src = await tempDir('diff');
    const out = await tempDir('diff-out');
    try {
      const changed = files.map((f) => (f.path === 'README.md' ? { ...f, data: Buffer.concat([f.data, Buffer.from('!')]) } : f));
      await materialize(src, changed, links);
      await pack(src, out, { archive: format });
      const got = await outputs(out, format);
      expect(got[0]!.equals(reference[0]!)).toBe(false);
      expect(got[1]!.equals(reference[1]!)).toBe(false);
    } finally {
      await cleanup(src, out);
    }
  });
});
