import { isProgrammingLanguage, isVendoredPath, makeIssue, sortIssues, type Component, type Inventory, type Issue, type Severity } from '@shencha/core';
import { applyCurations, parseCurations, type Curation } from './curations.js';
import type { Locate } from './inputs.js';
import {
  CONFIDENCE,
  copyrightEvidence,
  orgNamed,
  emailEvidence,
  isOpenSourceLicence,
  licenceEvidence,
  maintainerEvidence,
  orgCountry,
  registryEvidence,
  repositoryEvidence,
} from './evidence.js';
import { ImportResolver } from './imports.js';
import { loadKnowledgeBase, type KnowledgeBase, type Organisation } from './kb.js';
import { allRules, componentKey, globMatch } from './match.js';
import { evaluatePolicy, parsePolicy } from './policy.js';
import {
  DOMESTIC_CLASSES,
  FOREIGN_OR_UNKNOWN_CLASSES,
  ORIGIN_CLASSES,
  TIERS,
  type Classification,
  type ClassifiedComponent,
  type Evidence,
  type OriginClass,
  type ProductFigures,
  type SelfDevelopedRatio,
  type Tier,
  type VendorInput,
} from './types.js';
import type { UsageLike } from './usage.js';
import { SOURCE } from './issues.js';

export interface ClassifyInput {
  inventory: Inventory;
  usage?: UsageLike;
  vendor: VendorInput;
  /** Knowledge-base folder; the built-in one when absent. */
  kbDir?: string;
  /** `.shencha/curations.yaml` (schema `curations`): a SourceText from readOriginFiles, or the parsed document. */
  curations?: unknown;
  /** Where the curations came from, for issue locations; default `.shencha/curations.yaml`. */
  curationsPath?: string;
  /** `.shencha/policy.yaml` (schema `policy`): a SourceText from readOriginFiles, or the parsed document. */
  policy?: unknown;
  policyPath?: string;
  /** The `--fail-on` threshold; recorded in the result, overriding the policy file's own. */
  failOn?: Severity | 'none';
}

/** The minimum confidence at which the strongest organisation decides the class (our rule). */
export const DECISION_THRESHOLD = 0.5;

const VENDOR_CLASS: Record<VendorInput['control'], OriginClass> = { 'cn-controlled': 'O1', 'foreign-invested': 'O2', foreign: 'O3' };

/** Components only used to build or test: reported, never scored (DOMAIN.md). */
export function isDevOnly(c: Component): boolean {
  if (c.scope === 'excluded') return true;
  for (const [k, v] of Object.entries(c.properties ?? {})) {
    if (v !== 'true') continue;
    if (/(^|:)(dev|development|devOnly|dev-only|test|testOnly|test-only)$/i.test(k)) return true;
  }
  return false;
}

interface Usage {
  /** first-party file:line that import the component. */
  importedBy: Map<string, { path: string; line: number }[]>;
  /** first-party crypto call sites whose library is the component. */
  cryptoBy: Map<string, { path: string; line: number; algorithm: string }[]>;
  /** components imported by first-party files that open a remote channel. */
  channelBy: Map<string, { path: string; line: number; kind: string; value: string }[]>;
  /** vendored files attributed to the component (copyright holders of those files). */
  copyrightBy: Map<string, { holder: string; path: string; line: number }[]>;
  vendoredRefs: Set<string>;
  /** copyright lines in first-party (non-vendored) files. */
  firstPartyCopyright: { holder: string; path: string; line: number }[];
}

function push<T>(m: Map<string, T[]>, k: string, v: T): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

