import { createHash } from 'node:crypto';
import { canonicalize, type Component, type Inventory } from '@shencha/core';
import { isSpdxExpression } from './licenses.js';
import { uuidV5 } from './uuid.js';

export interface SpdxOptions {
  timestamp: string;
  toolVersion: string;
}

const CHECKSUM_ALGS: Record<string, string> = {
  'SHA-1': 'SHA1',
  'SHA-256': 'SHA256',
  'SHA-384': 'SHA384',
  'SHA-512': 'SHA512',
  'SHA3-256': 'SHA3-256',
  'SHA3-384': 'SHA3-384',
  'SHA3-512': 'SHA3-512',
  'BLAKE2b-256': 'BLAKE2b-256',
  'BLAKE2b-384': 'BLAKE2b-384',
  'BLAKE2b-512': 'BLAKE2b-512',
  BLAKE3: 'BLAKE3',
  MD5: 'MD5',
};

const PURPOSE: Record<Component['type'], string> = {
  application: 'APPLICATION',
  library: 'LIBRARY',
  framework: 'FRAMEWORK',
  file: 'FILE',
  firmware: 'FIRMWARE',
  'operating-system': 'OPERATING-SYSTEM',
  container: 'CONTAINER',
  platform: 'OTHER',
};

/**
 * SPDX 2.3 JSON of the same inventory: one package per component, DEPENDS_ON / DEV_DEPENDENCY_OF /
 * OPTIONAL_DEPENDENCY_OF relationships from the graph and scopes, licences as declared (SPDX
 * expressions; anything else as a LicenseRef with its text). Canonical JSON; the document
 * namespace is derived from the content, so identical input gives identical bytes.
 */
