import { parseJson, type Component, type FileSource } from '@shencha/core';
import type { Cataloger, CatalogResult } from '../../src/cataloger.js';
import { catalogerIssue, emptyResult, fromCoreParseIssue, hexHash, lineOf, makeComponent } from '../../src/component.js';
import { LineIndex, lockFiles } from '../../src/files.js';
import { makePurl } from '../../src/purl.js';
import { readManifest, readPackage, type ComposerManifest, type ComposerPackage } from './lockfile.js';

const NAME = 'composer-cataloger';

/** PHP: composer.lock (packages; packages-dev → excluded), with composer.json for the root and direct deps. */
export const composerCataloger: Cataloger = {
  name: NAME,
  ecosystem: 'composer',
  globs: ['**/composer.lock', '**/composer.json'],
  async catalog(files: FileSource): Promise<CatalogResult> {
    const result = emptyResult();
    const components = new Map<string, Component>();
    const paths = lockFiles(files, this.globs);
    const locks = new Set(paths.filter((p) => p.endsWith('composer.lock')));
    for (const path of paths) {
      const dir = path.slice(0, Math.max(0, path.lastIndexOf('/')));
      const lockPath = dir ? `${dir}/composer.lock` : 'composer.lock';
      const manifestPath = dir ? `${dir}/composer.json` : 'composer.json';
      if (path === lockPath) {
        const manifest = paths.includes(manifestPath) ? await readJson(files, manifestPath, result) : undefined;
        const lock = await readJson(files, lockPath, result);
        if (lock) catalogLock(lockPath, lock.text, lock.value, manifest ? { path: manifestPath, text: manifest.text, manifest: readManifest(manifest.value) } : undefined, result, components);
      } else if (!locks.has(lockPath)) {
        // A manifest alone: direct requirements, versions unresolved.
        const manifest = await readJson(files, manifestPath, result);
        if (manifest) catalogManifestOnly(manifestPath, manifest.text, readManifest(manifest.value), result, components);
      }
    }
    result.components = [...components.values()];
    result.dependencies.sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
    return result;
  },
};

async function readJson(files: FileSource, path: string, result: CatalogResult): Promise<{ text: string; value: unknown } | undefined> {
  let text: string;
  try {
    text = await files.readText(path);
  } catch (e) {
    result.issues.push(catalogerIssue('SBOM_UNREADABLE', NAME, `cannot read ${path}: ${(e as Error).message}`, { path }));
    return undefined;
  }
  const parsed = parseJson(text, path, `sbom/${NAME}`);
  if (!parsed.ok) {
    result.issues.push(fromCoreParseIssue(NAME, path, parsed.issue));
    return undefined;
  }
  return { text, value: parsed.value };
}

function add(components: Map<string, Component>, c: Component): string {
  const known = components.get(c.bomRef);
  if (!known) components.set(c.bomRef, c);
  else {
    known.evidence.push(...c.evidence.filter((e) => !known.evidence.some((k) => k.path === e.path)));
    // Required anywhere wins over dev-only elsewhere.
    if (known.scope === 'excluded' && c.scope !== 'excluded') {
      delete known.scope;
      if (known.properties) delete known.properties['shencha:scope-reason'];
    }
  }
  return c.bomRef;
}

function purlOf(name: string, version: string | undefined): string | undefined {
  const slash = name.indexOf('/');
  return slash > 0 ? makePurl('composer', name.slice(0, slash), name.slice(slash + 1), version) : makePurl('composer', undefined, name, version);
}

function rootComponent(path: string, manifest: ComposerManifest, dir: string): Component {
  const name = manifest.name ?? (dir ? dir.slice(dir.lastIndexOf('/') + 1) : 'project');
  return makeComponent({
    ecosystem: 'composer',
    name,
    cataloger: NAME,
    path,
    bomRef: `composer:${path}`,
    firstParty: true,
    type: 'application',
    ...(manifest.version ? { version: manifest.version } : {}),
  });
}

/** Line of the first match of each key (group 1) in one pass: no rescanning per package. */
function firstLines(text: string, re: RegExp): Map<string, number> {
  const lines = new LineIndex(text);
  const out = new Map<string, number>();
  for (const m of text.matchAll(re)) if (!out.has(m[1]!)) out.set(m[1]!, lines.lineAt(m.index));
  return out;
}

