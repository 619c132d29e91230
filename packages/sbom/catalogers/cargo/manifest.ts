import { toml } from '../../src/parsers.js';

/** What a Cargo.toml says about the workspace: its own package and member globs. */
export interface CargoManifest {
  packageName?: string;
  members: string[];
  exclude: string[];
  /** Package names (after `package = "…"` renames) of [dependencies] and [build-dependencies], all targets. */
  normalDeps: Set<string>;
  /** Package names of [dev-dependencies], all targets. */
  devDeps: Set<string>;
}

function depNames(table: unknown, into: Set<string>): void {
  if (!table || typeof table !== 'object') return;
  for (const [key, spec] of Object.entries(table as Record<string, unknown>)) {
    const renamed = spec && typeof spec === 'object' ? (spec as Record<string, unknown>)['package'] : undefined;
    into.add(typeof renamed === 'string' ? renamed : key);
  }
}

export function parseCargoManifest(text: string): CargoManifest | undefined {
  let doc: Record<string, unknown>;
  try {
    doc = toml().parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const out: CargoManifest = { members: [], exclude: [], normalDeps: new Set(), devDeps: new Set() };
  const tables = [doc, ...Object.values((doc['target'] as Record<string, unknown> | undefined) ?? {})];
  for (const t of tables) {
    if (!t || typeof t !== 'object') continue;
    const tt = t as Record<string, unknown>;
    depNames(tt['dependencies'], out.normalDeps);
    depNames(tt['build-dependencies'], out.normalDeps);
    depNames(tt['dev-dependencies'], out.devDeps);
    depNames(tt['dev_dependencies'], out.devDeps);
  }
  const pkg = doc['package'];
  const name = pkg && typeof pkg === 'object' ? (pkg as Record<string, unknown>)['name'] : undefined;
  if (typeof name === 'string') out.packageName = name;
  const ws = doc['workspace'];
  if (ws && typeof ws === 'object') {
    const w = ws as Record<string, unknown>;
    if (Array.isArray(w['members'])) out.members = w['members'].filter((m): m is string => typeof m === 'string');
    if (Array.isArray(w['exclude'])) out.exclude = w['exclude'].filter((m): m is string => typeof m === 'string');
  }
  return out;
}
