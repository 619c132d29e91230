import type { Component, FileSource, Issue } from '@shencha/core';
import type { CatalogContext, CatalogResult, Cataloger } from '../../src/cataloger.js';
import { catalogerIssue, cmp, dedupeHashes, emptyResult, hashesFromIntegrity, hexHash, makeComponent } from '../../src/component.js';
import { lockFiles, catalogEachLockfile } from '../../src/files.js';
import { npmPurl } from '../../src/purl.js';
import { loadYamlDocuments } from '../../src/yaml.js';
import { DEP_FIELDS, dirOf, isObject, joinPath, outOfSyncIssue, readPackageJson, sourceOf, str, type PackageJson } from '../npm/common.js';
import { parseClassic, splitDescriptor } from './classic.js';
import { reachableFrom } from '../../src/graph.js';

const NAME = 'yarn-lock-cataloger';
const ECOSYSTEM = 'npm';

/**
 * `yarn.lock` of yarn classic (v1, yarn's own format) and berry (2+, YAML with `__metadata`).
 * Both become one list of locked packages keyed by the descriptors they satisfy; dependencies
 * resolve through those descriptors. Workspaces are the product's own packages: berry lists them
 * (`name@workspace:path`), classic only through package.json `workspaces`.
 */
export const yarnCataloger: Cataloger = {
  name: NAME,
  ecosystem: 'yarn',
  globs: ['**/yarn.lock'],
  async catalog(files: FileSource, _context: CatalogContext): Promise<CatalogResult> {
    return catalogEachLockfile(files, this.globs, catalogYarnLock);
  },
};

interface Locked {
  descriptors: string[];
  name: string;
  version: string;
  line: number;
  /** [name, range, optional] */
  deps: [string, string, boolean][];
  hashes: Component['hashes'];
  resolved?: string;
  properties: Record<string, string>;
  /** Berry workspace path (`.` for the root). */
  workspace?: string;
  qualifiers?: Record<string, string>;
}

