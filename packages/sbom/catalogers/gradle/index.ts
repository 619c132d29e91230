import { posix } from 'node:path';
import { registerIssueCodes, type Component, type ComponentHash, type FileSource } from '@shencha/core';
import type { Cataloger, CatalogResult } from '../../src/cataloger.js';
import { catalogerIssue, cmp, componentRef, emptyResult, makeComponent, parseErrorIssue } from '../../src/component.js';
import { lockFiles } from '../../src/files.js';
import { makePurl } from '../../src/purl.js';
import { CatalogError, normalizeAlias, parseVersionCatalog, type VersionCatalog } from './catalog.js';
import { classifyConfiguration, parseGradleLockfile, type ConfigurationClass } from './lockfile.js';
import { parseGradleProperties, readScript, type ScriptFacts } from './script.js';
import { parseVerificationMetadata, type VerifiedModule } from './verification.js';

registerIssueCodes({
  SBOM_GRADLE_UNRESOLVED: {
    severity: 'info',
    description: 'Dependencies declared in a Gradle build script could not be resolved statically (computed versions or coordinates); they are listed as written.',
  },
});

export const GRADLE_CATALOGER = 'gradle-cataloger';
const ECO = 'gradle';
const MAX_ERRORS_PER_FILE = 10;

type Scope = 'required' | 'optional' | 'excluded';
const RANK: Record<Scope, number> = { required: 3, optional: 2, excluded: 1 };

const SCRIPT = /(^|\/)build\.gradle(\.kts)?$/;
const SETTINGS = /(^|\/)settings\.gradle(\.kts)?$/;

const GLOBS = [
  '**/gradle.lockfile',
  '**/gradle/dependency-locks/*.lockfile',
  '**/gradle/verification-metadata.xml',
  '**/gradle/*.versions.toml',
  '**/build.gradle',
  '**/build.gradle.kts',
  '**/settings.gradle',
  '**/settings.gradle.kts',
  '**/gradle.properties',
];

function scopeOf(cls: ConfigurationClass): { scope?: Scope; reason?: string } {
  switch (cls) {
    case 'runtime':
      return { scope: 'required' };
    case 'compile-only':
      return { scope: 'optional', reason: 'compile-only' };
    case 'test':
      return { scope: 'excluded', reason: 'test-configuration' };
    case 'build-tool':
      return { scope: 'excluded', reason: 'build-tool-configuration' };
    default:
      return {};
  }
}

/** The strongest class among a module's configurations decides its scope. */
function scopeOfConfigurations(confs: string[]): { scope?: Scope; reason?: string } {
  const classes = confs.map(classifyConfiguration);
  for (const c of ['runtime', 'compile-only', 'unknown', 'test', 'build-tool'] as const) {
    if (classes.includes(c)) return scopeOf(c);
  }
  return {};
}

function mavenPurl(group: string, name: string, version?: string, classifier?: string): string | undefined {
  if (!group || group.includes('$') || name.includes('$')) return undefined;
  return makePurl('maven', group, name, version && !version.includes('$') ? version : undefined, classifier ? { classifier } : undefined);
}

interface Builder {
  components: Map<string, Component>;
  edges: Map<string, Set<string>>;
}

