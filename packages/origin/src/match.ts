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
export function componentKey(c: Pick<Component, 'purl' | 'ecosystem' | 'group' | 'name'>): ComponentKey {
  const p = c.purl ? parsePurl(c.purl) : undefined;
  if (p) return { type: p.type, key: keyOf(p.type, p.namespace, p.name) };
  const type = ECOSYSTEM_TO_TYPE[c.ecosystem.toLowerCase()] ?? 'generic';
  return { type, key: keyOf(type, c.group, c.name) };
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

const byTypeCache = new WeakMap<readonly unknown[], Map<string, unknown[]>>();

/** Rules grouped by purl type, computed once per rule list. */
function ofType<R extends { type: string }>(rules: readonly R[], type: string): readonly R[] {
  let m = byTypeCache.get(rules) as Map<string, R[]> | undefined;
  if (!m) {
    m = new Map();
    for (const r of rules) {
      const l = m.get(r.type);
      if (l) l.push(r);
      else m.set(r.type, [r]);
    }
    byTypeCache.set(rules, m as Map<string, unknown[]>);
  }
  return m.get(type) ?? [];
}

/** Best rule (most specific pattern) among those of a type whose patterns match the key. */
export function bestRule<R extends { type: string; match: string[] }>(rules: readonly R[], ck: ComponentKey): { rule: R; pattern: string } | undefined {
  let best: { rule: R; pattern: string; score: number } | undefined;
  const k = ck.key.toLowerCase();
  for (const rule of ofType(rules, ck.type)) {
    for (const pattern of rule.match) {
      if (!globMatchLower(pattern, k)) continue;
      const score = specificity(pattern);
      if (!best || score > best.score) best = { rule, pattern, score };
    }
  }
  return best && { rule: best.rule, pattern: best.pattern };
}

/** All rules of a type whose patterns match (capabilities accumulate rather than override). */
export function allRules<R extends { type: string; match: string[] }>(rules: readonly R[], ck: ComponentKey): R[] {
  const k = ck.key.toLowerCase();
  return ofType(rules, ck.type).filter((r) => r.match.some((p) => globMatchLower(p, k)));
}