function collectUsage(inventory: Inventory, usage: UsageLike | undefined): Usage {
  const u: Usage = { importedBy: new Map(), cryptoBy: new Map(), channelBy: new Map(), copyrightBy: new Map(), vendoredRefs: new Set(), firstPartyCopyright: [] };
  if (!usage) return u;
  const resolver = new ImportResolver(inventory.components);
  // Vendored components: their catalogue evidence sits in a vendored folder; files below it are theirs.
  const vendoredDirs: { dir: string; ref: string }[] = [];
  for (const c of inventory.components) {
    if (c.firstParty) continue;
    for (const e of c.evidence) {
      if (!isVendoredPath(e.path)) continue;
      const dir = e.path.includes('/') ? e.path.slice(0, e.path.lastIndexOf('/') + 1) : '';
      if (dir) vendoredDirs.push({ dir, ref: c.bomRef });
    }
  }
  vendoredDirs.sort((a, b) => b.dir.length - a.dir.length);
  for (const f of usage.files) {
    if (isVendoredPath(f.path)) {
      const owner = vendoredDirs.find((v) => f.path.startsWith(v.dir));
      if (owner) {
        u.vendoredRefs.add(owner.ref);
        for (const c of f.copyright) push(u.copyrightBy, owner.ref, { holder: c.holder, path: f.path, line: c.line });
      }
      continue;
    }
    for (const c of f.copyright) u.firstPartyCopyright.push({ holder: c.holder, path: f.path, line: c.line });
    const refsInFile = new Set<string>();
    for (const imp of f.imports) {
      if (imp.kind === 'type-only') continue; // erased at build time: no runtime path
      for (const ref of resolver.resolve(imp.specifier, f.language)) {
        refsInFile.add(ref);
        push(u.importedBy, ref, { path: f.path, line: imp.line });
      }
    }
    for (const cf of f.crypto) {
      const lib = cf.library ?? cf.api.split('.')[0] ?? '';
      for (const ref of resolver.resolveLibrary(lib, f.language)) push(u.cryptoBy, ref, { path: f.path, line: cf.line, algorithm: cf.algorithm });
    }
    // Listeners, admin and update channels are T1 functions (remote management, update); telemetry is T2 itself.
    const channel = f.endpoints.find((e) => e.kind === 'listener' || e.channel === 'admin' || e.channel === 'update');
    if (channel) for (const ref of refsInFile) push(u.channelBy, ref, { path: f.path, line: channel.line, kind: channel.channel ?? channel.kind, value: channel.value });
  }
  return u;
}

const ENTITY_STOPWORDS = new Set(['co', 'ltd', 'limited', 'inc', 'llc', 'gmbh', 'corp', 'corporation', 'company', 'group', 'holding', 'holdings', 'technology', 'technologies', 'tech', 'network', 'networks', 'information', 'software', 'science', 'the', 'of', 'and', 'china', 'beijing', 'shanghai', 'shenzhen', 'hangzhou', 'guangzhou']);

function entityTokens(s: string): string[] {
  return s.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((t) => t.length > 1 && !ENTITY_STOPWORDS.has(t));
}

/** A copyright holder names the vendor when it shares a distinctive word with the vendor entity. */
export function holderIsVendor(holder: string, entity: string): boolean {
  const mine = new Set(entityTokens(entity));
  return entityTokens(holder).some((t) => mine.has(t));
}

/** Copyright holders in first-party files that name a KB organisation other than the vendor. */
function thirdPartyHolders(lines: { holder: string; path: string; line: number }[], entity: string, kb: KnowledgeBase): { holder: string; path: string; line: number; org: string }[] {
  const out: { holder: string; path: string; line: number; org: string }[] = [];
  for (const h of lines) {
    if (holderIsVendor(h.holder, entity)) continue;
    const org = orgNamed(h.holder, kb);
    if (org) out.push({ ...h, org: org.name });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));
}

function noisyOr(values: number[]): number {
  return 1 - values.reduce((p, c) => p * (1 - c), 1);
}

function round(n: number, places = 2): number {
  const f = 10 ** places;
  return Math.round(n * f) / f;
}

interface Decision {
  class: OriginClass;
  country?: string;
  supplier?: string;
  confidence: number;
  reasons: string[];
  conflict?: string;
}

function classOf(org: Organisation, commercial: boolean): OriginClass {
  const domestic = org.control === 'foundation' ? orgCountry(org) === 'CN' : org.control === 'cn-controlled';
  if (org.control === 'foundation') return domestic ? 'O6' : 'O7';
  if (commercial) return domestic ? 'O4' : 'O5';
  return domestic ? 'O6' : 'O7';
}

