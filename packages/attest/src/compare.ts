import { canonicalize } from '@shencha/core';
import { ruleById, type AttestPolicy } from './score.js';
import { cmp, type SnapChannel, type SnapComponent, type Snapshot } from './snapshot.js';
import type { Trigger, TriggerEvidence } from './types.js';

const DOMESTIC = new Set(['O1', 'O4', 'O6']);
const CORE_TIERS = new Set(['T1', 'T2']);
const CONTROL_CHANNELS = new Set(['update', 'telemetry', 'admin', 'license']);
const MAX_EVIDENCE = 50;

/** Test code: reported, never core (DOMAIN.md: test-only components are reported, not scored). */
export function isTestPath(path: string): boolean {
  return (
    /(^|\/)(test|tests|__tests__|__mocks__|spec|specs|testdata|test-data|fixtures|e2e|src\/test)\//i.test(path) ||
    /\.(test|spec)\.[a-z0-9]+$/i.test(path) ||
    /(_test\.go|_test\.py|^test_[^/]*\.py|\/test_[^/]*\.py|Test\.java|Tests\.java|Test\.kt)$/.test(path)
  );
}

/** Per-file source change: changed lines (git) or only changed/unknown (digest). */
export interface FileChange {
  path: string;
  status: 'added' | 'removed' | 'modified' | 'unknown';
  /** Added + deleted lines, when counted against the baseline's commit. */
  lines?: number;
  added?: number;
  deleted?: number;
}

export interface SourceChanges {
  method: 'git' | 'digest';
  commit?: string;
  files: FileChange[];
}

export interface CompareInput {
  baseline: Snapshot;
  current: Snapshot;
  policy: AttestPolicy;
  sources: SourceChanges;
  /** First-party files that implement a T1 function (crypto call sites, listeners, control channels), either release. */
  coreFiles: Set<string>;
}

export interface ComponentChange {
  key: string;
  change: 'added' | 'removed' | 'upgraded' | 'downgraded' | 'versions-changed' | 'attributes-changed';
  before?: { versions: string[]; class?: string; tier?: string; country?: string; supplier?: string; licenses?: string[] };
  after?: { versions: string[]; class?: string; tier?: string; country?: string; supplier?: string; licenses?: string[] };
  majorBump?: boolean;
}

export interface Comparison {
  triggers: Trigger[];
  components: ComponentChange[];
  counts: Record<string, number>;
}

function trigger(rule: string, subject: string, message: string, evidence: TriggerEvidence[], extra: { before?: string; after?: string } = {}): Trigger {
  const t: Trigger = { rule, changeClass: ruleById(rule).changeClass, subject, message, evidence: evidence.slice(0, MAX_EVIDENCE) };
  if (evidence.length > MAX_EVIDENCE) t.evidence.push({ in: 'current', path: '.', note: `and ${evidence.length - MAX_EVIDENCE} more` });
  if (extra.before !== undefined) t.before = extra.before;
  if (extra.after !== undefined) t.after = extra.after;
  return t;
}