export async function catalogYarnLock(files: FileSource, path: string): Promise<CatalogResult> {
  const result = emptyResult();
  let text: string;
  try {
    text = await files.readText(path);
  } catch (e) {
    result.issues.push(catalogerIssue('SBOM_UNREADABLE', NAME, `${NAME}: cannot read ${path}: ${(e as Error).message}`, { path }));
    return result;
  }
  const berry = /^__metadata:\s*$/m.test(text);
  let locked: Locked[];
  if (berry) {
    const r = readBerry(text, path);
    if (!r.ok) return (result.issues.push(r.issue), result);
    locked = r.locked;
  } else {
    const r = parseClassic(text, path, NAME);
    if (!r.ok) return (result.issues.push(r.issue), result);
    locked = r.entries.flatMap((e) => {
      const first = splitDescriptor(e.descriptors[0] ?? '');
      const version = e.fields['version'];
      if (!first || !version) {
        result.issues.push(catalogerIssue('SBOM_UNSUPPORTED_FORMAT', NAME, `${NAME}: entry without a name or version skipped`, { path, line: e.line }));
        return [];
      }
      const deps: [string, string, boolean][] = [];
      for (const [n, r2] of Object.entries(e.blocks['dependencies'] ?? {})) deps.push([n, r2, false]);
      for (const [n, r2] of Object.entries(e.blocks['optionalDependencies'] ?? {})) deps.push([n, r2, true]);
      const resolved = e.fields['resolved'];
      const alias = /^npm:((?:@[^/@]+\/)?[^@]+)@/.exec(first.range);
      const hashes = hashesFromIntegrity(e.fields['integrity']);
      const sha1 = resolved ? hexHash('SHA-1', /#([0-9a-f]{40})$/.exec(resolved)?.[1]) : undefined;
      if (sha1) hashes.push(sha1);
      const src = sourceOf(resolved);
      const properties: Record<string, string> = {};
      if (alias) properties['shencha:npm-alias'] = first.name;
      if (src.kind !== 'registry') properties['shencha:npm-source'] = src.kind;
      const l: Locked = {
        descriptors: e.descriptors,
        name: alias ? alias[1]! : first.name,
        version,
        line: e.line,
        deps,
        hashes: dedupeHashes(hashes),
        properties,
      };
      if (resolved) l.resolved = resolved;
      if (src.qualifiers) l.qualifiers = src.qualifiers;
      return [l];
    });
  }
  await assemble(files, path, text, locked, berry, result);
  return result;
}

function readBerry(text: string, path: string): { ok: true; locked: Locked[] } | { ok: false; issue: Issue } {
  const loaded = loadYamlDocuments(text, path, NAME);
  if (!loaded.ok) return loaded;
  const doc = loaded.docs[0];
  if (!isObject(doc)) {
    return { ok: false, issue: catalogerIssue('SBOM_PARSE_ERROR', NAME, `${NAME}: cannot parse ${path}: not a mapping`, { path, line: 1, column: 1 }) };
  }
  const lines = keyLines(text);
  const locked: Locked[] = [];
  for (const [key, raw] of Object.entries(doc)) {
    if (key === '__metadata' || !isObject(raw)) continue;
    const resolution = str(raw['resolution']) ?? '';
    const loc = splitDescriptor(resolution);
    const version = str(raw['version']);
    if (!loc || !version) continue;
    const descriptors = key.split(',').map((d) => d.trim()).filter(Boolean);
    const deps: [string, string, boolean][] = [];
    const meta = isObject(raw['dependenciesMeta']) ? raw['dependenciesMeta'] : {};
    for (const field of ['dependencies', 'optionalDependencies'] as const) {
      const d = raw[field];
      if (!isObject(d)) continue;
      for (const [n, r] of Object.entries(d)) {
        const range = str(r);
        if (!range) continue;
        const m = meta[n];
        deps.push([n, range, field === 'optionalDependencies' || (isObject(m) && m['optional'] === true)]);
      }
    }
    const properties: Record<string, string> = {};
    const checksum = str(raw['checksum']);
    // Berry's checksum hashes yarn's cache zip, not the npm tarball: kept as a fact, not a component hash.
    if (checksum) properties['shencha:yarn-checksum'] = checksum;
    const protocol = /^([a-z]+):/.exec(loc.range)?.[1] ?? 'npm';
    let name = loc.name;
    let qualifiers: Record<string, string> | undefined;
    const l: Locked = { descriptors, name, version, line: lines.get(key) ?? 1, deps, hashes: [], properties };
    if (protocol === 'workspace') {
      l.workspace = loc.range.slice('workspace:'.length) || '.';
    } else if (protocol === 'patch') {
      // `resolve@patch:resolve@npm%3A1.1.7#…`: the patched package keeps its own identity.
      const inner = decodeURIComponent(loc.range.slice('patch:'.length).split('#')[0] ?? '');
      const innerLoc = splitDescriptor(inner);
      if (innerLoc) name = innerLoc.name;
      properties['shencha:patched'] = loc.range.split('#').slice(1).join('#') || 'patch';
    } else if (protocol === 'npm') {
      const alias = /^npm:((?:@[^/@]+\/)?[^@]+)@/.exec(loc.range);
      if (alias && alias[1] !== loc.name) {
        properties['shencha:npm-alias'] = loc.name;
        name = alias[1]!;
      }
    } else {
      properties['shencha:npm-source'] = protocol;
      if (/^(https?|git|ssh)/.test(protocol) || loc.range.includes('.git')) qualifiers = { vcs_url: loc.range };
    }
    l.name = name;
    if (qualifiers) l.qualifiers = qualifiers;
    locked.push(l);
  }
  return { ok: true, locked };
}

async function assemble(files: FileSource, path: string, _text: string, locked: Locked[], berry: boolean, result: CatalogResult): Promise<void> {
  const dir = dirOf(path);
  const byDescriptor = new Map<string, string>();
  const components = new Map<string, Component>();
  const edges = new Map<string, Set<string>>();
  const edge = (from: string) => {
    let s = edges.get(from);
    if (!s) edges.set(from, (s = new Set()));
    return s;
  };

  // The product's own packages: berry's workspace entries, or the package.json `workspaces`.
  const workspaces = new Map<string, { pkg: PackageJson | undefined; ref: string }>();
  const rootPkg = await readPackageJson(files, dir ? `${dir}/package.json` : 'package.json', NAME, result.issues);
  const wsPaths = new Set<string>(['.']);
  for (const l of locked) if (l.workspace !== undefined) wsPaths.add(l.workspace);
  if (!berry) for (const p of classicWorkspaces(files, dir, rootPkg)) wsPaths.add(p);
  const wsByName = new Map<string, string>();
  for (const ws of [...wsPaths].sort(cmp)) {
    const wsDir = ws === '.' ? dir : (joinPath(dir, ws) ?? ws);
    const pkg = ws === '.' ? rootPkg : await readPackageJson(files, wsDir ? `${wsDir}/package.json` : 'package.json', NAME, result.issues);
    const entry = locked.find((l) => l.workspace === ws);
    const fallback = (wsDir || files.root).replace(/\/+$/, '');
    const name = (typeof pkg?.name === 'string' && pkg.name) || entry?.name || fallback.slice(fallback.lastIndexOf('/') + 1) || 'root';
    const version = (typeof pkg?.version === 'string' && pkg.version) || entry?.version;
    const purl = pkg?.name || entry ? npmPurl(name, version) : undefined;
    const c = makeComponent({
      ecosystem: ECOSYSTEM,
      name,
      cataloger: NAME,
      path,
      line: entry?.line ?? 1,
      ...(version ? { version } : {}),
      ...(purl ? { purl } : {}),
      bomRef: `yarn:${path}#${ws}`,
      type: ws === '.' ? 'application' : 'library',
      firstParty: true,
      ...(typeof pkg?.license === 'string' ? { licenses: [pkg.license] } : {}),
      properties: { 'shencha:yarn-workspace': ws },
    });
    components.set(c.bomRef, c);
    workspaces.set(ws, { pkg, ref: c.bomRef });
    wsByName.set(name, c.bomRef);
    if (entry) for (const d of entry.descriptors) byDescriptor.set(d, c.bomRef);
  }

  for (const l of locked) {
    if (l.workspace !== undefined) continue;
    const purl = npmPurl(l.name, l.version, l.qualifiers);
    const externalReferences: NonNullable<Component['externalReferences']> = [];
    if (l.resolved && /^https?:\/\//.test(l.resolved)) externalReferences.push({ type: 'distribution', url: l.resolved.replace(/#.*$/, '') });
    const c = makeComponent({
      ecosystem: ECOSYSTEM,
      name: l.name,
      version: l.version,
      cataloger: NAME,
      path,
      line: l.line,
      ...(purl ? { purl } : {}),
      hashes: l.hashes ?? [],
      externalReferences,
      properties: l.properties,
    });
    const prev = components.get(c.bomRef);
    if (prev) {
      if (c.hashes) prev.hashes = dedupeHashes([...(prev.hashes ?? []), ...c.hashes]);
      prev.properties = { ...c.properties, ...prev.properties };
    } else components.set(c.bomRef, c);
    for (const d of l.descriptors) byDescriptor.set(d, c.bomRef);
  }

  const resolve = (name: string, range: string): string | undefined =>
    byDescriptor.get(`${name}@${range}`) ??
    byDescriptor.get(`${name}@npm:${range}`) ??
    (range.startsWith('workspace:') || range.startsWith('link:') || range.startsWith('file:') ? wsByName.get(name) : undefined);

  const unresolved: string[] = [];
  for (const l of locked) {
    const from = l.workspace !== undefined ? workspaces.get(l.workspace)?.ref : byDescriptor.get(l.descriptors[0]!);
    if (!from) continue;
    const set = edge(from);
    for (const [n, r, optional] of l.deps) {
      const to = resolve(n, r);
      if (to) {
        if (to !== from) set.add(to);
      } else if (!optional) unresolved.push(`${l.name}@${l.version} → ${n}@${r}`);
    }
  }

  // Scopes from the workspaces' package.json: production vs development reach.
  const prodStarts: string[] = [];
  const devStarts: string[] = [];
  let manifestKnown = false;
  for (const [ws, { pkg, ref }] of workspaces) {
    if (!pkg) continue;
    manifestKnown = true;
    const set = edge(ref);
    const problems: string[] = [];
    for (const field of DEP_FIELDS) {
      const declared = pkg[field];
      if (!isObject(declared)) continue;
      for (const [n, r] of Object.entries(declared).sort(([a], [b]) => cmp(a, b))) {
        if (typeof r !== 'string') continue;
        const to = resolve(n, r) ?? (wsByName.get(n) && (r.startsWith('workspace:') || r === '*') ? wsByName.get(n) : undefined);
        if (!to) {
          if (field !== 'optionalDependencies') problems.push(`${n}@${r} (${field}) is not in the lock`);
          continue;
        }
        if (to !== ref) set.add(to);
        if (!components.get(to)?.firstParty) (field === 'devDependencies' ? devStarts : prodStarts).push(to);
      }
    }
    const wsDir = ws === '.' ? dir : (joinPath(dir, ws) ?? ws);
    const issue = outOfSyncIssue(NAME, path, wsDir ? `${wsDir}/package.json` : 'package.json', problems, 'run `yarn install` and commit yarn.lock');
    if (issue) result.issues.push(issue);
  }
  const reach = (starts: string[]): Set<string> => reachableFrom(edges, starts);
  const prod = reach(prodStarts);
  const dev = reach(devStarts);
  const optionalOnly = optionalReach(locked, byDescriptor, prodStarts, edges, resolve);
  for (const c of components.values()) {
    if (c.firstParty) continue;
    if (!manifestKnown || prod.has(c.bomRef)) c.scope = optionalOnly.has(c.bomRef) ? 'optional' : 'required';
    else if (dev.has(c.bomRef)) {
      c.scope = 'excluded';
      c.properties = { ...c.properties, 'shencha:scope-reason': 'dev' };
    } else c.scope = 'required';
  }

  // Whatever no workspace reaches (no package.json, stale entries) hangs off the root workspace.
  const rootRef = workspaces.get('.')!.ref;
  const all = reach([...[...workspaces.values()].map((w) => w.ref)]);
  const dependedOn = new Set<string>();
  for (const s of edges.values()) for (const d of s) dependedOn.add(d);
  const orphans = [...components.keys()].filter((r) => !all.has(r)).sort(cmp);
  // Prefer the tops of the unreached forest (nobody depends on them), then whatever cycles remain.
  for (const r of [...orphans.filter((o) => !dependedOn.has(o)), ...orphans]) {
    if (all.has(r)) continue;
    edge(rootRef).add(r);
    for (const x of reach([r])) all.add(x);
  }

  if (unresolved.length > 0) {
    result.issues.push(
      catalogerIssue(
        'SBOM_UNRESOLVED_DEPENDENCY',
        NAME,
        `${NAME}: ${unresolved.length} dependenc${unresolved.length === 1 ? 'y' : 'ies'} in ${path} match no locked entry (first: ${unresolved.slice(0, 5).join(', ')})`,
        { path },
        'run `yarn install` and commit yarn.lock',
      ),
    );
  }
  const refs = [...components.keys()].sort(cmp);
  for (const r of refs) result.components.push(components.get(r)!);
  for (const [ref, set] of edges) result.dependencies.push({ ref, dependsOn: [...set].sort(cmp) });
  result.compositions.push({ aggregate: 'complete', path, refs });
}

/** Packages that production reaches only through optional edges. */
function optionalReach(
  locked: Locked[],
  byDescriptor: Map<string, string>,
  prodStarts: string[],
  edges: Map<string, Set<string>>,
  resolve: (n: string, r: string) => string | undefined,
): Set<string> {
  const required = new Set<string>();
  const depsOf = new Map<string, [string, boolean][]>();
  for (const l of locked) {
    const from = byDescriptor.get(l.descriptors[0]!);
    if (!from) continue;
    const list = depsOf.get(from) ?? [];
    for (const [n, r, optional] of l.deps) {
      const to = resolve(n, r);
      if (to) list.push([to, optional]);
    }
    depsOf.set(from, list);
  }
  const stack = [...prodStarts];
  while (stack.length > 0) {
    const r = stack.pop()!;
    if (required.has(r)) continue;
    required.add(r);
    for (const [to, optional] of depsOf.get(r) ?? []) if (!optional && !required.has(to)) stack.push(to);
  }
  const out = new Set<string>();
  const all = new Set<string>();
  const s2 = [...prodStarts];
  while (s2.length > 0) {
    const r = s2.pop()!;
    if (all.has(r)) continue;
    all.add(r);
    if (!required.has(r)) out.add(r);
    for (const d of edges.get(r) ?? []) if (!all.has(d)) s2.push(d);
  }
  return out;
}

/** Workspace folders named by a classic root package.json (`workspaces: [...]` or `{ packages }`). */
function classicWorkspaces(files: FileSource, dir: string, pkg: PackageJson | undefined): string[] {
  const raw = pkg?.workspaces;
  const globs = Array.isArray(raw) ? raw : isObject(raw) && Array.isArray(raw['packages']) ? raw['packages'] : [];
  const patterns = globs
    .filter((g): g is string => typeof g === 'string' && !g.startsWith('!') && !g.includes('..'))
    .map((g) => `${dir ? `${dir}/` : ''}${g.replace(/\/+$/, '')}/package.json`);
  if (patterns.length === 0) return [];
  return lockFiles(files, patterns).map((p) => {
    const wsDir = dirOf(p);
    return dir ? wsDir.slice(dir.length + 1) : wsDir;
  });
}

/** Line of each top-level key of a berry lock. */
function keyLines(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.length === 0 || l[0] === ' ' || l[0] === '#') continue;
    const m = /^"?(.*?)"?:\s*$/.exec(l.replace(/\r$/, ''));
    if (m && !out.has(m[1]!)) out.set(m[1]!, i + 1);
  }
  return out;
}
