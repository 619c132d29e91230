import type { Component, DependencyEdge, FileSource, Issue } from '@shencha/core';
import { parseJson } from '@shencha/core';
import type { CatalogContext, CatalogResult, Cataloger } from '../../src/cataloger.js';
import {
  appendResult,
  catalogerIssue,
  emptyResult,
  fromCoreParseIssue,
  hashesFromIntegrity,
  makeComponent,
  cmp,
  dedupeHashes,
} from '../../src/component.js';
import { lockFiles, LineIndex, readNodeModulesMeta } from '../../src/files.js';
import { npmPurl } from '../../src/purl.js';
import { dirOf, isObject, isStringRecord, licenseOf, readPackageJson, sourceOf, str, type PackageJson } from './common.js';
import { reachableFrom } from '../../src/graph.js';

const NAME = 'npm-lock-cataloger';
const ECOSYSTEM = 'npm';

/**
 * npm `package-lock.json` (v1, v2, v3) and `npm-shrinkwrap.json`. v2/v3 are read from the flat
 * `packages` map (the install tree by path), v1 from the nested `dependencies` tree, which is
 * first flattened into the same path-keyed shape so both go through one resolver.
 */
export const npmCataloger: Cataloger = {
  name: NAME,
  ecosystem: ECOSYSTEM,
  globs: ['**/package-lock.json', '**/npm-shrinkwrap.json'],
  async catalog(files: FileSource, _context: CatalogContext): Promise<CatalogResult> {
    const result = emptyResult();
    const paths = lockFiles(files, this.globs);
    // A shrinkwrap wins over a package-lock in the same folder (npm ignores the lock then).
    const shrinkwrapDirs = new Set(paths.filter((p) => p.endsWith('npm-shrinkwrap.json')).map(dirOf));
    for (const path of paths) {
      if (path.endsWith('package-lock.json') && shrinkwrapDirs.has(dirOf(path))) continue;
      appendResult(result, await catalogNpmLock(files, path));
    }
    return result;
  },
};

/** One entry of the path-keyed install tree (v2/v3 `packages`, or v1 flattened). */
interface LockEntry {
  name?: string;
  version?: string;
  resolved?: string;
  integrity?: string;
  link?: boolean;
  dev?: boolean;
  optional?: boolean;
  devOptional?: boolean;
  peer?: boolean;
  inBundle?: boolean;
  license?: unknown;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  workspaces?: unknown;
  /** v1 only: names this package requires (resolved by the same node walk). */
  requires?: Record<string, string>;
  /** v1 only: the alias spec `npm:real@1.2.3` as written. */
  v1Version?: string;
  line?: number;
}


