import { chmod, mkdir, mkdtemp, readdir, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileSource, scanProject, type ShenchaConfig } from '@shencha/core';
import { packSource, type PackOptions, type PackResult } from '../src/index.js';

export const FIXTURE = fileURLToPath(new URL('./fixtures/tree/', import.meta.url));
export const KEY = Buffer.from('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff', 'hex');
export const SOURCE_DATE = 1_700_000_000;

/** Planted fake values: none may appear anywhere in what the packager writes. */
export const CANARIES = [
  'AKIAQ7XK4PL2ZMB6RT3N',
  'ghp_4fT9kLm2Qx8Rz1Vb7Np3Wc6Yd5Hs0Ja2Ke9G',
  'S3cr3tPassw0rd',
  'xoxb-2847561930-5827364910-aB3dE5fG7hJ9kL1mN3pQ5rS7',
  'Xq9#vL2!mZ7pK4rT',
  'zhang.wei@example-corp.cn',
  '13812345678',
  '11010519491231002X',
  'MIIEowIBAAKCAQEA0Z3VS5JJcds3xfn',
  '13912345678',
  'ghp_Zk8Lm2Qx8Rz1Vb7Np3Wc6Yd5Hs0Ja2Ke9Gqq',
  'AKIAZZ7XK4PL2ZMB6RT9',
];

export interface TreeFile {
  path: string;
  data: Buffer;
  /** Permission bits; only the owner-execute bit may change the archive. */
  mode: number;
}

export interface TreeLink {
  path: string;
  target: string;
}

export const CONFIG: ShenchaConfig = {
  schemaVersion: 1,
  hashes: ['sha256', 'sm3'],
  pack: {
    withhold: [{ rule: 'crypto-source', paths: ['src/crypto/**'], reason: 'kept back under Cryptography Law Art. 31' }],
    vendored: 'exclude',
    maxFileSize: 4096,
  },
};

async function walkFixture(dir: string, rel = ''): Promise<TreeFile[]> {
  const out: TreeFile[] = [];
  for (const d of await readdir(dir, { withFileTypes: true })) {
    const p = rel ? `${rel}/${d.name}` : d.name;
    if (d.isDirectory()) out.push(...(await walkFixture(join(dir, d.name), p)));
    else out.push({ path: p, data: await readFile(join(dir, d.name)), mode: p.endsWith('.sh') ? 0o755 : 0o644 });
  }
  return out;
}

/** The fixture tree plus what git cannot carry portably: build output, ignored, binary and oversized files. */
export async function fixtureTree(): Promise<{ files: TreeFile[]; links: TreeLink[] }> {
  const files = await walkFixture(FIXTURE);
  const latin1 = Buffer.concat([
    Buffer.from('caf\xe9 cr\xe8me (latin-1, not UTF-8)\ntoken=', 'latin1'),
    Buffer.from('ghp_Zk8Lm2Qx8Rz1Vb7Np3Wc6Yd5Hs0Ja2Ke9Gqq', 'latin1'),
    Buffer.from('\nfin\n', 'latin1'),
  ]);
  files.push(
    { path: 'dist/bundle.js', data: Buffer.from('console.log("build output");\n'), mode: 0o644 },
    { path: 'server.log', data: Buffer.from('a log line\n'), mode: 0o644 },
    { path: 'big.txt', data: Buffer.from('x'.repeat(5000) + '\n'), mode: 0o644 },
    { path: 'assets/logo.png', data: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]), mode: 0o644 },
    {
      path: 'assets/blob.bin',
      data: Buffer.concat([Buffer.from([0, 1, 2, 3, 0]), Buffer.from('key=AKIAZZ7XK4PL2ZMB6RT9;'), Buffer.from([0, 255])]),
      mode: 0o644,
    },
    { path: 'legacy/latin1.txt', data: latin1, mode: 0o644 },
    { path: 'docs/说明.md', data: Buffer.from('审查说明：此文件名不是 ASCII。\n'), mode: 0o644 },
    { path: 'src/emoji.ts', data: Buffer.from('// 😀😀 ring me\nexport const tel = "😀 13912345678 😀";\n'), mode: 0o644 },
  );
  const links = [
    { path: 'link-to-index.ts', target: 'src/index.ts' },
    { path: 'outside', target: '/etc/passwd' },
  ];
  return { files, links };
}

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `shencha-pack-${prefix}-`));
}

/** Writes a tree in the given order with the given modes and mtimes. */
export async function materialize(
  dir: string,
  files: readonly TreeFile[],
  links: readonly TreeLink[],
  opts: { order?: readonly number[]; mtimes?: readonly number[] } = {},
): Promise<void> {
  const order = opts.order ?? files.map((_, i) => i);
  for (const i of order) {
    const f = files[i]!;
    const abs = join(dir, f.path);
    await mkdir(dirname(abs), { recursive: true });
    await writeFile(abs, f.data);
    await chmod(abs, f.mode);
    const t = opts.mtimes?.[i];
    if (t !== undefined) await utimes(abs, t, t);
  }
  for (const l of links) {
    await mkdir(dirname(join(dir, l.path)), { recursive: true });
    await symlink(l.target, join(dir, l.path));
  }
}

export async function pack(
  dir: string,
  out: string,
  options: { config?: ShenchaConfig; archive?: 'tar.gz' | 'zip'; threads?: number; recheck?: 'all' | 'unscanned'; sourceDate?: number; extra?: Partial<PackOptions>; beforePack?: () => Promise<void> } = {},
): Promise<PackResult> {
  const config = options.config ?? CONFIG;
  const index = await scanProject(dir, { hashes: config.hashes ?? ['sha256'], exclude: config.pack?.exclude ?? [] });
  await options.beforePack?.();
  await mkdir(out, { recursive: true });
  return packSource({
    source: new FileSource(index),
    config,
    commitmentKey: KEY,
    outputDir: out,
    ...(options.archive ? { archive: options.archive } : {}),
    ...(options.threads !== undefined ? { threads: options.threads } : {}),
    ...(options.recheck ? { recheck: options.recheck } : {}),
    sourceDate: options.sourceDate ?? SOURCE_DATE,
    ...options.extra,
  });
}

export async function cleanup(...dirs: string[]): Promise<void> {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
}
