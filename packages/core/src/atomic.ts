import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { ShenchaError } from './issues.js';

/**
 * `mkdir -p`, one level at a time. Node's own `mkdir(…, { recursive: true })` never returns when the
 * file system answers ENOENT for a folder whose parent exists (any path under /proc does): here that
 * is an error like any other.
 */
export async function makeDirectory(dir: string, mode?: number): Promise<void> {
  const missing: string[] = [];
  for (let d = resolve(dir); ; d = dirname(d)) {
    try {
      if ((await stat(d)).isDirectory()) break;
      throw Object.assign(new Error(`${d} is not a folder`), { code: 'ENOTDIR' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(d) === d) throw e;
      missing.push(d);
    }
  }
  for (const d of missing.reverse()) {
    try {
      await mkdir(d, mode === undefined ? {} : { mode });
    } catch (e) {
      // Made meanwhile by someone else: fine, as with mkdir -p.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}

function tempName(target: string): string {
  return join(dirname(target), `.${basename(target)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/** Writes to a temporary name beside the target, then renames: a reader never sees half a file. */
export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  const tmp = tempName(target);
  try {
    await makeDirectory(dirname(target));
    await writeFile(tmp, data, { mode: 0o644 });
    await rename(tmp, target);
  } catch (cause) {
    await rm(tmp, { force: true });
    throw new ShenchaError('CORE_OUTPUT_NOT_WRITABLE', `cannot write ${target}: ${(cause as Error).message}`, {
      cause,
      howToFix: 'choose an --output folder you can write to',
    });
  }
}

/**
 * A folder built under a temporary name and swapped in at the end. `commit()` replaces any
 * previous folder at `target`; `abort()` removes the temporary one. Nothing half-built is ever at `target`.
 */
export class StagedDirectory {
  readonly path: string;
  private done = false;
  private constructor(
    readonly target: string,
    path: string,
  ) {
    this.path = path;
  }

  static async create(target: string): Promise<StagedDirectory> {
    const tmp = tempName(target);
    try {
      await makeDirectory(tmp);
    } catch (cause) {
      throw new ShenchaError('CORE_OUTPUT_NOT_WRITABLE', `cannot create ${dirname(target)}: ${(cause as Error).message}`, {
        cause,
        howToFix: 'choose an --output folder you can write to',
      });
    }
    return new StagedDirectory(target, tmp);
  }

  async commit(): Promise<void> {
    if (this.done) return;
    const old = `${tempName(this.target)}.old`;
    let moved = false;
    try {
      await rename(this.target, old);
      moved = true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    await rename(this.path, this.target);
    if (moved) await rm(old, { recursive: true, force: true });
    this.done = true;
  }

  async abort(): Promise<void> {
    if (this.done) return;
    await rm(this.path, { recursive: true, force: true });
    this.done = true;
  }
}
