import type { ComponentHash } from '@shencha/core';
import { normaliseAlg, type SupplierComponent, type SupplierDocument } from './model.js';

type Obj = Record<string, unknown>;
const MAX_DEPTH = 64;

function obj(v: unknown): Obj | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
}
function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

export function isCycloneDxJson(doc: unknown): boolean {
  return obj(doc)?.['bomFormat'] === 'CycloneDX';
}

export function organization(v: unknown): { name: string; url?: string[] } | undefined {
  const o = obj(v);
  const name = str(o?.['name']);
  if (!o || !name) return undefined;
  const url = arr(o['url']).map(str).filter((u): u is string => !!u);
  return url.length > 0 ? { name, url } : { name };
}

function licenses(v: unknown): string[] {
  const out: string[] = [];
  for (const l of arr(v)) {
    const o = obj(l);
    const expr = str(o?.['expression']);
    if (expr) out.push(expr);
    const lic = obj(o?.['license']);
    const id = str(lic?.['id']) ?? str(lic?.['name']);
    if (id) out.push(id);
  }
  return out;
}

function hashes(v: unknown): ComponentHash[] {
  const out: ComponentHash[] = [];
  for (const h of arr(v)) {
    const o = obj(h);
    const alg = normaliseAlg(str(o?.['alg']) ?? '');
    const content = str(o?.['content']);
    if (alg && content && /^[0-9a-fA-F]+$/.test(content)) out.push({ alg, content: content.toLowerCase() });
  }
  return out;
}

let synthetic = 0;

function component(v: unknown, depth: number): SupplierComponent | undefined {
  const o = obj(v);
  const name = str(o?.['name']);
  if (!o || !name) return undefined;
  const version = str(o['version']);
  const c: SupplierComponent = {
    id: str(o['bom-ref']) ?? `${str(o['group']) ? `${str(o['group'])}/` : ''}${name}@${version ?? ''}#${synthetic++}`,
    name,
    hashes: hashes(o['hashes']),
    licenses: licenses(o['licenses']),
    children: [],
  };
  const set = <K extends 'type' | 'group' | 'version' | 'purl' | 'author' | 'description'>(k: K, val: string | undefined) => {
    if (val) (c as unknown as Record<string, string>)[k] = val;
  };
  set('type', str(o['type']));
  set('group', str(o['group']));
  set('version', version);
  set('purl', str(o['purl']));
  set('author', str(o['author']) ?? arr(o['authors']).map((a) => str(obj(a)?.['name'])).filter(Boolean).join(', '));
  set('description', str(o['description']));
  const scope = str(o['scope']);
  if (scope === 'required' || scope === 'optional' || scope === 'excluded') c.scope = scope;
  const supplier = organization(o['supplier']) ?? organization(o['manufacturer']);
  if (supplier) c.supplier = supplier;
  if (depth < MAX_DEPTH) {
    for (const child of arr(o['components'])) {
      const cc = component(child, depth + 1);
      if (cc) c.children.push(cc);
    }
  }
  return c;
}

export function readCycloneDxJson(doc: unknown): SupplierDocument {
  synthetic = 0;
  const d = obj(doc) ?? {};
  const meta = obj(d['metadata']) ?? {};
  const toolsField = meta['tools'];
  const tools: string[] = [];
  // 1.4 and older: an array of tools; 1.5+: { components, services }.
  for (const t of Array.isArray(toolsField) ? toolsField : [...arr(obj(toolsField)?.['components']), ...arr(obj(toolsField)?.['services'])]) {
    const o = obj(t);
    for (const k of ['name', 'vendor', 'group']) {
      const s = str(o?.[k]);
      if (s) tools.push(s);
    }
  }
  const root = component(meta['component'], 0);
  const out: SupplierDocument = {
    format: 'CycloneDX',
    tools,
    roots: root ? [root] : [],
    components: arr(d['components']).map((c) => component(c, 0)).filter((c): c is SupplierComponent => !!c),
    dependencies: arr(d['dependencies'])
      .map((e) => obj(e))
      .filter((e): e is Obj => !!e && !!str(e['ref']))
      .map((e) => ({ ref: str(e['ref'])!, dependsOn: arr(e['dependsOn']).map(str).filter((x): x is string => !!x) })),
    complete: arr(d['compositions']).some((c) => str(obj(c)?.['aggregate']) === 'complete'),
  };
  const spec = str(d['specVersion']);
  if (spec) out.specVersion = spec;
  const supplier = organization(meta['supplier']) ?? organization(meta['manufacturer']) ?? organization(meta['manufacture']) ?? root?.supplier;
  if (supplier) out.supplier = supplier;
  return out;
}