/** Catalogs one lockfile; exported for tests and for the fuzz harness. */
export async function catalogNpmLock(files: FileSource, path: string): Promise<CatalogResult> {
  const result = emptyResult();
  let text: string;
  try {
    text = await files.readText(path);
  } catch (e) {
    result.issues.push(catalogerIssue('SBOM_UNREADABLE', NAME, `${NAME}: cannot read ${path}: ${(e as Error).message}`, { path }));
    return result;
  }
  const parsed = parseJson<unknown>(text, path, `sbom/${NAME}`);
  if (!parsed.ok) {
    result.issues.push(fromCoreParseIssue(NAME, path, parsed.issue));
    return result;
  }
  const lock = parsed.value;
  if (!isObject(lock)) {
    result.issues.push(catalogerIssue('SBOM_PARSE_ERROR', NAME, `${NAME}: ${path} is not a JSON object`, { path, line: 1, column: 1 }));
    return result;
  }
  const lines = new LineIndex(text);
  const dir = dirOf(path);
  const pkgJson = await readPackageJson(files, dir ? `${dir}/package.json` : 'package.json', NAME, result.issues);

  const lockfileVersion = typeof lock['lockfileVersion'] === 'number' ? lock['lockfileVersion'] : undefined;
  let entries: Map<string, LockEntry>;
  if (isObject(lock['packages']) && Object.keys(lock['packages']).length > 0) {
    entries = fromPackages(lock['packages'], text, lines);
  } else if (isObject(lock['dependencies'])) {
    entries = fromV1(lock['dependencies'], text, lines);
  } else {
    entries = new Map();
  }
  if (lockfileVersion === undefined || lockfileVersion < 1 || lockfileVersion > 3) {
    result.issues.push(
      catalogerIssue(
        'SBOM_UNSUPPORTED_FORMAT',
        NAME,
        `${NAME}: ${path} has lockfileVersion ${String(lock['lockfileVersion'])}; read as the closest known version`,
        { path, line: lines.lineOfFirst(text, '"lockfileVersion"') ?? 1 },
      ),
    );
  }

  // The root entry: v2/v3 carry it as "", v1 only at the top level (with package.json next to it).
  const root: LockEntry = entries.get('') ?? {};
  if (!root.name) {
    const n = str(lock['name']) ?? pkgJson?.name;
    if (n) root.name = n;
  }
  if (!root.version) {
    const v = str(lock['version']) ?? pkgJson?.version;
    if (v) root.version = v;
  }
  if (!entries.has('') && pkgJson) {
    for (const f of ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const) {
      const deps = pkgJson[f];
      if (isStringRecord(deps)) root[f] = deps;
    }
  }
  root.line = 1;
  entries.set('', root);

  const refOf = new Map<string, string>();
  const byRef = new Map<string, { component: Component; required: boolean; optional: boolean; dev: boolean }>();

  const sortedKeys = [...entries.keys()].sort(cmp);
  for (const key of sortedKeys) {
    const e = entries.get(key)!;
    if (e.link) continue;
    const firstParty = !isInstalledPath(key);
    const name = e.name ?? (key === '' ? rootFallbackName(files, dir) : nameFromKey(key));
    if (!name) continue;
    const version = e.version;
    const component = firstParty
      ? firstPartyComponent(name, version, path, key, e)
      : thirdPartyComponent(name, version, path, key, e);
    refOf.set(key, component.bomRef);
    const prev = byRef.get(component.bomRef);
    // `dev` and `optional` together mean an optional dependency of dev tooling: still dev-only.
    const dev = !!e.dev;
    const optional = !dev && (!!e.optional || !!e.devOptional);
    if (prev) {
      // The same name@version installed at several paths: required wins over optional over dev.
      prev.required ||= !dev && !optional;
      prev.optional ||= optional;
      prev.dev &&= dev;
      // Locks are not always consistent between copies: keep whatever any copy records.
      if (!prev.component.licenses && component.licenses) prev.component.licenses = component.licenses;
      if (component.hashes) prev.component.hashes = dedupeHashes([...(prev.component.hashes ?? []), ...component.hashes]);
    } else {
      byRef.set(component.bomRef, { component, required: !dev && !optional, optional, dev });
    }
  }
  // Links (workspaces, file: deps) point at the entry they resolve to.
  for (const [key, e] of entries) {
    if (!e.link) continue;
    const target = e.resolved ? normalizeLinkTarget(e.resolved, dir) : undefined;
    const ref = target !== undefined ? refOf.get(target) : undefined;
    if (ref) refOf.set(key, ref);
  }

  for (const { component, required, optional, dev } of byRef.values()) {
    if (component.firstParty) continue;
    if (required) component.scope = 'required';
    else if (optional) component.scope = 'optional';
    else if (dev) {
      component.scope = 'excluded';
      component.properties = { ...component.properties, 'shencha:scope-reason': 'dev' };
    }
  }

  // Edges: each entry's dependencies resolved the way node does, from its own folder upwards.
  const edges = new Map<string, Set<string>>();
  const unresolved: string[] = [];
  for (const key of sortedKeys) {
    const e = entries.get(key)!;
    if (e.link) continue;
    const from = refOf.get(key);
    if (!from) continue;
    const set = edges.get(from) ?? new Set<string>();
    edges.set(from, set);
    const firstParty = !isInstalledPath(key);
    const wanted: [string, boolean][] = [];
    for (const n of Object.keys(e.dependencies ?? {})) wanted.push([n, false]);
    for (const n of Object.keys(e.requires ?? {})) wanted.push([n, false]);
    for (const n of Object.keys(e.optionalDependencies ?? {})) wanted.push([n, true]);
    for (const n of Object.keys(e.peerDependencies ?? {})) wanted.push([n, true]);
    // Installed packages' devDependencies are never installed; only the product's own count.
    if (firstParty) for (const n of Object.keys(e.devDependencies ?? {})) wanted.push([n, false]);
    for (const [depName, mayBeAbsent] of wanted) {
      const target = resolveFrom(entries, key, depName);
      const ref = target !== undefined ? refOf.get(target) : undefined;
      if (ref) {
        if (ref !== from) set.add(ref);
      } else if (!mayBeAbsent && entries.size > 1) {
        unresolved.push(`${key || '(root)'} → ${depName}`);
      }
    }
  }

  const rootRef = refOf.get('')!;
  // Keep every component reachable from the root: anything orphaned (v1 top level, cycles) hangs off it.
  const reachable = reachableFrom(edges, [rootRef]);
  const rootEdges = edges.get(rootRef)!;
  const dependedOn = new Set<string>();
  for (const set of edges.values()) for (const d of set) dependedOn.add(d);
  const orphans = [...byRef.keys()].filter((r) => !reachable.has(r)).sort(cmp);
  // The tops of the unreached forest first (nobody depends on them), then whatever cycles remain.
  for (const ref of [...orphans.filter((o) => !dependedOn.has(o)), ...orphans]) {
    if (reachable.has(ref)) continue;
    const c = byRef.get(ref)!.component;
    if (c.firstParty) continue; // workspaces hang off the product root instead
    // Only roots of unreachable subtrees: a component nobody in the lock depends on.
    rootEdges.add(ref);
    const s = [ref];
    reachable.add(ref);
    while (s.length > 0) {
      const r = s.pop()!;
      for (const d of edges.get(r) ?? []) if (!reachable.has(d)) (reachable.add(d), s.push(d));
    }
  }

  if (unresolved.length > 0) {
    result.issues.push(
      catalogerIssue(
        'SBOM_UNRESOLVED_DEPENDENCY',
        NAME,
        `${NAME}: ${unresolved.length} dependenc${unresolved.length === 1 ? 'y' : 'ies'} in ${path} resolve to no locked package (first: ${unresolved.slice(0, 5).join(', ')})`,
        { path },
        'regenerate the lockfile with `npm install --package-lock-only`',
      ),
    );
  }

  if (pkgJson) checkInSync(pkgJson, root, entries, path, dir, result.issues);

  for (const { component } of byRef.values()) result.components.push(component);
  for (const [ref, deps] of edges) result.dependencies.push({ ref, dependsOn: [...deps].sort(cmp) });
  result.compositions.push({ aggregate: 'complete', path, refs: [...byRef.keys()].sort(cmp) });

  await addNodeModulesMetadata(files, dir, entries, refOf, byRef);
  return result;
}

