import { posix } from 'node:path';
import type { Component, ComponentEvidence, ComponentHash, DependencyEdge, FileSource, Issue } from '@shencha/core';
import type { Cataloger, CatalogContext, CatalogResult } from '../../src/cataloger.js';
import { catalogerIssue, cmp, componentRef, hexHash, makeComponent, parseErrorIssue } from '../../src/component.js';
import { lockFiles } from '../../src/files.js';
import { makePurl } from '../../src/purl.js';
import './issues.js';
import { depKey, isResolved, ModelBuilder, type EffectivePom, type ResolvedDependency } from './model.js';
import { activeProfiles, decodePom, parsePom, type RawPom } from './pom.js';
import { LocalMavenRepo } from './repo.js';

export const MAVEN_CATALOGER = 'maven-pom-cataloger';
const ECO = 'maven';
/** Transitive walk bound per module, so a hostile repository cannot make a run unbounded. */
const MAX_TRANSITIVE = 50_000;

type Scope = 'required' | 'optional' | 'excluded';
const RANK: Record<Scope, number> = { required: 3, optional: 2, excluded: 1 };

/** Maven scope → CycloneDX scope: test/import are not shipped; provided/system come from the runtime. */
function mapScope(mavenScope: string, optional: boolean): Scope {
  if (mavenScope === 'test' || mavenScope === 'import') return 'excluded';
  if (optional || mavenScope === 'provided' || mavenScope === 'system') return 'optional';
  return 'required';
}

interface Acc {
  key: string;
  groupId: string;
  artifactId: string;
  version?: string;
  rawVersion?: string;
  type: string;
  classifier?: string;
  purl?: string;
  scope: Scope;
  mavenScopes: Set<string>;
  reasons: Set<string>;
  profiles: Set<string>;
  evidence: Map<string, ComponentEvidence>;
  roots: Set<string>;
  hashes: ComponentHash[];
  viaRepo?: string;
  /** Reached from some module's effective dependencies (not a declaration-only entry). */
  used?: boolean;
}

export const mavenCataloger: Cataloger = {
  name: MAVEN_CATALOGER,
  ecosystem: ECO,
  globs: ['**/pom.xml'],
  async catalog(files: FileSource, context: CatalogContext): Promise<CatalogResult> {
    const issues: Issue[] = [];
    const poms: RawPom[] = [];
    for (const path of lockFiles(files, ['**/pom.xml'])) {
      const e = { path };
      let buf: Buffer;
      try {
        buf = await files.read(e.path);
      } catch (err) {
        issues.push(catalogerIssue('SBOM_UNREADABLE', MAVEN_CATALOGER, `cannot read ${e.path}: ${(err as Error).message}`, { path: e.path }));
        continue;
      }
      const parsed = parsePom(decodePom(buf), e.path);
      if (parsed.ok) poms.push(parsed.pom);
      else issues.push(parseErrorIssue(MAVEN_CATALOGER, e.path, parsed.message, { line: parsed.line, column: parsed.column }));
    }
    const repo = context.options.mavenRepo ? new LocalMavenRepo(context.options.mavenRepo) : undefined;
    return catalogPoms(poms, repo, issues);
  },
};

