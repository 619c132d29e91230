import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as Enums from '@cyclonedx/cyclonedx-library/Enums';
import * as Models from '@cyclonedx/cyclonedx-library/Models';
import type * as SerializeNS from '@cyclonedx/cyclonedx-library/Serialize';
import * as SPDX from '@cyclonedx/cyclonedx-library/SPDX';
import * as Spec from '@cyclonedx/cyclonedx-library/Spec';
import { canonicalBytes, type Component, type Inventory } from '@shencha/core';
import { isCompoundExpression, isSpdxExpression } from './licenses.js';
import { uuidV5 } from './uuid.js';

export interface CycloneDxOptions {
  specVersion?: '1.6' | '1.7';
  format?: 'json' | 'xml';
  /** ISO 8601; from SOURCE_DATE_EPOCH so that output is reproducible. */
  timestamp: string;
  toolVersion: string;
}

// The serializers pull in xmlbuilder2 (about 150 modules); they load on the first XML BOM written.
const require = createRequire(import.meta.url);
let serializeModule: typeof SerializeNS | undefined;
function serializers(): typeof SerializeNS {
  return (serializeModule ??= require('@cyclonedx/cyclonedx-library/Serialize') as typeof SerializeNS);
}

// JSON needs only the library's JSON normalizer. Its package exports expose it only through the whole
// Serialize entry (XML included), so it is required by file, from the same installed copy.
let jsonNormalizeModule: typeof SerializeNS.JSON | undefined;
function jsonNormalize(): typeof SerializeNS.JSON {
  if (jsonNormalizeModule) return jsonNormalizeModule;
  const root = dirname(require.resolve('@cyclonedx/cyclonedx-library/package.json'));
  return (jsonNormalizeModule = require(join(root, 'dist.node/serialize/json/index.js')) as typeof SerializeNS.JSON);
}

const SPECS = { '1.6': Spec.Spec1dot6, '1.7': Spec.Spec1dot7 } as const;
const HASH_ALGS = new Set<string>(Object.values(Enums.HashAlgorithm));
const SCOPES: Record<string, Enums.ComponentScope> = {
  required: Enums.ComponentScope.Required,
  optional: Enums.ComponentScope.Optional,
  excluded: Enums.ComponentScope.Excluded,
};
const REF_TYPES: Record<string, Enums.ExternalReferenceType> = {
  vcs: Enums.ExternalReferenceType.VCS,
  website: Enums.ExternalReferenceType.Website,
  distribution: Enums.ExternalReferenceType.Distribution,
  'issue-tracker': Enums.ExternalReferenceType.IssueTracker,
  other: Enums.ExternalReferenceType.Other,
};

/**
 * Inventory → CycloneDX through @cyclonedx/cyclonedx-library (its models and serializers do the
 * spec-version work). What the library's models lack (compositions) is added to the normalized
 * form. JSON is canonical (RFC 8785); the serial number is a UUID v5 of the content, so the same
 * inventory always gives the same bytes.
 */
export function toCycloneDx(inventory: Inventory, options: CycloneDxOptions): string {
  if ((options.format ?? 'json') === 'json') return toCycloneDxJsonBytes(inventory, options).toString('utf8');
  const spec = SPECS[options.specVersion ?? '1.6'];
  const serial = serialNumberOf([sentinelBytes(inventory, options)]);
  const bom = buildBom(inventory, options);
  bom.serialNumber = serial;
  const Serialize = serializers();
  const serializer = new (compositionXmlSerializer())(new Serialize.XML.Normalize.Factory(spec), inventory, options.timestamp);
  return serializer.serialize(bom, { sortLists: true, space: 2 });
}

/**
 * The CycloneDX JSON as canonical UTF-8 bytes, for writing large SBOMs without a string copy. The
 * serial number is a UUID v5 of the canonical JSON with sentinels in place of serialNumber and
 * timestamp (so the same content always has the same serial, whatever the date): the document is
 * written once with the serial sentinel and the real timestamp, hashed with the timestamp's span read
 * as the sentinel, and the serial (the same length as its sentinel) is patched in place.
 */
