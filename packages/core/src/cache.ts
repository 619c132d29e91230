import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic.js';

/**
 * shencha's own state under `.shencha/cache/` (DESIGN.md): one file per namespace, holding results
 * that are pure functions of content (code facts per blob). Keys must name the content (a digest)
 * and everything else the value depends on (analyzer version, language, limits), so a hit is
 * never stale. The file is private state, not a shencha document: plain JSON, read whole, written
 * atomically, and holding only the keys the last run used, so it never grows without bound.
 */
export interface ContentCacheStats {
  hits: number;
  misses: number;
  /** Entries loaded from disk. */
  loaded: number;
}

interface CacheFile<T> {
  schemaVersion: 1;
  namespace: string;
  version: string;
  entries: Record<string, T>;
}

export class ContentCache<T> {
  readonly stats: ContentCacheStats = { hits: 0, misses: 0, loaded: 0 };
  private readonly old: Map<string, T>;
  private readonly used = new Map<string, T>();
  private dirty = false;

  private constructor(
    readonly file: string,
    readonly namespace: string,
    readonly version: string,
    entries: Map<string, T>,
  ) {
    this.old = entries;
    this.stats.loaded = entries.size;
  }

  /**
   * Opens `<dir>/<namespace>.json`. A missing, unreadable, corrupt or other-version file is an
   * empty cache: a cache can only ever cost time, never change a result.
   */
  static async open<T>(dir: string, namespace: string, version: string): Promise<ContentCache<T>> {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(namespace)) throw new Error(`bad cache namespace ${namespace}`);
    const file = join(dir, `${namespace}.json`);
    let entries = new Map<string, T>();
    try {
      const doc = JSON.parse(await readFile(file, 'utf8')) as Partial<CacheFile<T>>;
      if (doc.schemaVersion === 1 && doc.namespace === namespace && doc.version === version && doc.entries && typeof doc.entries === 'object') {
        entries = new Map(Object.entries(doc.entries));
      }
    } catch {
      /* no cache yet, or unusable: start empty */
    }
    return new ContentCache<T>(file, namespace, version, entries);
  }

  get(key: string): T | undefined {
    const hit = this.used.get(key) ?? this.old.get(key);
    if (hit === undefined) {
      this.stats.misses++;
      return undefined;
    }
    this.stats.hits++;
    this.used.set(key, hit);
    return hit;
  }

  set(key: string, value: T): void {
    this.used.set(key, value);
    this.dirty = true;
  }

  /** Writes the entries this run used (hits and new results); nothing when nothing changed. */
  async save(): Promise<boolean> {
    // An all-hit run over the same keys leaves the file alone.
    if (!this.dirty && this.used.size === this.old.size) return false;
    const doc: CacheFile<T> = {
      schemaVersion: 1,
      namespace: this.namespace,
      version: this.version,
      entries: Object.fromEntries([...this.used.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    };
    await writeFileAtomic(this.file, JSON.stringify(doc));
    return true;
  }
}

interface DigestRecord {
  sha256: string;
  sm3?: string;
  binary: boolean;
}

function gitLines(dir: string, args: string[]): string[] | undefined {
  try {
    const out = execFileSync('git', ['-C', dir, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 512 * 1024 * 1024,
      env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' },
    });
    return out.split('\0').filter(Boolean);
  } catch {
    return undefined;
  }
}

/** Files newer than this (relative to the run's start) may change again within one mtime tick: not recorded by stat. */
const RACY_MS = 2000;

/**
 * The identity → digest cache that lets the cached walk skip reading unchanged files (DESIGN.md: keyed by git
 * blob id for tracked, unmodified files — `git ls-files -s`, `git diff-files` — else by (path, size, mtime,
 * inode)). The git key also hits in a fresh CI clone whose `.shencha/cache/` was restored from the CI's cache.
 * Read-only git commands only.
 */
export class DigestCache implements DigestLookupLike {
  private readonly blobs = new Map<string, string>();
  private readonly started = Date.now();

  private constructor(
    private readonly store: ContentCache<DigestRecord>,
    root: string,
  ) {
    const staged = gitLines(root, ['ls-files', '-s', '-z']);
    if (!staged) return;
    const modified = new Set(gitLines(root, ['diff-files', '--name-only', '--relative', '-z']) ?? []);
    for (const line of staged) {
      // `<mode> <blob> <stage>\t<path>`; only stage 0 (no merge conflict) is a clean identity.
      const m = /^\d+ ([0-9a-f]{40,64}) 0\t(.+)$/s.exec(line);
      if (m && !modified.has(m[2]!)) this.blobs.set(m[2]!, m[1]!);
    }
  }

  static async open(projectDir: string, cacheDir: string): Promise<DigestCache> {
    return new DigestCache(await ContentCache.open<DigestRecord>(cacheDir, 'file-digests', '1'), projectDir);
  }

  get stats(): ContentCacheStats {
    return this.store.stats;
  }

  private key(rel: string, stat: StatLike): string {
    const blob = this.blobs.get(rel);
    return blob ? `git:${blob}` : `stat:${rel}:${stat.size}:${stat.mtimeMs}:${stat.ino}`;
  }

  get(rel: string, stat: StatLike, hashes: readonly string[]): DigestRecord | undefined {
    const hit = this.store.get(this.key(rel, stat));
    if (!hit || (hashes.includes('sm3') && !hit.sm3)) return undefined;
    return hit;
  }

  set(rel: string, stat: StatLike, entry: { sha256?: string; sm3?: string; binary?: boolean }): void {
    if (!entry.sha256) return;
    if (!this.blobs.has(rel) && stat.mtimeMs > this.started - RACY_MS) return;
    const rec: DigestRecord = { sha256: entry.sha256, binary: entry.binary === true };
    if (entry.sm3) rec.sm3 = entry.sm3;
    this.store.set(this.key(rel, stat), rec);
  }

  save(): Promise<boolean> {
    return this.store.save();
  }
}

interface StatLike {
  size: number;
  mtimeMs: number;
  ino: number;
}

interface DigestLookupLike {
  get(rel: string, stat: StatLike, hashes: readonly string[]): DigestRecord | undefined;
  set(rel: string, stat: StatLike, entry: { sha256?: string; sm3?: string; binary?: boolean }): void;
}
