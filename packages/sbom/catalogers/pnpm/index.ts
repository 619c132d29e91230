import type { Component, FileSource, Issue } from '@shencha/core';
import type { CatalogContext, CatalogResult, Cataloger } from '../../src/cataloger.js';
import { catalogerIssue, cmp, dedupeHashes, emptyResult, hashesFromIntegrity, makeComponent } from '../../src/component.js';
import { catalogEachLockfile, readNodeModulesMeta } from '../../src/files.js';
import { npmPurl } from '../../src/purl.js';
import { loadYamlDocuments } from '../../src/yaml.js';
import { DEP_FIELDS, dirOf, isObject, joinPath, outOfSyncIssue, readPackageJson, sourceOf, str, type PackageJson } from '../npm/common.js';
import { reachableFrom } from '../../src/graph.js';

const NAME = 'pnpm-lock-cataloger';
const ECOSYSTEM = 'npm';

/**
 * `pnpm-lock.yaml` 5.x (`/name/1.0.0_peer@2`), 6.0 (`/name@1.0.0(peer@2)`) and 9.0 (`packages`
 * for metadata + `snapshots` for the peer-resolved instances), single projects and workspaces
 * (`importers`), and files holding several YAML documents. Peer suffixes are instances of one
 * package: they share one component, and their edges are unioned.
 */
export const pnpmCataloger: Cataloger = {
  name: NAME,
  ecosystem: 'pnpm',
  globs: ['**/pnpm-lock.yaml'],
  async catalog(files: FileSource, _context: CatalogContext): Promise<CatalogResult> {
    return catalogEachLockfile(files, this.globs, catalogPnpmLock);
  },
};

type Deps = Record<string, unknown>;

/** pnpm 10+ importer fields for pnpm itself and its config packages: tooling, not the product. */
const TOOL_FIELDS = ['packageManagerDependencies', 'configDependencies'] as const;

interface Instance {
  key: string;
  name: string;
  version: string;
  meta: Record<string, unknown>;
  snapshot: Record<string, unknown>;
}

interface State {
  path: string;
  dir: string;
  components: Map<string, Component>;
  edges: Map<string, Set<string>>;
  issues: Issue[];
  lines: Map<string, number>;
  /** bomRef → the instance keys that install it (for node_modules metadata). */
  installs: Map<string, { name: string; version: string }>;
}

export async function catalogPnpmLock(files: FileSource, path: string): Promise<CatalogResult> {
  const result = emptyResult();
  let text: string;
  try {
    text = await files.readText(path);
  } catch (e) {
    result.issues.push(catalogerIssue('SBOM_UNREADABLE', NAME, `${NAME}: cannot read ${path}: ${(e as Error).message}`, { path }));
    return result;
  }
  const loaded = loadYamlDocuments(text, path, NAME);
  if (!loaded.ok) {
    result.issues.push(loaded.issue);
    return result;
  }
  const state: State = {
    path,
    dir: dirOf(path),
    components: new Map(),
    edges: new Map(),
    issues: result.issues,
    lines: topLevelKeyLines(text),
    installs: new Map(),
  };
  let sawDocument = false;
  for (const doc of loaded.docs) {
    if (doc === null || doc === undefined) continue;
    if (!isObject(doc)) {
      result.issues.push(catalogerIssue('SBOM_PARSE_ERROR', NAME, `${NAME}: cannot parse ${path}: a YAML document is not a mapping`, { path, line: 1, column: 1 }));
      continue;
    }
    sawDocument = true;
    await catalogDocument(files, doc, state);
  }
  if (!sawDocument) return result;
  await addInstalledMetadata(files, state);
  const refs = [...state.components.keys()].sort(cmp);
  for (const ref of refs) result.components.push(state.components.get(ref)!);
  for (const [ref, set] of state.edges) result.dependencies.push({ ref, dependsOn: [...set].sort(cmp) });
  result.compositions.push({ aggregate: 'complete', path, refs });
  return result;
}

