import { parseJson, type Component, type FileSource } from '@shencha/core';
import type { Cataloger, CatalogContext, CatalogResult } from '../../src/cataloger.js';
import { catalogerIssue, emptyResult, fromCoreParseIssue, makeComponent, parseErrorIssue } from '../../src/component.js';
import { LineIndex, lockFiles } from '../../src/files.js';
import { isCycloneDxJson, readCycloneDxJson } from './cyclonedx-json.js';
import { readCycloneDxXml } from './cyclonedx-xml.js';
import { isShenchaTool, type SupplierComponent, type SupplierDocument } from './model.js';
import { isSpdxJson, readSpdxJson } from './spdx-json.js';
import './issues.js';

const NAME = 'supplier-sbom-cataloger';
const MAX_COMPONENTS = 200_000;
const TYPES = new Set<Component['type']>(['application', 'library', 'framework', 'file', 'firmware', 'operating-system', 'container', 'platform']);

/**
 * A supplier's own SBOM (CycloneDX JSON/XML, SPDX JSON) shipped in the tree or named in
 * shencha.yaml (`sbom.supplierSboms`): its components are merged in, nested ones included, with
 * the supplier's identity. A document shencha wrote is never read back.
 */
export const supplierSbomCataloger: Cataloger = {
  name: NAME,
  ecosystem: 'supplier-sbom',
  globs: [
    '**/*.cdx.json',
    '**/*.cdx.xml',
    '**/*.cyclonedx.json',
    '**/*.cyclonedx.xml',
    '**/bom.json',
    '**/bom.xml',
    '**/*.bom.json',
    '**/*.bom.xml',
    '**/*.spdx.json',
    '**/*sbom*.json',
    '**/*sbom*.xml',
  ],
  async catalog(files: FileSource, context: CatalogContext): Promise<CatalogResult> {
    const result = emptyResult();
    const components = new Map<string, Component>();
    const edges = new Map<string, Set<string>>();
    // Named in shencha.yaml: read even under an odd name, and say so when it is not an SBOM.
    const named: unknown[] = context.options.supplierSboms ?? [];
    const namedPaths = new Set(named.filter((p): p is string => typeof p === 'string').map((p) => p.replace(/^\.\//, '')));
    const paths = new Set([...lockFiles(files, this.globs), ...namedPaths]);
    let bySha: Map<string, string[]> | undefined;
    for (const path of [...paths].sort()) {
      const entry = files.get(path);
      if (!entry || entry.kind !== 'file' || entry.excluded?.rule.startsWith('default:')) {
        if (namedPaths.has(path)) {
          result.issues.push(
            catalogerIssue('SBOM_UNREADABLE', NAME, `supplier SBOM ${path} named in shencha.yaml is not a file in the project (or lies in an excluded folder)`, { path }),
          );
        }
        continue;
      }
      let text: string;
      try {
        text = await files.readText(path);
      } catch (e) {
        result.issues.push(catalogerIssue('SBOM_UNREADABLE', NAME, `cannot read ${path}: ${(e as Error).message}`, { path }));
        continue;
      }
      const doc = read(path, text, result);
      if (!doc) {
        if (doc === undefined && namedPaths.has(path)) {
          result.issues.push(catalogerIssue('SBOM_UNSUPPORTED_FORMAT', NAME, `${path} is named as a supplier SBOM but is neither CycloneDX nor SPDX JSON`, { path }));
        }
        continue;
      }
      if (doc.tools.some(isShenchaTool)) {
        result.issues.push(
          makeInfo(path, `${path} was written by shencha; it is not read back as a supplier SBOM`),
        );
        continue;
      }
      merge(path, text, doc, result, components, edges, () => (bySha ??= filesBySha256(files)));
    }
    result.components = [...components.values()];
    result.dependencies = [...edges]
      .filter(([, s]) => s.size > 0)
      .map(([ref, s]) => ({ ref, dependsOn: [...s].sort() }))
      .sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
    return result;
  },
};

function makeInfo(path: string, message: string) {
  return catalogerIssue('SBOM_SUPPLIER_SBOM_SKIPPED', NAME, message, { path });
}

/** undefined: not an SBOM; null: an SBOM that could not be parsed (issue raised). */
function read(path: string, text: string, result: CatalogResult): SupplierDocument | undefined | null {
  if (/\.xml$/i.test(path) || text.trimStart().startsWith('<')) {
    const r = readCycloneDxXml(text);
    if (!r.ok) {
      const at: { line?: number; column?: number } = {};
      if (r.line !== undefined) at.line = r.line;
      if (r.column !== undefined) at.column = r.column;
      result.issues.push(parseErrorIssue(NAME, path, r.message, at));
      return null;
    }
    return r.doc;
  }
  const parsed = parseJson(text, path, `sbom/${NAME}`);
  if (!parsed.ok) {
    result.issues.push(fromCoreParseIssue(NAME, path, parsed.issue));
    return null;
  }
  if (isCycloneDxJson(parsed.value)) return readCycloneDxJson(parsed.value);
  if (isSpdxJson(parsed.value)) return readSpdxJson(parsed.value);
  return undefined;
}

/** Lines of every `bom-ref`/`SPDXID` in one pass, for evidence. */
function idLines(text: string): Map<string, number> {
  const lines = new LineIndex(text);
  const out = new Map<string, number>();
  for (const m of text.matchAll(/(?:"bom-ref"\s*:\s*"|bom-ref="|"SPDXID"\s*:\s*")([^"]+)"/g)) {
    if (!out.has(m[1]!)) out.set(m[1]!, lines.lineAt(m.index));
  }
  return out;
}

/** Walked files by their SHA-256, to find the artifact a supplier SBOM describes. */
function filesBySha256(files: FileSource): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of files.files()) {
    if (!e.sha256 || e.excluded?.rule.startsWith('default:')) continue;
    const list = out.get(e.sha256);
    if (list) list.push(e.path);
    else out.set(e.sha256, [e.path]);
  }
  return out;
}

function purlType(purl: string | undefined): string | undefined {
  const m = purl ? /^pkg:([a-zA-Z][a-zA-Z0-9.+-]*)\//.exec(purl) : null;
  return m ? m[1]!.toLowerCase() : undefined;
}

function merge(
  path: string,
  text: string,
  doc: SupplierDocument,
  result: CatalogResult,
  components: Map<string, Component>,
  edges: Map<string, Set<string>>,
  bySha: () => Map<string, string[]>,
): void {
  const lines = idLines(text);
  const refOf = new Map<string, string>();
  const refs = new Set<string>();
  let count = 0;
  const link = (from: string, to: string) => {
    if (from === to) return;
    let s = edges.get(from);
    if (!s) edges.set(from, (s = new Set()));
    s.add(to);
  };

  const visit = (sc: SupplierComponent, parent: string | undefined, isRoot: boolean): void => {
    if (++count > MAX_COMPONENTS) return;
    const properties: Record<string, string> = {
      'shencha:supplier-sbom': path,
      'shencha:supplier-sbom-ref': sc.id,
      'shencha:supplier-sbom-format': `${doc.format}${doc.specVersion ? ` ${doc.specVersion}` : ''}`,
    };
    if (isRoot) properties['shencha:supplied-product'] = 'true';
    const line = lines.get(sc.id);
    const supplier = sc.supplier ?? doc.supplier;
    const type = sc.type && TYPES.has(sc.type as Component['type']) ? (sc.type as Component['type']) : isRoot ? 'application' : 'library';
    const c = makeComponent({
      ecosystem: purlType(sc.purl) ?? 'supplier-sbom',
      name: sc.name,
      cataloger: NAME,
      path,
      type,
      ...(sc.purl ? { purl: sc.purl } : { bomRef: `supplier-sbom:${path}#${sc.id}` }),
      ...(line !== undefined ? { line } : {}),
      ...(sc.group ? { group: sc.group } : {}),
      ...(sc.version ? { version: sc.version } : {}),
      ...(sc.scope && sc.scope !== 'required' ? { scope: sc.scope } : {}),
      hashes: sc.hashes,
      licenses: sc.licenses,
      ...(supplier ? { supplier } : {}),
      ...(sc.author ? { author: sc.author } : {}),
      ...(sc.description ? { description: sc.description.slice(0, 2000) } : {}),
      properties,
    });
    if (sc.scope === 'excluded') c.properties = { ...c.properties, 'shencha:scope-reason': `scope "excluded" in the supplier SBOM ${path}` };
    // A file in the tree with the digest the document states is the artifact it describes.
    const sha = sc.hashes.find((h) => h.alg === 'SHA-256')?.content;
    const matched = sha ? (bySha().get(sha) ?? []) : [];
    for (const m of matched) c.evidence.push({ path: m, cataloger: NAME });
    if (matched.length > 0) c.properties = { ...c.properties, 'shencha:supplier-sbom-artifact': matched.join(',') };
    const known = components.get(c.bomRef);
    if (!known) components.set(c.bomRef, c);
    else if (!known.evidence.some((e) => e.path === path)) known.evidence.push(...c.evidence);
    refOf.set(sc.id, c.bomRef);
    refs.add(c.bomRef);
    if (parent) link(parent, c.bomRef);
    for (const child of sc.children) visit(child, c.bomRef, false);
  };

  for (const r of doc.roots) visit(r, undefined, true);
  for (const c of doc.components) visit(c, undefined, false);
  if (count > MAX_COMPONENTS) {
    result.issues.push(catalogerIssue('SBOM_UNSUPPORTED_FORMAT', NAME, `${path} lists more than ${MAX_COMPONENTS} components; the rest were not read`, { path }));
  }

  let rootHasEdges = false;
  const rootIds = new Set(doc.roots.map((r) => r.id));
  for (const d of doc.dependencies) {
    const from = refOf.get(d.ref);
    if (!from) continue;
    for (const id of d.dependsOn) {
      const to = refOf.get(id);
      if (to) {
        link(from, to);
        if (rootIds.has(d.ref)) rootHasEdges = true;
      } else {
        result.issues.push(catalogerIssue('SBOM_UNRESOLVED_DEPENDENCY', NAME, `${path}: ${d.ref} depends on ${id}, which the document does not describe`, { path }));
      }
    }
  }
  // No graph for the supplied product: it contains every top-level component of its document.
  if (!rootHasEdges) for (const r of doc.roots) for (const c of doc.components) link(refOf.get(r.id)!, refOf.get(c.id)!);
  result.compositions.push({ aggregate: doc.complete ? 'complete' : 'incomplete', path, refs: [...refs].sort() });
}
