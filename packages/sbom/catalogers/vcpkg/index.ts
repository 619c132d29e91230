import { parseJson, type Component, type FileSource } from '@shencha/core';
import type { Cataloger, CatalogResult } from '../../src/cataloger.js';
import { catalogerIssue, emptyResult, fromCoreParseIssue, makeComponent } from '../../src/component.js';
import { LineIndex, readLockfiles } from '../../src/files.js';
import { makePurl } from '../../src/purl.js';

const NAME = 'vcpkg-manifest-cataloger';

type Obj = Record<string, unknown>;
function obj(v: unknown): Obj | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

interface Dep {
  name: string;
  host: boolean;
  minimum?: string;
  features: string[];
  platform?: string;
}

/**
 * vcpkg: a vcpkg.json manifest names direct dependencies only (no lockfile exists), so the
 * composition is incomplete. Versions come from `overrides`; the baseline from
 * `builtin-baseline` or vcpkg-configuration.json, recorded so the versions can be resolved later.
 */
export const vcpkgCataloger: Cataloger = {
  name: NAME,
  ecosystem: 'vcpkg',
  globs: ['**/vcpkg.json'],
  async catalog(files: FileSource): Promise<CatalogResult> {
    const result = emptyResult();
    const components = new Map<string, Component>();
    for await (const { path, text } of readLockfiles(files, this.globs, NAME, result.issues)) {
      await catalogManifest(files, path, text, result, components);
    }
    result.components = [...components.values()];
    result.dependencies.sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
    return result;
  },
};

async function readConfiguration(files: FileSource, dir: string, manifest: Obj, result: CatalogResult): Promise<{ baseline?: string; registry?: string }> {
  const out: { baseline?: string; registry?: string } = {};
  const builtin = str(manifest['builtin-baseline']);
  if (builtin) out.baseline = builtin;
  // The configuration may be embedded in the manifest or sit beside it.
  let config = obj(manifest['vcpkg-configuration']);
  const path = dir ? `${dir}/vcpkg-configuration.json` : 'vcpkg-configuration.json';
  if (!config && files.get(path)) {
    const parsed = parseJson(await files.readText(path), path, `sbom/${NAME}`);
    if (parsed.ok) config = obj(parsed.value);
    else result.issues.push(fromCoreParseIssue(NAME, path, parsed.issue));
  }
  const reg = obj(config?.['default-registry']);
  const baseline = str(reg?.['baseline']);
  if (baseline && !out.baseline) out.baseline = baseline;
  const repo = str(reg?.['repository']);
  if (repo) out.registry = repo;
  return out;
}

async function catalogManifest(files: FileSource, path: string, text: string, result: CatalogResult, components: Map<string, Component>): Promise<void> {
  const parsed = parseJson(text, path, `sbom/${NAME}`);
  if (!parsed.ok) {
    result.issues.push(fromCoreParseIssue(NAME, path, parsed.issue));
    return;
  }
  const manifest = obj(parsed.value);
  if (!manifest) {
    result.issues.push(catalogerIssue('SBOM_UNSUPPORTED_FORMAT', NAME, `${path} is not a vcpkg manifest object`, { path }));
    return;
  }
  const lines = new LineIndex(text);
  const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  const config = await readConfiguration(files, dir, manifest, result);
  const overrides = new Map<string, string>();
  for (const o of Array.isArray(manifest['overrides']) ? manifest['overrides'] : []) {
    const oo = obj(o);
    const n = str(oo?.['name']);
    const v = str(oo?.['version']) ?? str(oo?.['version-semver']) ?? str(oo?.['version-string']) ?? str(oo?.['version-date']);
    if (n && v) overrides.set(n, v);
  }
  const deps = new Map<string, Dep>();
  for (const d of Array.isArray(manifest['dependencies']) ? manifest['dependencies'] : []) {
    const o = obj(d);
    const name = typeof d === 'string' ? d.trim() : str(o?.['name']);
    if (!name) continue;
    const dep: Dep = deps.get(name) ?? { name, host: true, features: [] };
    // Needed on the target anywhere wins over host-only (build tool) elsewhere.
    dep.host = dep.host && o?.['host'] === true;
    const min = str(o?.['version>=']);
    if (min) dep.minimum = min;
    for (const f of Array.isArray(o?.['features']) ? (o!['features'] as unknown[]) : []) {
      const fname = typeof f === 'string' ? f : str(obj(f)?.['name']);
      if (fname && !dep.features.includes(fname)) dep.features.push(fname);
    }
    const platform = str(o?.['platform']);
    if (platform) dep.platform = platform;
    deps.set(name, dep);
  }

  const rootName = str(manifest['name']) ?? (dir ? dir.slice(dir.lastIndexOf('/') + 1) : 'project');
  const rootVersion = str(manifest['version']) ?? str(manifest['version-semver']) ?? str(manifest['version-string']) ?? str(manifest['version-date']);
  const rootProps: Record<string, string> = {};
  if (config.baseline) rootProps['shencha:vcpkg-baseline'] = config.baseline;
  if (config.registry) rootProps['shencha:vcpkg-registry'] = config.registry;
  const license = str(manifest['license']);
  const homepage = str(manifest['homepage']);
  const root = makeComponent({
    ecosystem: 'vcpkg',
    name: rootName,
    cataloger: NAME,
    path,
    bomRef: `vcpkg:${path}`,
    firstParty: true,
    type: 'application',
    ...(rootVersion ? { version: rootVersion } : {}),
    ...(license ? { licenses: [license] } : {}),
    ...(homepage && /^https?:\/\//.test(homepage) ? { externalReferences: [{ type: 'website' as const, url: homepage }] } : {}),
    properties: rootProps,
  });
  components.set(root.bomRef, root);
  const refs = new Set<string>([root.bomRef]);
  const direct: string[] = [];
  for (const dep of [...deps.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const version = overrides.get(dep.name);
    const purl = makePurl('vcpkg', undefined, dep.name, version, config.baseline ? { baseline: config.baseline } : undefined);
    const properties: Record<string, string> = { 'shencha:resolved-from': 'manifest' };
    if (dep.minimum) properties['shencha:vcpkg-version-minimum'] = dep.minimum;
    if (dep.features.length > 0) properties['shencha:vcpkg-features'] = dep.features.sort().join(',');
    if (dep.platform) properties['shencha:vcpkg-platform'] = dep.platform;
    if (config.baseline) properties['shencha:vcpkg-baseline'] = config.baseline;
    if (dep.host) properties['shencha:scope-reason'] = '"host": true in vcpkg.json (a build tool for the host)';
    const at = text.search(new RegExp(`"${dep.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`));
    const c = makeComponent({
      ecosystem: 'vcpkg',
      name: dep.name,
      cataloger: NAME,
      path,
      ...(at >= 0 ? { line: lines.lineAt(at) } : {}),
      ...(version ? { version } : {}),
      ...(purl ? { purl } : { bomRef: `vcpkg:${path}#${dep.name}` }),
      ...(dep.host ? { scope: 'excluded' as const } : {}),
      properties,
    });
    const known = components.get(c.bomRef);
    if (known) {
      if (!known.evidence.some((e) => e.path === path)) known.evidence.push(...c.evidence);
    } else components.set(c.bomRef, c);
    refs.add(c.bomRef);
    direct.push(c.bomRef);
  }
  if (direct.length > 0) result.dependencies.push({ ref: root.bomRef, dependsOn: [...new Set(direct)].sort() });
  // A manifest names direct dependencies only; their own dependencies are not known here.
  result.compositions.push({ aggregate: 'incomplete', path, refs: [...refs].sort() });
}