/** The documented rule from evidence to class (see README "How a class is decided"). */
export function decide(c: Component, evidence: Evidence[], kb: KnowledgeBase, distribution: 'open-source' | 'commercial' | undefined): Decision {
  const byOrg = new Map<string, number[]>();
  for (const e of evidence) if (e.organisation) push(byOrg, e.organisation, e.confidence);
  const ranked = [...byOrg.entries()]
    .map(([id, cs]) => ({ org: kb.orgById.get(id)!, score: noisyOr(cs) }))
    .sort((a, b) => b.score - a.score || (a.org.id < b.org.id ? -1 : 1));
  const top = ranked[0];
  if (top && top.score >= DECISION_THRESHOLD) {
    const openLicence = isOpenSourceLicence(c.licenses);
    const commercial = distribution ? distribution === 'commercial' : top.org.kind === 'commercial' && openLicence === false;
    const cls = classOf(top.org, commercial);
    const reasons = [
      `evidence attributes it to ${top.org.name} (${top.org.control}${top.org.control === 'foundation' ? `, ${orgCountry(top.org)} jurisdiction` : ''}, ${top.org.country}) with confidence ${round(top.score)}`,
      commercial
        ? `distributed commercially${distribution ? ' (knowledge base)' : ' (proprietary licence)'} → ${cls}`
        : `distributed as open source${distribution ? ' (knowledge base)' : openLicence === undefined ? ' (published to a public registry; no licence recorded)' : ''} → ${cls}`,
    ];
    const d: Decision = { class: cls, country: orgCountry(top.org), supplier: top.org.name, confidence: round(top.score), reasons };
    const rival = ranked.slice(1).find((r) => r.score >= DECISION_THRESHOLD && DOMESTIC_CLASSES.has(classOf(r.org, commercial)) !== DOMESTIC_CLASSES.has(cls));
    if (rival) {
      d.confidence = round(Math.max(0, top.score - rival.score / 2));
      d.conflict = `evidence also points at ${rival.org.name} (${rival.org.control}, ${rival.org.country}) with confidence ${round(rival.score)}`;
      d.reasons.push(d.conflict);
    }
    return d;
  }
  // No organisation strong enough: country-only signals (PRC-hosted forge, Mulan licence).
  const byCountry = new Map<string, number[]>();
  for (const e of evidence) if (!e.organisation && e.country) push(byCountry, e.country, e.confidence);
  const cn = noisyOr(byCountry.get('CN') ?? []);
  if (cn >= DECISION_THRESHOLD && isOpenSourceLicence(c.licenses) !== false) {
    return {
      class: 'O6',
      country: 'CN',
      confidence: round(cn),
      reasons: [`no knowledge-base organisation, but PRC-governance signals (${evidence.filter((e) => e.country === 'CN').map((e) => e.basis).join(', ')}) reach confidence ${round(cn)} → O6`],
    };
  }
  const reasons = [
    evidence.length === 0
      ? 'no knowledge-base entry yet: no registry namespace, repository, maintainer, licence or copyright evidence matches a known organisation'
      : `evidence too weak to decide (best ${top ? `${top.org.name} at ${round(top.score)}` : `country signals at ${round(cn)}`}, threshold ${DECISION_THRESHOLD})`,
    'unknown origin is treated as worst case until resolved (O8)',
  ];
  return { class: 'O8', confidence: 0, reasons };
}

/** Capabilities from the KB, each with the rule that gave it (`kb/capabilities.yaml <type>:<pattern>`). */
function capabilitiesOf(c: Component, kb: KnowledgeBase): { ids: string[]; via: Map<string, string> } {
  const ck = componentKey(c);
  const via = new Map<string, string>();
  for (const r of allRules(kb.componentCapabilities, ck)) {
    const pattern = r.match.find((p) => globMatch(p, ck.key)) ?? r.match[0]!;
    for (const id of r.capabilities) if (!via.has(id)) via.set(id, `${r.type}:${pattern}`);
  }
  return { ids: [...via.keys()].sort(), via };
}

const TIER_RANK: Record<Tier, number> = { T1: 0, T2: 1, T3: 2, unscored: 3 };

function scopeOf(c: Component, dev: boolean): ClassifiedComponent['scope'] {
  return dev ? 'dev' : (c.scope ?? 'required');
}

function checkVendor(v: VendorInput | undefined): string[] {
  const problems: string[] = [];
  if (!v || typeof v !== 'object') return ['no vendor profile given'];
  if (typeof v.entity !== 'string' || v.entity.trim() === '') problems.push('vendor entity is empty');
  if (typeof v.country !== 'string' || !/^[A-Z]{2}$/.test(v.country)) problems.push(`vendor country "${String(v.country)}" is not an ISO 3166-1 alpha-2 code`);
  if (!['cn-controlled', 'foreign-invested', 'foreign'].includes(v.control)) problems.push(`vendor control "${String(v.control)}" is not cn-controlled, foreign-invested or foreign`);
  return problems;
}

