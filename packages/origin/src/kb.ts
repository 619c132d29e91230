import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { canonicalize, parseYaml, sha256Hex, ShenchaError, validateAgainstSchema } from '@shencha/core';
import type { Tier } from './types.js';
import './issues.js';

/**
 * The knowledge base: public facts about who owns what, each with a source URL and a date.
 * It is tool data, not project data, so it is read with fs (not FileSource); `--kb <dir>` swaps it.
 */

export type OrgControl = 'cn-controlled' | 'foreign-invested' | 'foreign' | 'foundation';
export type OrgKind = 'commercial' | 'community' | 'foundation' | 'individual' | 'government' | 'academic';

export interface Organisation {
  id: string;
  name: string;
  aliases: string[];
  /** ISO 3166-1 alpha-2 of the seat (for a foundation: its legal seat). */
  country: string;
  control: OrgControl;
  /** For foundations: the jurisdiction whose law governs it. */
  jurisdiction?: string;
  kind: OrgKind;
  emailDomains: string[];
  /** `host/org` prefixes of repositories the organisation owns, e.g. `github.com/alibaba`. */
  repositoryOrgs: string[];
  parent?: string;
  note?: string;
  source: string;
  asOf: string;
}

export interface NamespaceRule {
  /** purl type: npm, maven, golang, pypi, cargo, nuget, composer, gem, cocoapods, hex, pub, swift, conan, generic. */
  type: string;
  /** Globs over the component key (see componentKey): `*` matches any run of characters. */
  match: string[];
  org: string;
  /** Overrides the licence-based guess of open source vs commercial distribution. */
  distribution?: 'open-source' | 'commercial';
  confidence: number;
  source: string;
  asOf?: string;
}

export interface RepositoryHost {
  host: string;
  country: string;
  /** `prc-hosted` is a PRC-governance signal; `global` hosts say nothing about governance. */
  signal: 'prc-hosted' | 'global';
  confidence: number;
  operator: string;
  source: string;
}

export interface LicenceSignal {
  id: string;
  name: string;
  country: string;
  signal: 'prc-governance';
  confidence: number;
  source: string;
}

export interface EmailSignal {
  domain: string;
  country: string;
  confidence: number;
  operator: string;
  source: string;
}

export interface Capability {
  id: string;
  name: string;
  tier: Exclude<Tier, 'unscored'>;
  mlpsClass?: string;
  description: string;
}

export interface CapabilityRule {
  type: string;
  match: string[];
  capabilities: string[];
  source: string;
}

export interface MlpsClass {
  id: string;
  name: string;
  nameZh: string;
}

export interface KnowledgeBase {
  version: string;
  /** sha256 of the canonical JSON of the merged content. */
  sha256: string;
  dir: string;
  files: string[];
  organisations: Organisation[];
  namespaces: NamespaceRule[];
  repositoryHosts: RepositoryHost[];
  licenses: LicenceSignal[];
  emailSignals: EmailSignal[];
  capabilities: Capability[];
  componentCapabilities: CapabilityRule[];
  mlpsClasses: MlpsClass[];
  /** Lookups built once. */
  orgById: Map<string, Organisation>;
}

interface Fragment {
  schemaVersion: 1;
  version?: string;
  description?: string;
  organisations?: RawOrganisation[];
  namespaces?: RawRule[];
  repositoryHosts?: RepositoryHost[];
  licenses?: LicenceSignal[];
  emailSignals?: EmailSignal[];
  capabilities?: Capability[];
  componentCapabilities?: (Omit<CapabilityRule, 'match'> & { match: string | string[] })[];
  mlpsClasses?: MlpsClass[];
}
type RawOrganisation = Partial<Organisation> & Pick<Organisation, 'id' | 'name' | 'country' | 'control' | 'kind' | 'source' | 'asOf'>;
type RawRule = Omit<NamespaceRule, 'match' | 'confidence'> & { match: string | string[]; confidence?: number };

/** Folder of the built-in KB: `src/kb.ts` under vitest and `dist/src/kb.js` when built sit at different depths. */
export function builtInKbDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    if (existsSync(join(dir, 'kb', 'meta.yaml'))) return join(dir, 'kb');
    dir = dirname(dir);
  }
  throw new ShenchaError('ORIGIN_KB_INVALID', 'the built-in knowledge base (packages/origin/kb) is missing');
}

const cache = new Map<string, Promise<KnowledgeBase>>();

/** Loads, validates and hashes a knowledge base folder (every `*.yaml` in it). */
export function loadKnowledgeBase(dir?: string): Promise<KnowledgeBase> {
  const abs = resolve(dir ?? builtInKbDir());
  let p = cache.get(abs);
  if (!p) {
    p = load(abs);
    cache.set(abs, p);
    p.catch(() => cache.delete(abs));
  }
  return p;
}

function fail(path: string, message: string, extra: { line?: number; column?: number; field?: string } = {}): never {
  const where = `${path}${extra.line !== undefined ? `:${extra.line}${extra.column !== undefined ? `:${extra.column}` : ''}` : ''}${extra.field ? ` (${extra.field})` : ''}`;
  throw new ShenchaError('ORIGIN_KB_INVALID', `knowledge base ${where}: ${message}`, {
    location: { path, ...extra },
    howToFix: 'fix the knowledge-base file so that it matches schemas/json/knowledge-base.schema.json',
  });
}

