import type { Component } from '@shencha/core';

/**
 * Component identity for knowledge-base matching. packageurl-js 2.0.1 throws on some golang purls
 * (a ReferenceError in its validator), so purls are split here by the spec's own grammar.
 */
export interface ParsedPurl {
  type: string;
  namespace?: string;
  name: string;
  version?: string;
}

export function parsePurl(purl: string): ParsedPurl | undefined {
  if (!purl.startsWith('pkg:')) return undefined;
  let rest = purl.slice(4).replace(/^\/+/, '');
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  const q = rest.indexOf('?');
  if (q >= 0) rest = rest.slice(0, q);
  const slash = rest.indexOf('/');
  if (slash < 0) return undefined;
  const type = rest.slice(0, slash).toLowerCase();
  rest = rest.slice(slash + 1);
  let version: string | undefined;
  const at = rest.lastIndexOf('@');
  if (at > 0 && at > rest.lastIndexOf('/')) {
    version = dec(rest.slice(at + 1));
    rest = rest.slice(0, at);
  }
  const parts = rest.split('/').filter((p) => p !== '').map(dec);
  const name = parts.pop();
  if (!name) return undefined;
  const out: ParsedPurl = { type, name };
  if (parts.length > 0) out.namespace = parts.join('/');
  if (version) out.version = version;
  return out;
}

