import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDirectory, writeFileAtomic } from '../src/atomic.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'shencha-atomic-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('makeDirectory', () => {
  it('makes every missing level, and is content when the folder exists', async () => {
    await makeDirectory(join(root, 'a/b/c'), 0o700);
    expect((await stat(join(root, 'a/b/c'))).isDirectory()).toBe(true);
    expect((await stat(join(root, 'a/b/c'))).mode & 0o777).toBe(0o700);
    await makeDirectory(join(root, 'a/b/c'));
  });

  it('fails, naming the cause, where a level is a file', async () => {
    await writeFile(join(root, 'file'), 'x');
    await expect(makeDirectory(join(root, 'file/sub'))).rejects.toMatchObject({ code: 'ENOTDIR' });
  });

  // Node's own recursive mkdir never returns here: the kernel answers ENOENT under an existing /proc.
  it.runIf(process.platform === 'linux')('fails instead of hanging under /proc', async () => {
    await expect(makeDirectory('/proc/shencha-nope/out')).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(writeFileAtomic('/proc/shencha-nope/x.json', '{}')).rejects.toMatchObject({ code: 'CORE_OUTPUT_NOT_WRITABLE' });
  }, 5000);
});
