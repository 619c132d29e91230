import type { Component, FileSource } from '@shencha/core';
import { parseJson } from '@shencha/core';
import type { CatalogContext, CatalogResult, Cataloger } from '../../src/cataloger.js';
import { catalogerIssue, cmp, emptyResult, fromCoreParseIssue, hashesFromIntegrity, makeComponent, appendResult } from '../../src/component.js';
import { LineIndex, lockFiles } from '../../src/files.js';
import { npmPurl } from '../../src/purl.js';
import { DEP_FIELDS, dirOf, isObject, isStringRecord, joinPath, outOfSyncIssue, readPackageJson, str } from '../npm/common.js';
import { reachableFrom } from '../../src/graph.js';

const NAME = 'bun-lock-cataloger';
const ECOSYSTEM = 'npm';

/**
 * bun's text lock `bun.lock` (JSONC: trailing commas allowed). `packages` maps an install path
 * (`a`, `a/b` for b nested under a) to a tuple whose first element is `name@version` (or
 * `name@workspace:path`, `name@root:`, `name@github:…`). The binary `bun.lockb` cannot be read;
 * it gets an issue saying how to produce the text form.
 */
export const bunCataloger: Cataloger = {
  name: NAME,
  ecosystem: 'bun',
  globs: ['**/bun.lock', '**/bun.lockb'],
  async catalog(files: FileSource, _context: CatalogContext): Promise<CatalogResult> {
    const result = emptyResult();
    const paths = lockFiles(files, this.globs);
    const text = new Set(paths.filter((p) => p.endsWith('.lock')));
    for (const path of paths) {
      if (path.endsWith('.lockb')) {
        // bun itself prefers bun.lock when both exist; then the binary one says nothing more.
        if (text.has(path.slice(0, -1))) continue;
        result.issues.push(
          catalogerIssue(
            'SBOM_BINARY_LOCKFILE',
            NAME,
            `${NAME}: ${path} is bun's binary lockfile, which shencha cannot read; its packages are not in the SBOM`,
            { path },
            'run `bun install --save-text-lockfile --frozen-lockfile --lockfile-only` (bun ≥ 1.1.39) to write bun.lock, commit it, and delete bun.lockb',
          ),
        );
        continue;
      }
      appendResult(result, await catalogBunLock(files, path));
    }
    return result;
  },
};

/** JSONC → JSON with every removed character replaced by a space, so offsets (and errors) stay put. */
export function stripJsonc(text: string): string {
  const out = text.split('');
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      i++;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') out[i++] = ' ';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      for (; i < stop; i++) if (text[i] !== '\n') out[i] = ' ';
    } else if (c === ',') {
      let j = i + 1;
      // Look past whitespace and comments for the closing bracket.
      for (;;) {
        while (j < text.length && /\s/.test(text[j]!)) j++;
        if (text[j] === '/' && text[j + 1] === '/') while (j < text.length && text[j] !== '\n') j++;
        else if (text[j] === '/' && text[j + 1] === '*') j = text.indexOf('*/', j + 2) < 0 ? text.length : text.indexOf('*/', j + 2) + 2;
        else break;
      }
      if (text[j] === '}' || text[j] === ']') out[i] = ' ';
      i++;
    } else i++;
  }
  return out.join('');
}