function put(b: Builder, c: Component): Component {
  const prev = b.components.get(c.bomRef);
  if (!prev) {
    b.components.set(c.bomRef, c);
    return c;
  }
  for (const e of c.evidence) if (!prev.evidence.some((x) => x.path === e.path && x.line === e.line)) prev.evidence.push(e);
  prev.evidence.sort((x, y) => cmp(x.path, y.path) || (x.line ?? 0) - (y.line ?? 0));
  if (c.hashes) {
    const all = [...(prev.hashes ?? []), ...c.hashes];
    prev.hashes = [...new Map(all.map((h) => [`${h.alg}:${h.content}`, h])).values()].sort((x, y) => cmp(x.alg, y.alg) || cmp(x.content, y.content));
  }
  const props = { ...(c.properties ?? {}), ...(prev.properties ?? {}) };
  // An explicit scope beats an unknown one; among explicit ones the strongest wins.
  if (c.scope && (!prev.scope || RANK[c.scope] > RANK[prev.scope])) {
    prev.scope = c.scope;
    if (c.properties?.['shencha:scope-reason']) props['shencha:scope-reason'] = c.properties['shencha:scope-reason'];
    else delete props['shencha:scope-reason'];
  }
  if (prev.scope !== 'excluded' && prev.scope !== 'optional') delete props['shencha:scope-reason'];
  for (const k of ['shencha:gradle:configurations', 'shencha:gradle:declared-as']) {
    const merged = [...new Set([prev.properties?.[k], c.properties?.[k]].flatMap((v) => (v ? v.split(',') : [])))].sort();
    if (merged.length > 0) props[k] = merged.join(',');
  }
  if (Object.keys(props).length > 0) prev.properties = props;
  return prev;
}

function edge(b: Builder, from: string, to: string): void {
  if (from === to) return;
  const s = b.edges.get(from) ?? new Set<string>();
  s.add(to);
  b.edges.set(from, s);
}

export const gradleCataloger: Cataloger = {
  name: GRADLE_CATALOGER,
  ecosystem: ECO,
  globs: GLOBS,
  async catalog(files: FileSource): Promise<CatalogResult> {
    const out = emptyResult();
    const paths = lockFiles(files, GLOBS);
    if (paths.length === 0) return out;
    const texts = new Map<string, string>();
    for (const p of paths) {
      try {
        texts.set(p, await files.readText(p));
      } catch (err) {
        out.issues.push(catalogerIssue('SBOM_UNREADABLE', GRADLE_CATALOGER, `cannot read ${p}: ${(err as Error).message}`, { path: p }));
      }
    }
    // A build is rooted at a settings script; a tree without one is a single-project build.
    const settingsDirs = paths.filter((p) => SETTINGS.test(p)).map((p) => posix.dirname(p));
    const rootOf = (dir: string): string => {
      let best: string | undefined;
      for (const s of settingsDirs) if ((s === '.' || dir === s || dir.startsWith(s + '/')) && (!best || s.length > best.length)) best = s;
      if (best) return best;
      // No settings: the gradle/ folder (catalog, verification metadata) belongs to its parent project.
      return dir.endsWith('/gradle') || dir === 'gradle' ? posix.dirname(dir) : dir;
    };
    const builds = new Map<string, string[]>();
    for (const p of texts.keys()) {
      let d = posix.dirname(p);
      if (d.endsWith('/dependency-locks') || d === 'gradle/dependency-locks') d = posix.dirname(posix.dirname(d));
      const r = rootOf(d);
      builds.set(r, [...(builds.get(r) ?? []), p]);
    }
    const b: Builder = { components: new Map(), edges: new Map() };
    for (const [root, list] of [...builds].sort((x, y) => cmp(x[0], y[0]))) catalogBuild(root, list.sort(), texts, b, out);
    out.components = [...b.components.values()].sort((x, y) => cmp(x.bomRef, y.bomRef));
    out.dependencies = [...b.edges]
      .filter(([, s]) => s.size > 0)
      .map(([ref, s]) => ({ ref, dependsOn: [...s].sort() }))
      .sort((x, y) => cmp(x.ref, y.ref));
    out.compositions.sort((x, y) => cmp(x.path, y.path));
    return out;
  },
};

