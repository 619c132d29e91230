import { parseJson, type FileSource, type Issue } from '@shencha/core';
import { catalogerIssue, fromCoreParseIssue } from '../../src/component.js';

/** Helpers shared by the npm-family catalogers (npm, pnpm, yarn, bun). */

export interface PackageJson {
  name?: string;
  version?: string;
  license?: unknown;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  workspaces?: unknown;
}

export const DEP_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies'] as const;

/** Reads a package.json next to a lockfile; absent → undefined, malformed → located issue. */
export async function readPackageJson(files: FileSource, path: string, cataloger: string, issues: Issue[]): Promise<PackageJson | undefined> {
  if (!files.get(path)) return undefined;
  let text: string;
  try {
    text = await files.readText(path);
  } catch (e) {
    issues.push(catalogerIssue('SBOM_UNREADABLE', cataloger, `${cataloger}: cannot read ${path}: ${(e as Error).message}`, { path }));
    return undefined;
  }
  const parsed = parseJson<unknown>(text, path, `sbom/${cataloger}`);
  if (!parsed.ok) {
    issues.push(fromCoreParseIssue(cataloger, path, parsed.issue));
    return undefined;
  }
  return isObject(parsed.value) ? (parsed.value as PackageJson) : undefined;
}

export function licenseOf(raw: unknown): string[] | undefined {
  if (typeof raw === 'string' && raw.trim()) return [raw.trim()];
  if (isObject(raw) && typeof raw['type'] === 'string') return [raw['type']];
  if (Array.isArray(raw)) {
    const out = raw
      .map((l) => (typeof l === 'string' ? l : isObject(l) && typeof l['type'] === 'string' ? l['type'] : ''))
      .filter(Boolean);
    return out.length > 0 ? out : undefined;
  }
  return undefined;
}

export function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** `a/b` + `../c` → `a/c`; undefined when it leaves the project root. */
export function joinPath(dir: string, rel: string): string | undefined {
  const out = dir ? dir.split('/') : [];
  for (const part of rel.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(part);
  }
  return out.join('/');
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isStringRecord(v: unknown): v is Record<string, string> {
  return isObject(v) && Object.values(v).every((x) => typeof x === 'string');
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** Where a package came from, by its resolved URL: registry tarball, git commit, other tarball, local path. */
export function sourceOf(resolved: string | undefined): { kind: 'registry' | 'git' | 'tarball' | 'file'; version?: string; qualifiers?: Record<string, string> } {
  if (!resolved) return { kind: 'registry' };
  const git = /^(git\+[a-z]+:\/\/|git:\/\/|github:|gitlab:|bitbucket:|git@)(.*?)(?:#([0-9a-f]{7,40}))?$/i.exec(resolved);
  if (git) {
    const url = resolved.replace(/#.*$/, '');
    return git[3] ? { kind: 'git', version: git[3], qualifiers: { vcs_url: url } } : { kind: 'git', qualifiers: { vcs_url: url } };
  }
  if (/^https?:\/\/registry\.(npmjs\.org|yarnpkg\.com|npmmirror\.com)\//.test(resolved) || /^https?:\/\/registry\.npm\.taobao\.org\//.test(resolved)) {
    return { kind: 'registry' };
  }
  if (/^https?:\/\//.test(resolved)) return { kind: 'tarball', qualifiers: { download_url: resolved } };
  if (/^(file:|link:|portal:|\.|\/)/.test(resolved)) return { kind: 'file' };
  return { kind: 'registry' };
}

/** Declared deps of a package.json that a lock does not satisfy → one warning with the first few. */
export function outOfSyncIssue(cataloger: string, lockPath: string, manifestPath: string, problems: string[], howToFix: string): Issue | undefined {
  if (problems.length === 0) return undefined;
  return catalogerIssue(
    'SBOM_LOCK_OUT_OF_SYNC',
    cataloger,
    `${cataloger}: ${lockPath} is out of sync with ${manifestPath}: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (+${problems.length - 5} more)` : ''}`,
    { path: lockPath },
    howToFix,
  );
}