async function catalogDocument(files: FileSource, doc: Record<string, unknown>, state: State): Promise<void> {
  const { path } = state;
  const rawVersion = doc['lockfileVersion'];
  let version = Number.parseFloat(String(rawVersion));
  const packages = isObject(doc['packages']) ? doc['packages'] : {};
  const snapshots = isObject(doc['snapshots']) ? doc['snapshots'] : undefined;
  if (!Number.isFinite(version) || version < 5 || version >= 10) {
    const guess = snapshots ? 9 : Object.keys(packages).some((k) => /^\/(@[^/]+\/)?[^/@]+@/.test(k)) ? 6 : 5;
    state.issues.push(
      catalogerIssue('SBOM_UNSUPPORTED_FORMAT', NAME, `${NAME}: ${path} has lockfileVersion ${String(rawVersion)}; read as ${guess}.0`, {
        path,
        line: state.lines.get('lockfileVersion') ?? 1,
      }),
    );
    version = guess;
  }

  // The instances: v9 snapshots (metadata in packages), else the packages themselves.
  const instances = new Map<string, Instance>();
  const source = snapshots ?? packages;
  for (const [key, raw] of Object.entries(source)) {
    const snapshot = isObject(raw) ? raw : {};
    const meta = snapshots ? (isObject(packages[stripPeers(key)]) ? (packages[stripPeers(key)] as Record<string, unknown>) : {}) : snapshot;
    const nv = nameVersion(key, meta, version);
    if (!nv) {
      state.issues.push(catalogerIssue('SBOM_UNSUPPORTED_FORMAT', NAME, `${NAME}: cannot read a name and version from the key ${JSON.stringify(key.slice(0, 200))}`, lineLoc(state, key)));
      continue;
    }
    instances.set(key, { key, ...nv, meta, snapshot });
  }
  // v9 packages without a snapshot (hand-trimmed locks) still count.
  if (snapshots) {
    const covered = new Set([...instances.keys()].map(stripPeers));
    for (const [key, raw] of Object.entries(packages)) {
      if (covered.has(key) || !isObject(raw)) continue;
      const nv = nameVersion(key, raw, version);
      if (nv) instances.set(key, { key, ...nv, meta: raw, snapshot: {} });
    }
  }

  const patched = patchedOf(doc['patchedDependencies']);
  const refOf = new Map<string, string>();
  for (const inst of [...instances.values()].sort((a, b) => cmp(a.key, b.key))) {
    const c = componentOf(inst, state, patched);
    refOf.set(inst.key, c.bomRef);
    const prev = state.components.get(c.bomRef);
    if (prev) {
      if (c.hashes) prev.hashes = dedupeHashes([...(prev.hashes ?? []), ...c.hashes]);
      if (c.properties?.['shencha:patched'] && prev.properties) prev.properties['shencha:patched'] = c.properties['shencha:patched'];
    } else {
      state.components.set(c.bomRef, c);
      state.installs.set(c.bomRef, { name: inst.name, version: inst.version });
    }
  }

  // Importers: the product's own packages (the root and each workspace member).
  const importers: [string, Record<string, unknown>][] = isObject(doc['importers'])
    ? Object.entries(doc['importers']).filter((e): e is [string, Record<string, unknown>] => isObject(e[1]))
    : [['.', doc]];
  const importerRef = new Map<string, string>();
  const importerDir = (imp: string): string => (imp === '.' ? state.dir : (joinPath(state.dir, imp) ?? imp));
  for (const [imp] of importers) {
    const dir = importerDir(imp);
    const pkg = await readPackageJson(files, dir ? `${dir}/package.json` : 'package.json', NAME, state.issues);
    const c = importerComponent(imp, dir, pkg, state, files);
    importerRef.set(imp, c.bomRef);
    if (!state.components.has(c.bomRef)) state.components.set(c.bomRef, c);
    if (pkg) checkInSync(pkg, imp, importers.find(([i]) => i === imp)![1], dir, state);
  }

  const resolve = (depName: string, ref: string, fromImporter: string | undefined): string | undefined => {
    if (ref.startsWith('link:')) {
      const base = fromImporter !== undefined ? fromImporter : '.';
      const target = joinPath(base === '.' ? '' : base, ref.slice(5)) ?? '';
      return importerRef.get(target === '' ? '.' : target);
    }
    for (const k of [ref, `/${ref}`, `/${depName}/${ref}`, `/${depName}@${ref}`, `${depName}@${ref}`]) {
      const r = refOf.get(k);
      if (r) return r;
    }
    return undefined;
  };

  const edge = (from: string): Set<string> => {
    let s = state.edges.get(from);
    if (!s) state.edges.set(from, (s = new Set()));
    return s;
  };
  const prodReach = new Set<string>();
  const devReach = new Set<string>();
  const unresolved: string[] = [];
  const keyOfRef = new Map<string, string[]>();
  for (const [k, r] of refOf) {
    const list = keyOfRef.get(r) ?? [];
    list.push(k);
    keyOfRef.set(r, list);
  }
  const instanceDeps = (inst: Instance): [string, string, boolean][] => {
    const out: [string, string, boolean][] = [];
    for (const [field, optional] of [['dependencies', false], ['optionalDependencies', true]] as const) {
      const deps = inst.snapshot[field] ?? (inst.snapshot === inst.meta ? undefined : inst.meta[field]);
      if (!isObject(deps)) continue;
      for (const [n, v] of Object.entries(deps)) {
        const ref = depRef(v);
        if (ref) out.push([n, ref, optional]);
      }
    }
    return out;
  };

  // Edges between packages.
  for (const inst of [...instances.values()].sort((a, b) => cmp(a.key, b.key))) {
    const from = refOf.get(inst.key)!;
    const set = edge(from);
    for (const [n, ref, optional] of instanceDeps(inst)) {
      const to = resolve(n, ref, undefined);
      if (to) {
        if (to !== from) set.add(to);
      } else if (!optional) unresolved.push(`${inst.key} → ${n}@${ref}`);
    }
  }

  // Edges from importers, and which packages production vs development reach.
  const walk = (start: string[], into: Set<string>): void => void reachableFrom(state.edges, start, into);
  const prodStarts: string[] = [];
  const devStarts: string[] = [];
  const toolStarts: string[] = [];
  for (const [imp, body] of importers) {
    const from = importerRef.get(imp)!;
    const set = edge(from);
    for (const field of [...DEP_FIELDS, ...TOOL_FIELDS]) {
      const deps = body[field];
      if (!isObject(deps)) continue;
      for (const [n, v] of Object.entries(deps as Deps)) {
        const ref = depRef(v);
        if (!ref) continue;
        const to = resolve(n, ref, imp);
        if (!to) {
          if (field !== 'optionalDependencies') unresolved.push(`${imp} → ${n}@${ref}`);
          continue;
        }
        if (to !== from) set.add(to);
        if (state.components.get(to)?.firstParty) continue;
        (field === 'devDependencies' ? devStarts : (TOOL_FIELDS as readonly string[]).includes(field) ? toolStarts : prodStarts).push(to);
      }
    }
  }
  walk(prodStarts, prodReach);
  walk(devStarts, devReach);
  const toolReach = new Set<string>();
  walk(toolStarts, toolReach);

  // Scope: reached in production → required (optional when every installed copy is optional);
  // reached only in development → excluded; unreached → the lock's own flags.
  for (const [ref, keys] of keyOfRef) {
    const c = state.components.get(ref)!;
    const insts = keys.map((k) => instances.get(k)!);
    const flag = (f: string) => insts.every((i) => i.snapshot[f] === true || i.meta[f] === true);
    let scope: Component['scope'];
    // pnpm 5/6 say it themselves (`dev: true|false`); their word beats reachability, which
    // cannot tell the dev tooling of rush-style temp projects from their runtime.
    const devFlag = flag('dev') ? true : insts.every((i) => i.snapshot['dev'] === false || i.meta['dev'] === false) ? false : undefined;
    if (devFlag === true) scope = 'excluded';
    else if (devFlag === false) scope = flag('optional') ? 'optional' : 'required';
    else if (prodReach.has(ref)) scope = flag('optional') ? 'optional' : 'required';
    else if (devReach.has(ref) || toolReach.has(ref)) scope = 'excluded';
    else scope = flag('dev') ? 'excluded' : flag('optional') ? 'optional' : 'required';
    const strongest = c.scope === 'required' || (c.scope === 'optional' && scope === 'excluded') ? c.scope : scope;
    c.scope = strongest;
    // Reached from pnpm's own packageManager/config dependencies only: tooling, never shipped.
    const reason = !prodReach.has(ref) && !devReach.has(ref) && toolReach.has(ref) ? 'package-manager' : 'dev';
    if (strongest === 'excluded') c.properties = { ...c.properties, 'shencha:scope-reason': c.properties?.['shencha:scope-reason'] ?? reason };
    else if (c.properties) delete c.properties['shencha:scope-reason'];
  }

  // Anything no importer reaches (trimmed or hand-edited locks) still hangs off the root importer.
  const rootRef = importerRef.get('.') ?? importerRef.values().next().value;
  if (rootRef) {
    const all = new Set<string>();
    walk([...importerRef.values()], all);
    for (const ref of [...keyOfRef.keys()].sort(cmp)) {
      if (all.has(ref)) continue;
      edge(rootRef).add(ref);
      walk([ref], all);
    }
  }

  if (unresolved.length > 0) {
    state.issues.push(
      catalogerIssue(
        'SBOM_UNRESOLVED_DEPENDENCY',
        NAME,
        `${NAME}: ${unresolved.length} dependenc${unresolved.length === 1 ? 'y' : 'ies'} in ${path} resolve to no locked package (first: ${unresolved.slice(0, 5).join(', ')})`,
        { path },
        'regenerate the lockfile with `pnpm install --lockfile-only`',
      ),
    );
  }
}

