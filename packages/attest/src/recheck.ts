import { type Component, type DependencyEdge, type Inventory, type PublicKeyInfo } from '@shencha/core';
import { classify, type Classification } from '@shencha/origin';
import { loadBaseline, type BaselineDocs } from './baseline.js';
import { cmp } from './snapshot.js';

type J = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const arr = (v: unknown): J[] => (Array.isArray(v) ? (v as J[]) : []);

export interface RecheckChange {
  bomRef: string;
  name: string;
  purl?: string;
  before: { class: string; tier: string };
  after: { class: string; tier: string };
  reasons: string[];
}

export interface RecheckReport {
  schemaVersion: 1;
  product: { name: string; version: string };
  manifestSha256: string;
  knowledgeBase: { recorded?: { version: string; sha256: string }; current: { version: string; sha256: string } };
  components: number;
  changes: RecheckChange[];
  /** Components whose recorded classification came from a curation: kept as recorded (the curations file is not in the dossier). */
  curatedKept: string[];
}

/** The inventory back from the dossier's CycloneDX SBOM (the `shencha:*` properties carry what CycloneDX has no field for). */
export function inventoryFromCycloneDx(sbom: J, product: { name: string; version: string }): Inventory {
  const components: Component[] = [];
  const walk = (list: J[]): void => {
    for (const c of list) {
      const props: Record<string, string> = {};
      for (const p of arr(c['properties'])) if (str(p['name']) && str(p['value']) !== undefined) props[p['name'] as string] = p['value'] as string;
      const ev = /^([^,]+?)(?::(\d+))?(?:,|$)/.exec(props['shencha:evidence'] ?? '');
      const comp: Component = {
        bomRef: str(c['bom-ref']) ?? str(c['name']) ?? '',
        type: (str(c['type']) ?? 'library') as Component['type'],
        ecosystem: props['shencha:ecosystem'] ?? 'unknown',
        name: str(c['name']) ?? '',
        evidence: ev ? [{ path: ev[1]!, ...(ev[2] ? { line: Number(ev[2]) } : {}), cataloger: props['shencha:cataloger'] ?? 'dossier' }] : [],
        properties: props,
      };
      for (const k of ['group', 'version', 'purl', 'description', 'author'] as const) {
        const v = str(c[k]);
        if (v !== undefined) comp[k] = v;
      }
      const scope = str(c['scope']);
      if (scope === 'required' || scope === 'optional' || scope === 'excluded') comp.scope = scope;
      if (props['shencha:first-party'] === 'true') comp.firstParty = true;
      const lic = arr(c['licenses']).map((l) => str(l['expression']) ?? str((l['license'] as J | undefined)?.['id']) ?? str((l['license'] as J | undefined)?.['name'])).filter((x): x is string => !!x);
      if (lic.length) comp.licenses = lic;
      const supplier = str((c['supplier'] as J | undefined)?.['name']);
      if (supplier) comp.supplier = { name: supplier };
      const refs = arr(c['externalReferences']).map((r) => ({ type: (str(r['type']) ?? 'other') as 'vcs', url: str(r['url']) ?? '' })).filter((r) => r.url && ['vcs', 'website', 'distribution', 'issue-tracker', 'other'].includes(r.type));
      if (refs.length) comp.externalReferences = refs;
      components.push(comp);
      walk(arr(c['components']));
    }
  };
  walk(arr(sbom['components']));
  const root = (sbom['metadata'] as J | undefined)?.['component'] as J | undefined;
  const dependencies: DependencyEdge[] = arr(sbom['dependencies']).map((d) => ({ ref: str(d['ref']) ?? '', dependsOn: (Array.isArray(d['dependsOn']) ? d['dependsOn'] : []).filter((x): x is string => typeof x === 'string') }));
  return { product, rootRef: str(root?.['bom-ref']) ?? '', components, dependencies, compositions: [], issues: [] };
}