export function toCycloneDxJsonBytes(inventory: Inventory, options: CycloneDxOptions): Buffer {
  const bytes = canonicalBytes(document(inventory, options, options.timestamp));
  const serialAt = onlyIndexOf(bytes, Q_SERIAL);
  const quotedTime = Buffer.from(JSON.stringify(options.timestamp), 'utf8');
  const timeAt = onlyIndexOf(bytes, quotedTime);
  if (serialAt < 0 || timeAt < 0 || timeAt > serialAt) {
    // A component happens to hold one of these strings: take the slow, plain route.
    const serial = serialNumberOf([sentinelBytes(inventory, options)]);
    const json = document(inventory, options, options.timestamp);
    json['serialNumber'] = serial;
    return canonicalBytes(json);
  }
  const serial = serialNumberOf([bytes.subarray(0, timeAt), Q_TIME, bytes.subarray(timeAt + quotedTime.length)]);
  bytes.write(serial, serialAt + 1, 'utf8');
  return bytes;
}

/** The normalized document with the serial sentinel; its library models die with this call. */
function document(inventory: Inventory, options: CycloneDxOptions, timestamp: string): Record<string, unknown> {
  const json = normalizedJson(buildBom(inventory, options), SPECS[options.specVersion ?? '1.6'], inventory);
  json['serialNumber'] = SERIAL_SENTINEL;
  const metadata = json['metadata'] as Record<string, unknown> | undefined;
  if (metadata) metadata['timestamp'] = timestamp;
  return json;
}

/** The content the serial number hashes: canonical JSON with both sentinels. */
function sentinelBytes(inventory: Inventory, options: CycloneDxOptions): Buffer {
  return canonicalBytes(document(inventory, options, TIME_SENTINEL));
}

function serialNumberOf(content: Uint8Array[]): string {
  return `urn:uuid:${uuidV5(content)}`;
}

const SERIAL_SENTINEL = 'urn:uuid:00000000-0000-0000-0000-000000000000';
const TIME_SENTINEL = '\u0000shencha:timestamp\u0000';
const Q_SERIAL = Buffer.from(JSON.stringify(SERIAL_SENTINEL), 'utf8');
const Q_TIME = Buffer.from(JSON.stringify(TIME_SENTINEL), 'utf8');

/** Offset of the one occurrence of `needle`, or -1 when it is absent or appears twice. */
function onlyIndexOf(haystack: Buffer, needle: Buffer): number {
  const at = haystack.indexOf(needle);
  return at >= 0 && haystack.indexOf(needle, at + needle.length) < 0 ? at : -1;
}

function normalizedJson(bom: Models.Bom, spec: (typeof SPECS)[keyof typeof SPECS], inventory: Inventory): Record<string, unknown> {
  // The library's normalizer gives the JSON form directly (what JsonSerializer would stringify);
  // skipping the stringify-and-parse round trip halves the time and memory of large BOMs. Its
  // bom-ref discriminator is not needed: every bomRef here is set and unique.
  const json = new (jsonNormalize().Normalize.Factory)(spec).makeForBom().normalize(bom, { sortLists: true }) as unknown as Record<string, unknown>;
  const compositions = compositionsOf(inventory);
  if (compositions.length > 0) {
    json['compositions'] = compositions.map((c) => ({ 'bom-ref': c.ref, aggregate: c.aggregate, assemblies: c.refs }));
  }
  return json;
}