function componentOf(inst: Instance, state: State, patched: Map<string, string>): Component {
  const resolution = isObject(inst.meta['resolution']) ? inst.meta['resolution'] : {};
  const tarball = str(resolution['tarball']);
  const properties: Record<string, string> = {};
  let qualifiers: Record<string, string> | undefined;
  const externalReferences: NonNullable<Component['externalReferences']> = [];
  if (resolution['type'] === 'git' || str(resolution['repo'])) {
    const repo = str(resolution['repo']);
    if (repo) {
      qualifiers = { vcs_url: `${repo}${str(resolution['commit']) ? `@${str(resolution['commit'])}` : ''}` };
      if (/^(https?|git|ssh|git\+[a-z]+):\/\//.test(repo)) externalReferences.push({ type: 'vcs', url: repo });
    }
    properties['shencha:npm-source'] = 'git';
  } else if (tarball) {
    const src = sourceOf(tarball);
    if (src.kind !== 'registry') properties['shencha:npm-source'] = src.kind;
    if (src.qualifiers) qualifiers = src.qualifiers;
    if (/^https?:\/\//.test(tarball)) externalReferences.push({ type: 'distribution', url: tarball });
  } else if (str(resolution['directory'])) {
    properties['shencha:npm-source'] = 'file';
  }
  const patch = patched.get(`${inst.name}@${inst.version}`) ?? patched.get(inst.name) ?? /\(patch_hash=([^)]+)\)/.exec(inst.key)?.[1];
  if (patch) properties['shencha:patched'] = patch;
  if (inst.meta['deprecated'] !== undefined) properties['shencha:npm-deprecated'] = String(inst.meta['deprecated']).slice(0, 500);
  const purl = npmPurl(inst.name, inst.version, qualifiers);
  const line = state.lines.get(inst.key) ?? state.lines.get(stripPeers(inst.key));
  return makeComponent({
    ecosystem: ECOSYSTEM,
    name: inst.name,
    version: inst.version,
    cataloger: NAME,
    path: state.path,
    ...(line !== undefined ? { line } : {}),
    ...(purl ? { purl } : {}),
    hashes: hashesFromIntegrity(str(resolution['integrity'])),
    externalReferences,
    properties,
  });
}

function importerComponent(imp: string, dir: string, pkg: PackageJson | undefined, state: State, files: FileSource): Component {
  const fallback = (dir || files.root).replace(/\/+$/, '');
  const name = (typeof pkg?.name === 'string' && pkg.name) || fallback.slice(fallback.lastIndexOf('/') + 1) || 'root';
  const version = typeof pkg?.version === 'string' ? pkg.version : undefined;
  const purl = pkg?.name ? npmPurl(name, version) : undefined;
  const line = state.lines.get(imp);
  return makeComponent({
    ecosystem: ECOSYSTEM,
    name,
    cataloger: NAME,
    path: state.path,
    ...(line !== undefined ? { line } : {}),
    ...(version ? { version } : {}),
    ...(purl ? { purl } : {}),
    bomRef: `pnpm:${state.path}#${imp}`,
    type: imp === '.' ? 'application' : 'library',
    firstParty: true,
    ...(typeof pkg?.license === 'string' ? { licenses: [pkg.license] } : {}),
    properties: { 'shencha:pnpm-importer': imp },
  });
}

/** A dependency's reference: v5 writes the string, v6/v9 `{ specifier, version }`. */
function depRef(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (isObject(v)) return str(v['version']);
  return undefined;
}

/** `/a@1.0.0(b@2)(c@3)` → `/a@1.0.0`; v9 snapshot key → its packages key. */
function stripPeers(key: string): string {
  const i = key.indexOf('(');
  return i > 0 ? key.slice(0, i) : key;
}

/** Name and version of an instance key in the lock's format, or from the entry's own fields. */
function nameVersion(key: string, meta: Record<string, unknown>, version: number): { name: string; version: string } | undefined {
  const mName = str(meta['name']);
  const mVersion = str(meta['version']);
  if (mName && mVersion) return { name: mName, version: mVersion };
  let k = key.startsWith('/') ? key.slice(1) : key;
  if (version < 6 && key.startsWith('/')) {
    const parts = k.split('/');
    const scoped = parts[0]!.startsWith('@');
    const name = scoped ? `${parts[0]}/${parts[1] ?? ''}` : parts[0]!;
    const ver = parts[scoped ? 2 : 1];
    if (!ver || !name || name.endsWith('/')) return mName && ver ? { name: mName, version: ver.split('_')[0]! } : undefined;
    return { name: mName ?? name, version: ver.split('_')[0]! };
  }
  k = stripPeers(k);
  const at = k.lastIndexOf('@');
  if (at <= 0) return undefined;
  const name = k.slice(0, at);
  const ver = k.slice(at + 1);
  if (!ver || name.endsWith('/')) return undefined;
  // Keys of non-registry packages (`name@https://…`, `name@file:…`) carry the source, not a version.
  if (/^(https?:|file:|link:|git)/.test(ver)) return mVersion ? { name: mName ?? name, version: mVersion } : { name: mName ?? name, version: ver };
  return { name: mName ?? name, version: ver };
}

/** `patchedDependencies`: `name@version` (or `name`) → the patch file (or its hash). */
function patchedOf(raw: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!isObject(raw)) return out;
  for (const [k, v] of Object.entries(raw)) {
    const p = typeof v === 'string' ? v : isObject(v) ? (str(v['path']) ?? str(v['hash'])) : undefined;
    if (p) out.set(k, p);
  }
  return out;
}