export async function classify(input: ClassifyInput): Promise<Classification> {
  const { inventory, usage, vendor } = input;
  const kb = await loadKnowledgeBase(input.kbDir);
  const issues: Issue[] = [];
  const vendorProblems = checkVendor(vendor);
  for (const p of vendorProblems) {
    issues.push(makeIssue('ORIGIN_VENDOR_INVALID', SOURCE, p, { location: { path: 'vendor.yaml' }, howToFix: 'state the supplier entity, its country and its control (cn-controlled, foreign-invested or foreign) in vendor.yaml' }));
  }
  if (!usage) issues.push(makeIssue('ORIGIN_USAGE_MISSING', SOURCE, 'no code-usage facts: tiers come from the knowledge base only and the self-developed ratio is not measured'));

  let curations: Curation[] = [];
  let locateCuration: Locate = (pointer) => ({ path: input.curationsPath ?? '.shencha/curations.yaml', field: pointer });
  if (input.curations !== undefined) {
    const parsed = parseCurations(input.curations, input.curationsPath ?? '.shencha/curations.yaml');
    curations = parsed.curations;
    locateCuration = parsed.locate;
    issues.push(...parsed.issues);
  }
  const policy = parsePolicy(input.policy, input.policyPath ?? '.shencha/policy.yaml', input.failOn);
  issues.push(...policy.issues);

  const u = collectUsage(inventory, usage);
  for (const h of thirdPartyHolders(u.firstPartyCopyright, vendor?.entity ?? '', kb)) {
    issues.push(
      makeIssue('ORIGIN_THIRD_PARTY_COPYRIGHT', SOURCE, `first-party file carries a copyright of ${h.org} ("${h.holder}")`, {
        location: { path: h.path, line: h.line },
        howToFix: 'move copied third-party code under a vendored folder (vendor/, third_party/) so that it is inventoried and counted as third party, or replace it',
      }),
    );
  }
  const components: ClassifiedComponent[] = [];
  const byRef = new Map<string, ClassifiedComponent>();

  for (const c of inventory.components) {
    const dev = isDevOnly(c);
    const evidence: Evidence[] = [];
    let decision: Decision;
    if (c.firstParty) {
      if (vendorProblems.length === 0) {
        const cls = VENDOR_CLASS[vendor.control];
        evidence.push({
          basis: 'vendor-profile',
          value: `first-party component of ${vendor.entity} (${vendor.control}, ${vendor.country})`,
          country: vendor.country,
          confidence: 0.95,
          source: 'vendor.yaml',
        });
        decision = { class: cls, country: vendor.country, supplier: vendor.entity, confidence: 0.95, reasons: [`first-party: the vendor profile states ${vendor.entity} is ${vendor.control} → ${cls}`] };
        const own = u.firstPartyCopyright.find((h) => holderIsVendor(h.holder, vendor.entity));
        if (own) evidence.push({ basis: 'copyright-holder', value: `copyright "${own.holder}" names the vendor`, country: vendor.country, confidence: CONFIDENCE.copyrightHolder, source: `${own.path}:${own.line}` });
        const foreignHolders = thirdPartyHolders(u.firstPartyCopyright, vendor.entity, kb);
        if (foreignHolders.length > 0) {
          decision.reasons.push(`${foreignHolders.length} first-party file(s) carry third-party copyright (${foreignHolders.slice(0, 3).map((h) => `${h.holder} at ${h.path}:${h.line}`).join('; ')}): copied code whose IP the vendor does not own`);
        }
      } else {
        decision = { class: 'O8', confidence: 0, reasons: ['first-party, but the vendor profile is incomplete (see issues): worst case until resolved'] };
      }
    } else {
      const reg = registryEvidence(c, kb);
      if (reg) evidence.push(reg.evidence);
      evidence.push(...repositoryEvidence(c, kb), ...emailEvidence(c, kb), ...maintainerEvidence(c, kb), ...licenceEvidence(c, kb));
      evidence.push(...copyrightEvidence(u.copyrightBy.get(c.bomRef) ?? [], kb));
      decision = decide(c, evidence, kb, reg?.distribution);
      if (decision.conflict) {
        issues.push(makeIssue('ORIGIN_EVIDENCE_CONFLICT', SOURCE, `${c.bomRef}: ${decision.conflict}`, { howToFix: 'review the evidence and record the decision in .shencha/curations.yaml' }));
      }
    }
    const caps = capabilitiesOf(c, kb);
    const out: ClassifiedComponent = {
      bomRef: c.bomRef,
      name: c.name,
      firstParty: c.firstParty === true,
      scope: scopeOf(c, dev),
      class: decision.class,
      confidence: decision.confidence,
      tier: 'T3',
      tierReason: '',
      capabilities: caps.ids,
      mlpsClasses: [...new Set(caps.ids.map((id) => kb.capabilities.find((k) => k.id === id)?.mlpsClass).filter((x): x is string => !!x))].sort(),
      evidence: evidence.sort((a, b) => b.confidence - a.confidence || (a.basis < b.basis ? -1 : a.basis > b.basis ? 1 : 0) || (a.value < b.value ? -1 : 1)),
      reasons: decision.reasons,
    };
    if (c.group) out.group = c.group;
    if (c.version) out.version = c.version;
    if (c.purl) out.purl = c.purl;
    if (decision.country) out.country = decision.country;
    if (decision.supplier) out.supplier = decision.supplier;
    else if (c.supplier?.name) out.supplier = c.supplier.name;
    assignTier(out, c, dev, caps, kb, u, usage);
    components.push(out);
    byRef.set(c.bomRef, out);
  }

  propagateT2(components, byRef, inventory);

  issues.push(...applyCurations(components, curations, locateCuration));

  // One summary line, not one per component: a large lockfile can hold thousands of unknowns.
  const unresolved = components.filter((c) => c.class === 'O8' && c.scope !== 'dev').map((c) => c.bomRef).sort();
  if (unresolved.length > 0) {
    const shown = unresolved.slice(0, 20).join(', ');
    issues.push(
      makeIssue('ORIGIN_UNRESOLVED', SOURCE, `${unresolved.length} component(s) of unknown origin (O8): ${shown}${unresolved.length > 20 ? `, … (+${unresolved.length - 20} more)` : ''}`, {
        howToFix: 'add a knowledge-base entry (kb/*.yaml, --kb) or a curation in .shencha/curations.yaml with the public basis',
      }),
    );
  }

  components.sort((a, b) => (a.bomRef < b.bomRef ? -1 : a.bomRef > b.bomRef ? 1 : 0));
  const product = figures(inventory, components, vendor, usage, u, kb);
  const partial: Omit<Classification, 'findings' | 'policy'> = {
    schemaVersion: 1,
    knowledgeBase: { version: kb.version, sha256: kb.sha256 },
    components,
    product,
    issues: [],
  };
  const { findings, run } = evaluatePolicy(partial, policy, kb, usage, inventory);
  return {
    ...partial,
    policy: run,
    findings: sortIssues(findings),
    issues: sortIssues(issues),
  };
}