/** The code facts the dossier records: CBOM call sites and the remote-channel register, by file. */
export function usageFromDossier(cbom: J | undefined, classification: J): { files: { path: string; language: string; lines: { code: number; blank: number; comment: number }; imports: never[]; crypto: J[]; endpoints: J[]; copyright: never[] }[] } {
  const files = new Map<string, { crypto: J[]; endpoints: J[] }>();
  const slot = (p: string) => {
    let f = files.get(p);
    if (!f) files.set(p, (f = { crypto: [], endpoints: [] }));
    return f;
  };
  for (const c of arr(cbom?.['components'])) {
    if (c['type'] !== 'cryptographic-asset') continue;
    const props = new Map(arr(c['properties']).map((p) => [str(p['name']) ?? '', str(p['value']) ?? '']));
    const alg = (c['cryptoProperties'] as J | undefined)?.['algorithmProperties'] as J | undefined;
    for (const o of arr((c['evidence'] as J | undefined)?.['occurrences'])) {
      const lib = /^library (.+)$/.exec(str(o['additionalContext']) ?? '')?.[1];
      slot(str(o['location']) ?? '').crypto.push({
        algorithm: str(c['name']) ?? '',
        family: props.get('shencha:crypto:family') ?? '',
        primitive: str(alg?.['primitive']) ?? 'other',
        api: str(o['symbol']) ?? '',
        ...(lib ? { library: lib } : {}),
        line: typeof o['line'] === 'number' ? o['line'] : 1,
        column: (typeof o['offset'] === 'number' ? o['offset'] : 0) + 1,
      });
    }
  }
  for (const ch of arr((classification['remoteChannels'] as J | undefined)?.['channels'])) {
    slot(str(ch['path']) ?? '').endpoints.push({ kind: ch['kind'], value: ch['value'], channel: ch['channel'], ...(ch['api'] ? { api: ch['api'] } : {}), line: ch['line'], column: ch['column'] });
  }
  return {
    files: [...files.entries()]
      .sort(([a], [b]) => cmp(a, b))
      .map(([path, f]) => ({ path, language: 'unknown', lines: { code: 0, blank: 0, comment: 0 }, imports: [], crypto: f.crypto, endpoints: f.endpoints, copyright: [] })),
  };
}

const CODE_DERIVED = /call site|imported by|first-party code|runtime path/;
const RANK: Record<string, number> = { T1: 3, T2: 2, T3: 1, unscored: 0 };

/**
 * `shencha recheck`: re-evaluates a cleared dossier's SBOM and classification against the current knowledge
 * base, without the source. Code-derived evidence is the dossier's as recorded: a tier the dossier derived from
 * code is kept unless the knowledge base now ranks the component higher; curated components keep their
 * recorded class and tier (the curations file is not part of the dossier).
 */
export async function recheck(dossier: string, options: { trustedKeys: PublicKeyInfo[]; kbDir?: string }): Promise<RecheckReport> {
  const pre = await loadBaseline(dossier, { trustedKeys: options.trustedKeys, productName: undefined });
  return recheckDocs(pre, options.kbDir);
}

export async function recheckDocs(base: BaselineDocs, kbDir?: string): Promise<RecheckReport> {
  const m = base.manifest;
  const product = { name: m.product.name, version: m.product.version };
  const inventory = inventoryFromCycloneDx(base.sbom!, product);
  const supplier = (base.vendorProfile?.['supplier'] ?? {}) as J;
  const result: Classification = await classify({
    inventory,
    usage: usageFromDossier(base.cbom, base.classification!) as never,
    vendor: { entity: str(supplier['name']) ?? 'unknown', country: str(supplier['country']) ?? 'ZZ', control: (str(supplier['control']) ?? 'foreign') as never },
    ...(kbDir ? { kbDir } : {}),
  });
  const now = new Map(result.components.map((c) => [c.bomRef, c]));
  const changes: RecheckChange[] = [];
  const curatedKept: string[] = [];
  for (const c of arr(base.classification!['components'])) {
    const ref = str(c['bomRef']) ?? '';
    const before = { class: str(c['class']) ?? 'O8', tier: str(c['tier']) ?? 'unscored' };
    if (c['curated']) {
      curatedKept.push(ref);
      continue;
    }
    const n = now.get(ref);
    if (!n) continue;
    let tier = n.tier as string;
    const reasons: string[] = [];
    if (CODE_DERIVED.test(str(c['tierReason']) ?? '') && (RANK[tier] ?? 0) < (RANK[before.tier] ?? 0)) tier = before.tier;
    if (n.class !== before.class) reasons.push(...n.reasons);
    if (tier !== before.tier) reasons.push(n.tierReason);
    if (n.class === before.class && tier === before.tier) continue;
    changes.push({ bomRef: ref, name: str(c['name']) ?? ref, ...(str(c['purl']) ? { purl: str(c['purl'])! } : {}), before, after: { class: n.class, tier }, reasons });
  }
  changes.sort((a, b) => cmp(a.bomRef, b.bomRef));
  const report: RecheckReport = {
    schemaVersion: 1,
    product,
    manifestSha256: base.manifestSha256,
    knowledgeBase: { current: result.knowledgeBase, ...(m.knowledgeBase ? { recorded: m.knowledgeBase } : {}) },
    components: arr(base.classification!['components']).length,
    changes,
    curatedKept: curatedKept.sort(cmp),
  };
  return report;
}