export function toSpdx(inventory: Inventory, options: SpdxOptions): string {
  const ids = new Map<string, string>();
  const used = new Set<string>();
  const idOf = (ref: string, name: string): string => {
    let id = ids.get(ref);
    if (id) return id;
    const base = `SPDXRef-Package-${sanitize(name).slice(0, 60)}-${createHash('sha256').update(ref).digest('hex').slice(0, 12)}`;
    id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    ids.set(ref, id);
    return id;
  };
  const productId = idOf(inventory.rootRef, inventory.product.name);
  const extracted = new Map<string, string>();
  const packages: Record<string, unknown>[] = [
    {
      SPDXID: productId,
      name: inventory.product.name,
      versionInfo: inventory.product.version,
      downloadLocation: 'NOASSERTION',
      filesAnalyzed: false,
      supplier: inventory.product.vendor ? `Organization: ${oneLine(inventory.product.vendor)}` : 'NOASSERTION',
      licenseConcluded: 'NOASSERTION',
      licenseDeclared: 'NOASSERTION',
      copyrightText: 'NOASSERTION',
      primaryPackagePurpose: 'APPLICATION',
    },
  ];
  const byRef = new Map(inventory.components.map((c) => [c.bomRef, c]));
  for (const c of inventory.components) {
    const pkg: Record<string, unknown> = {
      SPDXID: idOf(c.bomRef, c.name),
      name: c.group ? `${c.group}/${c.name}` : c.name,
      downloadLocation: downloadOf(c),
      filesAnalyzed: false,
      supplier: c.supplier ? `Organization: ${oneLine(c.supplier.name)}` : 'NOASSERTION',
      licenseConcluded: 'NOASSERTION',
      licenseDeclared: licenseExpression(c.licenses ?? [], extracted),
      copyrightText: 'NOASSERTION',
      primaryPackagePurpose: PURPOSE[c.type] ?? 'OTHER',
    };
    if (c.version) pkg['versionInfo'] = c.version;
    if (c.description) pkg['description'] = c.description;
    if (c.author) pkg['originator'] = `Person: ${oneLine(c.author)}`;
    const checksums = (c.hashes ?? [])
      .filter((h) => CHECKSUM_ALGS[h.alg])
      .map((h) => ({ algorithm: CHECKSUM_ALGS[h.alg]!, checksumValue: h.content }));
    if (checksums.length > 0) pkg['checksums'] = checksums;
    if (c.purl) pkg['externalRefs'] = [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: c.purl }];
    const facts = [`bom-ref: ${c.bomRef}`, `ecosystem: ${c.ecosystem}`];
    if (c.scope) facts.push(`scope: ${c.scope}`);
    if (c.firstParty) facts.push('first-party: true');
    for (const e of c.evidence) facts.push(`evidence: ${e.path}${e.line !== undefined ? `:${e.line}` : ''} (${e.cataloger})`);
    for (const [k, v] of Object.entries(c.properties ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) facts.push(`${k}: ${v}`);
    pkg['comment'] = facts.join('\n');
    packages.push(pkg);
  }

  const relationships: { spdxElementId: string; relationshipType: string; relatedSpdxElement: string }[] = [
    { spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: productId },
  ];
  for (const edge of inventory.dependencies) {
    const from = ids.get(edge.ref);
    if (!from) continue;
    for (const to of edge.dependsOn) {
      const target = byRef.get(to);
      const toId = ids.get(to);
      if (!toId || toId === from) continue;
      // SPDX 2.3 states dev and optional use from the dependency's side.
      if (target?.scope === 'excluded' && target.properties?.['shencha:scope-reason'] === 'dev') {
        relationships.push({ spdxElementId: toId, relationshipType: 'DEV_DEPENDENCY_OF', relatedSpdxElement: from });
      } else if (target?.scope === 'optional') {
        relationships.push({ spdxElementId: toId, relationshipType: 'OPTIONAL_DEPENDENCY_OF', relatedSpdxElement: from });
      } else {
        relationships.push({ spdxElementId: from, relationshipType: 'DEPENDS_ON', relatedSpdxElement: toId });
      }
    }
  }
  relationships.sort((a, b) => cmpStr(a.spdxElementId, b.spdxElementId) || cmpStr(a.relationshipType, b.relationshipType) || cmpStr(a.relatedSpdxElement, b.relatedSpdxElement));
  packages.sort((a, b) => cmpStr(String(a['SPDXID']), String(b['SPDXID'])));

  const doc: Record<string, unknown> = {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: `${inventory.product.name}-${inventory.product.version}`,
    creationInfo: {
      creators: [`Tool: shencha-${options.toolVersion}`, ...(inventory.product.vendor ? [`Organization: ${oneLine(inventory.product.vendor)}`] : [])],
    },
    documentDescribes: [productId],
    packages,
    relationships,
  };
  if (extracted.size > 0) {
    doc['hasExtractedLicensingInfos'] = [...extracted]
      .sort(([a], [b]) => cmpStr(a, b))
      .map(([licenseId, text]) => ({ licenseId, extractedText: text, name: text }));
  }
  // The namespace is a hash of the content without the time, so it is stable and unique per content.
  const namespace = `https://spdx.org/spdxdocs/shencha-${sanitize(inventory.product.name)}-${uuidV5(canonicalize(doc))}`;
  doc['documentNamespace'] = namespace;
  (doc['creationInfo'] as Record<string, unknown>)['created'] = options.timestamp.replace(/\.\d+Z$/, 'Z');
  return canonicalize(doc);
}

function downloadOf(c: Component): string {
  const ref = (c.externalReferences ?? []).find((r) => r.type === 'distribution') ?? (c.externalReferences ?? []).find((r) => r.type === 'vcs');
  return ref && /^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(ref.url) ? ref.url : 'NOASSERTION';
}

/** Declared licences → one SPDX expression; non-SPDX names become LicenseRef-… with their text. */
function licenseExpression(found: string[], extracted: Map<string, string>): string {
  const parts = [...new Set(found.map((l) => l.trim()).filter(Boolean))].sort();
  if (parts.length === 0) return 'NOASSERTION';
  const exprs = parts.map((l) => {
    if (isSpdxExpression(l)) return parts.length > 1 && /\s/.test(l) ? `(${l})` : l;
    const id = `LicenseRef-${sanitize(l).slice(0, 60)}-${createHash('sha256').update(l).digest('hex').slice(0, 8)}`;
    extracted.set(id, l);
    return id;
  });
  // Several declared licences (npm's `licenses` array) mean a choice.
  return exprs.join(' OR ');
}

function sanitize(s: string): string {
  return s.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '') || 'x';
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
