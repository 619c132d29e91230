import { parseYaml, type Component, type FileSource } from '@shencha/core';
import type { Cataloger, CatalogResult } from '../../src/cataloger.js';
import { catalogerIssue, emptyResult, fromCoreParseIssue, hexHash, makeComponent } from '../../src/component.js';
import { LineIndex, readLockfiles } from '../../src/files.js';
import { makePurl } from '../../src/purl.js';

const NAME = 'dart-pub-cataloger';
const PUB_DEV = /^https:\/\/pub\.(dev|dartlang\.org)\/?$/;

type Obj = Record<string, unknown>;
function obj(v: unknown): Obj | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : undefined;
}

/** Dart/Flutter: pubspec.lock (hosted, git, path and sdk sources; `direct dev` → excluded), pubspec.yaml for the root. */
export const dartCataloger: Cataloger = {
  name: NAME,
  ecosystem: 'dart',
  globs: ['**/pubspec.lock'],
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

/** Line of the first match of each key (group 1) in one pass: no rescanning per package. */
function firstLines(text: string, re: RegExp): Map<string, number> {
  const lines = new LineIndex(text);
  const out = new Map<string, number>();
  for (const m of text.matchAll(re)) if (!out.has(m[1]!)) out.set(m[1]!, lines.lineAt(m.index));
  return out;
}

async function catalogLock(files: FileSource, path: string, text: string, result: CatalogResult, components: Map<string, Component>): Promise<void> {
  const parsed = parseYaml(text, path, `sbom/${NAME}`);
  if (!parsed.ok) {
    result.issues.push(fromCoreParseIssue(NAME, path, parsed.issue));
    return;
  }
  const doc = obj(parsed.value);
  const packages = obj(doc?.['packages']);
  if (!doc || (!packages && doc['packages'] !== null && doc['packages'] !== undefined)) {
    result.issues.push(catalogerIssue('SBOM_UNSUPPORTED_FORMAT', NAME, `${path} has no packages map`, { path }));
    return;
  }
  const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  const manifestPath = dir ? `${dir}/pubspec.yaml` : 'pubspec.yaml';
  let rootName = dir ? dir.slice(dir.lastIndexOf('/') + 1) : 'package';
  let rootVersion: string | undefined;
  if (files.get(manifestPath)) {
    try {
      const m = parseYaml(await files.readText(manifestPath), manifestPath, `sbom/${NAME}`);
      const mo = m.ok ? obj(m.value) : undefined;
      rootName = str(mo?.['name']) ?? rootName;
      rootVersion = str(mo?.['version']);
    } catch {
      /* the lock alone still says everything about dependencies */
    }
  }
  const root = makeComponent({
    ecosystem: 'dart',
    name: rootName,
    cataloger: NAME,
    path: files.get(manifestPath) ? manifestPath : path,
    bomRef: `dart:${path}`,
    firstParty: true,
    type: 'application',
    ...(rootVersion ? { version: rootVersion } : {}),
  });
  components.set(root.bomRef, root);
  const refs = new Set<string>([root.bomRef]);
  const direct = new Set<string>();

  const packageLines = firstLines(text, /^ {2}([^\s:#][^:]*):/gm);
  for (const [name, raw] of Object.entries(packages ?? {})) {
    const p = obj(raw);
    if (!p) continue;
    const version = str(p['version']);
    const source = str(p['source']) ?? 'hosted';
    const dependency = str(p['dependency']) ?? 'transitive';
    const desc = obj(p['description']);
    const q: Record<string, string | undefined> = {};
    let firstParty = false;
    const properties: Record<string, string> = { 'shencha:pub-source': source, 'shencha:pub-dependency': dependency };
    const pkgName = str(desc?.['name']) ?? name;
    if (source === 'hosted') {
      const url = str(desc?.['url']);
      if (url && !PUB_DEV.test(url)) q['repository_url'] = url;
    } else if (source === 'git') {
      const url = str(desc?.['url']);
      const ref = str(desc?.['resolved-ref']);
      if (url) q['vcs_url'] = `git+${url}${ref ? `@${ref}` : ''}`;
      const sub = str(desc?.['path']);
      if (sub && sub !== '.') properties['shencha:pub-git-path'] = sub;
    } else if (source === 'path') {
      firstParty = true;
      const local = str(desc?.['path']);
      if (local) properties['shencha:pub-path'] = local;
    } else if (source === 'sdk') {
      properties['shencha:pub-sdk'] = str(p['description']) ?? 'sdk';
    }
    const purl = makePurl('pub', undefined, pkgName, version, q);
    const hash = hexHash('SHA-256', str(desc?.['sha256']));
    const dev = dependency === 'direct dev';
    if (dev) properties['shencha:scope-reason'] = 'dev_dependencies in pubspec (direct dev in pubspec.lock)';
    const line = packageLines.get(name);
    const c = makeComponent({
      ecosystem: 'dart',
      name: pkgName,
      cataloger: NAME,
      path,
      ...(version ? { version } : {}),
      ...(line !== undefined ? { line } : {}),
      ...(purl ? { purl } : { bomRef: `dart:${path}#${name}` }),
      ...(dev ? { scope: 'excluded' as const } : {}),
      ...(firstParty ? { firstParty: true } : {}),
      ...(hash ? { hashes: [hash] } : {}),
      properties,
    });
    const known = components.get(c.bomRef);
    if (known) {
      if (!known.evidence.some((e) => e.path === path)) known.evidence.push(...c.evidence);
    } else components.set(c.bomRef, c);
    refs.add(c.bomRef);
    if (dependency.startsWith('direct')) direct.add(c.bomRef);
  }
  // pubspec.lock records no edges between packages: only the root's direct ones are known.
  if (direct.size > 0) result.dependencies.push({ ref: root.bomRef, dependsOn: [...direct].sort() });
  result.compositions.push({ aggregate: 'complete', path, refs: [...refs].sort() });
}