/** One composition per ecosystem and aggregate, with only refs that exist in the BOM. */
function compositionsOf(inventory: Inventory): { ref: string; aggregate: string; refs: string[] }[] {
  const known = new Set(inventory.components.map((c) => c.bomRef));
  const grouped = new Map<string, Set<string>>();
  for (const c of inventory.compositions) {
    const key = `${c.ecosystem}\u0000${c.aggregate}`;
    const set = grouped.get(key) ?? new Set<string>();
    grouped.set(key, set);
    for (const r of c.refs) if (known.has(r)) set.add(r);
  }
  return [...grouped.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .filter(([, refs]) => refs.size > 0)
    .map(([key, refs]) => {
      const [ecosystem, aggregate] = key.split('\u0000') as [string, string];
      // The bom-ref names the ecosystem the completeness claim is about.
      return { ref: `composition:${ecosystem}:${aggregate}`, aggregate, refs: [...refs].sort() };
    });
}

/** The XML serializer with compositions appended (after dependencies, as the XSD orders them). */
let xmlSerializerClass: ReturnType<typeof defineXmlSerializer> | undefined;
function compositionXmlSerializer(): ReturnType<typeof defineXmlSerializer> {
  return (xmlSerializerClass ??= defineXmlSerializer(serializers()));
}

function defineXmlSerializer(Serialize: typeof SerializeNS) {
  return class CompositionXmlSerializer extends Serialize.XmlSerializer {
    constructor(
      factory: SerializeNS.XML.Normalize.Factory,
      private readonly inventory: Inventory,
      private readonly timestamp: string,
    ) {
      super(factory);
    }
    protected override _normalize(bom: Models.Bom, options?: SerializeNS.Types.NormalizerOptions): SerializeNS.XML.Types.SimpleXml.Element {
      const root = super._normalize(bom, options);
      const children = [...((root.children as Iterable<SerializeNS.XML.Types.SimpleXml.Element>) ?? [])];
      for (const child of children) {
        if (child.name !== 'metadata' || !child.children || typeof child.children !== 'object') continue;
        for (const m of child.children as Iterable<SerializeNS.XML.Types.SimpleXml.Element>) {
          if (m.name === 'timestamp') m.children = this.timestamp;
        }
      }
      const compositions = compositionsOf(this.inventory);
      if (compositions.length > 0) {
        children.push({
          type: 'element',
          name: 'compositions',
          children: compositions.map((c) => ({
            type: 'element' as const,
            name: 'composition',
            attributes: { 'bom-ref': c.ref },
            children: [
              { type: 'element' as const, name: 'aggregate', children: c.aggregate },
              {
                type: 'element' as const,
                name: 'assemblies',
                children: c.refs.map((r) => ({ type: 'element' as const, name: 'assembly', attributes: { ref: r } })),
              },
            ],
          })),
        });
      }
      root.children = children;
      return root;
    }
  };
}

function buildBom(inventory: Inventory, options: CycloneDxOptions): Models.Bom {
  const byRef = new Map<string, Models.Component>();
  const bom = new Models.Bom();
  const product = new Models.Component(Enums.ComponentType.Application, inventory.product.name, {
    bomRef: inventory.rootRef,
    version: inventory.product.version,
  });
  if (inventory.product.vendor) product.supplier = new Models.OrganizationalEntity({ name: inventory.product.vendor });
  product.properties.add(new Models.Property('shencha:first-party', 'true'));
  byRef.set(inventory.rootRef, product);

  for (const c of inventory.components) {
    if (c.bomRef === inventory.rootRef) continue;
    const m = toModel(c);
    byRef.set(c.bomRef, m);
    bom.components.add(m);
  }
  for (const edge of inventory.dependencies) {
    const from = byRef.get(edge.ref);
    if (!from) continue;
    for (const to of edge.dependsOn) {
      const target = byRef.get(to);
      if (target && target !== from) from.dependencies.add(target.bomRef);
    }
  }

  const tool = new Models.Component(Enums.ComponentType.Application, 'shencha', {
    version: options.toolVersion,
    bomRef: `tool:shencha@${options.toolVersion}`,
  });
  bom.metadata = new Models.Metadata({
    timestamp: new Date(options.timestamp),
    component: product,
    tools: new Models.Tools({ components: new Models.ComponentRepository([tool]) }),
  });
  bom.metadata.lifecycles.add(Enums.LifecyclePhase.PreBuild);
  if (inventory.product.vendor) bom.metadata.supplier = new Models.OrganizationalEntity({ name: inventory.product.vendor });
  return bom;
}

function toModel(c: Component): Models.Component {
  const type = (Object.values(Enums.ComponentType) as string[]).includes(c.type) ? (c.type as Enums.ComponentType) : Enums.ComponentType.Library;
  const m = new Models.Component(type, c.name, { bomRef: c.bomRef });
  if (c.group) m.group = c.group;
  if (c.version) m.version = c.version;
  if (c.purl) m.purl = c.purl;
  const scope = c.scope ? SCOPES[c.scope] : undefined;
  if (scope) m.scope = scope;
  if (c.description) m.description = c.description;
  if (c.author) m.author = c.author;
  for (const h of c.hashes ?? []) {
    if (HASH_ALGS.has(h.alg) && /^[0-9a-f]+$/.test(h.content)) m.hashes.set(h.alg as Enums.HashAlgorithm, h.content);
  }
  for (const l of licensesOf(c.licenses ?? [])) m.licenses.add(l);
  if (c.supplier) {
    const urls = (c.supplier.url ?? []).filter(isUrl).map((u) => new URL(u));
    m.supplier = new Models.OrganizationalEntity(urls.length > 0 ? { name: c.supplier.name, url: new Set(urls) } : { name: c.supplier.name });
  }
  for (const r of c.externalReferences ?? []) {
    const t = REF_TYPES[r.type];
    if (t && isIriReference(r.url)) m.externalReferences.add(new Models.ExternalReference(r.url, t));
  }
  const props: [string, string][] = Object.entries(c.properties ?? {});
  props.push(['shencha:ecosystem', c.ecosystem]);
  if (c.firstParty) props.push(['shencha:first-party', 'true']);
  for (const e of c.evidence) {
    props.push(['shencha:evidence', e.line !== undefined ? `${e.path}:${e.line}` : e.path]);
    props.push(['shencha:cataloger', e.cataloger]);
  }
  const seen = new Set<string>();
  for (const [name, value] of props.sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))) {
    const k = `${name}\u0000${value}`;
    if (seen.has(k)) continue;
    seen.add(k);
    m.properties.add(new Models.Property(name, value));
  }
  return m;
}

