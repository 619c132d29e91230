import { parseJson, type Component, type FileSource } from '@shencha/core';
import type { Cataloger, CatalogResult } from '../../src/cataloger.js';
import { catalogerIssue, emptyResult, fromCoreParseIssue, hashesFromIntegrity, lineOf, makeComponent, parseErrorIssue } from '../../src/component.js';
import { LineIndex, lockFiles } from '../../src/files.js';
import { makePurl } from '../../src/purl.js';
import { lockEntries, type NugetLockEntry } from './lockfile.js';
import { exactFromRange, isPlainVersion, nugetVersionFromHintPath, parseProjectXml, type ProjectFile } from './msbuild.js';

const NAME = 'nuget-cataloger';
const PROJECT_EXT = /\.(cs|fs|vb)proj$/i;

/**
 * .NET: `packages.lock.json` (every target framework), SDK-style `PackageReference`s (with central
 * package management), legacy `<Reference Include="Name, Version=…">` items and `packages.config`.
 */
export const nugetCataloger: Cataloger = {
  name: NAME,
  ecosystem: 'nuget',
  globs: ['**/packages.lock.json', '**/*.csproj', '**/*.fsproj', '**/*.vbproj', '**/packages.config'],
  async catalog(files: FileSource): Promise<CatalogResult> {
    const run = new Run(files);
    const byDir = new Map<string, string[]>();
    for (const path of lockFiles(files, this.globs)) {
      const d = dirOf(path);
      byDir.set(d, [...(byDir.get(d) ?? []), path]);
    }
    for (const [dir, paths] of [...byDir].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
      await run.directory(dir, paths);
    }
    return run.finish();
  },
};

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Joins a Windows or POSIX relative path onto a folder and folds `.`/`..`. */
function resolveRel(dir: string, rel: string): string {
  const out: string[] = dir ? dir.split('/') : [];
  for (const part of rel.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}

function projectRef(path: string): string {
  return `nuget:${path}`;
}

/** Line of the first match of each key (group 1) in one pass: no rescanning per package. */
function firstLines(text: string, re: RegExp): Map<string, number> {
  const lines = new LineIndex(text);
  const out = new Map<string, number>();
  for (const m of text.matchAll(re)) if (!out.has(m[1]!)) out.set(m[1]!, lines.lineAt(m.index));
  return out;
}

class Run {
  private readonly result = emptyResult();
  private readonly components = new Map<string, Component>();
  private readonly edges = new Map<string, Set<string>>();
  private readonly cpmCache = new Map<string, Map<string, string> | undefined>();

  constructor(private readonly files: FileSource) {}

  finish(): CatalogResult {
    this.result.components = [...this.components.values()];
    this.result.dependencies = [...this.edges]
      .filter(([, s]) => s.size > 0)
      .map(([ref, s]) => ({ ref, dependsOn: [...s].sort() }))
      .sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
    return this.result;
  }

  private add(c: Component): string {
    const known = this.components.get(c.bomRef);
    if (!known) this.components.set(c.bomRef, c);
    else {
      for (const e of c.evidence) if (!known.evidence.some((k) => k.path === e.path && k.line === e.line)) known.evidence.push(e);
      if (c.properties) known.properties = { ...c.properties, ...known.properties };
      if (!known.hashes && c.hashes) known.hashes = c.hashes;
    }
    return c.bomRef;
  }

  private edge(from: string, to: string): void {
    if (from === to) return;
    let s = this.edges.get(from);
    if (!s) this.edges.set(from, (s = new Set()));
    s.add(to);
  }

  private async read(path: string): Promise<string | undefined> {
    try {
      return await this.files.readText(path);
    } catch (e) {
      this.result.issues.push(catalogerIssue('SBOM_UNREADABLE', NAME, `cannot read ${path}: ${(e as Error).message}`, { path }));
      return undefined;
    }
  }

  /** A project of the product; `folderName` when a lock has no project file beside it. */
  private projectComponent(path: string, folderName?: string): string {
    const name = folderName ?? (baseName(path).replace(PROJECT_EXT, '') || path);
    return this.add(
      makeComponent({
        ecosystem: 'nuget',
        name,
        cataloger: NAME,
        path,
        bomRef: projectRef(path),
        firstParty: true,
        type: 'application',
        ...(this.files.get(path) || folderName ? {} : { properties: { 'shencha:note': 'referenced project not found in the tree' } }),
      }),
    );
  }

  async directory(dir: string, paths: string[]): Promise<void> {
    const projects = paths.filter((p) => PROJECT_EXT.test(p)).sort();
    const lock = paths.find((p) => baseName(p) === 'packages.lock.json');
    const config = paths.find((p) => baseName(p) === 'packages.config');
    // A lock or packages.config belongs to the project beside it; without one, to the folder.
    const owner = projects[0];
    const ownerRef = owner
      ? this.projectComponent(owner)
      : this.projectComponent((lock ?? config)!, dir ? dir.slice(dir.lastIndexOf('/') + 1) : 'project');

    let locked: NugetLockEntry[] | undefined;
    if (lock) locked = await this.lock(lock, ownerRef);
    if (config) await this.packagesConfig(config, ownerRef);
    for (const p of projects) await this.project(p, locked, p === owner ? lock : undefined);
  }

  private async lock(path: string, ownerRef: string): Promise<NugetLockEntry[] | undefined> {
    const text = await this.read(path);
    if (text === undefined) return undefined;
    const parsed = parseJson(text, path, `sbom/${NAME}`);
    if (!parsed.ok) {
      this.result.issues.push(fromCoreParseIssue(NAME, path, parsed.issue));
      return undefined;
    }
    const { version, entries } = lockEntries(parsed.value);
    if (version !== undefined && version !== 1 && version !== 2) {
      this.result.issues.push(catalogerIssue('SBOM_UNSUPPORTED_FORMAT', NAME, `${path}: lock version ${version} is not known; read as version 1`, { path }));
    }
    const tfmsOf = new Map<string, Set<string>>();
    const refOf = new Map<NugetLockEntry, string>();
    const index = new Map<string, NugetLockEntry>();
    const refs = new Set<string>([ownerRef]);
    const entryLines = firstLines(text, /"([^"]+)"\s*:\s*\{/g);
    for (const e of entries) {
      index.set(`${e.tfm}\u0000${e.name.toLowerCase()}`, e);
      let ref: string;
      if (e.type === 'Project' || !e.resolved) {
        const found = this.files.glob([`**/${e.name}.csproj`, `**/${e.name}.fsproj`, `**/${e.name}.vbproj`])[0]?.path;
        ref = this.projectComponent(found ?? `${dirOf(path) ? `${dirOf(path)}/` : ''}${e.name}`);
      } else {
        const purl = makePurl('nuget', undefined, e.name, e.resolved);
        const line = entryLines.get(e.name);
        ref = this.add(
          makeComponent({
            ecosystem: 'nuget',
            name: e.name,
            version: e.resolved,
            cataloger: NAME,
            path,
            ...(line !== undefined ? { line } : {}),
            ...(purl ? { purl } : {}),
            hashes: hashesFromIntegrity(e.contentHash ? `sha512-${e.contentHash}` : undefined),
            properties: e.type === 'Direct' ? { 'shencha:nuget-direct': 'true' } : {},
          }),
        );
        let tfms = tfmsOf.get(ref);
        if (!tfms) tfmsOf.set(ref, (tfms = new Set()));
        tfms.add(e.tfm);
      }
      refOf.set(e, ref);
      refs.add(ref);
      if (e.type === 'Direct' || e.type === 'Project') this.edge(ownerRef, ref);
    }
    for (const [ref, tfms] of tfmsOf) {
      const c = this.components.get(ref);
      if (c) {
        const known = c.properties?.['shencha:nuget-target-frameworks']?.split(',') ?? [];
        c.properties = { ...c.properties, 'shencha:nuget-target-frameworks': [...new Set([...known, ...tfms])].sort().join(',') };
      }
    }
    for (const e of entries) {
      const from = refOf.get(e)!;
      for (const depName of Object.keys(e.dependencies)) {
        const target = index.get(`${e.tfm}\u0000${depName.toLowerCase()}`);
        const to = target ? refOf.get(target) : undefined;
        if (to) this.edge(from, to);
        else {
          this.result.issues.push(
            catalogerIssue('SBOM_UNRESOLVED_DEPENDENCY', NAME, `${path}: ${e.name} (${e.tfm}) depends on ${depName}, which is not locked for ${e.tfm}`, { path }),
          );
        }
      }
    }
    this.result.compositions.push({ aggregate: 'complete', path, refs: [...refs].sort() });
    return entries;
  }

  private async packagesConfig(path: string, ownerRef: string): Promise<void> {
    const text = await this.read(path);
    if (text === undefined) return;
    const parsed = parseProjectXml(text);
    if (!parsed.ok) return this.xmlError(path, parsed);
    const refs = new Set<string>([ownerRef]);
    for (const p of parsed.project.configPackages) {
      const purl = makePurl('nuget', undefined, p.name, p.version);
      const line = lineOf(text, `"${p.name}"`);
      const properties: Record<string, string> = {};
      if (p.targetFramework) properties['shencha:nuget-target-frameworks'] = p.targetFramework;
      if (p.dev) properties['shencha:scope-reason'] = 'developmentDependency="true" in packages.config';
      const ref = this.add(
        makeComponent({
          ecosystem: 'nuget',
          name: p.name,
          version: p.version,
          cataloger: NAME,
          path,
          ...(line !== undefined ? { line } : {}),
          ...(purl ? { purl } : {}),
          ...(p.dev ? { scope: 'excluded' as const } : {}),
          properties,
        }),
      );
      refs.add(ref);
      this.edge(ownerRef, ref);
    }
    // packages.config lists every installed package, transitive ones included.
    this.result.compositions.push({ aggregate: 'complete', path, refs: [...refs].sort() });
  }

  private xmlError(path: string, e: { message: string; line?: number; column?: number }): void {
    const at: { line?: number; column?: number } = {};
    if (e.line !== undefined) at.line = e.line;
    if (e.column !== undefined) at.column = e.column;
    this.result.issues.push(parseErrorIssue(NAME, path, e.message, at));
  }

  /** Central package management: the nearest Directory.Packages.props up the tree. */
  private async centralVersions(dir: string): Promise<Map<string, string> | undefined> {
    if (this.cpmCache.has(dir)) return this.cpmCache.get(dir);
    const path = dir ? `${dir}/Directory.Packages.props` : 'Directory.Packages.props';
    let found: Map<string, string> | undefined;
    if (this.files.get(path)) {
      const text = await this.read(path);
      const parsed = text === undefined ? undefined : parseProjectXml(text);
      if (parsed && !parsed.ok) this.xmlError(path, parsed);
      else if (parsed) found = parsed.project.packageVersions;
    } else if (dir) {
      found = await this.centralVersions(dirOf(dir));
    }
    this.cpmCache.set(dir, found);
    return found;
  }

  private async project(path: string, locked: NugetLockEntry[] | undefined, lockPath: string | undefined): Promise<void> {
    const text = await this.read(path);
    if (text === undefined) return;
    const parsed = parseProjectXml(text);
    if (!parsed.ok) return this.xmlError(path, parsed);
    const project: ProjectFile = parsed.project;
    const ref = this.projectComponent(path);
    const dir = dirOf(path);
    const declared = new Set<string>([ref]);

    if (locked && lockPath) {
      const direct = new Set(locked.filter((e) => e.type === 'Direct' || e.type === 'CentralTransitive').map((e) => e.name.toLowerCase()));
      for (const p of project.packageRefs) {
        if (!direct.has(p.name.toLowerCase())) {
          const line = lineOf(text, `"${p.name}"`);
          this.result.issues.push(
            catalogerIssue(
              'SBOM_LOCK_OUT_OF_SYNC',
              NAME,
              `${path} references ${p.name}, which ${lockPath} does not list as a direct dependency`,
              line !== undefined ? { path, line } : { path },
              'run `dotnet restore --force-evaluate` to refresh packages.lock.json',
            ),
          );
        }
      }
    } else if (project.packageRefs.length > 0) {
      const central = await this.centralVersions(dir);
      for (const p of project.packageRefs) {
        const raw = p.version ?? central?.get(p.name.toLowerCase());
        const exact = exactFromRange(raw);
        const version = isPlainVersion(exact) ? exact : undefined;
        const purl = makePurl('nuget', undefined, p.name, version);
        const line = lineOf(text, `"${p.name}"`);
        const properties: Record<string, string> = { 'shencha:resolved-from': 'manifest' };
        if (raw && !version) properties['shencha:nuget-requested'] = raw;
        if (p.privateAssets) properties['shencha:nuget-private-assets'] = p.privateAssets;
        const dep = this.add(
          makeComponent({
            ecosystem: 'nuget',
            name: p.name,
            cataloger: NAME,
            path,
            ...(version ? { version } : {}),
            ...(line !== undefined ? { line } : {}),
            ...(purl ? { purl } : {}),
            properties,
          }),
        );
        declared.add(dep);
        this.edge(ref, dep);
      }
    }

    for (const a of project.assemblyRefs) {
      const nugetVersion = nugetVersionFromHintPath(a.name, a.hintPath);
      const purl = nugetVersion ? makePurl('nuget', undefined, a.name, nugetVersion) : undefined;
      const line = lineOf(text, `Include="${a.name},`);
      const properties: Record<string, string> = { 'shencha:dotnet-assembly-version': a.version };
      if (a.hintPath) properties['shencha:dotnet-hint-path'] = a.hintPath;
      if (a.publicKeyToken) properties['shencha:dotnet-public-key-token'] = a.publicKeyToken;
      const dep = this.add(
        makeComponent({
          ecosystem: 'nuget',
          name: a.name,
          version: nugetVersion ?? a.version,
          cataloger: NAME,
          path,
          // An assembly referenced by file is not known to come from nuget.org: no purl, a path ref.
          ...(purl ? { purl } : { bomRef: `nuget:${path}#${a.name}@${a.version}` }),
          ...(line !== undefined ? { line } : {}),
          properties,
        }),
      );
      declared.add(dep);
      this.edge(ref, dep);
    }

    for (const rel of project.projectRefs) {
      const target = this.projectComponent(resolveRel(dir, rel));
      this.edge(ref, target);
    }
    if (declared.size > 1) this.result.compositions.push({ aggregate: 'incomplete', path, refs: [...declared].sort() });
  }
}
