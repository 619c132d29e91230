import { posix } from 'node:path';
import { activeProfiles, type RawDependency, type RawPom, type RawProfile } from './pom.js';

/**
 * Maven's model building, statically: parent inheritance (found by relativePath, then by
 * coordinates in the tree, then in a user-named local repository), default-active profiles,
 * property interpolation on the assembled model (so a parent's `${project.version}` means the
 * child's), dependencyManagement with BOM imports, and managed versions/scopes applied.
 */

export interface ResolvedDependency {
  groupId: string;
  artifactId: string;
  /** undefined when no version is declared or managed; may still hold an unresolved `${…}`. */
  version?: string;
  type: string;
  classifier?: string;
  scope: string;
  optional: boolean;
  exclusions: { groupId: string; artifactId: string }[];
  decl: RawDependency;
  /** Set for dependencies that come from a profile. */
  profile?: string;
}

export interface EffectivePom {
  pom: RawPom;
  groupId: string;
  artifactId: string;
  version?: string;
  packaging: string;
  /** Lineage from the pom itself up to the farthest ancestor found. */
  lineage: RawPom[];
  /** The first parent that could not be found (coordinates as declared). */
  missingParent?: string;
  context: Map<string, string>;
  dependencies: ResolvedDependency[];
  managed: Map<string, ResolvedDependency>;
  /** BOM imports (scope import, type pom) seen in the effective dependencyManagement. */
  imports: ResolvedDependency[];
  /** Imported BOMs that could be found neither in the tree nor in the local repository. */
  missingImports: ResolvedDependency[];
}

export interface ModelProblem {
  kind: 'parent-cycle' | 'import-cycle';
  pom: RawPom;
  message: string;
  line: number;
}

/** A local Maven repository lookup (only when the user names one). */
export interface RepoLookup {
  load(groupId: string, artifactId: string, version: string): RawPom | undefined;
}

const MAX_INTERPOLATION_PASSES = 12;

export function depKey(d: { groupId: string; artifactId: string; type: string; classifier?: string }): string {
  return `${d.groupId}:${d.artifactId}:${d.type}:${d.classifier ?? ''}`;
}

/** A hostile pom can make properties double at every level; stop well before memory runs out. */
const MAX_INTERPOLATED_LENGTH = 64 * 1024;

export function interpolate(value: string, ctx: Map<string, string>): string {
  return interpolateTracked(value, ctx);
}

/** As interpolate, recording every property it looked up (for the resolution cache). */
function interpolateTracked(value: string, ctx: Map<string, string>, used?: Map<string, string | undefined>): string {
  let out = value;
  for (let pass = 0; pass < MAX_INTERPOLATION_PASSES && out.includes('${'); pass++) {
    const next = out.replace(/\$\{([^${}]+)\}/g, (whole, name: string) => {
      const v = ctx.get(name.trim());
      used?.set(name.trim(), v);
      return v ?? whole;
    });
    if (next === out || next.length > MAX_INTERPOLATED_LENGTH) break;
    out = next;
  }
  return out;
}

export function isResolved(v: string | undefined): v is string {
  return v !== undefined && v !== '' && !v.includes('${');
}

export class ModelBuilder {
  readonly problems: ModelProblem[] = [];
  private readonly byPath: Map<string, RawPom>;
  /** Raw coordinates (groupId inherited from the parent element) → tree poms. */
  private readonly byCoords = new Map<string, RawPom[]>();
  private readonly cache = new Map<RawPom, EffectivePom>();
  private readonly building = new Set<RawPom>();
  private readonly reportedCycles = new Set<string>();

  constructor(
    tree: RawPom[],
    private readonly repo?: RepoLookup,
  ) {
    this.byPath = new Map(tree.map((p) => [p.path, p]));
    for (const p of tree) {
      const g = p.groupId ?? p.parent?.groupId;
      if (!g || !p.artifactId) continue;
      const key = `${g}:${p.artifactId}`;
      const list = this.byCoords.get(key) ?? [];
      list.push(p);
      this.byCoords.set(key, list);
    }
  }

