import type { Component, FileSource } from '@shencha/core';
import type { Cataloger, CatalogResult } from '../../src/cataloger.js';
import { catalogerIssue, emptyResult, hexHash, makeComponent, parseErrorIssue } from '../../src/component.js';
import { LineIndex, readLockfiles } from '../../src/files.js';
import { makePurl } from '../../src/purl.js';
import { parseTerm, TermError, type Term } from './term.js';

const NAME = 'mix-lock-cataloger';

/** Elixir/Erlang: mix.lock (hex and git tuples, their checksums and dependency lists), mix.exs for dev/test-only scopes. */
export const hexCataloger: Cataloger = {
  name: NAME,
  ecosystem: 'hex',
  globs: ['**/mix.lock'],
  async catalog(files: FileSource): Promise<CatalogResult> {
    const result = emptyResult();
    const components = new Map<string, Component>();
    for await (const { path, text } of readLockfiles(files, this.globs, NAME, result.issues)) {
      await catalogLock(files, path, text, result, components);
    }
    result.components = [...components.values()];
    result.dependencies.sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
    return result;
  },
};

interface Locked {
  key: string;
  kind: 'hex' | 'git' | 'path' | 'other';
  localPath?: string;
  name: string;
  version?: string;
  url?: string;
  repo?: string;
  outer?: string;
  inner?: string;
  deps: { app: string; optional: boolean }[];
  offset: number;
}

const s = (t: Term | undefined) => (t && (t.t === 'str' || t.t === 'atom') ? t.v : undefined);

function kwValue(list: Term | undefined, key: string): Term | undefined {
  if (!list || list.t !== 'list') return undefined;
  for (const item of list.items) if (item.t === 'kw' && item.key === key) return item.value;
  return undefined;
}

function readEntry(key: string, value: Term, offset: number): Locked | undefined {
  if (value.t !== 'tuple') return undefined;
  const [kind, ...rest] = value.items;
  const k = s(kind);
  if (k === 'hex') {
    // {:hex, :name, "version", "inner checksum", [managers], [deps], "repo", "outer checksum"}
    const deps: Locked['deps'] = [];
    const depList = rest[4];
    if (depList?.t === 'list') {
      for (const d of depList.items) {
        if (d.t !== 'tuple') continue;
        const app = s(d.items[0]);
        const opts = d.items[2];
        if (app) deps.push({ app, optional: s(kwValue(opts, 'optional')) === 'true' });
      }
    }
    const out: Locked = { key, kind: 'hex', name: s(rest[0]) ?? key, deps, offset };
    const version = s(rest[1]);
    if (version) out.version = version;
    const inner = s(rest[2]);
    if (inner) out.inner = inner;
    const repo = s(rest[5]);
    if (repo) out.repo = repo;
    const outer = s(rest[6]);
    if (outer) out.outer = outer;
    return out;
  }
  if (k === 'git') {
    // {:git, "url", "sha", [opts]}
    const out: Locked = { key, kind: 'git', name: key, deps: [], offset };
    const url = s(rest[0]);
    if (url) out.url = url;
    const sha = s(rest[1]);
    if (sha) out.version = sha;
    return out;
  }
  if (k === 'path') {
    // {:path, "../local_dep", []}: the project's own code next to it.
    const out: Locked = { key, kind: 'path', name: key, deps: [], offset };
    const local = s(rest[0]);
    if (local) out.localPath = local;
    return out;
  }
  return { key, kind: 'other', name: key, deps: [], offset };
}

