import type { ComponentHash } from '@shencha/core';
import { toml } from '../../src/parsers.js';
import { hexHash } from '../../src/component.js';
import { makePurl } from '../../src/purl.js';

/** What every Python lock or manifest parser yields, before it becomes components. */
export type DepKind = 'required' | 'optional' | 'dev';

export interface PyDep {
  name: string;
  /** A specific version when the lock names it (uv forks, `==` pins). */
  version?: string;
  kind: DepKind;
}

export interface PyPackage {
  name: string;
  version?: string;
  line?: number;
  hashes: ComponentHash[];
  /** Scope stated by the lock itself (poetry category/groups, Pipfile sections, pdm groups). */
  scope?: 'required' | 'optional' | 'excluded';
  firstParty?: boolean;
  deps: PyDep[];
  properties: Record<string, string>;
  /** Where it comes from when not the package index: git URL, local path, direct URL. */
  vcsUrl?: string;
  downloadUrl?: string;
}

export interface PyLock {
  path: string;
  format: string;
  packages: PyPackage[];
  /** Direct dependencies of the project, when the lock or its manifest says. */
  roots?: PyDep[];
  /** The project itself, when the file names it. */
  project?: { name: string; version?: string };
  /** false for manifests and unpinned requirements: the set of packages is not known exactly. */
  complete: boolean;
}

export class PyParseError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

/** PEP 503 normalised name (also the purl spec's rule for pypi). */
export function normalizeName(name: string): string {
  return name.trim().toLowerCase().replace(/[-_.]+/g, '-');
}

export function pypiPurl(name: string, version?: string, qualifiers?: Record<string, string | undefined>): string | undefined {
  return makePurl('pypi', undefined, normalizeName(name), version, qualifiers);
}

const ALGS: Record<string, string> = { sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512', sha1: 'SHA-1', md5: 'MD5' };

/** `sha256:<hex>` (pip, poetry, uv, pdm, Pipfile) → a CycloneDX hash, or undefined if malformed. */
export function parseHash(s: unknown): ComponentHash | undefined {
  if (typeof s !== 'string') return undefined;
  const m = /^([a-z0-9]+)[:=]([0-9a-fA-F]+)$/.exec(s.trim());
  if (!m) return undefined;
  const alg = ALGS[m[1]!];
  return alg ? hexHash(alg, m[2]) : undefined;
}

/** TOML with located errors. */
export function parseTomlLocated(text: string): Record<string, unknown> {
  try {
    return toml().parse(text) as Record<string, unknown>;
  } catch (e) {
    const err = e as Error & { line?: number; column?: number };
    throw new PyParseError(`invalid TOML: ${err.message.split('\n')[0]}`, err.line ?? 1, err.column ?? 1);
  }
}

/** Lines of `[[package]]` entries: name (+ version) → line of the `name = …` key, for evidence. */
export function packageLines(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const lines = text.split('\n');
  let inPkg = false;
  let name: string | undefined;
  let nameLine = 0;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!.trim();
    if (l.startsWith('[')) {
      inPkg = l === '[[package]]';
      name = undefined;
      continue;
    }
    if (!inPkg) continue;
    const m = /^(name|version)\s*=\s*["']([^"']*)["']/.exec(l);
    if (!m) continue;
    if (m[1] === 'name') {
      name = normalizeName(m[2]!);
      nameLine = i + 1;
      if (!out.has(name)) out.set(name, nameLine);
    } else if (name !== undefined) {
      const k = `${name}@${m[2]}`;
      if (!out.has(k)) out.set(k, nameLine);
    } else {
      // Old poetry writes `version` before `name`: remember it until the name arrives.
      nameLine = i + 1;
    }
  }
  return out;
}

export function lineFor(lines: Map<string, number>, name: string, version?: string): number | undefined {
  const n = normalizeName(name);
  return (version !== undefined ? lines.get(`${n}@${version}`) : undefined) ?? lines.get(n);
}

export const obj = (v: unknown): Record<string, unknown> | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
