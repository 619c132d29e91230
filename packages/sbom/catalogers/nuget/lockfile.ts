/** One package of one target framework in a NuGet `packages.lock.json`. */
export interface NugetLockEntry {
  tfm: string;
  name: string;
  type: string;
  requested?: string;
  resolved?: string;
  contentHash?: string;
  /** name → version range as written. */
  dependencies: Record<string, string>;
}

/** Flattens `dependencies.<tfm>.<name>` into entries; anything not shaped like a lock is skipped. */
export function lockEntries(doc: unknown): { version?: number; entries: NugetLockEntry[] } {
  const out: { version?: number; entries: NugetLockEntry[] } = { entries: [] };
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return out;
  const d = doc as Record<string, unknown>;
  if (typeof d['version'] === 'number') out.version = d['version'];
  const tfms = d['dependencies'];
  if (!tfms || typeof tfms !== 'object') return out;
  for (const [tfm, pkgs] of Object.entries(tfms as Record<string, unknown>)) {
    if (!pkgs || typeof pkgs !== 'object') continue;
    for (const [name, raw] of Object.entries(pkgs as Record<string, unknown>)) {
      if (!raw || typeof raw !== 'object') continue;
      const e = raw as Record<string, unknown>;
      const entry: NugetLockEntry = { tfm, name, type: typeof e['type'] === 'string' ? e['type'] : 'Unknown', dependencies: {} };
      if (typeof e['requested'] === 'string') entry.requested = e['requested'];
      if (typeof e['resolved'] === 'string') entry.resolved = e['resolved'];
      if (typeof e['contentHash'] === 'string') entry.contentHash = e['contentHash'];
      const deps = e['dependencies'];
      if (deps && typeof deps === 'object') {
        for (const [dn, dv] of Object.entries(deps as Record<string, unknown>)) entry.dependencies[dn] = typeof dv === 'string' ? dv : '';
      }
      out.entries.push(entry);
    }
  }
  return out;
}