export function catalogPoms(poms: RawPom[], repo: LocalMavenRepo | undefined, issues: Issue[]): CatalogResult {
  const builder = new ModelBuilder(poms, repo);
  const effs = poms.map((p) => builder.effective(p));
  const byPath = new Map(effs.map((e) => [e.pom.path, e]));

  // ---- modules: first-party components, the inter-module graph, composition roots ----
  const moduleRef = new Map<EffectivePom, string>();
  const purlCount = new Map<string, number>();
  const modulePurl = (e: EffectivePom) =>
    isResolved(e.groupId) && isResolved(e.artifactId) ? makePurl(ECO, e.groupId, e.artifactId, isResolved(e.version) ? e.version : undefined) : undefined;
  for (const e of effs) {
    const p = modulePurl(e);
    if (p) purlCount.set(p, (purlCount.get(p) ?? 0) + 1);
  }
  const modulesByGA = new Map<string, EffectivePom[]>();
  for (const e of effs) {
    const p = modulePurl(e);
    // Two poms with the same coordinates (test data, copies) keep path-based refs so neither is lost.
    moduleRef.set(e, p && purlCount.get(p) === 1 ? p : componentRef(ECO, e.pom.path, e.artifactId || 'pom'));
    const ga = `${e.groupId}:${e.artifactId}`;
    modulesByGA.set(ga, [...(modulesByGA.get(ga) ?? []), e]);
  }
  const findModule = (g: string, a: string, v: string | undefined): EffectivePom | undefined => {
    const list = modulesByGA.get(`${g}:${a}`);
    if (!list) return undefined;
    return list.find((m) => m.version === v) ?? list[0];
  };

  const edges = new Map<string, Set<string>>();
  const edge = (from: string, to: string) => {
    if (from === to) return;
    const s = edges.get(from) ?? new Set<string>();
    s.add(to);
    edges.set(from, s);
  };

  // <modules> → aggregator edges and the tree each pom belongs to.
  const moduleParent = new Map<string, string>();
  for (const e of effs) {
    const dir = posix.dirname(e.pom.path);
    const listed = [...e.pom.modules, ...e.pom.profiles.flatMap((p) => p.modules)];
    for (const m of listed) {
      let rel = posix.normalize(posix.join(dir, m.trim()));
      if (!rel.endsWith('.xml')) rel = posix.join(rel, 'pom.xml');
      const child = byPath.get(rel);
      if (!child) {
        issues.push(
          catalogerIssue('SBOM_MAVEN_MODULE_NOT_FOUND', MAVEN_CATALOGER, `module '${m}' listed in ${e.pom.path} has no pom at ${rel}`, {
            path: e.pom.path,
          }),
        );
        continue;
      }
      if (!moduleParent.has(rel)) moduleParent.set(rel, e.pom.path);
      edge(moduleRef.get(e)!, moduleRef.get(child)!);
    }
  }
  const rootOf = (path: string): string => {
    const seen = new Set<string>();
    let cur = path;
    while (moduleParent.has(cur) && !seen.has(cur)) {
      seen.add(cur);
      cur = moduleParent.get(cur)!;
    }
    return cur;
  };

  // ---- third-party components ----
  const accs = new Map<string, Acc>();
  const accsByGA = new Map<string, Acc[]>();
  const addThird = (
    d: ResolvedDependency,
    scope: Scope,
    root: string,
    extra: { reason?: string; profile?: string; evidencePath?: string; evidenceLine?: number } = {},
  ): Acc => {
    const version = isResolved(d.version) ? d.version : undefined;
    const qualifiers: Record<string, string | undefined> = {};
    if (d.type !== 'jar' && d.type !== '') qualifiers['type'] = d.type;
    if (d.classifier) qualifiers['classifier'] = d.classifier;
    // Coordinates still holding `${…}` are not identifiers: no purl, a path-based ref instead.
    const purl = isResolved(d.groupId) && isResolved(d.artifactId) ? makePurl(ECO, d.groupId, d.artifactId, version, qualifiers) : undefined;
    const key = purl ?? componentRef(ECO, d.decl.path, `${d.groupId}:${d.artifactId}:${d.type}:${d.classifier ?? ''}@${version ?? ''}`);
    let acc = accs.get(key);
    if (!acc) {
      acc = {
        key,
        groupId: d.groupId,
        artifactId: d.artifactId,
        type: d.type,
        scope,
        mavenScopes: new Set(),
        reasons: new Set(),
        profiles: new Set(),
        evidence: new Map(),
        roots: new Set(),
        hashes: [],
      };
      if (version) acc.version = version;
      else acc.rawVersion = d.version ?? '';
      if (d.classifier) acc.classifier = d.classifier;
      if (purl) acc.purl = purl;
      if (repo && version) {
        const ext = d.type === 'jar' || d.type === 'bundle' || d.type === 'test-jar' || d.type === '' ? 'jar' : d.type;
        const h = hexHash('SHA-1', repo.sha1(d.groupId, d.artifactId, version, ext, d.classifier));
        if (h) acc.hashes.push(h);
      }
      accs.set(key, acc);
      const ga = `${d.groupId}:${d.artifactId}`;
      accsByGA.set(ga, [...(accsByGA.get(ga) ?? []), acc]);
    }
    if (RANK[scope] > RANK[acc.scope]) acc.scope = scope;
    acc.mavenScopes.add(d.scope);
    if (extra.reason) acc.reasons.add(extra.reason);
    if (extra.profile) acc.profiles.add(extra.profile);
    const path = extra.evidencePath ?? d.decl.path;
    const line = extra.evidenceLine ?? d.decl.line;
    acc.evidence.set(`${path}\0${line}`, { path, line, cataloger: MAVEN_CATALOGER });
    acc.roots.add(root);
    return acc;
  };

  const usedGA = new Set<string>();
  const unresolvedByPom = new Map<string, { count: number; line: number }>();
  const noteUnresolved = (d: ResolvedDependency) => {
    if (isResolved(d.version)) return;
    const u = unresolvedByPom.get(d.decl.path) ?? { count: 0, line: d.decl.line };
    u.count++;
    unresolvedByPom.set(d.decl.path, u);
  };
  for (const e of effs) {
    const from = moduleRef.get(e)!;
    const root = rootOf(e.pom.path);
    for (const d of e.dependencies) {
      const ga = `${d.groupId}:${d.artifactId}`;
      usedGA.add(ga);
      const mod = findModule(d.groupId, d.artifactId, d.version);
      if (mod) {
        edge(from, moduleRef.get(mod)!);
        continue;
      }
      noteUnresolved(d);
      const acc = addThird(d, mapScope(d.scope, d.optional), root, d.profile ? { profile: d.profile } : {});
      acc.used = true;
      edge(from, acc.key);
    }
  }

  // ---- every declaration is kept: managed-only entries, BOM imports, inactive profiles ----
  for (const e of effs) {
    const root = rootOf(e.pom.path);
    for (const { dep, where, profile } of builder.declarations(e.pom)) {
      const ga = `${dep.groupId}:${dep.artifactId}`;
      if (findModule(dep.groupId, dep.artifactId, dep.version)) continue;
      const extra: { reason?: string; profile?: string } = {};
      if (profile) extra.profile = profile.id;
      if (where === 'managed' && dep.scope === 'import') {
        addThird(dep, 'excluded', root, { ...extra, reason: 'bom-import' });
        continue;
      }
      if (usedGA.has(ga)) {
        // The package is in the product; the declaration is evidence only where its version is the one used.
        const v = isResolved(dep.version) ? dep.version : undefined;
        for (const a of accsByGA.get(ga) ?? []) {
          if (a.used && a.version === v) a.evidence.set(`${dep.decl.path}\0${dep.decl.line}`, { path: dep.decl.path, line: dep.decl.line, cataloger: MAVEN_CATALOGER });
        }
        continue;
      }
      const reason =
        where === 'managed'
          ? 'dependency-management-only'
          : profile && !activeProfiles(e.pom).includes(profile)
            ? 'profile-not-active'
            : 'not-in-effective-model';
      addThird(dep, 'excluded', root, { ...extra, reason });
    }
  }

  // ---- transitive dependencies, only from a local repository the user named ----
  const notInRepo = new Set<string>();
  if (repo) {
    for (const e of effs) resolveTransitive(e);
  }
  function resolveTransitive(e: EffectivePom): void {
    const root = rootOf(e.pom.path);
    const nearest = new Map<string, Acc | EffectivePom>();
    type Item = { d: ResolvedDependency; ref: string; scope: string; excl: { groupId: string; artifactId: string }[] };
    const queue: Item[] = [];
    for (const d of e.dependencies) {
      if (d.optional || d.scope === 'import' || !isResolved(d.version)) continue;
      const ga = `${d.groupId}:${d.artifactId}`;
      const mod = findModule(d.groupId, d.artifactId, d.version);
      if (mod) continue; // a module's own dependencies are catalogued from its own pom
      const acc = accs.get(makePurl(ECO, d.groupId, d.artifactId, d.version, purlQualifiers(d)) ?? '');
      if (!acc) continue;
      nearest.set(ga, acc);
      queue.push({ d, ref: acc.key, scope: d.scope, excl: d.exclusions });
    }
    for (let i = 0; i < queue.length && i < MAX_TRANSITIVE; i++) {
      const it = queue[i]!;
      const pom = builder.findPom(it.d.groupId, it.d.artifactId, it.d.version);
      if (!pom) {
        notInRepo.add(`${it.d.groupId}:${it.d.artifactId}:${it.d.version ?? ''}`);
        continue;
      }
      const inner = builder.effective(pom);
      for (const cd of inner.dependencies) {
        if (cd.optional || !['compile', 'runtime'].includes(cd.scope)) continue;
        if (it.excl.some((x) => (x.groupId === '*' || x.groupId === cd.groupId) && (x.artifactId === '*' || x.artifactId === cd.artifactId))) continue;
        const ga = `${cd.groupId}:${cd.artifactId}`;
        const known = nearest.get(ga);
        if (known) {
          // Nearest wins: the edge points at the version already chosen for this module.
          edge(it.ref, 'key' in known ? known.key : moduleRef.get(known)!);
          continue;
        }
        const mod = findModule(cd.groupId, cd.artifactId, cd.version);
        if (mod) {
          nearest.set(ga, mod);
          edge(it.ref, moduleRef.get(mod)!);
          continue;
        }
        const managed = e.managed.get(depKey(cd));
        const d: ResolvedDependency = { ...cd };
        if (managed?.version !== undefined) d.version = managed.version;
        // Scope along a path: test and provided roots stay non-runtime; runtime beats compile.
        d.scope = it.scope === 'compile' ? cd.scope : it.scope;
        if (!isResolved(d.version)) notInRepo.add(`${cd.groupId}:${cd.artifactId}:${d.version ?? ''}`);
        const acc = addThird(d, mapScope(d.scope, false), root, { evidencePath: e.pom.path, evidenceLine: 1 });
        acc.viaRepo ??= pom.path;
        nearest.set(ga, acc);
        edge(it.ref, acc.key);
        if (isResolved(d.version)) queue.push({ d, ref: acc.key, scope: d.scope, excl: [...it.excl, ...cd.exclusions] });
      }
    }
  }

  // ---- issues ----
  for (const pr of builder.problems) {
    issues.push(
      catalogerIssue('SBOM_MAVEN_PARENT_CYCLE', MAVEN_CATALOGER, pr.message, { path: pr.pom.path, line: pr.line }, 'make the <parent> chain end at a pom without a parent'),
    );
  }
  for (const e of effs) {
    // Reported once, at the pom that names the missing parent (its children inherit the gap).
    if (e.missingParent && e.lineage.length === 1) {
      issues.push(
        catalogerIssue(
          'SBOM_MAVEN_PARENT_NOT_FOUND',
          MAVEN_CATALOGER,
          `parent ${e.missingParent} of ${e.pom.path} is not in the tree; properties and managed versions it defines are unknown`,
          { path: e.pom.path, line: e.pom.parent?.line ?? 1 },
          'pass --maven-repo <dir> naming a local Maven repository that holds the parent pom',
        ),
      );
    }
    const seenBom = new Set<string>();
    for (const imp of e.missingImports) {
      const id = `${imp.groupId}:${imp.artifactId}:${imp.version ?? ''}`;
      if (seenBom.has(id) || imp.decl.path !== e.pom.path) continue;
      seenBom.add(id);
      issues.push(
        catalogerIssue(
          'SBOM_MAVEN_BOM_NOT_FOUND',
          MAVEN_CATALOGER,
          `imported BOM ${id} is not in the tree; versions it manages are unknown`,
          { path: imp.decl.path, line: imp.decl.line },
          'pass --maven-repo <dir> naming a local Maven repository that holds the BOM',
        ),
      );
    }
  }
  for (const [path, u] of [...unresolvedByPom].sort((a, b) => cmp(a[0], b[0]))) {
    issues.push(
      catalogerIssue(
        'SBOM_MAVEN_UNRESOLVED_VERSION',
        MAVEN_CATALOGER,
        `${u.count} dependenc${u.count === 1 ? 'y' : 'ies'} in ${path} have no statically resolvable version`,
        { path, line: u.line },
      ),
    );
  }
  if (repo) {
    for (const b of repo.broken) issues.push(parseErrorIssue(MAVEN_CATALOGER, b.path, b.message, { line: b.line, column: b.column }));
    if (notInRepo.size > 0) {
      const list = [...notInRepo].sort();
      issues.push(
        catalogerIssue(
          'SBOM_MAVEN_NOT_IN_REPO',
          MAVEN_CATALOGER,
          `${list.length} dependencies have no pom in ${repo.root}: ${list.slice(0, 5).join(', ')}${list.length > 5 ? ', …' : ''}`,
          { path: poms[0]?.path ?? 'pom.xml' },
        ),
      );
    }
  }

  // ---- output ----
  const components: Component[] = [];
  for (const e of effs) {
    const version = isResolved(e.version) ? e.version : undefined;
    const purl = modulePurl(e);
    const props: Record<string, string> = { 'shencha:maven:packaging': e.packaging };
    if (e.missingParent && e.lineage.length === 1) props['shencha:maven:parent-unresolved'] = e.missingParent;
    const c = makeComponent({
      ecosystem: ECO,
      cataloger: MAVEN_CATALOGER,
      path: e.pom.path,
      line: 1,
      name: e.artifactId || posix.basename(posix.dirname(e.pom.path)),
      group: e.groupId,
      ...(version ? { version } : {}),
      ...(purl ? { purl } : {}),
      bomRef: moduleRef.get(e)!,
      firstParty: true,
      type: e.packaging === 'jar' || e.packaging === 'bundle' ? 'library' : 'application',
      licenses: e.lineage.find((p) => p.licenses.length > 0)?.licenses ?? [],
      ...(e.pom.description ? { description: e.pom.description } : {}),
      ...(e.pom.url && /^https?:\/\//.test(e.pom.url) ? { externalReferences: [{ type: 'website' as const, url: e.pom.url }] } : {}),
      properties: props,
    });
    components.push(c);
  }
  for (const acc of accs.values()) {
    const props: Record<string, string> = { 'shencha:maven:scope': [...acc.mavenScopes].sort().join(',') };
    if (acc.scope === 'excluded' && acc.reasons.size > 0) props['shencha:scope-reason'] = [...acc.reasons].sort().join(',');
    if (acc.profiles.size > 0) props['shencha:maven:profile'] = [...acc.profiles].sort().join(',');
    if (!acc.version) props['shencha:maven:version-unresolved'] = acc.rawVersion || '(not declared)';
    if (acc.viaRepo && repo) props['shencha:maven:resolved-from'] = posix.relative(repo.root.split('\\').join('/'), acc.viaRepo.split('\\').join('/'));
    const ev = [...acc.evidence.values()].sort((a, b) => cmp(a.path, b.path) || (a.line ?? 0) - (b.line ?? 0));
    const c = makeComponent({
      ecosystem: ECO,
      cataloger: MAVEN_CATALOGER,
      path: ev[0]!.path,
      ...(ev[0]!.line !== undefined ? { line: ev[0]!.line } : {}),
      name: acc.artifactId,
      group: acc.groupId,
      ...(acc.version ? { version: acc.version } : {}),
      ...(acc.purl ? { purl: acc.purl } : {}),
      bomRef: acc.key,
      scope: acc.scope,
      hashes: acc.hashes,
      properties: props,
    });
    c.evidence = ev;
    components.push(c);
  }
  components.sort((a, b) => cmp(a.bomRef, b.bomRef));

  const dependencies: DependencyEdge[] = [...edges]
    .map(([ref, to]) => ({ ref, dependsOn: [...to].sort() }))
    .sort((a, b) => cmp(a.ref, b.ref));

  // One composition per module tree: poms give direct dependencies only, so a tree is complete
  // only when a local repository supplied every transitive pom.
  const compositions: CatalogResult['compositions'] = [];
  const refsByRoot = new Map<string, Set<string>>();
  for (const e of effs) {
    const r = rootOf(e.pom.path);
    const s = refsByRoot.get(r) ?? new Set<string>();
    s.add(moduleRef.get(e)!);
    refsByRoot.set(r, s);
  }
  for (const acc of accs.values()) {
    for (const r of acc.roots) refsByRoot.get(r)?.add(acc.key);
  }
  const complete = repo !== undefined && notInRepo.size === 0 && unresolvedByPom.size === 0 && effs.every((e) => !e.missingParent);
  for (const [root, refs] of [...refsByRoot].sort((a, b) => cmp(a[0], b[0]))) {
    compositions.push({ aggregate: complete ? 'complete' : 'incomplete', path: root, refs: [...refs].sort() });
  }
  return { components, dependencies, compositions, issues };
}

function purlQualifiers(d: ResolvedDependency): Record<string, string | undefined> {
  const q: Record<string, string | undefined> = {};
  if (d.type !== 'jar' && d.type !== '') q['type'] = d.type;
  if (d.classifier) q['classifier'] = d.classifier;
  return q;
}

export { parsePom, decodePom } from './pom.js';
export type { RawPom } from './pom.js';
