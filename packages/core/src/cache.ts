import { mkdir, readFile } from 'node:fs/promises';
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
    await mkdir(join(this.file, '..'), { recursive: true });
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