function firstPartyComponent(name: string, version: string | undefined, path: string, key: string, e: LockEntry): Component {
  // A name made up from the folder is not a package identity: no purl then.
  const purl = e.name ? npmPurl(name, version) : undefined;
  const licenses = licenseOf(e.license);
  const properties: Record<string, string> = { 'shencha:npm-location': key === '' ? '.' : key };
  return makeComponent({
    ecosystem: ECOSYSTEM,
    name,
    cataloger: NAME,
    path,
    ...(e.line !== undefined ? { line: e.line } : {}),
    ...(version ? { version } : {}),
    ...(purl ? { purl } : {}),
    // A purl alone could collide with a registry package of the same name; first-party refs say where they live.
    bomRef: `${ECOSYSTEM}:${path}#${key === '' ? '.' : key}`,
    type: key === '' ? 'application' : 'library',
    firstParty: true,
    ...(licenses ? { licenses } : {}),
    properties,
  });
}

function thirdPartyComponent(name: string, version: string | undefined, path: string, key: string, e: LockEntry): Component {
  const source = sourceOf(e.resolved);
  const purl = npmPurl(name, source.version ?? version, source.qualifiers);
  const properties: Record<string, string> = {};
  const alias = nameFromKey(key);
  if (alias && alias !== name) properties['shencha:npm-alias'] = alias;
  if (e.inBundle) properties['shencha:npm-bundled'] = 'true';
  if (source.kind !== 'registry') properties['shencha:npm-source'] = source.kind;
  const licenses = licenseOf(e.license);
  const externalReferences: NonNullable<Component['externalReferences']> = [];
  if (e.resolved && /^(https?|git\+|git:|ssh:)/.test(e.resolved)) {
    externalReferences.push({ type: source.kind === 'git' ? 'vcs' : 'distribution', url: e.resolved });
  }
  return makeComponent({
    ecosystem: ECOSYSTEM,
    name,
    cataloger: NAME,
    path,
    ...(e.line !== undefined ? { line: e.line } : {}),
    ...(version ? { version: source.version ?? version } : {}),
    ...(purl ? { purl } : {}),
    hashes: hashesFromIntegrity(e.integrity),
    ...(licenses ? { licenses } : {}),
    externalReferences,
    properties,
  });
}