export async function catalogBunLock(files: FileSource, path: string): Promise<CatalogResult> {
  const result = emptyResult();
  let text: string;
  try {
    text = await files.readText(path);
  } catch (e) {
    result.issues.push(catalogerIssue('SBOM_UNREADABLE', NAME, `${NAME}: cannot read ${path}: ${(e as Error).message}`, { path }));
    return result;
  }
  const parsed = parseJson<unknown>(stripJsonc(text), path, `sbom/${NAME}`);
  if (!parsed.ok) return (result.issues.push(fromCoreParseIssue(NAME, path, parsed.issue)), result);
  const lock = parsed.value;
  if (!isObject(lock)) {
    result.issues.push(catalogerIssue('SBOM_PARSE_ERROR', NAME, `${NAME}: cannot parse ${path}: not a JSON object`, { path, line: 1, column: 1 }));
    return result;
  }
  if (lock['lockfileVersion'] !== 0 && lock['lockfileVersion'] !== 1) {
    result.issues.push(catalogerIssue('SBOM_UNSUPPORTED_FORMAT', NAME, `${NAME}: ${path} has lockfileVersion ${String(lock['lockfileVersion'])}; read as version 1`, { path, line: 1 }));
  }
  const dir = dirOf(path);
  const lines = new LineIndex(text);
  const lineOfKey = (key: string, from: number): number | undefined => {
    const at = text.indexOf(`${JSON.stringify(key)}:`, from);
    return at < 0 ? undefined : lines.lineAt(at);
  };
  const packagesAt = Math.max(0, text.indexOf('"packages"'));
  const components = new Map<string, Component>();
  const edges = new Map<string, Set<string>>();
  const edge = (from: string) => {
    let s = edges.get(from);
    if (!s) edges.set(from, (s = new Set()));
    return s;
  };

  // Workspaces (the product's own packages): `""` is the root.
  const workspaces = isObject(lock['workspaces']) ? lock['workspaces'] : { '': {} };
  const wsRef = new Map<string, string>();
  const wsByName = new Map<string, string>();
  for (const [ws, raw] of Object.entries(workspaces).sort(([a], [b]) => cmp(a, b))) {
    const w = isObject(raw) ? raw : {};
    const wsDir = ws === '' ? dir : (joinPath(dir, ws) ?? ws);
    const fallback = (wsDir || files.root).replace(/\/+$/, '');
    const name = str(w['name']) ?? (fallback.slice(fallback.lastIndexOf('/') + 1) || 'root');
    const version = str(w['version']);
    const purl = str(w['name']) ? npmPurl(name, version) : undefined;
    const line = lineOfKey(ws, 0);
    const c = makeComponent({
      ecosystem: ECOSYSTEM,
      name,
      cataloger: NAME,
      path,
      ...(line !== undefined ? { line } : {}),
      ...(version ? { version } : {}),
      ...(purl ? { purl } : {}),
      bomRef: `bun:${path}#${ws === '' ? '.' : ws}`,
      type: ws === '' ? 'application' : 'library',
      firstParty: true,
      properties: { 'shencha:bun-workspace': ws === '' ? '.' : ws },
    });
    components.set(c.bomRef, c);
    wsRef.set(ws, c.bomRef);
    wsByName.set(name, c.bomRef);
    const pkg = await readPackageJson(files, wsDir ? `${wsDir}/package.json` : 'package.json', NAME, result.issues);
    if (pkg) {
      const problems: string[] = [];
      for (const field of DEP_FIELDS) {
        const declared = pkg[field];
        if (!isObject(declared)) continue;
        const locked = isObject(w[field]) ? w[field] : {};
        for (const [n, r] of Object.entries(declared).sort(([a], [b]) => cmp(a, b))) {
          if (!(n in locked)) problems.push(`${n} (${field}) is not in the lock`);
          else if (typeof r === 'string' && locked[n] !== r) problems.push(`${n} is ${r} in package.json but ${String(locked[n])} in the lock`);
        }
      }
      const issue = outOfSyncIssue(NAME, path, wsDir ? `${wsDir}/package.json` : 'package.json', problems, 'run `bun install` and commit bun.lock');
      if (issue) result.issues.push(issue);
    }
  }

  // Packages: install path → component.
  const packages = isObject(lock['packages']) ? lock['packages'] : {};
  const refOfKey = new Map<string, string>();
  const infoOfKey = new Map<string, Record<string, unknown>>();
  let cursor = packagesAt;
  for (const [key, tuple] of Object.entries(packages)) {
    if (!Array.isArray(tuple) || typeof tuple[0] !== 'string') {
      result.issues.push(catalogerIssue('SBOM_UNSUPPORTED_FORMAT', NAME, `${NAME}: package ${JSON.stringify(key.slice(0, 200))} is not a [name@version, …] tuple`, { path }));
      continue;
    }
    const ident = tuple[0];
    const at = ident.indexOf('@', 1);
    if (at <= 0) continue;
    const name = ident.slice(0, at);
    const spec = ident.slice(at + 1);
    const info = (tuple.find((x, i) => i > 0 && isObject(x)) as Record<string, unknown> | undefined) ?? {};
    infoOfKey.set(key, info);
    const keyAt = text.indexOf(`${JSON.stringify(key)}:`, cursor);
    if (keyAt >= 0) cursor = keyAt;
    const line = keyAt >= 0 ? lines.lineAt(keyAt) : undefined;
    if (spec.startsWith('workspace:') || spec.startsWith('root:')) {
      const ws = spec.startsWith('root:') ? '' : spec.slice('workspace:'.length);
      const ref = wsRef.get(ws) ?? wsByName.get(name);
      if (ref) refOfKey.set(key, ref);
      continue;
    }
    const properties: Record<string, string> = {};
    let version = spec;
    let qualifiers: Record<string, string> | undefined;
    const m = /^(github|git\+[a-z]+|git|https?|file|link|tarball):(.*)$/.exec(spec);
    if (m) {
      properties['shencha:npm-source'] = m[1]!.startsWith('git') ? 'git' : m[1]!;
      const sha = /#([0-9a-f]{7,40})$/.exec(spec)?.[1];
      if (properties['shencha:npm-source'] === 'git') qualifiers = { vcs_url: spec.replace(/#.*$/, '') };
      version = sha ?? spec;
    }
    const integrity = tuple.find((x, i) => i > 0 && typeof x === 'string' && /^sha(1|256|384|512)-/.test(x)) as string | undefined;
    const registry = typeof tuple[1] === 'string' && /^https?:\/\//.test(tuple[1]) ? tuple[1] : undefined;
    const purl = npmPurl(name, version, registry ? { repository_url: registry } : qualifiers);
    const c = makeComponent({
      ecosystem: ECOSYSTEM,
      name,
      version,
      cataloger: NAME,
      path,
      ...(line !== undefined ? { line } : {}),
      ...(purl ? { purl } : {}),
      hashes: hashesFromIntegrity(integrity),
      properties,
    });
    if (!components.has(c.bomRef)) components.set(c.bomRef, c);
    refOfKey.set(key, c.bomRef);
  }

  // Node-style lookup over install paths: `a/b` first, then up to the top level.
  const resolve = (fromKey: string, dep: string): string | undefined => {
    const chain = splitInstallPath(fromKey);
    for (let n = chain.length; n >= 0; n--) {
      const key = [...chain.slice(0, n), dep].join('/');
      const r = refOfKey.get(key);
      if (r) return r;
    }
    return wsByName.get(dep);
  };
  const unresolved: string[] = [];
  for (const [key, info] of [...infoOfKey].sort(([a], [b]) => cmp(a, b))) {
    const from = refOfKey.get(key);
    if (!from) continue;
    const set = edge(from);
    for (const [field, optional] of [['dependencies', false], ['optionalDependencies', true]] as const) {
      const deps = info[field];
      if (!isStringRecord(deps)) continue;
      for (const n of Object.keys(deps)) {
        const to = resolve(key, n);
        if (to) to !== from && set.add(to);
        else if (!optional) unresolved.push(`${key} → ${n}`);
      }
    }
  }
  const prodStarts: string[] = [];
  const devStarts: string[] = [];
  const optionalStarts: string[] = [];
  for (const [ws, raw] of Object.entries(workspaces)) {
    const w = isObject(raw) ? raw : {};
    const from = wsRef.get(ws)!;
    const set = edge(from);
    for (const field of [...DEP_FIELDS, 'peerDependencies'] as const) {
      const deps = w[field];
      if (!isObject(deps)) continue;
      for (const n of Object.keys(deps)) {
        const to = resolve('', n);
        if (!to) {
          if (field === 'dependencies' || field === 'devDependencies') unresolved.push(`${ws || '.'} → ${n}`);
          continue;
        }
        if (to !== from) set.add(to);
        if (components.get(to)?.firstParty) continue;
        (field === 'devDependencies' ? devStarts : field === 'optionalDependencies' ? optionalStarts : prodStarts).push(to);
      }
    }
  }
  const reach = (starts: string[]): Set<string> => reachableFrom(edges, starts);
  // Optional edges inside packages: only what is reached without them is required.
  const requiredReach = (() => {
    const seen = new Set<string>();
    const stack = [...prodStarts];
    while (stack.length > 0) {
      const r = stack.pop()!;
      if (seen.has(r)) continue;
      seen.add(r);
      for (const [key, ref] of refOfKey) {
        if (ref !== r) continue;
        const deps = infoOfKey.get(key)?.['dependencies'];
        if (!isStringRecord(deps)) continue;
        for (const n of Object.keys(deps)) {
          const to = resolve(key, n);
          if (to && !seen.has(to)) stack.push(to);
        }
      }
    }
    return seen;
  })();
  const prod = reach([...prodStarts, ...optionalStarts]);
  const dev = reach(devStarts);
  for (const c of components.values()) {
    if (c.firstParty) continue;
    if (requiredReach.has(c.bomRef)) c.scope = 'required';
    else if (prod.has(c.bomRef)) c.scope = 'optional';
    else if (dev.has(c.bomRef)) {
      c.scope = 'excluded';
      c.properties = { ...c.properties, 'shencha:scope-reason': 'dev' };
    } else c.scope = 'required';
  }
  const rootRef = wsRef.get('') ?? [...wsRef.values()][0]!;
  const all = reach([...wsRef.values()]);
  for (const r of [...components.keys()].sort(cmp)) {
    if (all.has(r)) continue;
    edge(rootRef).add(r);
    for (const x of reach([r])) all.add(x);
  }
  if (unresolved.length > 0) {
    result.issues.push(
      catalogerIssue(
        'SBOM_UNRESOLVED_DEPENDENCY',
        NAME,
        `${NAME}: ${unresolved.length} dependenc${unresolved.length === 1 ? 'y' : 'ies'} in ${path} resolve to no locked package (first: ${unresolved.slice(0, 5).join(', ')})`,
        { path },
        'run `bun install` and commit bun.lock',
      ),
    );
  }
  const refs = [...components.keys()].sort(cmp);
  for (const r of refs) result.components.push(components.get(r)!);
  for (const [ref, set] of edges) result.dependencies.push({ ref, dependsOn: [...set].sort(cmp) });
  result.compositions.push({ aggregate: 'complete', path, refs });
  return result;
}

/** `a/@s/b/c` → ['a', '@s/b', 'c']. */
function splitInstallPath(key: string): string[] {
  if (!key) return [];
  const parts = key.split('/');
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    if (parts[i]!.startsWith('@') && i + 1 < parts.length) out.push(`${parts[i]}/${parts[++i]}`);
    else out.push(parts[i]!);
  }
  return out;
}
