import type { ComponentHash } from '@shencha/core';
import { normaliseAlg, spdxActor, type SupplierComponent, type SupplierDocument } from './model.js';

type Obj = Record<string, unknown>;

function obj(v: unknown): Obj | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
}
function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() && v !== 'NOASSERTION' && v !== 'NONE' ? v.trim() : undefined;
}

export function isSpdxJson(doc: unknown): boolean {
  const d = obj(doc);
  return typeof d?.['spdxVersion'] === 'string' && d['spdxVersion'].startsWith('SPDX-');
}

function pkg(v: unknown): SupplierComponent | undefined {
  const p = obj(v);
  const id = str(p?.['SPDXID']);
  const name = str(p?.['name']);
  if (!p || !id || !name) return undefined;
  const hashes: ComponentHash[] = [];
  for (const c of arr(p['checksums'])) {
    const alg = normaliseAlg(str(obj(c)?.['algorithm']) ?? '');
    const value = str(obj(c)?.['checksumValue']);
    if (alg && value && /^[0-9a-fA-F]+$/.test(value)) hashes.push({ alg, content: value.toLowerCase() });
  }
  const licenses = [str(p['licenseConcluded']), str(p['licenseDeclared'])].filter((l): l is string => !!l);
  const c: SupplierComponent = { id, name, hashes, licenses: [...new Set(licenses)], children: [] };
  const version = str(p['versionInfo']);
  if (version) c.version = version;
  const purl = arr(p['externalRefs'])
    .map((r) => obj(r))
    .find((r) => r?.['referenceType'] === 'purl');
  const purlValue = str(purl?.['referenceLocator']);
  if (purlValue) c.purl = purlValue;
  const supplier = spdxActor(p['supplier']) ?? spdxActor(p['originator']);
  if (supplier) c.supplier = { name: supplier };
  const description = str(p['description']) ?? str(p['summary']);
  if (description) c.description = description;
  const purpose = str(p['primaryPackagePurpose']);
  if (purpose) c.type = purpose.toLowerCase().replace(/_/g, '-');
  return c;
}

export function readSpdxJson(doc: unknown): SupplierDocument {
  const d = obj(doc) ?? {};
  const creation = obj(d['creationInfo']) ?? {};
  const creators = arr(creation['creators']).filter((c): c is string => typeof c === 'string');
  const tools = creators.filter((c) => c.startsWith('Tool:')).map((c) => c.slice(5).trim());
  const packages = arr(d['packages']).map(pkg).filter((p): p is SupplierComponent => !!p);
  const docId = str(d['SPDXID']) ?? 'SPDXRef-DOCUMENT';
  const described = new Set(arr(d['documentDescribes']).map(str).filter((x): x is string => !!x));
  const edges = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    let s = edges.get(a);
    if (!s) edges.set(a, (s = new Set()));
    s.add(b);
  };
  for (const r of arr(d['relationships'])) {
    const o = obj(r);
    const a = str(o?.['spdxElementId']);
    const b = str(o?.['relatedSpdxElement']);
    const t = str(o?.['relationshipType']);
    if (!a || !b || !t) continue;
    if (t === 'DESCRIBES' && a === docId) described.add(b);
    else if (t === 'DESCRIBED_BY' && b === docId) described.add(a);
    else if (t === 'DEPENDS_ON' || t === 'CONTAINS' || t === 'DYNAMIC_LINK' || t === 'STATIC_LINK' || t === 'HAS_PREREQUISITE') link(a, b);
    else if (t === 'DEPENDENCY_OF' || t === 'CONTAINED_BY' || t === 'RUNTIME_DEPENDENCY_OF' || t === 'BUILD_DEPENDENCY_OF' || t === 'PREREQUISITE_FOR') link(b, a);
  }
  const roots = packages.filter((p) => described.has(p.id));
  const out: SupplierDocument = {
    format: 'SPDX',
    tools,
    roots,
    components: packages.filter((p) => !described.has(p.id)),
    dependencies: [...edges].map(([ref, s]) => ({ ref, dependsOn: [...s] })),
    complete: false,
  };
  const spec = str(d['spdxVersion']);
  if (spec) out.specVersion = spec;
  const org = creators.find((c) => c.startsWith('Organization:'));
  const supplier = spdxActor(org) ?? roots[0]?.supplier?.name;
  if (supplier) out.supplier = { name: supplier };
  return out;
}
