import { toml } from '../../src/parsers.js';

/** One `[[package]]` of a Cargo.lock, as written (sources and dependency strings unresolved). */
export interface CargoLockPackage {
  name: string;
  version: string;
  source?: string;
  checksum?: string;
  /** `name`, `name version` or `name version (source)` as Cargo writes them. */
  dependencies: string[];
  /** 1-based line of its `[[package]]` header. */
  line?: number;
}

export interface CargoLock {
  /** `version = N` (absent in v1 and v2 files). */
  version?: number;
  packages: CargoLockPackage[];
  /** v1 `[metadata]` checksums keyed by `name version (source)`. */
  metadataChecksums: Map<string, string>;
}

export type CargoParse = { ok: true; lock: CargoLock } | { ok: false; message: string; line?: number; column?: number };

export function parseCargoLock(text: string): CargoParse {
  let doc: Record<string, unknown>;
  try {
    doc = toml().parse(text) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof toml().TomlError) {
      return { ok: false, message: e.message.split('\n')[0] ?? 'invalid TOML', line: e.line, column: e.column };
    }
    return { ok: false, message: (e as Error).message };
  }
  const headerLines: number[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) if (/^\s*\[\[\s*package\s*\]\]/.test(lines[i]!)) headerLines.push(i + 1);

  const rawPackages = Array.isArray(doc['package']) ? (doc['package'] as unknown[]) : [];
  const packages: CargoLockPackage[] = [];
  rawPackages.forEach((raw, i) => {
    if (!raw || typeof raw !== 'object') return;
    const p = raw as Record<string, unknown>;
    if (typeof p['name'] !== 'string' || typeof p['version'] !== 'string') return;
    const pkg: CargoLockPackage = {
      name: p['name'],
      version: p['version'],
      dependencies: Array.isArray(p['dependencies']) ? (p['dependencies'] as unknown[]).filter((d): d is string => typeof d === 'string') : [],
    };
    if (typeof p['source'] === 'string') pkg.source = p['source'];
    if (typeof p['checksum'] === 'string') pkg.checksum = p['checksum'];
    const line = headerLines[i];
    if (line !== undefined) pkg.line = line;
    packages.push(pkg);
  });

  const metadataChecksums = new Map<string, string>();
  const meta = doc['metadata'];
  if (meta && typeof meta === 'object') {
    for (const [k, v] of Object.entries(meta as Record<string, unknown>)) {
      if (k.startsWith('checksum ') && typeof v === 'string') metadataChecksums.set(k.slice('checksum '.length), v);
    }
  }
  const lock: CargoLock = { packages, metadataChecksums };
  if (typeof doc['version'] === 'number') lock.version = doc['version'];
  return { ok: true, lock };
}

/** Splits a dependency string `name [version [(source)]]`. */
export function parseDependencySpec(spec: string): { name: string; version?: string; source?: string } {
  const m = /^(\S+)(?:\s+(\S+))?(?:\s+\((.+)\))?\s*$/.exec(spec.trim());
  if (!m) return { name: spec.trim() };
  const out: { name: string; version?: string; source?: string } = { name: m[1]! };
  if (m[2]) out.version = m[2];
  if (m[3]) out.source = m[3];
  return out;
}
