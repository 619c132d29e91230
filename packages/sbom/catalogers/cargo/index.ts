import type { Component, DependencyEdge, FileSource } from '@shencha/core';
import type { Cataloger, CatalogResult } from '../../src/cataloger.js';
import { catalogerIssue, emptyResult, hexHash, makeComponent, parseErrorIssue } from '../../src/component.js';
import { readLockfiles } from '../../src/files.js';
import { makePurl } from '../../src/purl.js';
import { parseCargoLock, parseDependencySpec, type CargoLockPackage } from './lockfile.js';
import { parseCargoManifest, type CargoManifest } from './manifest.js';

const NAME = 'cargo-lock-cataloger';
const CRATES_IO = new Set([
  'registry+https://github.com/rust-lang/crates.io-index',
  'sparse+https://index.crates.io/',
]);

/** Rust: Cargo.lock v1–v4, with workspace members from the Cargo.toml beside it as first-party. */
export const cargoCataloger: Cataloger = {
  name: NAME,
  ecosystem: 'cargo',
  globs: ['**/Cargo.lock'],
  async catalog(files: FileSource): Promise<CatalogResult> {
    const result = emptyResult();
    const byRef = new Map<string, Component>();
    for await (const { path, text } of readLockfiles(files, this.globs, NAME, result.issues)) {
      await catalogLock(files, path, text, result, byRef);
    }
    result.components = [...byRef.values()];
    return result;
  },
};

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

function join(dir: string, rel: string): string {
  const parts = (dir ? `${dir}/${rel}` : rel).split('/').filter((p) => p !== '' && p !== '.');
  return parts.join('/');
}

/**
 * The workspace's own packages (the root package and every member's package), each with the
 * names its manifest lists as dev-only dependencies.
 */
async function firstPartyNames(files: FileSource, dir: string): Promise<Map<string, Set<string>> | undefined> {
  const manifestPath = join(dir, 'Cargo.toml');
  if (!files.get(manifestPath)) return undefined;
  const root = parseCargoManifest(await files.readText(manifestPath));
  if (!root) return undefined;
  const names = new Map<string, Set<string>>();
  const devOnly = (m: CargoManifest) => new Set([...m.devDeps].filter((d) => !m.normalDeps.has(d)));
  if (root.packageName) names.set(root.packageName, devOnly(root));
  if (root.members.length > 0) {
    const patterns = root.members.map((m) => join(join(dir, m), 'Cargo.toml'));
    const excluded = new Set(root.exclude.map((m) => join(dir, m)));
    for (const member of files.glob(patterns)) {
      if (member.path === manifestPath || excluded.has(dirOf(member.path))) continue;
      const parsed = parseCargoManifest(await files.readText(member.path));
      if (parsed?.packageName) names.set(parsed.packageName, devOnly(parsed));
    }
  }
  return names;
}