function catalogLock(
  path: string,
  text: string,
  doc: unknown,
  manifest: { path: string; text: string; manifest: ComposerManifest } | undefined,
  result: CatalogResult,
  components: Map<string, Component>,
): void {
  const d = doc && typeof doc === 'object' && !Array.isArray(doc) ? (doc as Record<string, unknown>) : {};
  if (!Array.isArray(d['packages']) && !Array.isArray(d['packages-dev'])) {
    result.issues.push(catalogerIssue('SBOM_UNSUPPORTED_FORMAT', NAME, `${path} has no packages or packages-dev list`, { path }));
    return;
  }
  const pkgs: ComposerPackage[] = [];
  for (const [key, dev] of [['packages', false], ['packages-dev', true]] as const) {
    for (const raw of Array.isArray(d[key]) ? (d[key] as unknown[]) : []) {
      const p = readPackage(raw, dev);
      if (p) pkgs.push(p);
    }
  }
  const byName = new Map<string, string>();
  const refs = new Set<string>();
  const refOf = new Map<ComposerPackage, string>();
  const nameLines = firstLines(text, /"name"\s*:\s*"([^"]+)"/g);
  for (const p of pkgs) {
    const purl = purlOf(p.name, p.version);
    const line = nameLines.get(p.name);
    const sha1 = hexHash('SHA-1', p.distShasum);
    const properties: Record<string, string> = {};
    if (p.sourceReference) properties['shencha:composer-source-reference'] = p.sourceReference;
    if (p.dev) properties['shencha:scope-reason'] = 'listed under packages-dev in composer.lock';
    const externalReferences: NonNullable<Component['externalReferences']> = [];
    if (p.sourceUrl) externalReferences.push({ type: 'vcs', url: p.sourceUrl });
    if (p.distUrl) externalReferences.push({ type: 'distribution', url: p.distUrl });
    if (p.homepage) externalReferences.push({ type: 'website', url: p.homepage });
    if (p.issues) externalReferences.push({ type: 'issue-tracker', url: p.issues });
    const ref = add(
      components,
      makeComponent({
        ecosystem: 'composer',
        name: p.name.slice(p.name.indexOf('/') + 1),
        ...(p.name.includes('/') ? { group: p.name.slice(0, p.name.indexOf('/')) } : {}),
        cataloger: NAME,
        path,
        ...(p.version ? { version: p.version } : {}),
        ...(line !== undefined ? { line } : {}),
        ...(purl ? { purl } : {}),
        ...(p.dev ? { scope: 'excluded' as const } : {}),
        ...(sha1 ? { hashes: [sha1] } : {}),
        licenses: p.licenses,
        ...(p.authors.length ? { author: p.authors.join(', ') } : {}),
        ...(p.description ? { description: p.description } : {}),
        externalReferences,
        properties,
      }),
    );
    refOf.set(p, ref);
    refs.add(ref);
    byName.set(p.name.toLowerCase(), ref);
  }
  // replace/provide let one package satisfy another name (e.g. a polyfill replaced by a framework).
  for (const p of pkgs) for (const n of p.provides) if (!byName.has(n.toLowerCase())) byName.set(n.toLowerCase(), refOf.get(p)!);

  let rootRef: string | undefined;
  if (manifest) {
    const dir = path.slice(0, Math.max(0, path.lastIndexOf('/')));
    const root = rootComponent(manifest.path, manifest.manifest, dir);
    rootRef = add(components, root);
    refs.add(rootRef);
    // A locked plugin may require the root package itself (psalm plugins require vimeo/psalm).
    if (manifest.manifest.name && !byName.has(manifest.manifest.name.toLowerCase())) byName.set(manifest.manifest.name.toLowerCase(), rootRef);
  }

  const edges = new Map<string, Set<string>>();
  const link = (from: string, name: string, where: string) => {
    const to = byName.get(name.toLowerCase());
    if (to) {
      let s = edges.get(from);
      if (!s) edges.set(from, (s = new Set()));
      if (to !== from) s.add(to);
      return true;
    }
    result.issues.push(catalogerIssue('SBOM_UNRESOLVED_DEPENDENCY', NAME, `${where} requires ${name}, which ${path} does not lock`, { path }));
    return false;
  };
  for (const p of pkgs) for (const r of p.require) link(refOf.get(p)!, r, `${p.name} in ${path}`);

  if (manifest && rootRef) {
    for (const name of [...Object.keys(manifest.manifest.require), ...Object.keys(manifest.manifest.requireDev)]) {
      if (!byName.has(name.toLowerCase())) {
        const line = lineOf(manifest.text, `"${name}"`);
        result.issues.push(
          catalogerIssue(
            'SBOM_LOCK_OUT_OF_SYNC',
            NAME,
            `${manifest.path} requires ${name}, which ${path} does not lock`,
            line !== undefined ? { path: manifest.path, line } : { path: manifest.path },
            'run `composer update --lock` to refresh composer.lock',
          ),
        );
      } else link(rootRef, name, manifest.path);
    }
  }
  for (const [ref, s] of edges) if (s.size > 0) result.dependencies.push({ ref, dependsOn: [...s].sort() });
  result.compositions.push({ aggregate: 'complete', path, refs: [...refs].sort() });
}

function catalogManifestOnly(path: string, text: string, manifest: ComposerManifest, result: CatalogResult, components: Map<string, Component>): void {
  const dir = path.slice(0, Math.max(0, path.lastIndexOf('/')));
  const rootRef = add(components, rootComponent(path, manifest, dir));
  const refs = new Set<string>([rootRef]);
  const deps = new Set<string>();
  for (const [deps_, dev] of [[manifest.require, false], [manifest.requireDev, true]] as const) {
    for (const [name, constraint] of Object.entries(deps_)) {
      // Only an exact constraint is a version; anything else stays unresolved.
      const exact = /^v?\d+(\.\d+)*([-.+][\w.]+)?$/.test(constraint) ? constraint : undefined;
      const purl = purlOf(name, exact);
      const line = lineOf(text, `"${name}"`);
      const properties: Record<string, string> = { 'shencha:resolved-from': 'manifest' };
      if (constraint && !exact) properties['shencha:composer-constraint'] = constraint;
      if (dev) properties['shencha:scope-reason'] = 'listed under require-dev in composer.json';
      const ref = add(
        components,
        makeComponent({
          ecosystem: 'composer',
          name: name.slice(name.indexOf('/') + 1),
          ...(name.includes('/') ? { group: name.slice(0, name.indexOf('/')) } : {}),
          cataloger: NAME,
          path,
          ...(exact ? { version: exact } : {}),
          ...(line !== undefined ? { line } : {}),
          ...(purl ? { purl } : {}),
          ...(dev ? { scope: 'excluded' as const } : {}),
          properties,
        }),
      );
      refs.add(ref);
      deps.add(ref);
    }
  }
  if (deps.size > 0) result.dependencies.push({ ref: rootRef, dependsOn: [...deps].sort() });
  result.compositions.push({ aggregate: 'incomplete', path, refs: [...refs].sort() });
}
