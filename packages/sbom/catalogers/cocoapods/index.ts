import { parseYaml, type Component, type FileSource } from '@shencha/core';
import type { Cataloger, CatalogResult } from '../../src/cataloger.js';
import { catalogerIssue, emptyResult, fromCoreParseIssue, hexHash, makeComponent } from '../../src/component.js';
import { LineIndex, readLockfiles } from '../../src/files.js';
import { makePurl } from '../../src/purl.js';

const NAME = 'cocoapods-cataloger';
const TRUNK = /^(trunk|https:\/\/(github\.com\/cocoapods\/specs(\.git)?|cdn\.cocoapods\.org\/?))$/i;

type Obj = Record<string, unknown>;
function obj(v: unknown): Obj | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : undefined;
}

/** `Name/Sub (1.2.3)` or `Name (~> 1.0)` → name and what is in the parentheses. */
function splitEntry(s: string): { name: string; paren?: string } {
  const m = /^(\S+)(?:\s+\((.+)\))?$/.exec(s.trim());
  if (!m) return { name: s.trim() };
  return m[2] ? { name: m[1]!, paren: m[2] } : { name: m[1]! };
}

/** CocoaPods: Podfile.lock (PODS tree → edges, subspecs as their own components, SPEC CHECKSUMS → SHA-1). */
export const cocoapodsCataloger: Cataloger = {
  name: NAME,
  ecosystem: 'cocoapods',
  globs: ['**/Podfile.lock'],
  async catalog(files: FileSource): Promise<CatalogResult> {
    const result = emptyResult();
    const components = new Map<string, Component>();
    for await (const { path, text } of readLockfiles(files, this.globs, NAME, result.issues)) {
      catalogLock(path, text, result, components);
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

function catalogLock(path: string, text: string, result: CatalogResult, components: Map<string, Component>): void {
  const parsed = parseYaml(text, path, `sbom/${NAME}`);
  if (!parsed.ok) {
    result.issues.push(fromCoreParseIssue(NAME, path, parsed.issue));
    return;
  }
  const doc = obj(parsed.value);
  if (!doc || !Array.isArray(doc['PODS'])) {
    result.issues.push(catalogerIssue('SBOM_UNSUPPORTED_FORMAT', NAME, `${path} has no PODS list`, { path }));
    return;
  }
  // Where each pod came from: spec repo, or an external git/path source.
  const repoOf = new Map<string, string>();
  for (const [repo, pods] of Object.entries(obj(doc['SPEC REPOS']) ?? {})) {
    if (Array.isArray(pods)) for (const p of pods) if (typeof p === 'string') repoOf.set(p, repo);
  }
  const external = obj(doc['EXTERNAL SOURCES']) ?? {};
  const checkout = obj(doc['CHECKOUT OPTIONS']) ?? {};
  const checksums = obj(doc['SPEC CHECKSUMS']) ?? {};

  const entries: { name: string; version: string; deps: string[] }[] = [];
  for (const item of doc['PODS'] as unknown[]) {
    if (typeof item === 'string') {
      const e = splitEntry(item);
      if (e.paren) entries.push({ name: e.name, version: e.paren, deps: [] });
    } else if (obj(item)) {
      for (const [k, v] of Object.entries(item as Obj)) {
        const e = splitEntry(k);
        if (!e.paren) continue;
        const deps = (Array.isArray(v) ? v : []).map((d) => (typeof d === 'string' ? splitEntry(d).name : undefined)).filter((d): d is string => !!d);
        entries.push({ name: e.name, version: e.paren, deps });
      }
    }
  }

  const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  const root = makeComponent({
    ecosystem: 'cocoapods',
    name: dir ? dir.slice(dir.lastIndexOf('/') + 1) : 'app',
    cataloger: NAME,
    path: dir ? `${dir}/Podfile` : 'Podfile',
    bomRef: `cocoapods:${path}`,
    firstParty: true,
    type: 'application',
  });
  components.set(root.bomRef, root);
  const refs = new Set<string>([root.bomRef]);
  const refOf = new Map<string, string>();
  const podLines = firstLines(text, /^ {2}- "?([^\s"(]+ \([^)]+\))/gm);
  for (const e of entries) {
    const slash = e.name.indexOf('/');
    const pod = slash < 0 ? e.name : e.name.slice(0, slash);
    const subspec = slash < 0 ? undefined : e.name.slice(slash + 1);
    const ext = obj(external[pod]);
    const co = obj(checkout[pod]);
    const q: Record<string, string | undefined> = {};
    const properties: Record<string, string> = {};
    let firstParty = false;
    const git = str(co?.[':git']) ?? str(ext?.[':git']);
    const localPath = str(ext?.[':path']);
    if (git) {
      const rev = str(co?.[':commit']) ?? str(co?.[':tag']) ?? str(ext?.[':commit']) ?? str(ext?.[':tag']);
      q['vcs_url'] = `git+${git}${rev ? `@${rev}` : ''}`;
      properties['shencha:pod-source'] = 'git';
    } else if (localPath) {
      firstParty = true;
      properties['shencha:pod-source'] = 'path';
      properties['shencha:pod-path'] = localPath;
    } else if (ext && str(ext[':podspec'])) {
      properties['shencha:pod-source'] = 'podspec';
      properties['shencha:pod-podspec'] = str(ext[':podspec'])!;
    } else {
      const repo = repoOf.get(pod);
      if (repo && !TRUNK.test(repo)) q['repository_url'] = repo;
      properties['shencha:pod-source'] = repo ?? 'trunk';
    }
    const purl = makePurl('cocoapods', undefined, pod, e.version, q, subspec);
    // SPEC CHECKSUMS: SHA-1 of the podspec, recorded once per pod.
    const sha1 = subspec ? undefined : hexHash('SHA-1', str(checksums[pod]));
    const line = podLines.get(`${e.name} (${e.version})`);
    if (subspec) properties['shencha:pod-subspec-of'] = pod;
    const c = makeComponent({
      ecosystem: 'cocoapods',
      name: e.name,
      version: e.version,
      cataloger: NAME,
      path,
      ...(line !== undefined ? { line } : {}),
      ...(purl ? { purl } : { bomRef: `cocoapods:${path}#${e.name}` }),
      ...(firstParty ? { firstParty: true } : {}),
      ...(sha1 ? { hashes: [sha1] } : {}),
      properties,
    });
    const known = components.get(c.bomRef);
    if (known) {
      if (!known.evidence.some((x) => x.path === path)) known.evidence.push(...c.evidence);
    } else components.set(c.bomRef, c);
    refs.add(c.bomRef);
    refOf.set(e.name, c.bomRef);
  }
  const edges = new Map<string, Set<string>>();
  const link = (from: string, name: string) => {
    const to = refOf.get(name);
    if (!to) {
      result.issues.push(catalogerIssue('SBOM_UNRESOLVED_DEPENDENCY', NAME, `${path}: ${name} is not among the locked PODS`, { path }));
      return;
    }
    let s = edges.get(from);
    if (!s) edges.set(from, (s = new Set()));
    if (to !== from) s.add(to);
  };
  for (const e of entries) for (const d of e.deps) link(refOf.get(e.name)!, d);
  for (const d of Array.isArray(doc['DEPENDENCIES']) ? doc['DEPENDENCIES'] : []) {
    if (typeof d === 'string') link(root.bomRef, splitEntry(d).name);
  }
  for (const [ref, s] of edges) if (s.size > 0) result.dependencies.push({ ref, dependsOn: [...s].sort() });
  result.compositions.push({ aggregate: 'complete', path, refs: [...refs].sort() });
}
