import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ContentCache, DigestCache, scanProject } from '@shencha/core';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function temp(): string {
  const d = mkdtempSync(join(tmpdir(), 'shencha-cache-'));
  dirs.push(d);
  return d;
}

function tree(root: string): void {
  mkdirSync(join(root, 'src'), { recursive: true });
  mkdirSync(join(root, 'node_modules/x'), { recursive: true });
  writeFileSync(join(root, 'src/a.ts'), 'export const a = 1;\n');
  writeFileSync(join(root, 'src/b.bin'), Buffer.from([1, 0, 2]));
  writeFileSync(join(root, 'ignored.log'), 'x');
  writeFileSync(join(root, '.gitignore'), '*.log\n');
  writeFileSync(join(root, 'node_modules/x/index.js'), 'module.exports = 1;\n');
  // Old enough not to be "racily clean".
  const old = new Date(Date.now() - 60_000);
  for (const f of ['src/a.ts', 'src/b.bin', '.gitignore']) utimesSync(join(root, f), old, old);
}

const strip = (entries: { path: string }[]) => entries.map((e) => ({ ...e }));

describe('ContentCache', () => {
  it('keeps what a run used, and starts empty on a corrupt or other-version file', async () => {
    const dir = temp();
    const c = await ContentCache.open<number>(dir, 'test', 'v1');
    expect(c.get('a')).toBeUndefined();
    c.set('a', 1);
    c.set('b', 2);
    expect(await c.save()).toBe(true);
    const again = await ContentCache.open<number>(dir, 'test', 'v1');
    expect(again.get('a')).toBe(1);
    expect(await again.save()).toBe(true); // b unused: pruned
    expect((await ContentCache.open<number>(dir, 'test', 'v1')).get('b')).toBeUndefined();
    expect((await ContentCache.open<number>(dir, 'test', 'v2')).get('a')).toBeUndefined();
    writeFileSync(join(dir, 'test.json'), '{not json');
    expect((await ContentCache.open<number>(dir, 'test', 'v1')).get('a')).toBeUndefined();
  });
});

describe('the cached walk', () => {
  it('gives the FileIndex of scanProject, and on the second run reads no unchanged file', async () => {
    const root = temp();
    const cacheDir = join(temp(), 'cache');
    tree(root);
    const plain = await scanProject(root, { hashes: ['sha256', 'sm3'] });
    const first = await DigestCache.open(root, cacheDir);
    const a = await scanProject(root, { hashes: ['sha256', 'sm3'], digests: first });
    await first.save();
    expect(strip(a.entries)).toEqual(strip(plain.entries));
    const second = await DigestCache.open(root, cacheDir);
    const b = await scanProject(root, { hashes: ['sha256', 'sm3'], digests: second });
    expect(strip(b.entries)).toEqual(strip(plain.entries));
    expect(second.stats).toMatchObject({ hits: 3, misses: 0 });
  });

  it('re-reads a file whose size or mtime changed', async () => {
    const root = temp();
    const cacheDir = join(temp(), 'cache');
    tree(root);
    const first = await DigestCache.open(root, cacheDir);
    await scanProject(root, { digests: first });
    await first.save();
    writeFileSync(join(root, 'src/a.ts'), 'export const a = 2;\n'); // same size, new mtime
    const second = await DigestCache.open(root, cacheDir);
    const b = await scanProject(root, { digests: second });
    expect(b.entries.find((e) => e.path === 'src/a.ts')?.sha256).toBe((await scanProject(root)).entries.find((e) => e.path === 'src/a.ts')?.sha256);
    expect(second.stats.misses).toBe(1);
  });

  it('keys tracked, unmodified files by git blob id, so a fresh clone hits', async () => {
    const root = temp();
    const cacheDir = join(temp(), 'cache');
    tree(root);
    const git = (cwd: string, ...args: string[]) => {
      const r = spawnSync('git', args, { cwd, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', HOME: root, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e.cn', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e.cn', GIT_CONFIG_NOSYSTEM: '1' } });
      if (r.status !== 0) throw new Error(r.stderr);
    };
    git(root, 'init', '-q');
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'x');
    const first = await DigestCache.open(root, cacheDir);
    await scanProject(root, { digests: first });
    await first.save();
    const clone = join(temp(), 'clone');
    git(tmpdir(), 'clone', '-q', root, clone);
    const second = await DigestCache.open(clone, cacheDir);
    const b = await scanProject(clone, { digests: second });
    // New inodes and mtimes, same blobs: every tracked file hits.
    expect(second.stats.hits).toBe(3);
    expect(b.entries.find((e) => e.path === 'src/a.ts')?.sha256).toBe((await scanProject(clone)).entries.find((e) => e.path === 'src/a.ts')?.sha256);
  });
});
