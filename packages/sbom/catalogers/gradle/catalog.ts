import { toml } from '../../src/parsers.js';

/** gradle/libs.versions.toml: [versions], [libraries], [plugins], [bundles]. */
export interface CatalogLibrary {
  alias: string;
  group: string;
  name: string;
  version?: string;
  /** The version as written when it is not a plain version (ref missing, rich version). */
  rawVersion?: string;
  line?: number;
}

export interface CatalogPlugin {
  alias: string;
  id: string;
  version?: string;
  line?: number;
}

export interface VersionCatalog {
  libraries: CatalogLibrary[];
  plugins: CatalogPlugin[];
  bundles: Record<string, string[]>;
}

export class CatalogError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : undefined);

/** Aliases are matched as Gradle does: `-`, `_` and `.` are the same separator. */
export function normalizeAlias(a: string): string {
  return a.replace(/[-_.]/g, '.').toLowerCase();
}

export function parseVersionCatalog(text: string): VersionCatalog {
  let doc: Rec;
  try {
    doc = toml().parse(text) as Rec;
  } catch (e) {
    const err = e as Error & { line?: number; column?: number };
    throw new CatalogError(`invalid TOML: ${err.message.split('\n')[0]}`, err.line ?? 1, err.column ?? 1);
  }
  const lines = text.split('\n');
  const lineOf = (section: string, alias: string): number | undefined => {
    let inSection = false;
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!.trim();
      if (l.startsWith('[')) inSection = l === `[${section}]`;
      else if (inSection && new RegExp(`^["']?${alias.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*=`).test(l)) return i + 1;
    }
    return undefined;
  };
  const versions = rec(doc['versions']) ?? {};
  const versionOf = (v: unknown): { version?: string; raw?: string } => {
    if (typeof v === 'string') return { version: v };
    const r = rec(v);
    if (!r) return {};
    if (typeof r['ref'] === 'string') {
      const target = versions[r['ref']];
      if (target === undefined) return { raw: `ref:${r['ref']} (not in [versions])` };
      return versionOf(target);
    }
    // Rich versions: strictly > require > prefer is the version Gradle settles on when unconstrained.
    for (const k of ['strictly', 'require', 'prefer']) if (typeof r[k] === 'string') return { version: (r[k] as string).replace(/!!$/, '') };
    return { raw: JSON.stringify(r) };
  };
  const libraries: CatalogLibrary[] = [];
  for (const [alias, def] of Object.entries(rec(doc['libraries']) ?? {})) {
    let group: string | undefined;
    let name: string | undefined;
    let v: { version?: string; raw?: string } = {};
    if (typeof def === 'string') {
      const parts = def.split(':');
      [group, name] = parts;
      if (parts[2]) v = { version: parts[2] };
    } else {
      const d = rec(def) ?? {};
      if (typeof d['module'] === 'string') [group, name] = d['module'].split(':');
      else {
        group = typeof d['group'] === 'string' ? d['group'] : undefined;
        name = typeof d['name'] === 'string' ? d['name'] : undefined;
      }
      if (d['version'] !== undefined) v = versionOf(d['version']);
      else if (d['version.ref'] !== undefined) v = versionOf({ ref: d['version.ref'] });
    }
    if (!group || !name) throw new CatalogError(`library '${alias}' has no group:name`, lineOf('libraries', alias) ?? 1, 1);
    const lib: CatalogLibrary = { alias, group, name };
    if (v.version) lib.version = v.version;
    if (v.raw) lib.rawVersion = v.raw;
    const line = lineOf('libraries', alias);
    if (line) lib.line = line;
    libraries.push(lib);
  }
  const plugins: CatalogPlugin[] = [];
  for (const [alias, def] of Object.entries(rec(doc['plugins']) ?? {})) {
    let id: string | undefined;
    let v: { version?: string } = {};
    if (typeof def === 'string') {
      const [pid, ver] = def.split(':');
      id = pid;
      if (ver) v = { version: ver };
    } else {
      const d = rec(def) ?? {};
      id = typeof d['id'] === 'string' ? d['id'] : undefined;
      if (d['version'] !== undefined) v = versionOf(d['version']);
    }
    if (!id) continue;
    const p: CatalogPlugin = { alias, id };
    if (v.version) p.version = v.version;
    const line = lineOf('plugins', alias);
    if (line) p.line = line;
    plugins.push(p);
  }
  const bundles: Record<string, string[]> = {};
  for (const [alias, list] of Object.entries(rec(doc['bundles']) ?? {})) {
    if (Array.isArray(list)) bundles[alias] = list.filter((x): x is string => typeof x === 'string');
  }
  return { libraries, plugins, bundles };
}