function withoutRev(source: string | undefined): string | undefined {
  return source?.replace(/#.*$/, '');
}

function purlOf(pkg: CargoLockPackage): string | undefined {
  const source = pkg.source;
  if (!source || CRATES_IO.has(source)) return makePurl('cargo', undefined, pkg.name, pkg.version);
  if (source.startsWith('git+')) {
    // git+URL?branch=x#rev → vcs_url git+URL@rev (the purl spec's form for a pinned VCS location).
    const hash = source.indexOf('#');
    const base = (hash < 0 ? source : source.slice(0, hash)).replace(/\?.*$/, '');
    const rev = hash < 0 ? undefined : source.slice(hash + 1);
    return makePurl('cargo', undefined, pkg.name, pkg.version, { vcs_url: rev ? `${base}@${rev}` : base });
  }
  const m = /^(?:registry|sparse)\+(.+)$/.exec(source);
  return makePurl('cargo', undefined, pkg.name, pkg.version, { repository_url: m ? m[1] : source });
}

async function catalogLock(
  files: FileSource,
  path: string,
  text: string,
  result: CatalogResult,
  byRef: Map<string, Component>,
): Promise<void> {
  const parsed = parseCargoLock(text);
  if (!parsed.ok) {
    const at: { line?: number; column?: number } = {};
    if (parsed.line !== undefined) at.line = parsed.line;
    if (parsed.column !== undefined) at.column = parsed.column;
    result.issues.push(parseErrorIssue(NAME, path, parsed.message, at));
    return;
  }
  const { lock } = parsed;
  if (lock.version !== undefined && (lock.version < 1 || lock.version > 4)) {
    result.issues.push(
      catalogerIssue('SBOM_UNSUPPORTED_FORMAT', NAME, `${path}: Cargo.lock version ${lock.version} is not known; read as v4`, { path }),
    );
  }
  const dir = dirOf(path);
  const members = await firstPartyNames(files, dir).catch(() => undefined);
  const refs: string[] = [];
  const refOf = new Map<CargoLockPackage, string>();
  const byName = new Map<string, CargoLockPackage[]>();
  const created = new Set<string>();

  for (const pkg of lock.packages) {
    const purl = purlOf(pkg);
    const local = pkg.source === undefined;
    const firstParty = members ? members.has(pkg.name) : local;
    const checksum = pkg.checksum ?? lock.metadataChecksums.get(`${pkg.name} ${pkg.version} (${pkg.source ?? ''})`);
    const hash = hexHash('SHA-256', checksum);
    const properties: Record<string, string> = {};
    if (pkg.source) properties['shencha:cargo-source'] = pkg.source;
    else properties['shencha:cargo-source'] = 'path';
    const c = makeComponent({
      ecosystem: 'cargo',
      name: pkg.name,
      version: pkg.version,
      cataloger: NAME,
      path,
      ...(pkg.line !== undefined ? { line: pkg.line } : {}),
      ...(purl ? { purl } : {}),
      ...(firstParty ? { firstParty: true } : {}),
      ...(hash ? { hashes: [hash] } : {}),
      properties,
    });
    const known = byRef.get(c.bomRef);
    if (known) known.evidence.push(...c.evidence);
    else {
      byRef.set(c.bomRef, c);
      created.add(c.bomRef);
    }
    refOf.set(pkg, c.bomRef);
    refs.push(c.bomRef);
    const list = byName.get(pkg.name) ?? [];
    list.push(pkg);
    byName.set(pkg.name, list);
  }

  const resolved = new Map<CargoLockPackage, CargoLockPackage[]>();
  for (const pkg of lock.packages) {
    const dependsOn = new Set<string>();
    const targets: CargoLockPackage[] = [];
    resolved.set(pkg, targets);
    for (const spec of pkg.dependencies) {
      const d = parseDependencySpec(spec);
      let candidates = byName.get(d.name) ?? [];
      if (d.version !== undefined) candidates = candidates.filter((c) => c.version === d.version);
      // Dependency strings name the source without its `#rev` (Cargo's SourceId without "precise").
      if (d.source !== undefined) candidates = candidates.filter((c) => c.source === d.source || withoutRev(c.source) === d.source);
      const target = candidates.length === 1 ? candidates[0] : undefined;
      const ref = target ? refOf.get(target) : undefined;
      if (ref) {
        dependsOn.add(ref);
        targets.push(target!);
      }
      else {
        result.issues.push(
          catalogerIssue(
            'SBOM_UNRESOLVED_DEPENDENCY',
            NAME,
            `${path}: dependency "${spec}" of ${pkg.name} ${pkg.version} ${candidates.length === 0 ? 'matches no locked package' : 'is ambiguous'}`,
            pkg.line !== undefined ? { path, line: pkg.line } : { path },
          ),
        );
      }
    }
    const ref = refOf.get(pkg);
    if (ref && dependsOn.size > 0) result.dependencies.push({ ref, dependsOn: [...dependsOn].sort() } satisfies DependencyEdge);
  }
  if (members) markDevOnly(lock.packages, members, resolved, refOf, byRef, created);
  result.compositions.push({ aggregate: 'complete', path, refs: [...new Set(refs)].sort() });
}

/**
 * Cargo.lock also locks dev-dependencies. What the workspace members reach without their own
 * [dev-dependencies] ships; the rest is only built for tests and examples: scope excluded.
 */
function markDevOnly(
  packages: CargoLockPackage[],
  members: Map<string, Set<string>>,
  resolved: Map<CargoLockPackage, CargoLockPackage[]>,
  refOf: Map<CargoLockPackage, string>,
  byRef: Map<string, Component>,
  created: Set<string>,
): void {
  const reached = new Set<CargoLockPackage>();
  const stack = packages.filter((p) => members.has(p.name) && p.source === undefined);
  if (stack.length === 0) return;
  while (stack.length > 0) {
    const p = stack.pop()!;
    if (reached.has(p)) continue;
    reached.add(p);
    const devOnly = p.source === undefined ? members.get(p.name) : undefined;
    for (const t of resolved.get(p) ?? []) if (!devOnly?.has(t.name)) stack.push(t);
  }
  for (const p of packages) {
    if (reached.has(p)) continue;
    const ref = refOf.get(p)!;
    const c = byRef.get(ref);
    // Only components this lock introduced: another lock may need the same crate at run time.
    if (!c || !created.has(ref)) continue;
    c.scope = 'excluded';
    c.properties = { ...c.properties, 'shencha:scope-reason': 'reached only through [dev-dependencies] of the workspace members' };
  }
}