function assignTier(
  out: ClassifiedComponent,
  c: Component,
  dev: boolean,
  caps: { ids: string[]; via: Map<string, string> },
  kb: KnowledgeBase,
  u: Usage,
  usage: UsageLike | undefined,
): void {
  if (dev) {
    out.tier = 'unscored';
    out.tierReason = 'test- or dev-only dependency: reported, not scored';
    return;
  }
  const reasons: { tier: Tier; reason: string }[] = [];
  for (const id of caps.ids) {
    const cap = kb.capabilities.find((k) => k.id === id)!;
    reasons.push({ tier: cap.tier, reason: `knowledge-base capability ${cap.id} (${cap.name}) is ${cap.tier} (kb rule ${caps.via.get(id)})` });
  }
  if (c.firstParty && usage) {
    // The product's own code: it implements a T1 function when it holds crypto call sites or listeners.
    // The first of each in path order; a loop, not flatMap: a large tree holds hundreds of thousands of facts.
    let cryptoSite: { path: string; line: number; algorithm: string } | undefined;
    let listener: { path: string; line: number; value: string } | undefined;
    for (const f of usage.files) {
      if (isVendoredPath(f.path)) continue;
      const x = cryptoSite ? undefined : f.crypto[0];
      if (x) cryptoSite = { path: f.path, line: x.line, algorithm: x.algorithm };
      const e = listener ? undefined : f.endpoints.find((p) => p.kind === 'listener');
      if (e) listener = { path: f.path, line: e.line, value: e.value };
      if (cryptoSite && listener) break;
    }
    if (cryptoSite) reasons.push({ tier: 'T1', reason: `first-party code implements a cryptographic function (${cryptoSite.algorithm} at ${cryptoSite.path}:${cryptoSite.line})` });
    if (listener) reasons.push({ tier: 'T1', reason: `first-party code opens a remote channel (listener ${listener.value} at ${listener.path}:${listener.line})` });
  }
  const crypto = u.cryptoBy.get(c.bomRef)?.[0];
  if (crypto) reasons.push({ tier: 'T1', reason: `first-party crypto call site ${crypto.path}:${crypto.line} (${crypto.algorithm}) uses it` });
  const channel = u.channelBy.get(c.bomRef)?.[0];
  if (channel) reasons.push({ tier: 'T2', reason: `imported by ${channel.path}, which opens a remote channel (${channel.kind} ${channel.value} at line ${channel.line})` });
  reasons.sort((a, b) => TIER_RANK[a.tier] - TIER_RANK[b.tier]);
  const best = reasons[0];
  if (best) {
    out.tier = best.tier;
    // Every reason for the winning tier: a KB capability and a call site say more together.
    out.tierReason = reasons.filter((r) => r.tier === best.tier).map((r) => r.reason).join('; ');
  } else {
    out.tier = 'T3';
    out.tierReason = 'no T1/T2 capability in the knowledge base and no use in a T1 function found';
  }
}