/** Numeric-aware version order (1.10 > 1.9; pre-releases before the release). */
export function compareVersions(a: string, b: string): number {
  const pa = a.replace(/^v/i, '').split(/[.+-]/);
  const pb = b.replace(/^v/i, '').split(/[.+-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return y !== undefined && /^\d+$/.test(y) ? -1 : 1;
    if (y === undefined) return /^\d+$/.test(x) ? 1 : -1;
    const nx = /^\d+$/.test(x) ? Number(x) : NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : NaN;
    if (!Number.isNaN(nx) && !Number.isNaN(ny)) {
      if (nx !== ny) return nx - ny;
    } else if (x !== y) return cmp(x, y);
  }
  return 0;
}

function major(v: string): string {
  return v.replace(/^v/i, '').split('.')[0] ?? v;
}

/** A masked baseline value (`*` per code point, DESIGN.md) equals the current value it was made from. */
export function maskedEqual(baseline: string, current: string): boolean {
  if (baseline === current) return true;
  if (!baseline.includes('*')) return false;
  const b = [...baseline];
  const c = [...current];
  return b.length === c.length && b.every((ch, i) => ch === '*' || ch === c[i]);
}

const sbomEvidence = (c: SnapComponent): TriggerEvidence => ({ in: 'baseline', path: 'classification.json', field: `/components[bomRef=${c.bomRef}]` });

function componentEvidence(c: SnapComponent, side: 'current' | 'baseline'): TriggerEvidence {
  if (side === 'baseline') return sbomEvidence(c);
  // Where the cataloger found it (a lockfile line), else the manifest named in its bom-ref.
  const m = /^[a-z0-9-]+:([^#]+)#/.exec(c.bomRef);
  const ev: TriggerEvidence = { in: 'current', path: c.evidence?.path ?? m?.[1] ?? '.', note: `component ${label(c)} (${c.tier}, ${c.class})` };
  if (c.evidence?.line) ev.line = c.evidence.line;
  return ev;
}

/** purl, decoded for people (`pkg:npm/@aws-crypto/sha256-js@5.2.0`), else group/name@version. */
function label(c: SnapComponent): string {
  if (c.purl) {
    try {
      return decodeURIComponent(c.purl);
    } catch {
      return c.purl;
    }
  }
  return `${c.group ? `${c.group}/` : ''}${c.name}${c.version ? `@${c.version}` : ''}`;
}

function group(list: SnapComponent[]): Map<string, SnapComponent[]> {
  const m = new Map<string, SnapComponent[]>();
  for (const c of list) m.set(c.key, [...(m.get(c.key) ?? []), c]);
  return m;
}

function summaryOf(list: SnapComponent[]): NonNullable<ComponentChange['before']> {
  const top = list[list.length - 1]!;
  const s: NonNullable<ComponentChange['before']> = { versions: [...new Set(list.map((c) => c.version).filter((v): v is string => !!v))].sort(compareVersions), class: top.class, tier: top.tier, licenses: top.licenses };
  if (top.country) s.country = top.country;
  if (top.supplier) s.supplier = top.supplier;
  return s;
}

const scored = (c: SnapComponent): boolean => c.tier !== 'unscored' && c.scope !== 'dev';
const core = (c: SnapComponent): boolean => CORE_TIERS.has(c.tier) && c.scope !== 'dev';
const rank = (t: string): number => ({ T1: 3, T2: 2, T3: 1 })[t] ?? 0;

function compareComponents(baseline: Snapshot, current: Snapshot, out: Comparison): void {
  const before = group(baseline.components);
  const after = group(current.components);
  const keys = [...new Set([...before.keys(), ...after.keys()])].sort(cmp);
  for (const key of keys) {
    const b = before.get(key);
    const a = after.get(key);
    if (!b && a) {
      out.components.push({ key, change: 'added', after: summaryOf(a) });
      for (const c of a) {
        const isCore = core(c);
        out.triggers.push(
          trigger(isCore ? 'component-added-core' : 'component-added', label(c), `new ${isCore ? `${c.tier} ` : ''}component ${label(c)} (${c.class}${c.country ? `, ${c.country}` : ''}${c.supplier ? `, ${c.supplier}` : ''})`, [componentEvidence(c, 'current')], { after: `${c.class}/${c.tier}` }),
        );
      }
      continue;
    }
    if (b && !a) {
      out.components.push({ key, change: 'removed', before: summaryOf(b) });
      out.triggers.push(trigger('component-removed', label(b[0]!), `component ${label(b[0]!)} removed`, [sbomEvidence(b[0]!)]));
      continue;
    }
    if (!a || !b) continue;
    const sb = summaryOf(b);
    const sa = summaryOf(a);
    const top = a[a.length - 1]!;
    const old = b[b.length - 1]!;
    const change: ComponentChange = { key, change: 'attributes-changed', before: sb, after: sa };
    let changed = false;
    // The product's own components carry the release's version: their change is the source check's business.
    if (!top.firstParty && sb.versions.join(',') !== sa.versions.join(',')) {
      changed = true;
      const maxB = sb.versions[sb.versions.length - 1];
      const maxA = sa.versions[sa.versions.length - 1];
      const direction = maxB && maxA ? compareVersions(maxA, maxB) : 0;
      change.change = sb.versions.length === 1 && sa.versions.length === 1 ? (direction > 0 ? 'upgraded' : direction < 0 ? 'downgraded' : 'versions-changed') : 'versions-changed';
      const bump = !!maxB && !!maxA && major(maxA) !== major(maxB);
      if (bump) change.majorBump = true;
      const t1 = a.some((c) => c.tier === 'T1' && c.scope !== 'dev') || b.some((c) => c.tier === 'T1' && c.scope !== 'dev');
      const words = change.change === 'versions-changed' ? `versions {${sb.versions.join(', ')}} → {${sa.versions.join(', ')}}` : `${change.change} ${maxB} → ${maxA}`;
      out.triggers.push(
        trigger(bump && t1 ? 'core-major-version' : 'version-changed', key, `${top.name} ${words}${bump ? ' (major)' : ''}`, [componentEvidence(top, 'current'), sbomEvidence(old)], { before: sb.versions.join(','), after: sa.versions.join(',') }),
      );
    }
    if (old.class !== top.class) {
      changed = true;
      const down = DOMESTIC.has(old.class) && !DOMESTIC.has(top.class);
      out.triggers.push(trigger(down ? 'origin-class-downgrade' : 'origin-class-changed', key, `${top.name} moves from ${old.class} to ${top.class}`, [componentEvidence(top, 'current'), sbomEvidence(old)], { before: old.class, after: top.class }));
    }
    if ((old.country ?? '') !== (top.country ?? '')) {
      changed = true;
      const rule = old.country && top.country ? 'supplier-country-changed' : 'supplier-changed-minor';
      out.triggers.push(trigger(rule, key, `${top.name}: supplier country ${old.country ?? '(unknown)'} → ${top.country ?? '(unknown)'}`, [componentEvidence(top, 'current'), sbomEvidence(old)], { before: old.country ?? '', after: top.country ?? '' }));
    }
    if ((old.supplier ?? '') !== (top.supplier ?? '')) {
      changed = true;
      out.triggers.push(trigger(core(top) || core(old) ? 'supplier-changed' : 'supplier-changed-minor', key, `${top.name}: supplier ${old.supplier ?? '(none)'} → ${top.supplier ?? '(none)'}`, [componentEvidence(top, 'current'), sbomEvidence(old)], { before: old.supplier ?? '', after: top.supplier ?? '' }));
    }
    if (old.licenses.join(' AND ') !== top.licenses.join(' AND ')) {
      changed = true;
      out.triggers.push(trigger(scored(top) || scored(old) ? 'license-changed' : 'license-changed-minor', key, `${top.name}: licence ${old.licenses.join(' AND ') || '(none)'} → ${top.licenses.join(' AND ') || '(none)'}`, [componentEvidence(top, 'current'), { in: 'baseline', path: 'sbom.cdx.json', field: `/components[bom-ref=${old.bomRef}]/licenses` }], { before: old.licenses.join(' AND '), after: top.licenses.join(' AND ') }));
    }
    if (old.tier !== top.tier) {
      changed = true;
      const raised = core(top) && rank(top.tier) > rank(old.tier);
      out.triggers.push(trigger(raised ? 'tier-raised-core' : 'tier-changed', key, `${top.name}: tier ${old.tier} → ${top.tier}`, [componentEvidence(top, 'current'), sbomEvidence(old)], { before: old.tier, after: top.tier }));
    }
    if (changed) out.components.push(change);
  }
}

function siteEvidence(sites: { path: string; line: number }[], side: 'current' | 'baseline'): TriggerEvidence[] {
  return sites.map((s) => ({ in: side, path: side === 'current' ? s.path : 'cbom.cdx.json', line: s.line, ...(side === 'baseline' ? { note: `${s.path}:${s.line}` } : {}) }));
}

function compareCrypto(baseline: Snapshot, current: Snapshot, out: Comparison): void {
  const before = new Map(baseline.algorithms.map((a) => [a.name, a]));
  const after = new Map(current.algorithms.map((a) => [a.name, a]));
  for (const a of current.algorithms) {
    if (before.has(a.name)) continue;
    const prodSites = a.sites.filter((s) => !isTestPath(s.path));
    const material = !a.sm && prodSites.length > 0;
    out.triggers.push(
      trigger(material ? 'crypto-algorithm-added' : 'crypto-changed', a.name, `new ${a.sm ? 'SM ' : 'non-SM '}algorithm ${a.name} (${a.libraries.join(', ') || 'unknown library'})${material ? '' : a.sm ? '' : ' in test code only'}`, siteEvidence(material ? prodSites : a.sites, 'current'), { after: a.name }),
    );
  }
  for (const b of baseline.algorithms) {
    if (after.has(b.name)) continue;
    out.triggers.push(trigger('crypto-changed', b.name, `algorithm ${b.name} no longer used`, siteEvidence(b.sites.slice(0, 5), 'baseline'), { before: b.name }));
  }
  if (baseline.smDefault === true && current.smDefault === false) {
    const nonSm = current.algorithms.filter((a) => !a.sm).flatMap((a) => a.sites.filter((s) => !isTestPath(s.path)));
    out.triggers.push(trigger('sm-default-dropped', 'SM default', 'the SM algorithms are no longer the default for every primitive that has one', [{ in: 'baseline', path: 'cbom.cdx.json', field: '/metadata/properties[shencha:sm:default]', note: 'true in the baseline' }, ...siteEvidence(nonSm, 'current')], { before: 'true', after: 'false' }));
  }
  const knownLibs = new Set(baseline.cryptoLibraries);
  for (const lib of current.cryptoLibraries) {
    if (knownLibs.has(lib)) continue;
    const short = lib.replace(/^pkg:[a-z0-9-]+\//, '').split('/').pop() ?? lib;
    const users = current.algorithms.filter((a) => a.libraries.some((l) => l === lib || l === short || l.endsWith(`/${short}`) || decodeURIComponent(l) === decodeURIComponent(short)));
    const sites = users.flatMap((a) => a.sites);
    const prod = sites.filter((s) => !isTestPath(s.path));
    const material = sites.length === 0 || prod.length > 0;
    out.triggers.push(
      trigger(material ? 'crypto-library-added' : 'crypto-changed', lib, `new cryptographic library ${lib}${users.length ? ` (${users.map((u) => u.name).join(', ')})` : ''}${material ? '' : ' in test code only'}`, sites.length ? siteEvidence(material ? prod : sites, 'current') : [{ in: 'current', path: 'cbom (current)', note: lib }], { after: lib }),
    );
  }
}

function channelLabel(c: SnapChannel): string {
  return c.kind === 'listener' ? `listener ${c.value}` : `${c.channel} endpoint ${c.value}`;
}

function compareChannels(baseline: Snapshot, current: Snapshot, out: Comparison): void {
  const b = baseline.channels;
  const matches = (x: SnapChannel, y: SnapChannel): boolean => x.kind === y.kind && maskedEqual(y.value, x.value);
  const newHost = (c: SnapChannel): boolean => !!c.host && !b.some((o) => o.host !== undefined && maskedEqual(o.host, c.host!));
  const seen = new Set<string>();
  for (const c of current.channels) {
    if (b.some((o) => matches(c, o))) continue;
    const id = `${c.kind}|${c.value}|${c.channel}`;
    const test = isTestPath(c.path);
    const control = c.kind === 'listener' || newHost(c) || CONTROL_CHANNELS.has(c.channel);
    const rule = !test && control ? 'endpoint-added' : 'endpoint-changed';
    const why = c.kind === 'listener' ? 'new listener' : newHost(c) ? `new outbound host ${c.host}` : CONTROL_CHANNELS.has(c.channel) ? `new ${c.channel} endpoint` : 'new endpoint on a known host';
    const ev: TriggerEvidence = { in: 'current', path: c.path, line: c.line, note: channelLabel(c) };
    if (seen.has(id)) {
      out.triggers.find((t) => t.subject === c.value && t.rule === rule)?.evidence.push(ev);
      continue;
    }
    seen.add(id);
    out.triggers.push(trigger(rule, c.value, `${why}: ${channelLabel(c)}${test ? ' (test code)' : ''}`, [ev], { after: c.value }));
  }
  const gone = new Set<string>();
  for (const o of b) {
    if (current.channels.some((c) => matches(c, o)) || gone.has(`${o.kind}|${o.value}`)) continue;
    gone.add(`${o.kind}|${o.value}`);
    out.triggers.push(trigger('endpoint-changed', o.value, `${channelLabel(o)} no longer in the code`, [{ in: 'baseline', path: 'classification.json', field: '/remoteChannels/channels', note: `${o.path}:${o.line}` }], { before: o.value }));
  }
}

function compareSources(input: CompareInput, out: Comparison): void {
  const { sources, coreFiles, policy } = input;
  const plain: FileChange[] = [];
  for (const f of sources.files) {
    const isCore = coreFiles.has(f.path) && !isTestPath(f.path);
    if (!isCore) {
      plain.push(f);
      continue;
    }
    const lines = f.lines;
    // Counted lines decide against the threshold; by digest only a new core file is material.
    const material = f.status === 'added' || (lines !== undefined && lines > policy.thresholds.coreChangedLines);
    const what = lines !== undefined ? `${f.status}, +${f.added ?? 0} −${f.deleted ?? 0} lines${sources.commit ? ` since ${sources.commit.slice(0, 12)}` : ''}` : f.status === 'unknown' ? 'may have changed (the baseline holds it redacted or withheld)' : `${f.status} (by digest)`;
    out.triggers.push(
      trigger(material ? 'core-source-changed' : 'core-source-changed-minor', f.path, `${f.path}, which implements a T1 function, ${what}${material && lines !== undefined ? ` (threshold ${policy.thresholds.coreChangedLines})` : ''}`, [{ in: 'current', path: f.path, note: what }], { ...(lines !== undefined ? { after: String(lines) } : {}) }),
    );
  }
  if (plain.length > 0) {
    out.triggers.push(
      trigger('source-changed', `${plain.length} file(s)`, `${plain.length} first-party file(s) changed that implement no T1 function`, plain.map((f) => ({ in: 'current' as const, path: f.path, note: f.lines !== undefined ? `${f.status}, +${f.added ?? 0} −${f.deleted ?? 0}` : f.status })), { after: String(plain.length) }),
    );
  }
}

function compareRatio(input: CompareInput, out: Comparison): void {
  const r0 = input.baseline.selfDevelopedRatio;
  const r1 = input.current.selfDevelopedRatio;
  if (typeof r0 !== 'number' || typeof r1 !== 'number' || r0 === r1) return;
  const drop = r0 - r1;
  const material = drop > input.policy.thresholds.selfDevelopedRatioDrop;
  out.triggers.push(
    trigger(material ? 'self-developed-ratio-drop' : 'self-developed-ratio-changed', 'self-developed ratio', `self-developed ratio ${r0} → ${r1}${material ? ` (drop over ${input.policy.thresholds.selfDevelopedRatioDrop})` : ''}`, [{ in: 'baseline', path: 'classification.json', field: '/product/selfDevelopedRatio/ratio', note: String(r0) }], { before: String(r0), after: String(r1) }),
  );
}

/** JSON pointers of the leaves that differ between two documents. */
function diffPaths(a: unknown, b: unknown, at = ''): string[] {
  if (canonicalize(a ?? null) === canonicalize(b ?? null)) return [];
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(cmp);
    return keys.flatMap((k) => diffPaths((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}/${k}`));
  }
  return [at || '/'];
}

const OWNERSHIP = /^\/supplier\/(name|nameZh|country|control|registrationId|ownershipChain)(\/|$)/;

function compareVendor(baseline: Snapshot, current: Snapshot, out: Comparison): void {
  if (!baseline.vendorProfile && !current.vendorProfile) return;
  // The product's version is the release's identity, not a statement of the vendor.
  const strip = (p: Record<string, unknown> | undefined) => (p ? { ...p, product: { ...((p['product'] as Record<string, unknown>) ?? {}), version: undefined } } : undefined);
  const paths = diffPaths(strip(baseline.vendorProfile), strip(current.vendorProfile));
  const own = paths.filter((p) => OWNERSHIP.test(p));
  const rest = paths.filter((p) => !OWNERSHIP.test(p));
  const ev = (p: string): TriggerEvidence => ({ in: 'baseline', path: 'vendor-profile.json', field: p });
  if (own.length) out.triggers.push(trigger('vendor-ownership-changed', 'vendor profile', `the vendor's ownership statements changed: ${own.join(', ')}`, own.map(ev)));
  if (rest.length) out.triggers.push(trigger('vendor-profile-changed', 'vendor profile', `the vendor profile changed: ${rest.slice(0, 8).join(', ')}${rest.length > 8 ? ` and ${rest.length - 8} more` : ''}`, rest.map(ev)));
}

function compareKb(baseline: Snapshot, current: Snapshot, out: Comparison): void {
  const b = baseline.knowledgeBase;
  const c = current.knowledgeBase;
  if (!b || !c || (b.version === c.version && b.sha256 === c.sha256)) return;
  out.triggers.push(trigger('knowledge-base-changed', 'knowledge base', `knowledge base ${b.version} → ${c.version}${b.version === c.version ? ' (same version, other content)' : ''}; run \`shencha recheck\` on the baseline to see what the new knowledge base alone changes`, [{ in: 'baseline', path: 'manifest.json', field: '/knowledgeBase' }], { before: b.version, after: c.version }));
}

export function compare(input: CompareInput): Comparison {
  const out: Comparison = { triggers: [], components: [], counts: {} };
  compareComponents(input.baseline, input.current, out);
  compareCrypto(input.baseline, input.current, out);
  compareChannels(input.baseline, input.current, out);
  compareSources(input, out);
  compareRatio(input, out);
  compareVendor(input.baseline, input.current, out);
  compareKb(input.baseline, input.current, out);
  const order = { material: 0, minor: 1, none: 2 } as const;
  out.triggers.sort((a, b) => order[a.changeClass] - order[b.changeClass] || cmp(a.rule, b.rule) || cmp(a.subject, b.subject) || cmp(a.message, b.message));
  for (const c of out.components) out.counts[c.change] = (out.counts[c.change] ?? 0) + 1;
  return out;
}