function dec(s: string): string {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const ECOSYSTEM_TO_TYPE: Record<string, string> = {
  npm: 'npm', pnpm: 'npm', yarn: 'npm', bun: 'npm', javascript: 'npm',
  maven: 'maven', gradle: 'maven', java: 'maven',
  go: 'golang', golang: 'golang',
  pypi: 'pypi', python: 'pypi', pip: 'pypi', poetry: 'pypi',
  cargo: 'cargo', rust: 'cargo', crates: 'cargo',
  nuget: 'nuget', dotnet: 'nuget',
  composer: 'composer', php: 'composer',
  gem: 'gem', rubygems: 'gem', ruby: 'gem',
  cocoapods: 'cocoapods', hex: 'hex', dart: 'pub', pub: 'pub', swift: 'swift', conan: 'conan', vcpkg: 'generic',
};

export interface ComponentKey {
  type: string;
  /** The string namespace rules match: see `keyOf`. */
  key: string;
}

/**
 * The matching key per purl type: npm `@scope/name`, maven `group:artifact`, golang and swift the
 * module path, composer `vendor/name`, pypi the PEP 503 normalised name, others `namespace/name` or `name`.
 */
const keyCache = new WeakMap<object, ComponentKey>();

export function componentKey(c: Pick<Component, 'purl' | 'ecosystem' | 'group' | 'name'>): ComponentKey {
  const cached = keyCache.get(c);
  if (cached) return cached;
  const p = c.purl ? parsePurl(c.purl) : undefined;
  let out: ComponentKey;
  if (p) out = { type: p.type, key: keyOf(p.type, p.namespace, p.name) };
  else {
    const type = ECOSYSTEM_TO_TYPE[c.ecosystem.toLowerCase()] ?? 'generic';
    out = { type, key: keyOf(type, c.group, c.name) };
  }
  keyCache.set(c, out);
  return out;
}

export function keyOf(type: string, namespace: string | undefined, name: string): string {
  switch (type) {
    case 'maven':
      return namespace ? `${namespace}:${name}` : name;
    case 'pypi':
      return name.toLowerCase().replace(/[-_.]+/g, '-');
    case 'npm':
      return (namespace ? `${namespace.startsWith('@') ? namespace : `@${namespace}`}/${name}` : name).toLowerCase();
    default:
      return namespace ? `${namespace}/${name}` : name;
  }
}

const compiled = new Map<string, { prefix: string; re: RegExp | undefined }>();

/** Glob over a key: `*` matches any run of characters; case-insensitive (registries fold case). */
export function globMatch(pattern: string, key: string): boolean {
  return globMatchLower(pattern, key.toLowerCase());
}

/** globMatch for a key already in lower case (the hot path: one lower-casing per component, not per pattern). */
function globMatchLower(pattern: string, k: string): boolean {
  let c = compiled.get(pattern);
  if (!c) {
    const star = pattern.indexOf('*');
    // The literal prefix rejects most keys before any regex runs.
    c = { prefix: (star < 0 ? pattern : pattern.slice(0, star)).toLowerCase(), re: star < 0 ? undefined : new RegExp(`^${pattern.toLowerCase().split('*').map(escape).join('.*')}$`) };
    compiled.set(pattern, c);
  }
  if (!c.re) return k === c.prefix;
  return k.startsWith(c.prefix) && c.re.test(k);
}

/** How specific a pattern is: its literal characters. The most specific matching rule wins. */
export function specificity(pattern: string): number {
  return pattern.replace(/\*/g, '').length + (pattern.includes('*') ? 0 : 1000);
}

function escape(s: string): string {
  return s.replace(/[.+?^${}()|[\]\\/-]/g, '\\$&');
}

const PREFIX_LEN = 5;

interface PatternIndex<R> {
  /** (rule, pattern) pairs bucketed by the first PREFIX_LEN characters of the pattern's literal prefix. */
  buckets: Map<string, { rule: R; pattern: string }[]>;
  /** Pairs whose literal prefix is shorter than PREFIX_LEN: checked for every key. */
  short: { rule: R; pattern: string }[];
}

const indexCache = new WeakMap<readonly unknown[], Map<string, PatternIndex<unknown>>>();

/** Patterns indexed by purl type and literal prefix, built once per rule list. */
function indexOf<R extends { type: string; match: string[] }>(rules: readonly R[], type: string): PatternIndex<R> | undefined {
  let byType = indexCache.get(rules) as Map<string, PatternIndex<R>> | undefined;
  if (!byType) {
    byType = new Map();
    for (const rule of rules) {
      let idx = byType.get(rule.type);
      if (!idx) {
        idx = { buckets: new Map(), short: [] };
        byType.set(rule.type, idx);
      }
      for (const pattern of rule.match) {
        const star = pattern.indexOf('*');
        const lit = (star < 0 ? pattern : pattern.slice(0, star)).toLowerCase();
        if (lit.length < PREFIX_LEN) idx.short.push({ rule, pattern });
        else {
          const k = lit.slice(0, PREFIX_LEN);
          const l = idx.buckets.get(k);
          if (l) l.push({ rule, pattern });
          else idx.buckets.set(k, [{ rule, pattern }]);
        }
      }
    }
    indexCache.set(rules, byType as Map<string, PatternIndex<unknown>>);
  }
  return byType.get(type);
}

function candidates<R extends { type: string; match: string[] }>(rules: readonly R[], ck: ComponentKey, k: string): { rule: R; pattern: string }[] {
  const idx = indexOf(rules, ck.type);
  if (!idx) return [];
  const bucket = idx.buckets.get(k.slice(0, PREFIX_LEN));
  return bucket ? [...idx.short, ...bucket] : idx.short;
}

/** Best rule (most specific pattern) among those of a type whose patterns match the key. */
export function bestRule<R extends { type: string; match: string[] }>(rules: readonly R[], ck: ComponentKey): { rule: R; pattern: string } | undefined {
  let best: { rule: R; pattern: string; score: number } | undefined;
  const k = ck.key.toLowerCase();
  for (const { rule, pattern } of candidates(rules, ck, k)) {
    if (!globMatchLower(pattern, k)) continue;
    const score = specificity(pattern);
    if (!best || score > best.score || (score === best.score && rules.indexOf(rule) < rules.indexOf(best.rule))) best = { rule, pattern, score };
  }
  return best && { rule: best.rule, pattern: best.pattern };
}

/** All rules of a type whose patterns match (capabilities accumulate rather than override), in KB order. */
export function allRules<R extends { type: string; match: string[] }>(rules: readonly R[], ck: ComponentKey): R[] {
  const k = ck.key.toLowerCase();
  const hit = new Set<R>();
  for (const { rule, pattern } of candidates(rules, ck, k)) if (!hit.has(rule) && globMatchLower(pattern, k)) hit.add(rule);
  return rules.filter((r) => hit.has(r));
}
