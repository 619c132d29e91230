import { posix } from 'node:path';
import type { Component, FileSource, Issue } from '@shencha/core';
import type { Cataloger, CatalogResult } from '../../src/cataloger.js';
import { catalogerIssue, cmp, componentRef, emptyResult, makeComponent, parseErrorIssue } from '../../src/component.js';
import { lockFiles } from '../../src/files.js';
import { parsePdmLock, parsePipfileLock, parsePoetryLock, parsePyproject, parseUvLock, type PyProject } from './locks.js';
import { normalizeName, PyParseError, pypiPurl, type PyLock, type PyPackage } from './model.js';
import { AggregateRequirementsError, parseRequirements } from './requirements.js';

export const PYPI_CATALOGER = 'python-package-cataloger';
const ECO = 'pypi';
const MAX_ERRORS_PER_FILE = 10;

type Scope = 'required' | 'optional' | 'excluded';
const RANK: Record<Scope, number> = { required: 3, optional: 2, excluded: 1 };

const LOCKS: Record<string, (text: string, path: string) => PyLock> = {
  'poetry.lock': parsePoetryLock,
  'uv.lock': parseUvLock,
  'pdm.lock': parsePdmLock,
  'Pipfile.lock': parsePipfileLock,
};

/** `requirements-dev.txt`, `test-requirements.txt`, `requirements/docs.txt`: not shipped. */
const DEV_REQUIREMENTS = /(^|[-_./])(dev|devel|develop|test|tests|testing|lint|docs?|ci)([-_.]|$)/i;

const GLOBS = ['**/poetry.lock', '**/uv.lock', '**/pdm.lock', '**/Pipfile.lock', '**/*requirements*.txt', '**/requirements/*.txt', '**/pyproject.toml'];

export const pypiCataloger: Cataloger = {
  name: PYPI_CATALOGER,
  ecosystem: ECO,
  globs: GLOBS,
  async catalog(files: FileSource): Promise<CatalogResult> {
    const out = emptyResult();
    const byDir = new Map<string, string[]>();
    for (const p of lockFiles(files, GLOBS)) {
      const d = posix.dirname(p);
      // requirements/<name>.txt belongs to the project one level up.
      const dir = posix.basename(d) === 'requirements' && !p.endsWith('pyproject.toml') ? posix.dirname(d) : d;
      byDir.set(dir, [...(byDir.get(dir) ?? []), p]);
    }
    const components = new Map<string, Component>();
    const edges = new Map<string, Set<string>>();
    for (const [dir, paths] of [...byDir].sort((a, b) => cmp(a[0], b[0]))) {
      await catalogDir(files, dir, paths.sort(), components, edges, out);
    }
    out.components = [...components.values()].sort((a, b) => cmp(a.bomRef, b.bomRef));
    out.dependencies = [...edges]
      .filter(([, to]) => to.size > 0)
      .map(([ref, to]) => ({ ref, dependsOn: [...to].sort() }))
      .sort((a, b) => cmp(a.ref, b.ref));
    out.compositions.sort((a, b) => cmp(a.path, b.path));
    return out;
  },
};

function errorIssues(path: string, e: unknown): Issue[] {
  if (e instanceof AggregateRequirementsError) {
    const list = e.errors.slice(0, MAX_ERRORS_PER_FILE).map((x) => parseErrorIssue(PYPI_CATALOGER, path, x.message, x));
    if (e.errors.length > MAX_ERRORS_PER_FILE) list.push(parseErrorIssue(PYPI_CATALOGER, path, `${e.errors.length - MAX_ERRORS_PER_FILE} more invalid lines; the file was skipped`));
    return list;
  }
  if (e instanceof PyParseError) return [parseErrorIssue(PYPI_CATALOGER, path, e.message, e)];
  throw e;
}

