/** Package.resolved v1 (`object.pins`), v2 and v3 (`pins` with identity/kind/location). */
export interface SwiftPin {
  identity: string;
  kind: string;
  location: string;
  version?: string;
  revision?: string;
  branch?: string;
  /** v1's display name. */
  packageName?: string;
}

export type ResolvedRead = { ok: true; version: number; pins: SwiftPin[] } | { ok: false; message: string; field: string };

function obj(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

/** SwiftPM's identity of a URL: its last path component, lowercased, without `.git`. */
export function identityOf(location: string): string {
  const last = location.replace(/\/+$/, '').split(/[/:]/).pop() ?? location;
  return last.replace(/\.git$/i, '').toLowerCase();
}

export function readResolved(doc: unknown): ResolvedRead {
  const d = obj(doc);
  if (!d) return { ok: false, message: 'not a JSON object', field: '' };
  const version = d['version'];
  if (typeof version !== 'number') return { ok: false, message: `"version" must be a number, found ${JSON.stringify(version)}`, field: 'version' };
  const rawPins = version === 1 ? obj(d['object'])?.['pins'] : d['pins'];
  if (!Array.isArray(rawPins)) return { ok: false, message: `version ${version} file has no pins list`, field: version === 1 ? 'object' : 'pins' };
  const pins: SwiftPin[] = [];
  for (const raw of rawPins) {
    const p = obj(raw);
    if (!p) continue;
    const state = obj(p['state']) ?? {};
    const location = str(p['location']) ?? str(p['repositoryURL']);
    if (!location) continue;
    const pin: SwiftPin = {
      identity: str(p['identity']) ?? identityOf(location),
      kind: str(p['kind']) ?? 'remoteSourceControl',
      location,
    };
    const v = str(state['version']);
    if (v) pin.version = v;
    const rev = str(state['revision']);
    if (rev) pin.revision = rev;
    const branch = str(state['branch']);
    if (branch) pin.branch = branch;
    const name = str(p['package']);
    if (name) pin.packageName = name;
    pins.push(pin);
  }
  return { ok: true, version, pins };
}

/** `.package(url: "…")` and `.package(path: "…")` of a Package.swift, and its `name:`. */
export function readManifest(text: string): { name?: string; urls: string[]; paths: string[] } {
  const out: { name?: string; urls: string[]; paths: string[] } = { urls: [], paths: [] };
  const name = /Package\s*\(\s*name\s*:\s*"([^"]+)"/.exec(text);
  if (name) out.name = name[1]!;
  for (const m of text.matchAll(/\.package\s*\(\s*(?:name\s*:\s*"[^"]*"\s*,\s*)?(url|path)\s*:\s*"([^"]+)"/g)) {
    (m[1] === 'url' ? out.urls : out.paths).push(m[2]!);
  }
  return out;
}