async function load(dir: string): Promise<KnowledgeBase> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.yaml') || n.endsWith('.yml')).sort();
  } catch (cause) {
    throw new ShenchaError('ORIGIN_KB_INVALID', `knowledge base folder ${dir} cannot be read`, { cause, howToFix: 'pass --kb a folder holding the knowledge-base *.yaml files' });
  }
  if (!names.includes('meta.yaml')) fail(join(dir, 'meta.yaml'), 'meta.yaml (schemaVersion, version) is missing');
  const kb: KnowledgeBase = {
    version: '',
    sha256: '',
    dir,
    files: names,
    organisations: [],
    namespaces: [],
    repositoryHosts: [],
    licenses: [],
    emailSignals: [],
    capabilities: [],
    componentCapabilities: [],
    mlpsClasses: [],
    orgById: new Map(),
  };
  for (const name of names) {
    const path = join(dir, name);
    const text = await readFile(path, 'utf8');
    const parsed = parseYaml<Fragment>(text, path, 'origin/kb');
    if (!parsed.ok) fail(path, parsed.issue.message, { ...(parsed.issue.location?.line !== undefined ? { line: parsed.issue.location.line } : {}), ...(parsed.issue.location?.column !== undefined ? { column: parsed.issue.location.column } : {}) });
    const errors = validateAgainstSchema('knowledge-base', parsed.value);
    if (errors.length > 0) {
      const e = errors[0]!;
      fail(path, `${e.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`, { field: e.pointer });
    }
    const f = parsed.value;
    if (name === 'meta.yaml') {
      if (!f.version) fail(path, 'meta.yaml must give the knowledge-base version', { field: '/version' });
      kb.version = f.version;
    }
    for (const o of f.organisations ?? []) {
      kb.organisations.push({ aliases: [], emailDomains: [], repositoryOrgs: [], ...o } as Organisation);
    }
    for (const r of f.namespaces ?? []) {
      kb.namespaces.push({ ...r, match: Array.isArray(r.match) ? r.match : [r.match], confidence: r.confidence ?? 0.9 });
    }
    kb.repositoryHosts.push(...(f.repositoryHosts ?? []));
    kb.licenses.push(...(f.licenses ?? []));
    kb.emailSignals.push(...(f.emailSignals ?? []));
    kb.capabilities.push(...(f.capabilities ?? []));
    for (const r of f.componentCapabilities ?? []) kb.componentCapabilities.push({ ...r, match: Array.isArray(r.match) ? r.match : [r.match] });
    kb.mlpsClasses.push(...(f.mlpsClasses ?? []));
  }
  checkIntegrity(kb);
  kb.sha256 = sha256Hex(canonicalize(contentOf(kb)));
  return kb;
}

/** What the hash covers: every fact, none of the lookups or the folder it came from. */
function contentOf(kb: KnowledgeBase): unknown {
  return {
    version: kb.version,
    organisations: [...kb.organisations].sort((a, b) => cmp(a.id, b.id)),
    namespaces: kb.namespaces,
    repositoryHosts: kb.repositoryHosts,
    licenses: kb.licenses,
    emailSignals: kb.emailSignals,
    capabilities: kb.capabilities,
    componentCapabilities: kb.componentCapabilities,
    mlpsClasses: kb.mlpsClasses,
  };
}

function checkIntegrity(kb: KnowledgeBase): void {
  const dir = kb.dir;
  for (const o of kb.organisations) {
    if (kb.orgById.has(o.id)) fail(dir, `organisation id "${o.id}" is defined twice`);
    if (o.control === 'foundation' && !o.jurisdiction) fail(dir, `foundation "${o.id}" has no jurisdiction`);
    kb.orgById.set(o.id, o);
  }
  for (const o of kb.organisations) {
    if (o.parent && !kb.orgById.has(o.parent)) fail(dir, `organisation "${o.id}" names unknown parent "${o.parent}"`);
  }
  // One owner per repository org, e-mail domain and pattern: an ambiguous KB would make classes depend on file order.
  const owners = new Map<string, string>();
  const claim = (what: string, key: string, org: string): void => {
    const prev = owners.get(`${what}\u0000${key}`);
    if (prev !== undefined && prev !== org) fail(dir, `${what} "${key}" is claimed by both "${prev}" and "${org}"`);
    owners.set(`${what}\u0000${key}`, org);
  };
  for (const o of kb.organisations) {
    for (const r of o.repositoryOrgs) claim('repository org', r.toLowerCase(), o.id);
    for (const d of o.emailDomains) claim('e-mail domain', d, o.id);
  }
  for (const r of kb.namespaces) {
    if (!kb.orgById.has(r.org)) fail(dir, `namespace rule ${r.type}:${r.match.join(',')} names unknown organisation "${r.org}"`);
    for (const p of r.match) claim(`${r.type} pattern`, p.toLowerCase(), r.org);
  }
  const caps = new Set(kb.capabilities.map((c) => c.id));
  const mlps = new Set(kb.mlpsClasses.map((m) => m.id));
  for (const c of kb.capabilities) {
    if (c.mlpsClass && !mlps.has(c.mlpsClass)) fail(dir, `capability "${c.id}" names unknown MLPS class "${c.mlpsClass}"`);
  }
  for (const r of kb.componentCapabilities) {
    for (const c of r.capabilities) if (!caps.has(c)) fail(dir, `capability rule ${r.type}:${r.match.join(',')} names unknown capability "${c}"`);
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