/** v2/v3: the `packages` map is already keyed by install path. */
function fromPackages(packages: Record<string, unknown>, text: string, lines: LineIndex): Map<string, LockEntry> {
  const out = new Map<string, LockEntry>();
  let cursor = 0;
  for (const [key, raw] of Object.entries(packages)) {
    if (!isObject(raw)) continue;
    const e = toEntry(raw);
    const at = text.indexOf(JSON.stringify(key) + ':', cursor);
    if (at >= 0) {
      e.line = lines.lineAt(at);
      cursor = at;
    }
    out.set(key, e);
  }
  return out;
}

/** v1: flattens the nested `dependencies` tree into install paths (`node_modules/a/node_modules/b`). */
function fromV1(deps: Record<string, unknown>, text: string, lines: LineIndex): Map<string, LockEntry> {
  const out = new Map<string, LockEntry>();
  let cursor = 0;
  // Iterative, so a hostile deeply nested lock cannot overflow the stack.
  const work: [string, Record<string, unknown>][] = [['', deps]];
  while (work.length > 0) {
    const [prefix, level] = work.shift()!;
    for (const [alias, raw] of Object.entries(level)) {
      if (!isObject(raw)) continue;
      const key = `${prefix}node_modules/${alias}`;
      const e = toEntry(raw);
      const spec = str(raw['version']);
      if (spec) {
        const aliasMatch = /^npm:((?:@[^/@]+\/)?[^@]+)@(.+)$/.exec(spec);
        if (aliasMatch) {
          e.name = aliasMatch[1]!;
          e.version = aliasMatch[2]!;
        } else if (/^(file:|link:)/.test(spec)) {
          e.link = true;
          e.resolved = spec.replace(/^(file:|link:)/, '');
          delete e.version;
        } else if (/^(git\+|git:|github:|gitlab:|bitbucket:)/.test(spec)) {
          e.resolved = spec;
          delete e.version;
        }
      }
      if (isStringRecord(raw['requires'])) e.requires = raw['requires'];
      else if (isObject(raw['dependencies'])) {
        // No `requires` (very old locks): what is nested under a package was installed for it.
        e.requires = Object.fromEntries(Object.keys(raw['dependencies']).map((n) => [n, '*']));
      }
      const at = text.indexOf(JSON.stringify(alias) + ':', cursor);
      if (at >= 0) {
        e.line = lines.lineAt(at);
        cursor = at;
      }
      out.set(key, e);
      if (isObject(raw['dependencies'])) work.push([`${key}/`, raw['dependencies']]);
    }
  }
  return out;
}

function toEntry(raw: Record<string, unknown>): LockEntry {
  const e: LockEntry = {};
  const name = str(raw['name']);
  if (name) e.name = name;
  const version = str(raw['version']);
  if (version) e.version = version;
  const resolved = str(raw['resolved']);
  if (resolved) e.resolved = resolved;
  const integrity = str(raw['integrity']);
  if (integrity) e.integrity = integrity;
  if (raw['link'] === true) e.link = true;
  if (raw['dev'] === true) e.dev = true;
  if (raw['optional'] === true) e.optional = true;
  if (raw['devOptional'] === true) e.devOptional = true;
  if (raw['peer'] === true) e.peer = true;
  if (raw['inBundle'] === true || raw['bundled'] === true) e.inBundle = true;
  if (raw['license'] !== undefined) e.license = raw['license'];
  for (const f of ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const) {
    const v = raw[f];
    if (isStringRecord(v)) e[f] = v;
  }
  if (isObject(raw['peerDependenciesMeta'])) e.peerDependenciesMeta = raw['peerDependenciesMeta'] as LockEntry['peerDependenciesMeta'] & object;
  return e;
}

/** Node's lookup: `<dir>/node_modules/<name>` from the package's own folder up to the root. */
function resolveFrom(entries: Map<string, LockEntry>, fromKey: string, depName: string): string | undefined {
  let dirPath = fromKey;
  for (;;) {
    const candidate = dirPath === '' ? `node_modules/${depName}` : `${dirPath}/node_modules/${depName}`;
    if (entries.has(candidate)) return candidate;
    if (dirPath === '') return undefined;
    const slash = dirPath.lastIndexOf('/');
    dirPath = slash < 0 ? '' : dirPath.slice(0, slash);
    // Skip the `node_modules` folder itself: `a/node_modules/node_modules/x` never exists.
    if (dirPath.endsWith('/node_modules') || dirPath === 'node_modules') {
      const s = dirPath.lastIndexOf('/');
      dirPath = s < 0 ? '' : dirPath.slice(0, s);
    }
  }
}