  /** The parent pom: by relativePath (default ../pom.xml) if its coordinates match, else by coordinates. */
  parentOf(pom: RawPom, ctx?: Map<string, string>): RawPom | undefined {
    const ref = pom.parent;
    if (!ref?.artifactId) return undefined;
    const g = ref.groupId ?? '';
    const matches = (p: RawPom) => (p.groupId ?? p.parent?.groupId) === g && p.artifactId === ref.artifactId;
    if (this.byPath.has(pom.path) && ref.relativePath !== '') {
      const dir = posix.dirname(pom.path);
      let rel = posix.normalize(posix.join(dir, ref.relativePath ?? '../pom.xml'));
      if (!rel.endsWith('.xml')) rel = posix.join(rel, 'pom.xml');
      const p = this.byPath.get(rel);
      if (p && p !== pom && matches(p)) return p;
    }
    const candidates = (this.byCoords.get(`${g}:${ref.artifactId}`) ?? []).filter((p) => p !== pom);
    if (candidates.length > 0) {
      const v = ref.version && ctx ? interpolate(ref.version, ctx) : ref.version;
      return candidates.find((c) => c.version === v || c.version === ref.version) ?? candidates[0];
    }
    if (this.repo && g && ref.version) {
      const v = ctx ? interpolate(ref.version, ctx) : ref.version;
      if (isResolved(v)) return this.repo.load(g, ref.artifactId, v);
    }
    return undefined;
  }

  /** [pom, parent, grandparent, …]; a cycle stops the walk and is reported once. */
  lineage(pom: RawPom): { chain: RawPom[]; missing?: string } {
    const chain = [pom];
    const seen = new Set([pom]);
    let cur = pom;
    for (;;) {
      const own = new Map(Object.entries(cur.properties));
      const parent = this.parentOf(cur, own);
      if (!parent) {
        const ref = cur.parent;
        if (ref?.artifactId) return { chain, missing: `${ref.groupId ?? ''}:${ref.artifactId}:${ref.version ?? ''}` };
        return { chain };
      }
      if (seen.has(parent)) {
        const names = [...chain, parent].map((p) => p.path);
        const key = [...new Set(names)].sort().join('|');
        if (!this.reportedCycles.has(key)) {
          this.reportedCycles.add(key);
          this.problems.push({
            kind: 'parent-cycle',
            pom,
            line: cur.parent?.line ?? 1,
            message: `circular parent chain: ${names.join(' → ')}`,
          });
        }
        return { chain };
      }
      seen.add(parent);
      chain.push(parent);
      cur = parent;
    }
  }

