import { constants } from 'node:fs';
import { lstat, open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import picomatch from 'picomatch';
import { ShenchaError } from './issues.js';
import { readSmallFileSync, SMALL_FILE_LIMIT } from './read-small.js';
import type { FileEntry, FileIndex } from './walk.js';

/**
 * The only reader of project files. Stages get the walked entries from here and read contents
 * through it; it refuses to read through a symlink and to leave the root, so no stage can.
 */
export class FileSource {
  readonly root: string;
  readonly index: FileIndex;
  private readonly byPath: Map<string, FileEntry>;
  /** Folders the walk descended: real folders, never symlinks, so reads below them need no lstat. */
  private readonly walkedDirs = new Set<string>();

  constructor(index: FileIndex) {
    this.root = index.root;
    this.index = index;
    this.byPath = new Map(index.entries.map((e) => [e.path, e]));
    for (const e of index.entries) {
      for (let i = e.path.lastIndexOf('/'); i > 0; i = e.path.lastIndexOf('/', i - 1)) {
        const dir = e.path.slice(0, i);
        if (this.walkedDirs.has(dir)) break;
        this.walkedDirs.add(dir);
      }
    }
  }

  /** Every walked regular file, excluded ones included (their `excluded` says why). */
  files(): FileEntry[] {
    return this.index.entries.filter((e) => e.kind === 'file');
  }

  get(path: string): FileEntry | undefined {
    return this.byPath.get(path);
  }

  /** Regular files whose path matches any glob (`**\/package-lock.json`, `*.csproj`, …). */
  glob(patterns: string | string[], options: { includeExcluded?: boolean } = {}): FileEntry[] {
    const isMatch = picomatch(patterns, { dot: true, basename: !String(patterns).includes('/') });
    return this.files().filter(
      (e) => (options.includeExcluded || !e.excluded) && !e.unreadable && isMatch(e.path),
    );
  }

  async read(path: string): Promise<Buffer> {
    const abs = await this.resolveSafe(path);
    const size = this.byPath.get(path)?.size;
    if (size !== undefined && size <= SMALL_FILE_LIMIT) {
      const small = readSmallFileSync(abs, size);
      if (small) return small;
    }
    const fh = await open(abs, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      return await fh.readFile();
    } finally {
      await fh.close();
    }
  }

  async readText(path: string): Promise<string> {
    const buf = await this.read(path);
    return buf.toString('utf8');
  }

  /** True when a regular file exists at `path` (also inside folders the walk did not descend). */
  async exists(path: string): Promise<boolean> {
    try {
      const abs = await this.resolveSafe(path);
      return (await lstat(abs)).isFile();
    } catch {
      return false;
    }
  }

  /** Lists a folder on demand, e.g. node_modules, which the walk records but never descends. */
  async list(dir: string): Promise<{ name: string; kind: 'file' | 'directory' | 'symlink' | 'other' }[]> {
    const abs = dir === '' || dir === '.' ? this.root : await this.resolveSafe(dir);
    const out = await readdir(abs, { withFileTypes: true });
    return out
      .map((d) => ({
        name: d.name,
        kind: d.isSymbolicLink() ? ('symlink' as const) : d.isDirectory() ? ('directory' as const) : d.isFile() ? ('file' as const) : ('other' as const),
      }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Resolves a relative POSIX path, refusing `..`, absolute paths and symlinked components. */
  private async resolveSafe(path: string): Promise<string> {
    const parts = path.split('/');
    if (path.startsWith('/') || parts.some((p) => p === '..' || p === '')) {
      throw new ShenchaError('CORE_PATH_OUTSIDE_ROOT', `refusing to read ${path}: not a plain relative path`);
    }
    const known = this.byPath.get(path);
    if (known && known.kind === 'symlink') {
      throw new ShenchaError('CORE_SYMLINK_NOT_FOLLOWED', `refusing to read ${path}: it is a symlink`);
    }
    let abs = this.root;
    for (let i = 0; i < parts.length; i++) {
      abs = join(abs, parts[i]!);
      const prefix = parts.slice(0, i + 1).join('/');
      const entry = this.byPath.get(prefix);
      // Walked entries and folders are known safe; anything else (inside an excluded folder) is checked.
      if ((entry && entry.kind !== 'symlink') || this.walkedDirs.has(prefix)) continue;
      const st = await lstat(abs);
      if (st.isSymbolicLink()) {
        throw new ShenchaError('CORE_SYMLINK_NOT_FOLLOWED', `refusing to read ${path}: ${prefix} is a symlink`);
      }
    }
    return abs;
  }
}