/** Line of every key at indent 2 (`  /a/1.0.0:`, `  'a@1.0.0':`) and of top-level keys. */
function topLevelKeyLines(text: string): Map<string, number> {
  const out = new Map<string, number>();
  let line = 1;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const l = text.slice(start, end).replace(/\r$/, '');
    let m: RegExpExecArray | null;
    if ((m = /^ {2}(?! )(['"]?)(.+?)\1:(?:\s|$)/.exec(l)) || (m = /^()([A-Za-z][\w]*):(?:\s|$)/.exec(l))) {
      if (!out.has(m[2]!)) out.set(m[2]!, line);
    }
    line++;
    start = end + 1;
  }
  return out;
}

function lineLoc(state: State, key: string): { path: string; line?: number } {
  const line = state.lines.get(key);
  return line !== undefined ? { path: state.path, line } : { path: state.path };
}

/** A dependency in an importer's package.json that its importer entry does not lock. */
function checkInSync(pkg: PackageJson, imp: string, body: Record<string, unknown>, dir: string, state: State): void {
  const problems: string[] = [];
  const specifiers = isObject(body['specifiers']) ? body['specifiers'] : undefined;
  for (const field of DEP_FIELDS) {
    const declared = pkg[field];
    if (!isObject(declared)) continue;
    for (const [n, range] of Object.entries(declared).sort(([a], [b]) => cmp(a, b))) {
      const locked = isObject(body[field]) ? (body[field] as Deps)[n] : undefined;
      const spec = specifiers ? str(specifiers[n]) : isObject(locked) ? str(locked['specifier']) : undefined;
      if (locked === undefined && spec === undefined) {
        if (field !== 'optionalDependencies') problems.push(`${n} (${field}) is not in importer ${imp}`);
      } else if (spec !== undefined && typeof range === 'string' && spec !== range) {
        problems.push(`${n} is ${range} in package.json but ${spec} in the lock`);
      }
    }
  }
  const issue = outOfSyncIssue(NAME, state.path, dir ? `${dir}/package.json` : 'package.json', problems, 'run `pnpm install --lockfile-only` and commit the lockfile');
  if (issue) state.issues.push(issue);
}

/** pnpm's virtual store keeps each package at node_modules/.pnpm/<name@version>/node_modules/<name>. */
async function addInstalledMetadata(files: FileSource, state: State): Promise<void> {
  const store = state.dir ? `${state.dir}/node_modules` : 'node_modules';
  if (files.get(store)?.kind !== 'directory') return;
  for (const [ref, { name, version }] of [...state.installs].sort(([a], [b]) => cmp(a, b))) {
    const c = state.components.get(ref)!;
    const path = `${store}/.pnpm/${name.replace('/', '+')}@${version}/node_modules/${name}/package.json`;
    const meta = await readNodeModulesMeta(files, path);
    if (!meta || (meta.version && meta.version !== version)) continue;
    if (!c.licenses && meta.licenses) c.licenses = [...new Set(meta.licenses)].sort();
    if (!c.author && meta.author) c.author = meta.author;
    if (!c.description && meta.description) c.description = meta.description;
    if (meta.repository && !(c.externalReferences ?? []).some((r) => r.type === 'vcs')) {
      c.externalReferences = [...(c.externalReferences ?? []), { type: 'vcs', url: meta.repository }];
    }
    c.evidence.push({ path, cataloger: NAME });
  }
}
