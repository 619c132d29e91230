import { createHash } from 'node:crypto';
import { canonicalize, isVendoredPath, type Inventory } from '@shencha/core';
import type { UsageIndex } from '@shencha/code';
import { ImportResolver } from './imports.js';
import type { UsageCrypto } from './usage.js';

/**
 * The CBOM: every algorithm the first-party code calls, as a CycloneDX 1.6 `cryptographic-asset`
 * component with its call sites as evidence occurrences, the libraries that provide them, and whether
 * the national (SM) algorithms are supported and default. @cyclonedx/cyclonedx-library 10.3 does not
 * model cryptoProperties, so the BOM is built from plain objects (tests validate it against the
 * official 1.6 schema) and written as canonical JSON with a content-derived serial number.
 */

const CBOM_UUID_NAMESPACE = 'b7e0f1a2-5c3d-4e8f-9a1b-2c3d4e5f6a7b';

function uuidV5(name: string): string {
  const ns = Buffer.from(CBOM_UUID_NAMESPACE.replace(/-/g, ''), 'hex');
  const b = Buffer.from(createHash('sha1').update(ns).update(name, 'utf8').digest().subarray(0, 16));
  b[6] = (b[6]! & 0x0f) | 0x50;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const SM_FAMILIES = new Set(['SM2', 'SM3', 'SM4', 'SM9', 'ZUC']);
/** OIDs of the SM algorithms (GM/T 0006): SM2 curve per DOMAIN.md, SM3 hash, SM4 block cipher. */
const SM_OID: Record<string, string> = { SM2: '1.2.156.10197.1.301', SM3: '1.2.156.10197.1.401', SM4: '1.2.156.10197.1.104' };
const AE_MODES = new Set(['GCM', 'CCM', 'OCB', 'SIV', 'GCM-SIV', 'EAX']);
const CDX_MODES = new Set(['cbc', 'ecb', 'ccm', 'gcm', 'cfb', 'ofb', 'ctr']);
const CDX_PRIMITIVES = new Set(['drbg', 'mac', 'block-cipher', 'stream-cipher', 'signature', 'hash', 'pke', 'xof', 'kdf', 'key-agree', 'kem', 'ae', 'combiner', 'other', 'unknown']);
/** Which SM algorithm answers which kind of primitive. */
const SM_FOR: Record<string, string> = { hash: 'SM3', mac: 'SM3', 'block-cipher': 'SM4', ae: 'SM4', 'stream-cipher': 'ZUC', signature: 'SM2', pke: 'SM2', 'key-agree': 'SM2' };

export function isSmFamily(family: string): boolean {
  return SM_FAMILIES.has(family.toUpperCase());
}

function cdxPrimitive(f: UsageCrypto): string {
  if (f.primitive === 'block-cipher' && f.mode && AE_MODES.has(f.mode.toUpperCase())) return 'ae';
  return CDX_PRIMITIVES.has(f.primitive) ? f.primitive : 'other';
}

function cryptoFunction(api: string): string | undefined {
  const a = api.toLowerCase();
  if (/decipher|decrypt/.test(a)) return 'decrypt';
  if (/cipher|encrypt|seal/.test(a)) return 'encrypt';
  if (/verify/.test(a)) return 'verify';
  if (/sign/.test(a)) return 'sign';
  if (/generatekey|keypair|keygen|generate_key/.test(a)) return 'keygen';
  if (/hmac|mac\b/.test(a)) return 'tag';
  if (/pbkdf|hkdf|scrypt|derive/.test(a)) return 'keyderive';
  if (/hash|digest|sm3|sha|md5/.test(a)) return 'digest';
  return undefined;
}

export interface SmSupport {
  /** Any SM algorithm is called. */
  supported: boolean;
  /** Every call site of every primitive kind that has an SM counterpart uses SM (a static approximation of "default"). */
  default: boolean;
  algorithms: string[];
  byPrimitive: { primitive: string; sm: string; smAlgorithms: string[]; otherAlgorithms: string[]; smDefault: boolean }[];
}

export interface CryptoSite {
  path: string;
  fact: UsageCrypto;
  /** bomRefs of inventory components that provide the API. */
  libraryRefs: string[];
}

export function cryptoSites(usage: UsageIndex, inventory: Inventory): CryptoSite[] {
  const resolver = new ImportResolver(inventory.components);
  const out: CryptoSite[] = [];
  for (const f of usage.files) {
    if (isVendoredPath(f.path)) continue;
    for (const c of f.crypto) {
      const lib = c.library ?? c.api.split('.')[0] ?? '';
      out.push({ path: f.path, fact: c, libraryRefs: resolver.resolveLibrary(lib, f.language) });
    }
  }
  return out;
}

export function smSupport(sites: readonly CryptoSite[]): SmSupport {
  const byKind = new Map<string, { sm: Set<string>; other: Set<string> }>();
  const all = new Set<string>();
  for (const s of sites) {
    const kind = cdxPrimitive(s.fact);
    const sm = isSmFamily(s.fact.family);
    if (sm) all.add(s.fact.family.toUpperCase());
    if (!SM_FOR[kind]) continue;
    const slot = byKind.get(kind) ?? { sm: new Set<string>(), other: new Set<string>() };
    (sm ? slot.sm : slot.other).add(s.fact.algorithm);
    byKind.set(kind, slot);
  }
  const byPrimitive = [...byKind.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([primitive, v]) => ({
      primitive,
      sm: SM_FOR[primitive]!,
      smAlgorithms: [...v.sm].sort(),
      otherAlgorithms: [...v.other].sort(),
      smDefault: v.sm.size > 0 && v.other.size === 0,
    }));
  return {
    supported: all.size > 0,
    default: byPrimitive.length > 0 && byPrimitive.every((p) => p.smDefault),
    algorithms: [...all].sort(),
    byPrimitive,
  };
}

export interface CbomOptions {
  /** ISO 8601, from SOURCE_DATE_EPOCH. */
  timestamp: string;
  toolVersion: string;
}

type Json = Record<string, unknown>;

/** CycloneDX 1.6 JSON (canonical) of the product's cryptographic assets. */
export function buildCbom(usage: UsageIndex, inventory: Inventory, options: CbomOptions): string {
  const sites = cryptoSites(usage, inventory);
  const byRef = new Map(inventory.components.map((c) => [c.bomRef, c]));
  const algorithms = new Map<string, { sites: CryptoSite[] }>();
  for (const s of sites) {
    const slot = algorithms.get(s.fact.algorithm) ?? { sites: [] };
    slot.sites.push(s);
    algorithms.set(s.fact.algorithm, slot);
  }
  const libraries = new Map<string, { component: Json; provides: Set<string> }>();
  const components: Json[] = [];
  for (const [name, { sites: list }] of [...algorithms.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const first = list[0]!.fact;
    const ref = `crypto:algorithm:${name}`;
    const algorithmProperties: Json = { primitive: cdxPrimitive(first), executionEnvironment: 'software-plain-ram' };
    if (first.keySize !== undefined) algorithmProperties['parameterSetIdentifier'] = String(first.keySize);
    if (first.mode) algorithmProperties['mode'] = CDX_MODES.has(first.mode.toLowerCase()) ? first.mode.toLowerCase() : 'other';
    if (first.family.toUpperCase() === 'SM2') algorithmProperties['curve'] = 'sm2p256v1';
    const fns = [...new Set(list.map((s) => cryptoFunction(s.fact.api)).filter((x): x is string => !!x))].sort();
    if (fns.length > 0) algorithmProperties['cryptoFunctions'] = fns;
    const cryptoProperties: Json = { assetType: 'algorithm', algorithmProperties };
    const oid = SM_OID[first.family.toUpperCase()];
    if (oid) cryptoProperties['oid'] = oid;
    const occurrences = list
      .map((s) => ({ location: s.path, line: s.fact.line, offset: Math.max(0, s.fact.column - 1), symbol: s.fact.api, ...(s.fact.library ? { additionalContext: `library ${s.fact.library}` } : {}) }))
      .sort((a, b) => (a.location < b.location ? -1 : a.location > b.location ? 1 : a.line - b.line || a.offset - b.offset || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0)));
    const libNames = [...new Set(list.map((s) => s.fact.library ?? s.fact.api.split('.')[0] ?? 'unknown'))].sort();
    components.push({
      type: 'cryptographic-asset',
      'bom-ref': ref,
      name,
      cryptoProperties,
      evidence: { occurrences },
      properties: [
        { name: 'shencha:crypto:family', value: first.family },
        { name: 'shencha:crypto:libraries', value: libNames.join(',') },
        { name: 'shencha:crypto:sm', value: String(isSmFamily(first.family)) },
      ],
    });
    for (const s of list) {
      const refs = s.libraryRefs.length > 0 ? s.libraryRefs : [`crypto:library:${s.fact.library ?? s.fact.api.split('.')[0] ?? 'unknown'}`];
      for (const libRef of refs) {
        let lib = libraries.get(libRef);
        if (!lib) {
          const inv = byRef.get(libRef);
          const component: Json = inv
            ? { type: 'library', 'bom-ref': libRef, name: inv.name, ...(inv.group ? { group: inv.group } : {}), ...(inv.version ? { version: inv.version } : {}), ...(inv.purl ? { purl: inv.purl } : {}) }
            : { type: 'library', 'bom-ref': libRef, name: libRef.slice('crypto:library:'.length), properties: [{ name: 'shencha:crypto:platform-library', value: 'true' }] };
          lib = { component, provides: new Set() };
          libraries.set(libRef, lib);
        }
        lib.provides.add(ref);
      }
    }
  }
  const sm = smSupport(sites);
  const libList = [...libraries.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const bom: Json = {
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    version: 1,
    metadata: {
      timestamp: options.timestamp,
      tools: { components: [{ type: 'application', name: 'shencha', version: options.toolVersion }] },
      component: { type: 'application', 'bom-ref': inventory.rootRef, name: inventory.product.name, version: inventory.product.version },
      properties: [
        { name: 'shencha:sm:supported', value: String(sm.supported) },
        { name: 'shencha:sm:default', value: String(sm.default) },
        { name: 'shencha:sm:algorithms', value: sm.algorithms.join(',') },
        ...sm.byPrimitive.map((p) => ({ name: `shencha:sm:primitive:${p.primitive}`, value: `${p.sm}:${p.smDefault ? 'default' : p.smAlgorithms.length > 0 ? 'supported' : 'absent'}` })),
        { name: 'shencha:cbom:call-sites', value: String(sites.length) },
      ],
    },
    components: [...components, ...libList.map(([, l]) => l.component)],
    dependencies: libList.map(([ref, l]) => ({ ref, provides: [...l.provides].sort() })),
  };
  const serial = `urn:uuid:${uuidV5(canonicalize({ ...bom, metadata: { ...(bom['metadata'] as Json), timestamp: undefined } }))}`;
  return canonicalize({ ...bom, serialNumber: serial });
}
