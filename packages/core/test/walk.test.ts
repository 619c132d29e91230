import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FileSource } from '../src/file-source.js';
import { sha256Hex } from '../src/hash.js';
import { scanProject } from '../src/walk.js';
import { describeSmallFile } from '../src/walk-describe.js';
import { WalkHelper } from '../src/walk-helper.js';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'shencha-walk-'));
  await mkdir(join(root, 'src/sub'), { recursive: true });
  await mkdir(join(root, 'node_modules/left-pad'), { recursive: true });
  await mkdir(join(root, 'dist'), { recursive: true });
  await mkdir(join(root, 'logs'), { recursive: true });
  await writeFile(join(root, 'src/a.ts'), 'export const a = 1;\n');
  await writeFile(join(root, 'src/sub/b.py'), 'print(1)\n');
  await writeFile(join(root, 'src/sub/.gitignore'), 'secret.txt\n');
  await writeFile(join(root, 'src/sub/secret.txt'), 'x');
  await writeFile(join(root, 'img.bin'), Buffer.from([1, 2, 0, 3]));
  await writeFile(join(root, 'node_modules/left-pad/package.json'), '{"name":"left-pad","license":"WTFPL"}');
  await writeFile(join(root, 'dist/out.js'), '');
  await writeFile(join(root, 'logs/x.log'), 'log');
  await writeFile(join(root, '.gitignore'), 'logs/\n');
  await symlink('/etc/passwd', join(root, 'src/passwd'));
  await symlink('../node_modules', join(root, 'src/nm'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('scanProject (the one walk)', () => {
  it('lists every path with why it is excluded, hashes files once, records symlinks', async () => {
    const index = await scanProject(root);
    const byPath = new Map(index.entries.map((e) => [e.path, e]));
    expect(byPath.get('src/a.ts')).toMatchObject({ kind: 'file', language: 'typescript', sha256: sha256Hex('export const a = 1;\n'), binary: false });
    expect(byPath.get('img.bin')?.binary).toBe(true);
    expect(byPath.get('node_modules')).toMatchObject({ kind: 'directory', excluded: { rule: 'default:dependency-cache' } });
    expect(byPath.has('node_modules/left-pad/package.json')).toBe(false);
    expect(byPath.get('dist')?.excluded?.rule).toBe('default:build-output');
    expect(byPath.get('logs')?.excluded?.rule).toBe('gitignore');
    expect(byPath.get('src/sub/secret.txt')?.excluded).toMatchObject({ rule: 'gitignore', reason: 'matched by src/sub/.gitignore' });
    expect(byPath.get('src/passwd')).toMatchObject({ kind: 'symlink', linkTarget: '/etc/passwd' });
    expect(byPath.get('src/passwd')?.sha256).toBeUndefined();
    const paths = index.entries.map((e) => e.path);
    expect(paths).toEqual([...paths].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
  });

  it('applies config excludes under a named rule', async () => {
    const index = await scanProject(root, { exclude: ['*.py'] });
    expect(index.entries.find((e) => e.path === 'src/sub/b.py')?.excluded?.rule).toBe('config:exclude');
  });

  it('refuses a missing project folder with a stable code', async () => {
    await expect(scanProject(join(root, 'nope'))).rejects.toMatchObject({ code: 'CORE_PROJECT_NOT_FOUND' });
  });

  it('reports unreadable files as issues and goes on', async () => {
    if (process.getuid?.() === 0) return; // root reads everything; the CLI end-to-end test covers this case
    await writeFile(join(root, 'locked.txt'), 'x');
    await chmod(join(root, 'locked.txt'), 0o000);
    const index = await scanProject(root);
    expect(index.issues.some((i) => i.code === 'CORE_UNREADABLE_FILE')).toBe(true);
  });
});

describe('FileSource', () => {
  it('reads walked files and, on demand, files in excluded folders', async () => {
    const source = new FileSource(await scanProject(root));
    expect(await source.readText('src/a.ts')).toContain('export');
    expect(await source.readText('node_modules/left-pad/package.json')).toContain('WTFPL');
    expect(source.glob('**/*.ts').map((e) => e.path)).toEqual(['src/a.ts']);
  });

  it('never reads through a symlink or out of the root', async () => {
    const source = new FileSource(await scanProject(root));
    await expect(source.read('src/passwd')).rejects.toMatchObject({ code: 'CORE_SYMLINK_NOT_FOLLOWED' });
    await expect(source.read('src/nm/left-pad/package.json')).rejects.toMatchObject({ code: 'CORE_SYMLINK_NOT_FOLLOWED' });
    await expect(source.read('../etc/passwd')).rejects.toMatchObject({ code: 'CORE_PATH_OUTSIDE_ROOT' });
    await expect(source.read('/etc/passwd')).rejects.toMatchObject({ code: 'CORE_PATH_OUTSIDE_ROOT' });
  });
});

describe('scanProject with its helper thread', () => {
  let big: string;
  beforeAll(async () => {
    big = await mkdtemp(join(tmpdir(), 'shencha-walk-big-'));
    // Enough small files for the helper to start (over 1,024) and the queue to be trimmed (over 4,096), some binary.
    for (let d = 0; d < 16; d++) {
      await mkdir(join(big, `d${d}`, 'sub'), { recursive: true });
      for (let f = 0; f < 300; f++) {
        const data = f % 10 === 3 ? Buffer.from([d, f, 0, 1]) : `// ${d}/${f}\nexport const v${f} = ${d * f};\n`;
        await writeFile(join(big, `d${d}`, f % 2 ? 'sub' : '', `f${f}.ts`), data);
      }
    }
    await symlink('../d1/f0.ts', join(big, 'd0/link.ts'));
  });
  afterAll(async () => {
    await rm(big, { recursive: true, force: true });
  });

  it('gives exactly the index that one thread gives, and the helper did read files', async () => {
    const started = vi.spyOn(WalkHelper, 'start');
    const withHelper = await scanProject(big);
    expect(started).toHaveBeenCalledTimes(1);
    expect(started.mock.results[0]?.value).toBeDefined();
    started.mockRestore();
    const alone = await scanProject(big, { helper: false });
    expect(withHelper).toEqual(alone);
    expect(alone.entries.filter((e) => e.kind === 'file')).toHaveLength(4800);
    expect(alone.entries.filter((e) => e.binary)).toHaveLength(480);
    expect(alone.entries.find((e) => e.path === 'd3/sub/f1.ts')?.sha256).toBe(sha256Hex('// 3/1\nexport const v1 = 3;\n'));
  });

  it('describes a file that vanished or is a symlink as unreadable, never following it', () => {
    expect(describeSmallFile(join(big, 'nope.ts'), 10, ['sha256'])).toEqual({ error: expect.objectContaining({ code: 'ENOENT' }) });
    expect(describeSmallFile(join(big, 'd0/link.ts'), 10, ['sha256'])).toEqual({ error: expect.objectContaining({ code: 'ELOOP' }) });
  });
});
