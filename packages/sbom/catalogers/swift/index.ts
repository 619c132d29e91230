import { parseJson, type Component, type FileSource } from '@shencha/core';
import type { Cataloger, CatalogResult } from '../../src/cataloger.js';
import { catalogerIssue, emptyResult, fromCoreParseIssue, makeComponent, parseErrorIssue } from '../../src/component.js';
import { LineIndex, readLockfiles } from '../../src/files.js';
import { makePurl } from '../../src/purl.js';
import { identityOf, readManifest, readResolved, type SwiftPin } from './resolved.js';

const NAME = 'swift-package-cataloger';

/** Swift Package Manager: Package.resolved v1/v2/v3, with Package.swift for the root and its direct dependencies. */
export const swiftCataloger: Cataloger = {
  name: NAME,
  ecosystem: 'swift',
  globs: ['**/Package.resolved'],
  async catalog(files: FileSource): Promise<CatalogResult> {
    const result = emptyResult();
    const components = new Map<string, Component>();
    for await (const { path, text } of readLockfiles(files, this.globs, NAME, result.issues)) {
      await catalogResolved(files, path, text, result, components);
    }
    result.components = [...components.values()];
    return result;
  },
};

/** pkg:swift/github.com/apple/swift-nio@2.0.0 (namespace = host and owner path). */
function purlOf(pin: SwiftPin): string | undefined {
  if (pin.kind === 'fileSystem' || pin.kind === 'localSourceControl') return undefined;
  if (pin.kind === 'registry') {
    const [scope, name] = pin.identity.split('.');
    return name ? makePurl('swift', scope, name, pin.version ?? pin.revision) : undefined;
  }
  // Drop a port (ssh://git@host:7999/…) so the namespace is host + owner path.
  const m = /^(?:[a-z+]+:\/\/)?(?:[^@/]+@)?([^/:]+)[/:](.+?)(?:\.git)?\/?$/i.exec(pin.location.replace(/^([a-z+]+:\/\/[^/]+):\d+\//i, '$1/'));
  if (!m) return undefined;
  const path = m[2]!.split('/');
  const name = path.pop()!;
  return makePurl('swift', [m[1]!, ...path].join('/'), name, pin.version ?? pin.revision);
}

function fieldPosition(text: string, field: string): { line: number; column: number } {
  const lines = new LineIndex(text);
  const at = field ? text.search(new RegExp(`"${field}"\\s*:`)) : 0;
  if (at < 0) return { line: 1, column: 1 };
  const colon = text.indexOf(':', at);
  let value = colon + 1;
  while (value < text.length && /\s/.test(text[value]!)) value++;
  return { line: lines.lineAt(value), column: lines.columnAt(value) };
}

async function catalogResolved(files: FileSource, path: string, text: string, result: CatalogResult, components: Map<string, Component>): Promise<void> {
  const parsed = parseJson(text, path, `sbom/${NAME}`);
  if (!parsed.ok) {
    result.issues.push(fromCoreParseIssue(NAME, path, parsed.issue));
    return;
  }
  const read = readResolved(parsed.value);
  if (!read.ok) {
    result.issues.push(parseErrorIssue(NAME, path, read.message, fieldPosition(text, read.field)));
    return;
  }
  if (read.version > 3) {
    result.issues.push(catalogerIssue('SBOM_UNSUPPORTED_FORMAT', NAME, `${path}: Package.resolved version ${read.version} is not known; read as version 3`, { path }));
  }
  const lines = new LineIndex(text);
  const refs = new Set<string>();
  const byIdentity = new Map<string, string>();
  for (const pin of read.pins) {
    const purl = purlOf(pin);
    const local = pin.kind === 'fileSystem' || pin.kind === 'localSourceControl';
    const at = text.indexOf(`"${pin.location}"`);
    const properties: Record<string, string> = { 'shencha:swift-kind': pin.kind };
    if (pin.branch) properties['shencha:swift-branch'] = pin.branch;
    if (pin.revision) properties['shencha:swift-revision'] = pin.revision;
    if (pin.packageName) properties['shencha:swift-package-name'] = pin.packageName;
    const c = makeComponent({
      ecosystem: 'swift',
      name: pin.identity,
      cataloger: NAME,
      path,
      ...(at >= 0 ? { line: lines.lineAt(at) } : {}),
      ...(pin.version ?? pin.revision ? { version: (pin.version ?? pin.revision)! } : {}),
      ...(purl ? { purl } : { bomRef: `swift:${path}#${pin.identity}` }),
      ...(local ? { firstParty: true } : {}),
      ...(/^https?:\/\//.test(pin.location) ? { externalReferences: [{ type: 'vcs' as const, url: pin.location }] } : {}),
      properties,
    });
    const known = components.get(c.bomRef);
    if (known) {
      if (!known.evidence.some((e) => e.path === path)) known.evidence.push(...c.evidence);
    } else components.set(c.bomRef, c);
    refs.add(c.bomRef);
    byIdentity.set(pin.identity.toLowerCase(), c.bomRef);
  }

  // Package.swift beside the lock: the root package and its direct dependencies.
  const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  const manifestPath = dir ? `${dir}/Package.swift` : 'Package.swift';
  if (files.get(manifestPath)) {
    let manifest: ReturnType<typeof readManifest> = { urls: [], paths: [] };
    try {
      manifest = readManifest(await files.readText(manifestPath));
    } catch {
      /* unreadable manifest: no root edges */
    }
    const root = makeComponent({
      ecosystem: 'swift',
      name: manifest.name ?? (dir ? dir.slice(dir.lastIndexOf('/') + 1) : 'package'),
      cataloger: NAME,
      path: manifestPath,
      bomRef: `swift:${manifestPath}`,
      firstParty: true,
      type: 'application',
    });
    components.set(root.bomRef, root);
    refs.add(root.bomRef);
    const direct = new Set<string>();
    for (const url of manifest.urls) {
      const ref = byIdentity.get(identityOf(url));
      if (ref) direct.add(ref);
      else {
        result.issues.push(
          catalogerIssue('SBOM_LOCK_OUT_OF_SYNC', NAME, `${manifestPath} depends on ${url}, which ${path} does not pin`, { path: manifestPath }, 'run `swift package resolve`'),
        );
      }
    }
    // `.package(path:)`: a local package of the product; Package.resolved never pins those.
    for (const local of manifest.paths) {
      const localPath = [...(dir ? dir.split('/') : []), ...local.split('/')].reduce<string[]>((acc, part) => {
        if (part === '..') acc.pop();
        else if (part && part !== '.') acc.push(part);
        return acc;
      }, []).join('/');
      const c = makeComponent({
        ecosystem: 'swift',
        name: identityOf(local),
        cataloger: NAME,
        path: manifestPath,
        bomRef: `swift:${localPath || '.'}`,
        firstParty: true,
        properties: { 'shencha:swift-kind': 'fileSystem', 'shencha:swift-path': local },
      });
      if (!components.has(c.bomRef)) components.set(c.bomRef, c);
      refs.add(c.bomRef);
      direct.add(c.bomRef);
    }
    if (direct.size > 0) result.dependencies.push({ ref: root.bomRef, dependsOn: [...direct].sort() });
  }
  result.compositions.push({ aggregate: 'complete', path, refs: [...refs].sort() });
}