async function catalogDir(
  files: FileSource,
  dir: string,
  paths: string[],
  components: Map<string, Component>,
  edges: Map<string, Set<string>>,
  out: CatalogResult,
): Promise<void> {
  const at = (f: string) => (dir === '.' ? f : `${dir}/${f}`);
  const read = async (p: string): Promise<string | undefined> => {
    try {
      return await files.readText(p);
    } catch (err) {
      out.issues.push(catalogerIssue('SBOM_UNREADABLE', PYPI_CATALOGER, `cannot read ${p}: ${(err as Error).message}`, { path: p }));
      return undefined;
    }
  };

  let pyproject: PyProject | undefined;
  const pyprojectPath = at('pyproject.toml');
  if (paths.includes(pyprojectPath)) {
    const text = await read(pyprojectPath);
    if (text !== undefined) {
      try {
        pyproject = parsePyproject(text);
      } catch (e) {
        out.issues.push(...errorIssues(pyprojectPath, e));
      }
    }
  }

  const locks: PyLock[] = [];
  for (const p of paths) {
    if (p === pyprojectPath) continue;
    const base = posix.basename(p);
    const parse = LOCKS[base] ?? (base.endsWith('.txt') ? parseRequirements : undefined);
    if (!parse) continue;
    const text = await read(p);
    if (text === undefined) continue;
    try {
      locks.push(parse(text, p));
    } catch (e) {
      out.issues.push(...errorIssues(p, e));
    }
  }
  const hasLock = locks.some((l) => l.format !== 'requirements');
  if (pyproject && locks.length === 0) locks.push(manifestAsLock(pyproject, pyprojectPath));

  // The project root of this folder: pyproject's project, a lock's editable root, or the folder.
  const lockRoot = locks.flatMap((l) => l.packages).find((p) => p.firstParty && (p.properties['shencha:pypi:path'] === '.' || p.properties['shencha:pypi:editable'] === '.'));
  const projectName = pyproject?.project?.name ?? lockRoot?.name;
  const projectVersion = pyproject?.project?.version ?? (lockRoot && normalizeName(lockRoot.name) === normalizeName(projectName ?? '') ? lockRoot.version : undefined);
  const rootPath = pyproject?.project ? pyprojectPath : lockRoot ? locks.find((l) => l.packages.includes(lockRoot))!.path : locks[0]?.path;
  if (!rootPath) return;
  const rootName = projectName ?? (dir === '.' ? posix.basename(files.root) : posix.basename(dir));
  const rootPurl = projectName ? pypiPurl(projectName, projectVersion) : undefined;
  const rootRef = componentRef(ECO, rootPath, rootName, rootPurl);
  put(
    components,
    makeComponent({
      ecosystem: ECO,
      cataloger: PYPI_CATALOGER,
      path: rootPath,
      line: 1,
      name: rootName,
      ...(projectVersion ? { version: projectVersion } : {}),
      ...(rootPurl ? { purl: rootPurl } : {}),
      bomRef: rootRef,
      firstParty: true,
      ...(pyproject?.license ? { licenses: [pyproject.license] } : {}),
      ...(pyproject?.description ? { description: pyproject.description } : {}),
    }),
  );

  for (const lock of locks) {
    const devFile = lock.format === 'requirements' && DEV_REQUIREMENTS.test(posix.basename(lock.path).replace(/\.txt$/, '')) ? true : posix.dirname(lock.path).endsWith('/requirements') && DEV_REQUIREMENTS.test(posix.basename(lock.path));
    const refOf = new Map<PyPackage, string>();
    const byName = new Map<string, PyPackage[]>();
    for (const p of lock.packages) {
      const n = normalizeName(p.name);
      byName.set(n, [...(byName.get(n) ?? []), p]);
      const isRoot = p === lockRoot || (p.firstParty && normalizeName(p.name) === normalizeName(rootName) && p.version === projectVersion);
      const qualifiers: Record<string, string | undefined> = {};
      if (p.vcsUrl) qualifiers['vcs_url'] = p.vcsUrl;
      if (p.downloadUrl) qualifiers['download_url'] = p.downloadUrl;
      const purl = pypiPurl(p.name, p.version, qualifiers);
      refOf.set(p, isRoot ? rootRef : componentRef(ECO, lock.path, normalizeName(p.name), purl));
    }
    const find = (name: string, version?: string): PyPackage[] => {
      const list = byName.get(name) ?? [];
      const exact = version ? list.filter((p) => p.version === version) : [];
      return exact.length > 0 ? exact : list;
    };

    // Direct dependencies of the project: the lock's own roots, else pyproject's, else the
    // first-party packages' dependencies, else every package nothing else depends on.
    let roots = lock.roots ?? pyproject?.roots;
    const firstParty = lock.packages.filter((p) => p.firstParty);
    if (!roots && firstParty.length > 0) roots = firstParty.flatMap((p) => p.deps);
    if (!roots) {
      const depended = new Set(lock.packages.flatMap((p) => p.deps.map((d) => d.name)));
      roots = lock.packages.filter((p) => !depended.has(normalizeName(p.name))).map((p) => ({ name: normalizeName(p.name), kind: 'required' as const }));
    }
    if (hasLock && lock.format !== 'requirements' && pyproject && lock.roots === undefined) {
      const missing = pyproject.roots.filter((r) => find(r.name).length === 0);
      if (missing.length > 0) {
        out.issues.push(
          catalogerIssue(
            'SBOM_LOCK_OUT_OF_SYNC',
            PYPI_CATALOGER,
            `${lock.path} does not lock ${missing.length} dependenc${missing.length === 1 ? 'y' : 'ies'} declared in ${pyprojectPath}: ${missing.map((m) => m.name).join(', ')}`,
            { path: pyprojectPath, ...(missing[0]!.line ? { line: missing[0]!.line } : {}) },
            'regenerate the lock with its tool',
          ),
        );
      }
    }

    // Scope by reachability when the lock does not state it: required from runtime roots,
    // optional through extras, the rest (dev groups) excluded.
    const reach = new Map<PyPackage, Scope>();
    const walk = (starts: { name: string; version?: string }[], scope: Scope) => {
      const stack = starts.flatMap((s) => find(s.name, s.version));
      while (stack.length > 0) {
        const p = stack.pop()!;
        const prev = reach.get(p);
        if (prev && RANK[prev] >= RANK[scope]) continue;
        reach.set(p, scope);
        for (const d of p.deps) if (d.kind !== 'dev' && (d.kind === 'required' || scope !== 'required')) stack.push(...find(d.name, d.version));
      }
    };
    const startsOf = (kind: string) => [...roots.filter((r) => r.kind === kind), ...firstParty.flatMap((p) => p.deps.filter((d) => d.kind === kind))];
    walk(startsOf('required'), 'required');
    walk(
      [...startsOf('optional'), ...lock.packages.flatMap((p) => (reach.has(p) ? p.deps.filter((d) => d.kind === 'optional') : []))],
      'optional',
    );
    walk(startsOf('dev'), 'excluded');

    const refs: string[] = [rootRef];
    for (const p of lock.packages) {
      const ref = refOf.get(p)!;
      refs.push(ref);
      if (ref === rootRef) continue;
      const scope: Scope | undefined = p.firstParty ? undefined : devFile ? 'excluded' : (p.scope ?? reach.get(p) ?? 'excluded');
      const props = { ...p.properties };
      if (scope === 'excluded') {
        props['shencha:scope-reason'] = devFile
          ? 'dev-requirements-file'
          : p.scope === 'excluded' || reach.get(p) === 'excluded'
            ? 'dev-dependency'
            : 'not-reachable-from-project';
      }
      const qualifiers: Record<string, string | undefined> = {};
      if (p.vcsUrl) qualifiers['vcs_url'] = p.vcsUrl;
      if (p.downloadUrl) qualifiers['download_url'] = p.downloadUrl;
      const purl = pypiPurl(p.name, p.version, qualifiers);
      put(
        components,
        makeComponent({
          ecosystem: ECO,
          cataloger: PYPI_CATALOGER,
          path: lock.path,
          ...(p.line ? { line: p.line } : {}),
          name: normalizeName(p.name),
          ...(p.version ? { version: p.version } : {}),
          ...(purl ? { purl } : {}),
          bomRef: ref,
          ...(scope ? { scope } : {}),
          ...(p.firstParty ? { firstParty: true } : {}),
          hashes: p.hashes,
          properties: props,
        }),
      );
    }
    // Edges: package → its locked dependencies; the project → its direct dependencies.
    for (const p of lock.packages) {
      const from = refOf.get(p)!;
      for (const d of p.deps) for (const t of find(d.name, d.version)) addEdge(edges, from, refOf.get(t)!);
    }
    for (const r of roots) for (const t of find(r.name, r.version)) addEdge(edges, rootRef, refOf.get(t)!);
    out.compositions.push({ aggregate: lock.complete ? 'complete' : 'incomplete', path: lock.path, refs: [...new Set(refs)].sort() });
  }
}