function catalogBuild(root: string, paths: string[], texts: Map<string, string>, b: Builder, out: CatalogResult): void {
  const at = (f: string) => (root === '.' ? f : `${root}/${f}`);
  const props = texts.has(at('gradle.properties')) ? parseGradleProperties(texts.get(at('gradle.properties'))!) : {};
  const settingsPath = [at('settings.gradle.kts'), at('settings.gradle')].find((p) => texts.has(p));
  const settings = settingsPath ? readScript(texts.get(settingsPath)!, props) : undefined;

  // ---- projects: every folder with a build script or a lockfile ----
  const projectDirs = new Set<string>([root]);
  for (const p of paths) {
    if (SCRIPT.test(p) || p.endsWith('/gradle.lockfile') || p === 'gradle.lockfile') projectDirs.add(posix.dirname(p));
  }
  const facts = new Map<string, { path: string; facts: ScriptFacts }>();
  for (const dir of projectDirs) {
    const d = (f: string) => (dir === '.' ? f : `${dir}/${f}`);
    const sp = [d('build.gradle.kts'), d('build.gradle')].find((p) => texts.has(p));
    if (!sp) continue;
    const local = dir === root ? props : { ...props, ...(texts.has(d('gradle.properties')) ? parseGradleProperties(texts.get(d('gradle.properties'))!) : {}) };
    facts.set(dir, { path: sp, facts: readScript(texts.get(sp)!, local) });
  }
  const projectRef = new Map<string, string>();
  for (const dir of [...projectDirs].sort()) {
    const f = facts.get(dir);
    const name = dir === root ? (settings?.rootProjectName ?? posix.basename(dir === '.' ? 'root' : dir)) : posix.basename(dir);
    const group = f?.facts.group ?? props['group'];
    const version = f?.facts.version ?? props['version'];
    const evidencePath = f?.path ?? settingsPath ?? paths.find((p) => posix.dirname(p) === dir) ?? paths[0]!;
    const purl = group ? mavenPurl(group, name, version) : undefined;
    const ref = componentRef(ECO, evidencePath, name, purl);
    projectRef.set(dir, ref);
    put(
      b,
      makeComponent({
        ecosystem: ECO,
        cataloger: GRADLE_CATALOGER,
        path: evidencePath,
        line: 1,
        name,
        ...(group ? { group } : {}),
        ...(version ? { version } : {}),
        ...(purl ? { purl } : {}),
        bomRef: ref,
        firstParty: true,
      }),
    );
  }
  const rootRef = projectRef.get(root)!;
  for (const dir of projectDirs) if (dir !== root) edge(b, rootRef, projectRef.get(dir)!);

  // ---- gradle/verification-metadata.xml: every module the build fetched, with checksums ----
  const verified = new Map<string, { module: VerifiedModule; hashes: ComponentHash[]; binary: boolean }>();
  const vPath = at('gradle/verification-metadata.xml');
  let verifyMetadata = false;
  if (texts.has(vPath)) {
    const v = parseVerificationMetadata(texts.get(vPath)!);
    if (!v.ok) out.issues.push(parseErrorIssue(GRADLE_CATALOGER, vPath, v.message, v));
    else {
      verifyMetadata = v.verifyMetadata;
      for (const m of v.modules) {
        // The binary's checksums identify the component; pom/module files are metadata.
        const bins = m.artifacts.filter((a) => !/\.(pom|module)$/.test(a.name));
        const hashes = (bins.length > 0 ? bins : m.artifacts).flatMap((a) => a.hashes);
        verified.set(`${m.group}:${m.name}:${m.version}`, { module: m, hashes, binary: bins.length > 0 });
      }
    }
  }
  const hashesFor = (g: string, n: string, v?: string) => (v ? verified.get(`${g}:${n}:${v}`)?.hashes : undefined);

  // ---- lockfiles ----
  const lockedDirs = new Set<string>();
  for (const p of paths) {
    const perConf = /(^|\/)gradle\/dependency-locks\/([^/]+)\.lockfile$/.exec(p);
    if (!perConf && !/(^|\/)gradle\.lockfile$/.test(p)) continue;
    const dir = perConf ? posix.dirname(posix.dirname(posix.dirname(p))) : posix.dirname(p);
    const project = projectRef.get(dir) ?? rootRef;
    lockedDirs.add(dir);
    const lock = parseGradleLockfile(texts.get(p)!, perConf?.[2]);
    for (const e of lock.errors.slice(0, MAX_ERRORS_PER_FILE)) out.issues.push(parseErrorIssue(GRADLE_CATALOGER, p, e.message, e));
    const refs = [project];
    for (const m of lock.modules) {
      const purl = mavenPurl(m.group, m.name, m.version);
      const ref = componentRef(ECO, p, `${m.group}:${m.name}:${m.version}`, purl);
      const s = scopeOfConfigurations(m.configurations);
      const properties: Record<string, string> = { 'shencha:gradle:configurations': [...m.configurations].sort().join(',') };
      if (s.reason && s.scope !== 'required') properties['shencha:scope-reason'] = s.reason;
      put(
        b,
        makeComponent({
          ecosystem: ECO,
          cataloger: GRADLE_CATALOGER,
          path: p,
          line: m.line,
          name: m.name,
          group: m.group,
          version: m.version,
          ...(purl ? { purl } : {}),
          bomRef: ref,
          ...(s.scope ? { scope: s.scope } : {}),
          hashes: hashesFor(m.group, m.name, m.version) ?? [],
          properties,
        }),
      );
      edge(b, project, ref);
      refs.push(ref);
    }
    out.compositions.push({ aggregate: lock.errors.length === 0 ? 'complete' : 'incomplete', path: p, refs: [...new Set(refs)].sort() });
  }

  if (verified.size > 0) {
    const refs: string[] = [rootRef];
    for (const { module: m, hashes, binary } of verified.values()) {
      const purl = mavenPurl(m.group, m.name, m.version);
      const ref = componentRef(ECO, vPath, `${m.group}:${m.name}:${m.version}`, purl);
      const properties: Record<string, string> = { 'shencha:gradle:declared-as': 'verification-metadata' };
      if (!binary) properties['shencha:scope-reason'] = 'metadata-only';
      put(
        b,
        makeComponent({
          ecosystem: ECO,
          cataloger: GRADLE_CATALOGER,
          path: vPath,
          line: m.line,
          name: m.name,
          ...(m.group ? { group: m.group } : {}),
          ...(m.version ? { version: m.version } : {}),
          ...(purl ? { purl } : {}),
          bomRef: ref,
          // A pom/module-only entry (parent, BOM) is build metadata, never shipped.
          ...(binary ? {} : { scope: 'excluded' as const }),
          hashes,
          properties,
        }),
      );
      if (binary) edge(b, rootRef, ref);
      refs.push(ref);
    }
    out.compositions.push({ aggregate: verifyMetadata ? 'complete' : 'incomplete', path: vPath, refs: [...new Set(refs)].sort() });
  }

  // ---- version catalogs ----
  const catalogs = new Map<string, { path: string; catalog: VersionCatalog }>();
  for (const p of paths) {
    const m = /(^|\/)gradle\/([\w-]+)\.versions\.toml$/.exec(p);
    if (!m) continue;
    try {
      catalogs.set(m[2]!, { path: p, catalog: parseVersionCatalog(texts.get(p)!) });
    } catch (e) {
      if (e instanceof CatalogError) out.issues.push(parseErrorIssue(GRADLE_CATALOGER, p, e.message, e));
      else throw e;
    }
  }
  const anyCatalogRef = [...facts.values()].some((f) => f.facts.catalogRefs.length > 0);
  const usedAliases = new Set<string>();
  for (const f of facts.values()) {
    for (const r of f.facts.catalogRefs) {
      const cat = catalogs.get(r.catalog);
      if (!cat) continue;
      const aliases = r.bundle ? (cat.catalog.bundles[Object.keys(cat.catalog.bundles).find((k) => normalizeAlias(k) === normalizeAlias(r.alias)) ?? ''] ?? []) : [r.alias];
      for (const a of aliases) usedAliases.add(`${r.catalog}:${normalizeAlias(a)}`);
    }
  }
  const catalogRef = new Map<string, string>();
  for (const [catName, { path, catalog }] of catalogs) {
    const refs: string[] = [rootRef];
    for (const lib of catalog.libraries) {
      const purl = mavenPurl(lib.group, lib.name, lib.version);
      const ref = componentRef(ECO, path, `${lib.group}:${lib.name}:${lib.version ?? ''}`, purl);
      catalogRef.set(`${catName}:${normalizeAlias(lib.alias)}`, ref);
      const used = usedAliases.has(`${catName}:${normalizeAlias(lib.alias)}`);
      const properties: Record<string, string> = { 'shencha:gradle:declared-as': 'version-catalog', 'shencha:gradle:catalog-alias': lib.alias };
      if (lib.rawVersion) properties['shencha:version-unresolved'] = lib.rawVersion;
      else if (!lib.version) properties['shencha:version-unresolved'] = 'no version in the catalog';
      if (anyCatalogRef && !used) properties['shencha:scope-reason'] = 'version-catalog-only';
      put(
        b,
        makeComponent({
          ecosystem: ECO,
          cataloger: GRADLE_CATALOGER,
          path,
          ...(lib.line ? { line: lib.line } : {}),
          name: lib.name,
          group: lib.group,
          ...(lib.version ? { version: lib.version } : {}),
          ...(purl ? { purl } : {}),
          bomRef: ref,
          // Unreferenced entries, when scripts do reference the catalog, are not part of the build.
          ...(anyCatalogRef && !used ? { scope: 'excluded' as const } : {}),
          hashes: hashesFor(lib.group, lib.name, lib.version) ?? [],
          properties,
        }),
      );
      refs.push(ref);
    }
    for (const pl of catalog.plugins) refs.push(pluginComponent(b, pl.id, pl.version, path, pl.line));
    out.compositions.push({ aggregate: 'incomplete', path, refs: [...new Set(refs)].sort() });
  }

  // ---- build scripts, read statically where no lockfile covers the project ----
  const constraintVersions = new Map<string, string>();
  for (const f of facts.values()) {
    for (const d of f.facts.dependencies) if (d.constraint && d.version && !d.version.includes('$')) constraintVersions.set(`${d.group}:${d.name}`, d.version);
  }
  let unresolved = 0;
  let firstUnresolved: { path: string; line: number } | undefined;
  const scriptRefs: string[] = [rootRef];
  for (const [dir, { path, facts: sf }] of [...facts].sort((x, y) => cmp(x[0], y[0]))) {
    const project = projectRef.get(dir)!;
    for (const pl of sf.plugins) scriptRefs.push(pluginComponent(b, pl.id, pl.version, path, pl.line));
    for (const pr of sf.projects) {
      const target = [...projectDirs].find((d2) => d2 !== root && `:${posix.relative(root === '.' ? '' : root, d2).split('/').join(':')}` === pr.path);
      if (target && !pr.constraint) edge(b, project, projectRef.get(target)!);
    }
    if (lockedDirs.has(dir)) continue;
    for (const r of sf.catalogRefs) {
      const cat = catalogs.get(r.catalog);
      if (!cat) continue;
      const aliases = r.bundle ? (cat.catalog.bundles[Object.keys(cat.catalog.bundles).find((k) => normalizeAlias(k) === normalizeAlias(r.alias)) ?? ''] ?? []) : [r.alias];
      for (const a of aliases) {
        const ref = catalogRef.get(`${r.catalog}:${normalizeAlias(a)}`);
        if (!ref) continue;
        const s = r.inTestBlock ? scopeOf('test') : scopeOf(classifyConfiguration(r.configuration));
        const c = b.components.get(ref)!;
        put(b, { ...c, evidence: [{ path, line: r.line, cataloger: GRADLE_CATALOGER }], ...(s.scope ? { scope: s.scope } : {}), properties: { 'shencha:gradle:configurations': r.configuration, ...(s.reason ? { 'shencha:scope-reason': s.reason } : {}) } });
        edge(b, project, ref);
        scriptRefs.push(ref);
      }
    }
    for (const d of sf.dependencies) {
      const version = d.version ?? constraintVersions.get(`${d.group}:${d.name}`);
      const resolved = version && !version.includes('$') ? version : undefined;
      const purl = mavenPurl(d.group, d.name, resolved, d.classifier);
      const ref = componentRef(ECO, path, `${d.group}:${d.name}:${version ?? ''}`, purl);
      const properties: Record<string, string> = { 'shencha:gradle:configurations': d.configuration };
      let s: { scope?: Scope; reason?: string };
      if (d.platform) s = { scope: 'excluded', reason: 'bom-import' };
      else if (d.constraint) {
        // A constraint pins a version for whoever asks; whether anything does is not visible statically.
        s = {};
        properties['shencha:gradle:declared-as'] = 'constraint';
      } else s = d.inTestBlock ? scopeOf('test') : scopeOf(classifyConfiguration(d.configuration));
      if (s.reason && s.scope !== 'required') properties['shencha:scope-reason'] = s.reason;
      if (!resolved) {
        properties['shencha:version-unresolved'] = d.unresolved ?? 'no version declared';
        unresolved++;
        firstUnresolved ??= { path, line: d.line };
      }
      put(
        b,
        makeComponent({
          ecosystem: ECO,
          cataloger: GRADLE_CATALOGER,
          path,
          line: d.line,
          name: d.name,
          group: d.group,
          ...(resolved ? { version: resolved } : {}),
          ...(purl ? { purl } : {}),
          bomRef: ref,
          ...(s.scope ? { scope: s.scope } : {}),
          hashes: hashesFor(d.group, d.name, resolved) ?? [],
          properties,
        }),
      );
      if (!d.constraint) edge(b, project, ref);
      scriptRefs.push(ref);
    }
  }
  if (facts.size > 0 && [...facts.keys()].some((d) => !lockedDirs.has(d))) {
    out.compositions.push({ aggregate: 'incomplete', path: facts.get(root)?.path ?? [...facts.values()][0]!.path, refs: [...new Set(scriptRefs)].sort() });
  }
  if (unresolved > 0 && firstUnresolved) {
    out.issues.push(
      catalogerIssue(
        'SBOM_GRADLE_UNRESOLVED',
        GRADLE_CATALOGER,
        `${unresolved} dependenc${unresolved === 1 ? 'y' : 'ies'} declared in the build scripts under ${root === '.' ? 'the root' : root} have no statically resolvable version`,
        firstUnresolved,
        'commit gradle.lockfile (gradle dependencies --write-locks) so that resolved versions are on record',
      ),
    );
  }
}

/** A Gradle plugin is build tooling: its marker artifact, excluded from the product. */
function pluginComponent(b: Builder, id: string, version: string | undefined, path: string, line: number | undefined): string {
  const v = version && !version.includes('$') ? version : undefined;
  const purl = mavenPurl(id, `${id}.gradle.plugin`, v);
  const ref = componentRef(ECO, path, `plugin:${id}:${v ?? ''}`, purl);
  put(
    b,
    makeComponent({
      ecosystem: ECO,
      cataloger: GRADLE_CATALOGER,
      path,
      ...(line ? { line } : {}),
      name: `${id}.gradle.plugin`,
      group: id,
      ...(v ? { version: v } : {}),
      ...(purl ? { purl } : {}),
      bomRef: ref,
      scope: 'excluded',
      properties: { 'shencha:scope-reason': 'gradle-plugin', 'shencha:gradle:declared-as': 'plugin' },
    }),
  );
  return ref;
}