/** True for paths inside a node_modules folder (installed), false for the root and workspaces. */
function isInstalledPath(key: string): boolean {
  return key.startsWith('node_modules/') || key.includes('/node_modules/');
}

/** `node_modules/@scope/name` → `@scope/name`; `packages/app` → `app`. */
function nameFromKey(key: string): string | undefined {
  const i = key.lastIndexOf('node_modules/');
  const tail = i >= 0 ? key.slice(i + 'node_modules/'.length) : key.slice(key.lastIndexOf('/') + 1);
  return tail || undefined;
}

/** A lock without a root name is named after its folder (the project folder for a top-level lock). */
function rootFallbackName(files: FileSource, dir: string): string {
  const base = dir || files.root.replace(/\/+$/, '');
  return base.slice(base.lastIndexOf('/') + 1) || 'root';
}

function normalizeLinkTarget(resolved: string, _dir: string): string {
  return resolved.replace(/^file:/, '').replace(/^\.\//, '').replace(/\/$/, '');
}



/** A dependency declared in package.json but absent from (or differently ranged in) the lock. */
function checkInSync(pkg: PackageJson, root: LockEntry, entries: Map<string, LockEntry>, path: string, dir: string, issues: Issue[]): void {
  const problems: string[] = [];
  const rootRecorded = entries.get('') !== undefined && (root.dependencies || root.devDependencies || root.optionalDependencies);
  for (const f of ['dependencies', 'devDependencies', 'optionalDependencies'] as const) {
    const declared = pkg[f];
    if (!isStringRecord(declared)) continue;
    for (const [name, range] of Object.entries(declared).sort(([a], [b]) => cmp(a, b))) {
      const installed = entries.has(`node_modules/${name}`);
      const recorded = root[f]?.[name];
      if (!installed && f !== 'optionalDependencies') problems.push(`${name} (${f}) is not in the lock`);
      else if (rootRecorded && recorded !== undefined && recorded !== range) problems.push(`${name} is ${range} in package.json but ${recorded} in the lock`);
    }
  }
  if (problems.length > 0) {
    issues.push(
      catalogerIssue(
        'SBOM_LOCK_OUT_OF_SYNC',
        NAME,
        `${NAME}: ${path} is out of sync with ${dir ? `${dir}/` : ''}package.json: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (+${problems.length - 5} more)` : ''}`,
        { path },
        'run `npm install --package-lock-only` and commit the lockfile',
      ),
    );
  }
}

/** Installed `node_modules/<pkg>/package.json` adds licence, author and repository when present. */
async function addNodeModulesMetadata(
  files: FileSource,
  dir: string,
  entries: Map<string, LockEntry>,
  refOf: Map<string, string>,
  byRef: Map<string, { component: Component }>,
): Promise<void> {
  const keys = [...entries.keys()].filter((k) => isInstalledPath(k) && !entries.get(k)!.link).sort(cmp);
  const seen = new Set<string>();
  for (const key of keys) {
    const ref = refOf.get(key);
    if (!ref || seen.has(ref)) continue;
    const meta = await readNodeModulesMeta(files, dir ? `${dir}/${key}/package.json` : `${key}/package.json`);
    if (!meta) continue;
    seen.add(ref);
    const c = byRef.get(ref)!.component;
    if (meta.version && c.version && meta.version !== c.version) continue; // a stale install says nothing about the lock
    if (!c.licenses && meta.licenses) c.licenses = [...new Set(meta.licenses)].sort();
    if (!c.author && meta.author) c.author = meta.author;
    if (!c.description && meta.description) c.description = meta.description;
    if (meta.repository) {
      const refs = c.externalReferences ?? [];
      if (!refs.some((r) => r.type === 'vcs')) refs.push({ type: 'vcs', url: meta.repository });
      c.externalReferences = refs;
    }
    if (meta.homepage) {
      const refs = c.externalReferences ?? [];
      if (!refs.some((r) => r.type === 'website')) refs.push({ type: 'website', url: meta.homepage });
      c.externalReferences = refs;
    }
    c.evidence.push({ path: dir ? `${dir}/${key}/package.json` : `${key}/package.json`, cataloger: NAME });
  }
}





export type { DependencyEdge };
