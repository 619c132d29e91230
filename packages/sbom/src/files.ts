import { parseJson, type FileSource, type Issue } from '@shencha/core';
import type { CatalogResult } from './cataloger.js';
import { appendResult, catalogerIssue, emptyResult } from './component.js';

/**
 * The files a cataloger claims: its globs over the walked tree, .gitignore'd ones included (a
 * lockfile is often ignored yet still describes the build), but never inside a folder the walk
 * leaves out by default (node_modules, build output, VCS metadata): those are not the product's
 * declarations. Sorted, so results are deterministic.
 */
export function lockFiles(source: FileSource, globs: string[]): string[] {
  return source
    .glob(globs, { includeExcluded: true })
    .filter((e) => !e.excluded || !e.excluded.rule.startsWith('default:'))
    .filter((e) => !underDefaultExcluded(source, e.path))
    .map((e) => e.path)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function underDefaultExcluded(source: FileSource, path: string): boolean {
  let i = path.indexOf('/');
  while (i >= 0) {
    const dir = source.get(path.slice(0, i));
    if (dir?.excluded?.rule.startsWith('default:')) return true;
    i = path.indexOf('/', i + 1);
  }
  return false;
}

/** Offsets of line starts, so many positions map to 1-based lines by binary search. */
export class LineIndex {
  private readonly starts: number[];
  constructor(text: string) {
    const starts = [0];
    let i = text.indexOf('\n');
    while (i >= 0) {
      starts.push(i + 1);
      i = text.indexOf('\n', i + 1);
    }
    this.starts = starts;
  }
  lineAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
  columnAt(offset: number): number {
    return offset - this.starts[this.lineAt(offset) - 1]! + 1;
  }
  lineOfFirst(text: string, needle: string): number | undefined {
    const at = text.indexOf(needle);
    return at < 0 ? undefined : this.lineAt(at);
  }
}

export interface InstalledMeta {
  version?: string;
  licenses?: string[];
  author?: string;
  description?: string;
  repository?: string;
  homepage?: string;
}

const nodeModulesPresent = new WeakMap<FileSource, Map<string, boolean>>();

/**
 * Reads an installed package's package.json under node_modules on demand (the walk records
 * node_modules but never descends it). Only tried when the lock's folder has a node_modules
 * entry, so a project without an install costs nothing. Any failure just means "no metadata".
 */
export async function readNodeModulesMeta(source: FileSource, path: string): Promise<InstalledMeta | undefined> {
  const nm = path.indexOf('node_modules/');
  if (nm < 0) return undefined;
  const nmDir = path.slice(0, nm + 'node_modules'.length);
  let cache = nodeModulesPresent.get(source);
  if (!cache) nodeModulesPresent.set(source, (cache = new Map()));
  let present = cache.get(nmDir);
  if (present === undefined) {
    const entry = source.get(nmDir);
    present = entry?.kind === 'directory';
    cache.set(nmDir, present);
  }
  if (!present) return undefined;
  let text: string;
  try {
    text = await source.readText(path);
  } catch {
    return undefined;
  }
  const parsed = parseJson<Record<string, unknown>>(text, path, 'sbom/node-modules');
  if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) return undefined;
  const p = parsed.value;
  const out: InstalledMeta = {};
  if (typeof p['version'] === 'string') out.version = p['version'];
  const lic = p['license'] ?? p['licenses'];
  if (typeof lic === 'string' && lic.trim()) out.licenses = [lic.trim()];
  else if (Array.isArray(lic)) {
    const l = lic.map((x) => (typeof x === 'string' ? x : typeof x === 'object' && x && typeof (x as { type?: unknown }).type === 'string' ? (x as { type: string }).type : '')).filter(Boolean);
    if (l.length > 0) out.licenses = l;
  } else if (typeof lic === 'object' && lic && typeof (lic as { type?: unknown }).type === 'string') out.licenses = [(lic as { type: string }).type];
  const author = p['author'];
  if (typeof author === 'string' && author.trim()) out.author = author.trim();
  else if (typeof author === 'object' && author && typeof (author as { name?: unknown }).name === 'string') out.author = (author as { name: string }).name;
  if (typeof p['description'] === 'string' && p['description'].trim()) out.description = p['description'].trim().slice(0, 1000);
  const repo = p['repository'];
  const repoUrl = typeof repo === 'string' ? repo : typeof repo === 'object' && repo && typeof (repo as { url?: unknown }).url === 'string' ? (repo as { url: string }).url : undefined;
  if (repoUrl && /^(git\+)?(https?|ssh|git):\/\//.test(repoUrl)) out.repository = repoUrl;
  else if (repoUrl && /^[\w.-]+\/[\w.-]+$/.test(repoUrl)) out.repository = `https://github.com/${repoUrl}`;
  if (typeof p['homepage'] === 'string' && /^https?:\/\//.test(p['homepage'])) out.homepage = p['homepage'];
  return out;
}

/**
 * The text of every file a cataloger claims, in path order; a file that cannot be read becomes an
 * `SBOM_UNREADABLE` issue naming it, and the others are still read.
 */
export async function* readLockfiles(source: FileSource, globs: string[], cataloger: string, issues: Issue[]): AsyncGenerator<{ path: string; text: string }> {
  for (const path of lockFiles(source, globs)) {
    let text: string;
    try {
      text = await source.readText(path);
    } catch (e) {
      issues.push(catalogerIssue('SBOM_UNREADABLE', cataloger, `cannot read ${path}: ${(e as Error).message}`, { path }));
      continue;
    }
    yield { path, text };
  }
}

/** Runs `catalogOne` on each lockfile the globs claim, in path order, and joins the results. */
export async function catalogEachLockfile(
  files: FileSource,
  globs: string[],
  catalogOne: (files: FileSource, path: string) => Promise<CatalogResult>,
): Promise<CatalogResult> {
  const result = emptyResult();
  for (const path of lockFiles(files, globs)) appendResult(result, await catalogOne(files, path));
  return result;
}