  effective(pom: RawPom): EffectivePom {
    const cached = this.cache.get(pom);
    if (cached) return cached;
    const { chain, missing } = this.lineage(pom);
    const topDown = [...chain].reverse();

    // Inheritance assembly first (child values win), interpolation afterwards, as Maven does.
    const props = new Map<string, string>();
    const deps = new Map<string, { d: RawDependency; profile?: string }>();
    const managed = new Map<string, RawDependency>();
    let groupId: string | undefined;
    let version: string | undefined;
    for (const p of topDown) {
      const active = activeProfiles(p);
      for (const [k, v] of Object.entries(p.properties)) props.set(k, v);
      for (const pr of active) for (const [k, v] of Object.entries(pr.properties)) props.set(k, v);
      for (const d of p.managed) managed.set(rawKey(d), d);
      for (const pr of active) for (const d of pr.managed) managed.set(rawKey(d), d);
      for (const d of p.dependencies) deps.set(rawKey(d), { d });
      for (const pr of active) for (const d of pr.dependencies) deps.set(rawKey(d), { d, profile: pr.id });
      groupId = p.groupId ?? p.parent?.groupId ?? groupId;
      version = p.version ?? p.parent?.version ?? version;
    }
    const parent = chain[1];
    const ctx = new Map(props);
    const builtin = (k: string, v: string | undefined) => {
      if (v === undefined) return;
      for (const prefix of ['project.', 'pom.', '']) {
        // Bare `version`/`groupId` are deprecated Maven 2 aliases; a declared property wins.
        if (prefix === '' && ctx.has(k)) continue;
        ctx.set(prefix + k, v);
      }
    };
    builtin('groupId', groupId);
    builtin('artifactId', pom.artifactId);
    builtin('version', version);
    builtin('packaging', pom.packaging ?? 'jar');
    builtin('name', pom.name);
    ctx.set('project.basedir', '.');
    ctx.set('basedir', '.');
    const pg = parent?.groupId ?? parent?.parent?.groupId ?? pom.parent?.groupId;
    const pv = parent?.version ?? parent?.parent?.version ?? pom.parent?.version;
    if (pg) ctx.set('project.parent.groupId', pg);
    if (pom.parent?.artifactId) ctx.set('project.parent.artifactId', pom.parent.artifactId);
    if (pv) ctx.set('project.parent.version', pv);
    // Coordinates may themselves use properties (`${revision}`): resolve them and re-publish.
    for (const k of ['project.groupId', 'project.version', 'project.parent.version', 'project.parent.groupId']) {
      const v = ctx.get(k);
      if (v !== undefined) {
        const r = interpolate(v, ctx);
        ctx.set(k, r);
        ctx.set(k.replace(/^project\./, 'pom.'), r);
      }
    }

    const eff: EffectivePom = {
      pom,
      groupId: interpolate(groupId ?? '', ctx),
      artifactId: interpolate(pom.artifactId ?? '', ctx),
      packaging: interpolate(pom.packaging ?? 'jar', ctx),
      lineage: chain,
      context: ctx,
      dependencies: [],
      managed: new Map(),
      imports: [],
      missingImports: [],
    };
    if (version !== undefined) eff.version = interpolate(version, ctx);
    if (missing) eff.missingParent = missing;
    this.cache.set(pom, eff);
    this.building.add(pom);
    try {
      for (const d of managed.values()) {
        const r = resolveDep(d, ctx);
        if (r.scope === 'import' && r.type === 'pom') {
          eff.imports.push(r);
          continue;
        }
        if (!eff.managed.has(depKey(r))) eff.managed.set(depKey(r), r);
      }
      // Explicit entries win over imported ones; among imports the first declared wins.
      for (const imp of eff.imports) {
        const bom = this.findPom(imp.groupId, imp.artifactId, imp.version);
        if (!bom) {
          eff.missingImports.push(imp);
          continue;
        }
        if (this.building.has(bom)) {
          this.problems.push({
            kind: 'import-cycle',
            pom,
            line: imp.decl.line,
            message: `BOM import cycle through ${imp.groupId}:${imp.artifactId}`,
          });
          continue;
        }
        const inner = this.effective(bom);
        for (const [k, v] of inner.managed) if (!eff.managed.has(k)) eff.managed.set(k, v);
      }
      for (const { d, profile } of deps.values()) {
        const r = resolveDep(d, ctx);
        if (profile !== undefined) r.profile = profile;
        const m = eff.managed.get(depKey(r));
        if (m) {
          if (r.version === undefined && m.version !== undefined) r.version = m.version;
          if (d.scope === undefined) r.scope = m.scope;
          // Maven manages version, scope and exclusions; `optional` is never inherited from management.
          if (r.exclusions.length === 0) r.exclusions = m.exclusions;
        }
        eff.dependencies.push(r);
      }
    } finally {
      this.building.delete(pom);
    }
    return eff;
  }

  /** An in-tree pom by effective coordinates, else one from the local repository. */
  findPom(groupId: string, artifactId: string, version: string | undefined): RawPom | undefined {
    const tree = this.treeByEffectiveCoords(groupId, artifactId);
    if (tree.length > 0) {
      return tree.find((p) => this.effective(p).version === version) ?? tree[0];
    }
    if (this.repo && isResolved(version)) return this.repo.load(groupId, artifactId, version);
    return undefined;
  }