/** T2: not T1 but in the runtime path of a T1 component (its required dependencies, transitively). */
function propagateT2(components: ClassifiedComponent[], byRef: Map<string, ClassifiedComponent>, inventory: Inventory): void {
  const deps = new Map(inventory.dependencies.map((d) => [d.ref, d.dependsOn]));
  const queue: { ref: string; via: string }[] = [];
  for (const c of components) if (c.tier === 'T1' && !c.firstParty) queue.push({ ref: c.bomRef, via: c.bomRef });
  const seen = new Set(queue.map((q) => q.ref));
  while (queue.length > 0) {
    const { ref, via } = queue.shift()!;
    for (const d of [...(deps.get(ref) ?? [])].sort()) {
      if (seen.has(d)) continue;
      seen.add(d);
      const target = byRef.get(d);
      if (!target || target.firstParty || target.scope === 'dev') continue;
      if (target.tier === 'T3') {
        target.tier = 'T2';
        target.tierReason = `in the runtime path of T1 component ${via} (dependency of ${ref})`;
      }
      queue.push({ ref: d, via });
    }
  }
}

function selfDevelopedRatio(usage: UsageLike | undefined): SelfDevelopedRatio {
  const method =
    'T/ISC 0043-2024 code autonomy rate, our rule (DOMAIN.md): non-blank lines (code + comment) of programming-language source; first-party = files outside vendored folders; third-party = vendored, copied or bundled files in the tree; tests included; generated and minified files excluded; lockfile-only dependencies counted apart as components';
  if (!usage) return { firstPartyLines: 0, thirdPartyLines: 0, ratio: null, method: `${method}; not measured: no code-usage facts`, firstPartyFiles: 0, thirdPartyFiles: 0 };
  let fp = 0;
  let tp = 0;
  let fpFiles = 0;
  let tpFiles = 0;
  for (const f of usage.files) {
    if (f.generated || f.minified || !isProgrammingLanguage(f.language)) continue;
    const lines = f.lines.code + f.lines.comment;
    if (isVendoredPath(f.path)) {
      tp += lines;
      tpFiles++;
    } else {
      fp += lines;
      fpFiles++;
    }
  }
  return { firstPartyLines: fp, thirdPartyLines: tp, ratio: fp + tp === 0 ? null : round(fp / (fp + tp), 4), method, firstPartyFiles: fpFiles, thirdPartyFiles: tpFiles };
}

