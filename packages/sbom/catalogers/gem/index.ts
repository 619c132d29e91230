import type { Component, FileSource } from '@shencha/core';
import type { Cataloger, CatalogResult } from '../../src/cataloger.js';
import { catalogerIssue, emptyResult, hexHash, makeComponent, parseErrorIssue } from '../../src/component.js';
import { readLockfiles } from '../../src/files.js';
import { makePurl } from '../../src/purl.js';
import { gemfileGroups } from './gemfile.js';
import { parseGemfileLock, type GemSpec } from './lockfile.js';
import { reachableFrom } from '../../src/graph.js';

const NAME = 'gemfile-lock-cataloger';
const HASH_ALGS: Record<string, string> = { sha256: 'SHA-256', sha512: 'SHA-512', sha1: 'SHA-1' };

/** Ruby: Gemfile.lock (GEM, GIT and PATH sources; spec indentation gives the edges; CHECKSUMS). */
export const gemCataloger: Cataloger = {
  name: NAME,
  ecosystem: 'gem',
  globs: ['**/Gemfile.lock', '**/gems.locked'],
  async catalog(files: FileSource): Promise<CatalogResult> {
    const result = emptyResult();
    const components = new Map<string, Component>();
    for await (const { path, text } of readLockfiles(files, this.globs, NAME, result.issues)) {
      const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
      const gemfile = [dir ? `${dir}/Gemfile` : 'Gemfile', dir ? `${dir}/gems.rb` : 'gems.rb'].find((p) => files.get(p));
      let groups: ReturnType<typeof gemfileGroups> | undefined;
      if (gemfile) {
        try {
          groups = gemfileGroups(await files.readText(gemfile));
        } catch {
          groups = undefined;
        }
      }
      catalogLock(path, text, result, components, groups && gemfile ? { path: gemfile, ...groups } : undefined);
    }
    result.components = [...components.values()];
    result.dependencies.sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
    return result;
  },
};

function purlOf(spec: GemSpec): string | undefined {
  const q: Record<string, string | undefined> = { platform: spec.platform };
  if (spec.source.type === 'GIT' && spec.source.remote) {
    q['vcs_url'] = `git+${spec.source.remote.replace(/^git\+/, '')}${spec.source.revision ? `@${spec.source.revision}` : ''}`;
  } else if (spec.source.type === 'GEM' && spec.source.remotes.length === 1 && !/^https?:\/\/rubygems\.org\/?$/.test(spec.source.remotes[0]!)) {
    // With several remotes the lock does not say which one served a gem: no qualifier then.
    q['repository_url'] = spec.source.remotes[0];
  }
  return makePurl('gem', undefined, spec.name, spec.version, q);
}

function catalogLock(
  path: string,
  text: string,
  result: CatalogResult,
  components: Map<string, Component>,
  gemfile?: { path: string; devOnly: Set<string>; runtime: Set<string> },
): void {
  const parsed = parseGemfileLock(text);
  if (!parsed.ok) {
    result.issues.push(parseErrorIssue(NAME, path, parsed.message, { line: parsed.line, column: parsed.column }));
    return;
  }
  const { lock } = parsed;
  for (const s of lock.unknownSections) {
    result.issues.push(
      catalogerIssue('SBOM_UNSUPPORTED_FORMAT', NAME, `${path}: unknown section "${s.name}" was skipped`, { path, line: s.line, column: 1 }),
    );
  }
  const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  const root = makeComponent({
    ecosystem: 'gem',
    name: dir ? dir.slice(dir.lastIndexOf('/') + 1) : 'project',
    cataloger: NAME,
    path,
    bomRef: `gem:${path}`,
    firstParty: true,
    type: 'application',
  });
  components.set(root.bomRef, root);
  const refs = new Set<string>([root.bomRef]);
  const byName = new Map<string, string[]>();
  const refOf = new Map<GemSpec, string>();
  for (const spec of lock.specs) {
    const purl = purlOf(spec);
    const full = spec.platform ? `${spec.version}-${spec.platform}` : spec.version;
    const sums = lock.checksums.get(`${spec.name} ${full}`) ?? [];
    const hashes = sums.map((s) => hexHash(HASH_ALGS[s.alg] ?? '', s.hex)).filter((h) => h !== undefined);
    const properties: Record<string, string> = { 'shencha:gem-source': spec.source.type };
    if (spec.source.remotes.length > 0) properties['shencha:gem-remote'] = spec.source.remotes.join(' ');
    if (spec.source.branch) properties['shencha:gem-branch'] = spec.source.branch;
    if (spec.source.tag) properties['shencha:gem-tag'] = spec.source.tag;
    // PATH gems are the project's own code (its gemspec, or sibling gems of a monorepo).
    const local = spec.source.type === 'PATH';
    const c = makeComponent({
      ecosystem: 'gem',
      name: spec.name,
      version: spec.version,
      cataloger: NAME,
      path,
      line: spec.line,
      ...(purl ? { purl } : {}),
      ...(local ? { firstParty: true } : {}),
      hashes,
      ...(spec.source.type === 'GIT' && spec.source.remote ? { externalReferences: [{ type: 'vcs' as const, url: spec.source.remote }] } : {}),
      properties,
    });
    const known = components.get(c.bomRef);
    if (known) {
      if (!known.evidence.some((e) => e.path === path)) known.evidence.push(...c.evidence);
    } else components.set(c.bomRef, c);
    refOf.set(spec, c.bomRef);
    refs.add(c.bomRef);
    byName.set(spec.name, [...(byName.get(spec.name) ?? []), c.bomRef]);
  }
  const edges = new Map<string, Set<string>>();
  const link = (from: string, name: string, line: number, direct = false) => {
    const targets = byName.get(name);
    if (!targets) {
      // Bundler itself is never locked; a direct dependency restricted to other platforms
      // (`platforms: [:windows]`) is listed under DEPENDENCIES without a spec.
      if (name !== 'bundler' && !direct) {
        result.issues.push(catalogerIssue('SBOM_UNRESOLVED_DEPENDENCY', NAME, `${path}:${line}: ${name} is not locked`, { path, line }));
      }
      return;
    }
    let s = edges.get(from);
    if (!s) edges.set(from, (s = new Set()));
    // Platform variants of one gem: the install picks one, so each is a possible edge.
    for (const t of targets) if (t !== from) s.add(t);
  };
  for (const spec of lock.specs) for (const d of spec.dependencies) link(refOf.get(spec)!, d, spec.line);
  for (const d of lock.direct) link(root.bomRef, d.name, d.line, true);
  for (const [ref, s] of edges) if (s.size > 0) result.dependencies.push({ ref, dependsOn: [...s].sort() });
  if (gemfile && gemfile.devOnly.size > 0) {
    // Gems reachable only from development/test groups of the Gemfile do not ship.
    const starts = lock.direct.filter((d) => !gemfile.devOnly.has(d.name)).flatMap((d) => byName.get(d.name) ?? []);
    for (const spec of lock.specs) if (spec.source.type === 'PATH') starts.push(refOf.get(spec)!);
    const reached = reachableFrom(edges, starts);
    for (const spec of lock.specs) {
      const ref = refOf.get(spec)!;
      const c = components.get(ref);
      if (!c || reached.has(ref) || c.evidence[0]?.path !== path) continue;
      c.scope = 'excluded';
      c.properties = { ...c.properties, 'shencha:scope-reason': `only in development/test groups of ${gemfile.path}` };
    }
  }
  result.compositions.push({ aggregate: 'complete', path, refs: [...refs].sort() });
}
