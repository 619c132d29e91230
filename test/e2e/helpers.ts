import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { extract } from 'tar-stream';

export const ROOT = resolve(import.meta.dirname, '../..');
export const CLI = join(ROOT, 'cli/dist/bin.js');
export const EXAMPLE = join(ROOT, 'examples/acme-gateway');
export const KEYS = join(ROOT, 'examples/keys');
export const EPOCH = '1767225600'; // 2026-01-01T00:00:00Z

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would, with a clean environment (no TTY, no colour). */
export function shencha(args: string[], options: { env?: Record<string, string>; cwd?: string; withoutDacOverride?: boolean } = {}): CliRun {
  const spawnOptions: SpawnSyncOptions = {
    cwd: options.cwd ?? ROOT,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', NO_COLOR: '1', SOURCE_DATE_EPOCH: EPOCH, ...options.env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  };
  // root reads any file whatever its mode; without CAP_DAC_OVERRIDE/READ_SEARCH it obeys modes like a user.
  const [command, prefix] = options.withoutDacOverride && process.getuid?.() === 0
    ? ['setpriv', ['--bounding-set', '-dac_override,-dac_read_search', process.execPath]]
    : [process.execPath, []];
  const r = spawnSync(command, [...prefix, CLI, ...args], spawnOptions);
  return { code: r.status ?? -1, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
}

export function dossierArgs(project: string, output: string, extra: string[] = []): string[] {
  return ['dossier', project, '--key', join(KEYS, 'demo-signing.key.pem'), '--commitment-key', join(KEYS, 'demo-commitment.key'), '--output', output, ...extra];
}

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `shencha-${prefix}-`));
  chmodSync(dir, 0o755);
  return dir;
}

/** Every regular file under `dir`, relative POSIX paths, sorted. */
export function listTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p).split('\\').join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

export function copyProject(src: string, prefix: string): string {
  const dir = tempDir(prefix);
  cpSync(src, dir, { recursive: true });
  return dir;
}

/** The entries of a .tar.gz, decompressed in memory. */
export async function readTarGz(data: Buffer): Promise<Map<string, Buffer>> {
  const entries = new Map<string, Buffer>();
  const ex = extract();
  const done = new Promise<void>((res, rej) => {
    ex.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        entries.set(header.name, Buffer.concat(chunks));
        next();
      });
      stream.resume();
    });
    ex.on('finish', () => res());
    ex.on('error', rej);
  });
  ex.end(gunzipSync(data));
  await done;
  return entries;
}
