import { parseJson, type Component, type FileSource } from '@shencha/core';
import type { Cataloger, CatalogResult } from '../../src/cataloger.js';
import { catalogerIssue, emptyResult, fromCoreParseIssue, makeComponent } from '../../src/component.js';
import { LineIndex, readLockfiles } from '../../src/files.js';
import { makePurl } from '../../src/purl.js';

const NAME = 'conan-lock-cataloger';

type Obj = Record<string, unknown>;
function obj(v: unknown): Obj | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
}
function strs(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export interface ConanRef {
  name: string;
  version: string;
  user?: string;
  channel?: string;
  rrev?: string;
}

/** `name/version[@user/channel][#rrev][%timestamp]` */
export function parseRef(ref: string): ConanRef | undefined {
  const m = /^([^/@#%\s]+)\/([^@#%\s]+)(?:@([^/#%\s]+)\/([^#%\s]+))?(?:#([0-9a-f]+))?(?:%[\d.]+)?$/i.exec(ref.trim());
  if (!m) return undefined;
  const out: ConanRef = { name: m[1]!, version: m[2]! };
  if (m[3] && m[3] !== '_') out.user = m[3];
  if (m[4] && m[4] !== '_') out.channel = m[4];
  if (m[5]) out.rrev = m[5];
  return out;
}

/** C/C++ Conan: conan.lock (1.x graph_lock v0.4 with its graph; 2.x v0.5 requires lists). */
export const conanCataloger: Cataloger = {
  name: NAME,
  ecosystem: 'conan',
  globs: ['**/conan.lock'],
  async catalog(files: FileSource): Promise<CatalogResult> {
    const result = emptyResult();
    const components = new Map<string, Component>();
    for await (const { path, text } of readLockfiles(files, this.globs, NAME, result.issues)) {
      catalogLock(files, path, text, result, components);
    }
    result.components = [...components.values()];
    result.dependencies.sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
    return result;
  },
};

function catalogLock(files: FileSource, path: string, text: string, result: CatalogResult, components: Map<string, Component>): void {
  const parsed = parseJson(text, path, `sbom/${NAME}`);
  if (!parsed.ok) {
    result.issues.push(fromCoreParseIssue(NAME, path, parsed.issue));
    return;
  }
  const doc = obj(parsed.value) ?? {};
  const lines = new LineIndex(text);
  const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  const conanfile = ['conanfile.py', 'conanfile.txt'].map((f) => (dir ? `${dir}/${f}` : f)).find((f) => files.get(f));
  const refs = new Set<string>();
  const edges = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    let s = edges.get(a);
    if (!s) edges.set(a, (s = new Set()));
    if (a !== b) s.add(b);
  };

  const add = (raw: string, extra: { prev?: string; packageId?: string; context?: string; excludedBecause?: string }): string | undefined => {
    const ref = parseRef(raw);
    if (!ref) {
      result.issues.push(catalogerIssue('SBOM_UNSUPPORTED_FORMAT', NAME, `${path}: "${raw}" is not a Conan reference`, { path, line: lines.lineAt(Math.max(0, text.indexOf(raw))) }));
      return undefined;
    }
    // packageurl-js requires a namespace once a channel is given: the user names it (as in the purl examples).
    const purl = makePurl('conan', ref.channel ? ref.user : undefined, ref.name, ref.version, { user: ref.user, channel: ref.channel, rrev: ref.rrev, prev: extra.prev && extra.prev !== '0' ? extra.prev : undefined });
    const properties: Record<string, string> = {};
    if (extra.packageId) properties['shencha:conan-package-id'] = extra.packageId;
    if (extra.context) properties['shencha:conan-context'] = extra.context;
    if (extra.excludedBecause) properties['shencha:scope-reason'] = extra.excludedBecause;
    const at = text.indexOf(`"${raw}`);
    const c = makeComponent({
      ecosystem: 'conan',
      name: ref.name,
      version: ref.version,
      cataloger: NAME,
      path,
      ...(at >= 0 ? { line: lines.lineAt(at) } : {}),
      ...(purl ? { purl } : { bomRef: `conan:${path}#${raw}` }),
      ...(extra.excludedBecause ? { scope: 'excluded' as const } : {}),
      properties,
    });
    const known = components.get(c.bomRef);
    if (known) {
      if (!known.evidence.some((e) => e.path === path)) known.evidence.push(...c.evidence);
      // Needed at run time anywhere wins over build-only elsewhere.
      if (!extra.excludedBecause && known.scope === 'excluded') {
        delete known.scope;
        if (known.properties) delete known.properties['shencha:scope-reason'];
      }
    } else components.set(c.bomRef, c);
    refs.add(c.bomRef);
    return c.bomRef;
  };

  const rootRef = `conan:${path}`;
  const root = makeComponent({
    ecosystem: 'conan',
    name: dir ? dir.slice(dir.lastIndexOf('/') + 1) : 'project',
    cataloger: NAME,
    path: conanfile ?? path,
    bomRef: rootRef,
    firstParty: true,
    type: 'application',
  });

  const graph = obj(obj(doc['graph_lock'])?.['nodes']);
  if (graph) {
    // 1.x: a graph of nodes; build_requires edges lead to build-only tools.
    const nodes = Object.entries(graph).map(([id, n]) => ({ id, n: obj(n) ?? {} }));
    const runtime = new Set<string>();
    const rootIds = nodes.filter(({ n }) => typeof n['ref'] !== 'string').map(({ id }) => id);
    const stack = [...rootIds];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (runtime.has(id)) continue;
      runtime.add(id);
      stack.push(...strs(graph[id] && obj(graph[id])!['requires']));
    }
    const refOf = new Map<string, string>();
    for (const { id, n } of nodes) {
      if (typeof n['ref'] !== 'string') {
        refOf.set(id, rootRef);
        continue;
      }
      const r = add(n['ref'], {
        ...(typeof n['prev'] === 'string' ? { prev: n['prev'] } : {}),
        ...(typeof n['package_id'] === 'string' ? { packageId: n['package_id'] } : {}),
        ...(typeof n['context'] === 'string' ? { context: n['context'] } : {}),
        ...(runtime.has(id) ? {} : { excludedBecause: 'reached only through build_requires in conan.lock' }),
      });
      if (r) refOf.set(id, r);
    }
    for (const { id, n } of nodes) {
      const from = refOf.get(id);
      if (!from) continue;
      for (const to of [...strs(n['requires']), ...strs(n['build_requires'])]) {
        const target = refOf.get(to);
        if (target) link(from, target);
        else result.issues.push(catalogerIssue('SBOM_UNRESOLVED_DEPENDENCY', NAME, `${path}: node ${id} requires node ${to}, which the lock does not hold`, { path }));
      }
    }
  } else if (Array.isArray(doc['requires']) || Array.isArray(doc['build_requires'])) {
    // 2.x: flat lists without a graph; the root depends on each.
    for (const r of strs(doc['requires'])) {
      const ref = add(r, {});
      if (ref) link(rootRef, ref);
    }
    for (const r of strs(doc['build_requires'])) {
      const ref = add(r, { excludedBecause: 'build_requires in conan.lock (a build tool)' });
      if (ref) link(rootRef, ref);
    }
    for (const r of strs(doc['python_requires'])) {
      const ref = add(r, { excludedBecause: 'python_requires in conan.lock (recipe code)' });
      if (ref) link(rootRef, ref);
    }
  } else {
    result.issues.push(catalogerIssue('SBOM_UNSUPPORTED_FORMAT', NAME, `${path} has neither graph_lock nodes nor requires lists`, { path }));
    return;
  }
  const version = typeof doc['version'] === 'string' ? doc['version'] : undefined;
  if (version && !['0.4', '0.5'].includes(version)) {
    result.issues.push(catalogerIssue('SBOM_UNSUPPORTED_FORMAT', NAME, `${path}: lock version ${version} is not known; read what matched`, { path }));
  }
  components.set(rootRef, root);
  refs.add(rootRef);
  for (const [ref, s] of edges) if (s.size > 0) result.dependencies.push({ ref, dependsOn: [...s].sort() });
  result.compositions.push({ aggregate: 'complete', path, refs: [...refs].sort() });
}