/** `{:dep, "~> 1.0", only: [:dev, :test]}` entries of mix.exs: the apps not needed in production. */
function devOnlyApps(mixExs: string): { app?: string; prod: Set<string>; dev: Set<string> } {
  const out: { app?: string; prod: Set<string>; dev: Set<string> } = { prod: new Set(), dev: new Set() };
  const app = /\bapp:\s*:(\w+)/.exec(mixExs);
  if (app) out.app = app[1]!;
  for (const m of mixExs.matchAll(/\{\s*:(\w+)\s*,([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}/g)) {
    const body = m[2]!;
    const only = /\bonly:\s*(\[[^\]]*\]|:\w+)/.exec(body);
    if (only && !/:prod\b/.test(only[1]!)) out.dev.add(m[1]!);
    else out.prod.add(m[1]!);
  }
  return out;
}

async function catalogLock(files: FileSource, path: string, text: string, result: CatalogResult, components: Map<string, Component>): Promise<void> {
  let term: Term;
  try {
    term = parseTerm(text);
  } catch (e) {
    const lines = new LineIndex(text);
    const offset = e instanceof TermError ? e.offset : text.length;
    result.issues.push(parseErrorIssue(NAME, path, (e as Error).message, { line: lines.lineAt(offset), column: lines.columnAt(offset) }));
    return;
  }
  if (term.t !== 'map') {
    result.issues.push(parseErrorIssue(NAME, path, 'mix.lock must be a map (%{...})', { line: 1, column: 1 }));
    return;
  }
  const lines = new LineIndex(text);
  const locked: Locked[] = [];
  for (const [k, v] of term.entries) {
    const key = s(k);
    if (!key) continue;
    const entry = readEntry(key, v, k.t === 'str' ? k.offset : 0);
    if (entry) locked.push(entry);
  }

  const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  const mixExsPath = dir ? `${dir}/mix.exs` : 'mix.exs';
  let manifest: ReturnType<typeof devOnlyApps> | undefined;
  if (files.get(mixExsPath)) {
    try {
      manifest = devOnlyApps(await files.readText(mixExsPath));
    } catch {
      manifest = undefined;
    }
  }

  const refOf = new Map<string, string>();
  const byKey = new Map(locked.map((l) => [l.key, l]));
  // Dev/test-only: reachable from a dev-only direct dependency and not from a production one.
  const reach = (roots: Iterable<string>) => {
    const seen = new Set<string>();
    const stack = [...roots];
    while (stack.length > 0) {
      const k = stack.pop()!;
      if (seen.has(k) || !byKey.has(k)) continue;
      seen.add(k);
      for (const d of byKey.get(k)!.deps) stack.push(d.app);
    }
    return seen;
  };
  const prodReach = manifest ? reach(manifest.prod) : undefined;

  const refs = new Set<string>();
  for (const l of locked) {
    const q: Record<string, string | undefined> = {};
    if (l.kind === 'git' && l.url) q['vcs_url'] = `git+${l.url}${l.version ? `@${l.version}` : ''}`;
    if (l.kind === 'hex' && l.repo && l.repo !== 'hexpm') q['repository_url'] = l.repo;
    const purl = makePurl('hex', undefined, l.name, l.version, q);
    const outer = hexHash('SHA-256', l.outer);
    const properties: Record<string, string> = { 'shencha:hex-source': l.kind };
    if (l.inner && hexHash('SHA-256', l.inner)) properties['shencha:hex-inner-checksum'] = l.inner.toLowerCase();
    if (l.key !== l.name) properties['shencha:hex-app'] = l.key;
    if (l.localPath) properties['shencha:hex-path'] = l.localPath;
    const dev = prodReach !== undefined && !prodReach.has(l.key);
    if (dev) properties['shencha:scope-reason'] = `only needed in dev/test according to ${mixExsPath}`;
    const c = makeComponent({
      ecosystem: 'hex',
      name: l.name,
      cataloger: NAME,
      path,
      line: lines.lineAt(l.offset),
      ...(l.version ? { version: l.version } : {}),
      ...(purl ? { purl } : { bomRef: `hex:${path}#${l.key}` }),
      ...(outer ? { hashes: [outer] } : {}),
      ...(dev ? { scope: 'excluded' as const } : {}),
      ...(l.kind === 'path' ? { firstParty: true } : {}),
      ...(l.kind === 'git' && l.url ? { externalReferences: [{ type: 'vcs' as const, url: l.url }] } : {}),
      properties,
    });
    const known = components.get(c.bomRef);
    if (known) {
      if (!known.evidence.some((e) => e.path === path)) known.evidence.push(...c.evidence);
    } else components.set(c.bomRef, c);
    refOf.set(l.key, c.bomRef);
    refs.add(c.bomRef);
  }
  for (const l of locked) {
    const to = new Set<string>();
    for (const d of l.deps) {
      const ref = refOf.get(d.app);
      if (ref) to.add(ref);
      else if (!d.optional) {
        result.issues.push(catalogerIssue('SBOM_UNRESOLVED_DEPENDENCY', NAME, `${path}: ${l.key} depends on ${d.app}, which is not locked`, { path, line: lines.lineAt(l.offset) }));
      }
    }
    if (to.size > 0) result.dependencies.push({ ref: refOf.get(l.key)!, dependsOn: [...to].sort() });
  }
  if (manifest) {
    const root = makeComponent({
      ecosystem: 'hex',
      name: manifest.app ?? (dir ? dir.slice(dir.lastIndexOf('/') + 1) : 'app'),
      cataloger: NAME,
      path: mixExsPath,
      bomRef: `hex:${mixExsPath}`,
      firstParty: true,
      type: 'application',
    });
    components.set(root.bomRef, root);
    refs.add(root.bomRef);
    const direct = [...manifest.prod, ...manifest.dev].map((a) => refOf.get(a)).filter((r): r is string => !!r);
    if (direct.length > 0) result.dependencies.push({ ref: root.bomRef, dependsOn: [...new Set(direct)].sort() });
  }
  result.compositions.push({ aggregate: 'complete', path, refs: [...refs].sort() });
}