/**
 * Licences as found → CycloneDX: a known SPDX id stays an id, a compound expression becomes the
 * one allowed expression, anything else a named licence. The schema forbids mixing an expression
 * with other entries, so several entries with a compound among them are OR-ed into one expression.
 */
function licensesOf(found: string[]): Models.License[] {
  const list = [...new Set(found.map((l) => l.trim()).filter(Boolean))].sort();
  if (list.length === 0) return [];
  const compound = list.filter((l) => isCompoundExpression(l) && isSpdxExpression(l));
  if (compound.length > 0) {
    if (list.length === 1) return [new Models.LicenseExpression(compound[0]!)];
    if (list.every((l) => isSpdxExpression(l))) {
      return [new Models.LicenseExpression(list.map((l) => (isCompoundExpression(l) ? `(${l})` : l)).join(' OR '))];
    }
  }
  return list.map((l) => {
    const id = SPDX.fixupSpdxId(l);
    return id ? new Models.SpdxLicense(id) : new Models.NamedLicense(l);
  });
}

function isUrl(u: string): boolean {
  try {
    new URL(u);
    return true;
  } catch {
    return false;
  }
}

/** The schema's `iri-reference` format rejects whitespace and a few characters. */
function isIriReference(u: string): boolean {
  return u.length > 0 && !/[\s<>"{}|\\^`]/.test(u);
}