  private effIndex?: Map<string, RawPom[]>;
  treeByEffectiveCoords(groupId: string, artifactId: string): RawPom[] {
    if (!this.effIndex) {
      this.effIndex = new Map();
      for (const p of this.byPath.values()) {
        // Coordinates only (no dependency resolution), so this cannot recurse into imports.
        const { chain } = this.lineage(p);
        let g: string | undefined;
        for (const q of [...chain].reverse()) g = q.groupId ?? q.parent?.groupId ?? g;
        const ctx = new Map<string, string>();
        for (const q of [...chain].reverse()) for (const [k, v] of Object.entries(q.properties)) ctx.set(k, v);
        const key = `${interpolate(g ?? '', ctx)}:${interpolate(p.artifactId ?? '', ctx)}`;
        const list = this.effIndex.get(key) ?? [];
        list.push(p);
        this.effIndex.set(key, list);
      }
    }
    return this.effIndex.get(`${groupId}:${artifactId}`) ?? [];
  }

  /** Every dependency declaration of a pom as written in its own context (for coverage). */
  declarations(pom: RawPom): { dep: ResolvedDependency; where: 'dependencies' | 'managed'; profile?: RawProfile }[] {
    const eff = this.effective(pom);
    const out: { dep: ResolvedDependency; where: 'dependencies' | 'managed'; profile?: RawProfile }[] = [];
    for (const d of pom.dependencies) out.push({ dep: resolveDep(d, eff.context), where: 'dependencies' });
    for (const d of pom.managed) out.push({ dep: resolveDep(d, eff.context), where: 'managed' });
    for (const pr of pom.profiles) {
      const ctx = new Map(eff.context);
      for (const [k, v] of Object.entries(pr.properties)) ctx.set(k, v);
      for (const d of pr.dependencies) out.push({ dep: resolveDep(d, ctx), where: 'dependencies', profile: pr });
      for (const d of pr.managed) out.push({ dep: resolveDep(d, ctx), where: 'managed', profile: pr });
    }
    return out;
  }
}

function rawKey(d: RawDependency): string {
  return `${d.groupId ?? ''}:${d.artifactId ?? ''}:${d.type ?? 'jar'}:${d.classifier ?? ''}`;
}

/**
 * Interpolating every inherited managed entry again for each of hundreds of modules is the cost
 * of a big tree; a result is reused when the properties it read have the same values.
 */
const resolveCache = new WeakMap<RawDependency, { used: [string, string | undefined][]; r: ResolvedDependency }[]>();
const MAX_CACHED_VARIANTS = 8;

function resolveDep(d: RawDependency, ctx: Map<string, string>): ResolvedDependency {
  const variants = resolveCache.get(d);
  if (variants) {
    for (const v of variants) {
      if (v.used.every(([k, val]) => ctx.get(k) === val)) return { ...v.r, exclusions: v.r.exclusions.map((e) => ({ ...e })) };
    }
  }
  const used = new Map<string, string | undefined>();
  const r = resolveDepUncached(d, ctx, used);
  const list = variants ?? [];
  if (list.length < MAX_CACHED_VARIANTS) {
    list.push({ used: [...used], r: { ...r, exclusions: r.exclusions.map((e) => ({ ...e })) } });
    resolveCache.set(d, list);
  }
  return r;
}

function resolveDepUncached(d: RawDependency, ctx: Map<string, string>, used: Map<string, string | undefined>): ResolvedDependency {
  const interpolate = (v: string, c: Map<string, string>) => interpolateTracked(v, c, used);
  const r: ResolvedDependency = {
    groupId: interpolate(d.groupId ?? '', ctx),
    artifactId: interpolate(d.artifactId ?? '', ctx),
    type: interpolate(d.type ?? 'jar', ctx),
    scope: interpolate(d.scope ?? 'compile', ctx),
    optional: interpolate(d.optional ?? 'false', ctx).trim() === 'true',
    exclusions: d.exclusions.map((e) => ({ groupId: interpolate(e.groupId, ctx), artifactId: interpolate(e.artifactId, ctx) })),
    decl: d,
  };
  if (d.version !== undefined) r.version = interpolate(d.version, ctx);
  if (d.classifier !== undefined) r.classifier = interpolate(d.classifier, ctx);
  return r;
}
