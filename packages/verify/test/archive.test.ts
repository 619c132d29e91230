import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { checkEntryName, detectArchiveFormat, foldName, readArchive } from '@shencha/core';
import { tarBytes, zipBytes } from './helpers.js';

/** Unit tests of core's safe archive reader (packages/core/src/archive), which verify relies on. */
describe('safe archive reading (core)', () => {
  it('checks entry names', () => {
    expect(checkEntryName('./a/b.txt')).toEqual({ name: 'a/b.txt' });
    expect(checkEntryName('dir/')).toEqual({ name: 'dir' });
    expect(checkEntryName('/etc/passwd').problem?.kind).toBe('absolute-path');
    expect(checkEntryName('C:/Windows/x').problem?.kind).toBe('absolute-path');
    expect(checkEntryName('a/../../b').problem?.kind).toBe('climbing-path');
    expect(checkEntryName('a\\..\\b').problem?.kind).toBe('climbing-path');
    expect(checkEntryName('a\\b').problem?.kind).toBe('bad-name');
    expect(checkEntryName('a//b').problem?.kind).toBe('bad-name');
    expect(checkEntryName('a\u0000b').problem?.kind).toBe('bad-name');
    expect(checkEntryName('x'.repeat(2000)).problem?.kind).toBe('bad-name');
    expect(foldName('Straße')).toBe(foldName('STRASSE'));
  });

  it('detects formats by magic bytes', async () => {
    const tar = await tarBytes([{ name: 'a', data: 'x' }]);
    expect(detectArchiveFormat(tar)).toBe('tar');
    expect(detectArchiveFormat(gzipSync(tar))).toBe('tar.gz');
    expect(detectArchiveFormat(zipBytes([{ name: 'a', data: 'x' }]))).toBe('zip');
    expect(detectArchiveFormat(Buffer.from('{"a":1}'))).toBeUndefined();
  });

  it('reads a clean tar.gz and zip with their contents, and lists links without reading them', async () => {
    const gz = gzipSync(await tarBytes([{ name: 'dir/', type: 'directory' }, { name: 'dir/a.txt', data: 'hello' }, { name: 'l', type: 'symlink', linkname: 'dir/a.txt' }]));
    const r = await readArchive(gz, 'tar.gz');
    expect(r.complete).toBe(true);
    expect(r.entries.map((e) => [e.name, e.type, e.data?.toString()])).toEqual([
      ['dir', 'directory', undefined],
      ['dir/a.txt', 'file', 'hello'],
      ['l', 'symlink', undefined],
    ]);
    expect(r.problems.map((p) => p.kind)).toEqual(['symlink']);
    const z = await readArchive(zipBytes([{ name: 'a.txt', data: 'zip!', deflate: true }]), 'zip');
    expect(z.problems).toEqual([]);
    expect(z.entries[0]?.data?.toString()).toBe('zip!');
  });

  it('stops a gzip bomb by ratio and by absolute size without inflating it fully', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
    const t0 = performance.now();
    const r = await readArchive(bomb, 'tar.gz');
    expect(r.problems.map((p) => p.kind)).toEqual(['compression-ratio']);
    expect(r.complete).toBe(false);
    expect(performance.now() - t0).toBeLessThan(5000);
    const big = gzipSync(await tarBytes([{ name: 'a', data: Buffer.alloc(100_000, 1) }]));
    const capped = await readArchive(big, 'tar.gz', { maxTotalSize: 50_000, maxRatio: 1e9 });
    expect(capped.problems.map((p) => p.kind)).toEqual(['size-limit']);
  });

  it('rejects an entry over the per-entry limit and too many entries', async () => {
    const tar = await tarBytes([{ name: 'big', data: Buffer.alloc(5000) }, { name: 'small', data: 'x' }]);
    const r = await readArchive(tar, 'tar', { maxEntrySize: 1000 });
    expect(r.problems.map((p) => [p.kind, p.entry])).toEqual([['size-limit', 'big']]);
    expect(r.entries.find((e) => e.name === 'small')?.data?.toString()).toBe('x');
    const many = await readArchive(await tarBytes(Array.from({ length: 20 }, (_, i) => ({ name: `f${i}`, data: '' }))), 'tar', { maxEntries: 5 });
    expect(many.problems.map((p) => p.kind)).toEqual(['too-many-entries']);
  });

  it('reports duplicates, Unicode and case collisions', async () => {
    const tar = await tarBytes([
      { name: 'a.txt', data: '1' },
      { name: 'a.txt', data: '2' },
      { name: 'caf\u00e9', data: '' },
      { name: 'cafe\u0301', data: '' },
      { name: 'Readme', data: '' },
      { name: 'README', data: '' },
    ]);
    const r = await readArchive(tar, 'tar');
    expect(r.problems.map((p) => p.kind).sort()).toEqual(['case-collision', 'duplicate-name', 'unicode-collision']);
    expect(r.entries.find((e) => e.name === 'a.txt')?.data?.toString()).toBe('1');
  });

  it('never throws on garbage: malformed tar, zip and gzip are problems', async () => {
    for (const [data, format] of [
      [Buffer.from('not a tar at all'.repeat(64)), 'tar'],
      [Buffer.from('PK\u0003\u0004 truncated'), 'zip'],
      [Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3]), 'tar.gz'],
    ] as const) {
      const r = await readArchive(data, format);
      expect(r.problems.map((p) => p.kind)).toContain('malformed');
      expect(r.complete).toBe(false);
    }
  });
});