function figures(
  inventory: Inventory,
  components: ClassifiedComponent[],
  vendor: VendorInput,
  usage: UsageLike | undefined,
  u: Usage,
  kb: KnowledgeBase,
): ProductFigures {
  const countsByClass = Object.fromEntries(ORIGIN_CLASSES.map((k) => [k, 0])) as Record<OriginClass, number>;
  const countsByTier = Object.fromEntries(TIERS.map((k) => [k, 0])) as Record<Tier, number>;
  for (const c of components) {
    countsByClass[c.class]++;
    countsByTier[c.tier]++;
  }
  const t1t2 = components.filter((c) => (c.tier === 'T1' || c.tier === 'T2') && FOREIGN_OR_UNKNOWN_CLASSES.has(c.class)).map((c) => c.bomRef);
  // Shipped third-party components with no files in the tree; dev/test-only ones are not shipped.
  const lockfileOnly = components.filter((c) => !c.firstParty && c.scope !== 'dev' && !u.vendoredRefs.has(c.bomRef)).length;

  const mlps: ProductFigures['domesticShareByMlpsClass'] = {};
  for (const m of kb.mlpsClasses) mlps[m.id] = { components: 0, domestic: 0, share: null };
  for (const c of components) {
    if (c.scope === 'dev') continue;
    for (const m of c.mlpsClasses) {
      const slot = mlps[m] ?? (mlps[m] = { components: 0, domestic: 0, share: null });
      slot.components++;
      if (DOMESTIC_CLASSES.has(c.class)) slot.domestic++;
    }
  }
  for (const slot of Object.values(mlps)) slot.share = slot.components === 0 ? null : round(slot.domestic / slot.components, 4);

  return {
    name: inventory.product.name,
    version: inventory.product.version,
    vendor: { entity: vendor?.entity ?? '', country: vendor?.country ?? '', control: vendor?.control },
    componentCount: components.length,
    countsByClass,
    countsByTier,
    t1t2Foreign: { count: t1t2.length, bomRefs: t1t2 },
    selfDevelopedRatio: selfDevelopedRatio(usage),
    lockfileOnlyComponents: lockfileOnly,
    domesticShareByMlpsClass: mlps,
    domesticEligible: domesticVerdict(components, vendor, thirdPartyHolders(u.firstPartyCopyright, vendor?.entity ?? '', kb)),
  };
}

/** DOMAIN.md: domestic when the developer is Chinese-controlled and every T1 component is O1/O4/O6 with IP evidenced. */
function domesticVerdict(components: ClassifiedComponent[], vendor: VendorInput, copied: { holder: string; path: string; line: number; org: string }[]): ProductFigures['domesticEligible'] {
  const reasons: string[] = [];
  let verdict: 'eligible' | 'not-eligible' | 'undetermined' = 'eligible';
  if (vendor?.control !== 'cn-controlled') {
    verdict = 'not-eligible';
    reasons.push(`the developer is ${vendor?.control ?? 'not stated'}, not a Chinese-controlled PRC legal person`);
  } else if (vendor.country !== 'CN') {
    verdict = 'not-eligible';
    reasons.push(`the developer's country is ${vendor.country}, not CN`);
  } else reasons.push(`the developer ${vendor.entity} is a Chinese-controlled PRC legal person (vendor profile)`);
  const t1 = components.filter((c) => c.tier === 'T1');
  const bad = t1.filter((c) => !DOMESTIC_CLASSES.has(c.class));
  if (bad.length > 0) {
    verdict = 'not-eligible';
    for (const c of bad) reasons.push(`T1 component ${c.bomRef} is ${c.class}${c.class === 'O8' ? ' (unknown origin, worst case)' : ''}: ${c.tierReason}`);
  } else if (t1.length > 0) reasons.push(`all ${t1.length} T1 components are O1, O4 or O6`);
  const fp = components.filter((c) => c.firstParty);
  const ipEvidenced = fp.length > 0 && fp.every((c) => c.class === 'O1' && c.evidence.some((e) => e.basis === 'vendor-profile' || e.basis === 'legal-entity' || e.basis === 'curation'));
  if (fp.length === 0) {
    if (verdict === 'eligible') verdict = 'undetermined';
    reasons.push('no first-party component in the inventory: IP ownership is not evidenced');
  } else if (!ipEvidenced) {
    if (verdict === 'eligible') verdict = 'not-eligible';
    reasons.push('first-party IP ownership is not evidenced as O1');
  } else reasons.push(`first-party IP evidenced by the vendor profile for ${fp.length} component(s)`);
  if (copied.length > 0) {
    if (verdict === 'eligible') verdict = 'undetermined';
    reasons.push(`${copied.length} first-party file(s) carry third-party copyright (first: ${copied[0]!.org} at ${copied[0]!.path}:${copied[0]!.line}); their IP is not the vendor's until inventoried as third-party code`);
  }
  return { verdict, reasons };
}