/** Without a lock, pyproject's declarations are the inventory: names, and versions only where pinned. */
function manifestAsLock(py: PyProject, path: string): PyLock {
  const packages: PyPackage[] = [];
  const seen = new Set<string>();
  for (const r of py.roots) {
    const key = `${r.name}@${r.pinned ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const props: Record<string, string> = {};
    if (!r.pinned) props['shencha:version-unresolved'] = r.spec ?? 'not pinned';
    packages.push({
      name: r.name,
      ...(r.pinned ? { version: r.pinned } : {}),
      ...(r.line ? { line: r.line } : {}),
      hashes: [],
      deps: [],
      properties: props,
      scope: r.kind === 'dev' ? 'excluded' : r.kind,
    });
  }
  return { path, format: 'pyproject.toml', packages, roots: py.roots, complete: false };
}

function addEdge(edges: Map<string, Set<string>>, from: string, to: string): void {
  if (from === to) return;
  const s = edges.get(from) ?? new Set<string>();
  s.add(to);
  edges.set(from, s);
}

/** One component per bomRef: evidence and hashes unioned, the strongest scope kept. */
function put(components: Map<string, Component>, c: Component): void {
  const prev = components.get(c.bomRef);
  if (!prev) {
    components.set(c.bomRef, c);
    return;
  }
  for (const e of c.evidence) if (!prev.evidence.some((x) => x.path === e.path && x.line === e.line)) prev.evidence.push(e);
  prev.evidence.sort((a, b) => cmp(a.path, b.path) || (a.line ?? 0) - (b.line ?? 0));
  if (c.hashes) {
    const all = [...(prev.hashes ?? []), ...c.hashes];
    prev.hashes = [...new Map(all.map((h) => [`${h.alg}:${h.content}`, h])).values()].sort((a, b) => cmp(a.alg, b.alg) || cmp(a.content, b.content));
  }
  if (c.scope && (!prev.scope || RANK[c.scope] > RANK[prev.scope])) {
    prev.scope = c.scope;
    if (c.scope !== 'excluded' && prev.properties) delete prev.properties['shencha:scope-reason'];
  }
  if (c.properties) prev.properties = { ...c.properties, ...prev.properties };
  if (prev.scope !== 'excluded' && prev.properties) delete prev.properties['shencha:scope-reason'];
}
