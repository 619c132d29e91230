import { lazyXmlParser, xml as fastXml } from '../../src/parsers.js';
import { readCycloneDxJson } from './cyclonedx-json.js';
import type { SupplierDocument } from './model.js';

type Obj = Record<string, unknown>;
const ARRAYS = new Set(['component', 'hash', 'license', 'tool', 'dependency', 'url', 'composition', 'expression', 'service', 'author']);
const MAX_DEPTH = 64;

const parser = lazyXmlParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  // No entity expansion: SBOM XML never needs it and it is how XML bombs work.
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => ARRAYS.has(name),
});

function obj(v: unknown): Obj | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
}
function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined ? [] : [v];
}
function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  const o = obj(v);
  return typeof o?.['#text'] === 'string' ? o['#text'] : undefined;
}

export function isCycloneDxXml(doc: Obj): boolean {
  return !!obj(doc['bom']);
}

/** The XML shapes, rewritten into the JSON shape so one reader serves both. */
function org(v: unknown): Obj | undefined {
  const o = obj(v);
  if (!o) return undefined;
  return { name: text(o['name']), url: arr(o['url']).map(text) };
}

function component(v: unknown, depth: number): Obj | undefined {
  const o = obj(v);
  if (!o) return undefined;
  const lic = obj(o['licenses']);
  const out: Obj = {
    type: o['@_type'],
    'bom-ref': o['@_bom-ref'],
    name: text(o['name']),
    group: text(o['group']),
    version: text(o['version']),
    purl: text(o['purl']),
    description: text(o['description']),
    author: text(o['author']),
    scope: text(o['scope']),
    supplier: org(o['supplier']),
    manufacturer: org(o['manufacturer']),
    hashes: arr(obj(o['hashes'])?.['hash']).map((h) => ({ alg: obj(h)?.['@_alg'], content: text(h) })),
    licenses: [
      ...arr(lic?.['license']).map((l) => ({ license: { id: text(obj(l)?.['id']), name: text(obj(l)?.['name']) } })),
      ...arr(lic?.['expression']).map((e) => ({ expression: text(e) })),
    ],
    components: depth < MAX_DEPTH ? arr(obj(o['components'])?.['component']).map((c) => component(c, depth + 1)) : [],
  };
  return out;
}

export type XmlRead = { ok: true; doc: SupplierDocument | undefined } | { ok: false; message: string; line?: number; column?: number };

export function readCycloneDxXml(xml: string): XmlRead {
  const valid = fastXml().XMLValidator.validate(xml);
  if (valid !== true) return { ok: false, message: valid.err.msg, line: valid.err.line, column: valid.err.col };
  let parsed: Obj;
  try {
    parsed = parser().parse(xml) as Obj;
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
  const bom = obj(parsed['bom']);
  if (!bom) return { ok: true, doc: undefined };
  const meta = obj(bom['metadata']) ?? {};
  const tools = obj(meta['tools']);
  const json: Obj = {
    bomFormat: 'CycloneDX',
    specVersion: /cyclonedx\.org\/schema\/bom\/([\d.]+)/.exec(String(bom['@_xmlns'] ?? ''))?.[1],
    metadata: {
      tools: [
        ...arr(tools?.['tool']).map((t) => ({ name: text(obj(t)?.['name']), vendor: text(obj(t)?.['vendor']) })),
        ...arr(obj(tools?.['components'])?.['component']).map((t) => ({ name: text(obj(t)?.['name']), group: text(obj(t)?.['group']) })),
      ],
      component: component(arr(meta['component'])[0], 0),
      supplier: org(meta['supplier']),
      manufacturer: org(meta['manufacturer'] ?? meta['manufacture']),
    },
    components: arr(obj(bom['components'])?.['component']).map((c) => component(c, 0)),
    dependencies: arr(obj(bom['dependencies'])?.['dependency']).map((d) => ({
      ref: obj(d)?.['@_ref'],
      dependsOn: arr(obj(d)?.['dependency']).map((x) => obj(x)?.['@_ref']),
    })),
    compositions: arr(obj(bom['compositions'])?.['composition']).map((c) => ({ aggregate: text(obj(c)?.['aggregate']) })),
  };
  return { ok: true, doc: readCycloneDxJson(json) };
}
