import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import {
  ContentCache,
  isVendoredPath,
  isoDate,
  gitHead,
  languageOf,
  merkleRoot,
  type FileSource,
  type Issue,
  type Progress,
  silentProgress,
} from '@shencha/core';
import { analyzeCode, ANALYZER_VERSION, DEFAULT_MAX_FILE_BYTES, type BlobAnalysis, type BlobCache, type UsageIndex } from '@shencha/code';
import { annotateInventory, buildCbom, remoteChannels, type Classification } from '@shencha/origin';
import { commitFile } from '@shencha/redact';
import { toCycloneDx } from '@shencha/sbom';
import { classifyProject, inventoryProject, TOOL_VERSION, type ProjectContext } from '@shencha/dossier';
import type { FileChange, SourceChanges } from './compare.js';
import { makeSnapshot, type Snapshot } from './snapshot.js';

export interface CurrentState {
  snapshot: Snapshot;
  classification: Classification;
  usage: UsageIndex;
  /** RFC 6962 root over every walked, non-excluded file of the tree (the attestation's subject). */
  treeRoot: string;
  commit?: string;
  cache?: { hits: number; misses: number; saved: boolean };
  issues: Issue[];
  /** The SBOM of the current tree as written for the dossier (CycloneDX JSON with shencha:* properties). */
  sbomJson: string;
}

export interface CurrentOptions {
  /** `.shencha/cache/` of DESIGN.md; undefined = no cache. */
  cacheDir?: string;
  kbDir?: string;
  progress?: Progress;
}

/** The cache of code facts: content-addressed by the blob key of @shencha/code, so a hit can never be stale. */
export async function openCodeCache(dir: string): Promise<{ cache: BlobCache; store: ContentCache<BlobAnalysis> }> {
  const store = await ContentCache.open<BlobAnalysis>(dir, 'code-facts', `analyzer-${ANALYZER_VERSION}`);
  return { store, cache: { get: (k) => store.get(k), set: (k, v) => store.set(k, v) } };
}

/**
 * Recomputes the release's inventory, code facts and classification exactly as `shencha dossier`
 * would (same stages, same policy and curations), without packing the source or writing a dossier.
 */
export async function computeCurrent(ctx: ProjectContext, options: CurrentOptions = {}): Promise<CurrentState> {
  const progress = options.progress ?? silentProgress;
  const { source, loaded, product, projectDir } = ctx;
  const config = loaded.config;
  const issues: Issue[] = [];
  const timestamp = isoDate(ctx.sourceDate.epoch);

  progress.start('sbom');
  const inventory = await inventoryProject(ctx);
  progress.stop();
  issues.push(...inventory.issues);

  const code = options.cacheDir ? await openCodeCache(options.cacheDir) : undefined;
  progress.start('code', source.files().length);
  const usage = await analyzeCode(source, {
    onProgress: (done, _t, path) => progress.update(done, path),
    ...(code ? { cache: code.cache } : {}),
  });
  progress.stop();
  issues.push(...usage.issues);
  let saved = false;
  if (code) saved = await code.store.save();

  progress.start('origin');
  const classification = await classifyProject(ctx, inventory, usage, options.kbDir);
  progress.stop();
  issues.push(...classification.issues);
  const annotated = annotateInventory(inventory, classification);
  const register = remoteChannels(usage);
  const sbomJson = toCycloneDx(annotated, { specVersion: config.sbom?.specVersion ?? '1.6', format: 'json', timestamp, toolVersion: TOOL_VERSION });
  const cbomJson = buildCbom(usage, inventory, { timestamp, toolVersion: TOOL_VERSION });

  const head = gitHead(projectDir);
  const snapshot = makeSnapshot({
    product,
    ...(head ? { commit: head.commit } : {}),
    knowledgeBase: classification.knowledgeBase,
    classification: { ...classification, remoteChannels: register } as unknown as Record<string, unknown>,
    sbom: JSON.parse(sbomJson) as Record<string, unknown>,
    cbom: JSON.parse(cbomJson) as Record<string, unknown>,
    vendorProfile: ctx.profile ? (JSON.parse(JSON.stringify(ctx.profile)) as Record<string, unknown>) : undefined,
    files: firstPartySources(source),
  });
  const treeRoot = merkleRoot(
    source
      .files()
      .filter((e) => !e.excluded && e.sha256)
      .map((e) => ({ path: e.path, sha256: e.sha256! })),
  );
  const state: CurrentState = { snapshot, classification, usage, treeRoot, issues, sbomJson };
  if (head) state.commit = head.commit;
  if (code) state.cache = { hits: code.store.stats.hits, misses: code.store.stats.misses, saved };
  return state;
}

/** First-party source files of the walk (language known, not excluded, not vendored) and their digests. */
export function firstPartySources(source: FileSource): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  for (const e of source.files()) {
    if (e.excluded || !e.language || e.vendored || e.binary) continue;
    out.set(e.path, e.sha256);
  }
  return out;
}

function git(dir: string, args: string[]): string | undefined {
  try {
    return execFileSync('git', ['-C', dir, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 256 * 1024 * 1024,
      env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' },
    });
  } catch {
    return undefined;
  }
}

/**
 * First-party source changes since the baseline: changed lines counted against the baseline's commit
 * when the project is a git work tree that has it (read-only git: diff of the work tree against that
 * commit, plus untracked files); otherwise changed/unchanged by digest against the baseline's package
 * manifest (files it holds redacted or withheld are "unknown" unless their digest is unchanged).
 */
export function sourceChanges(
  projectDir: string,
  baselineCommit: string | undefined,
  baselineFiles: Map<string, string | undefined>,
  current: Map<string, string | undefined>,
  commitment?: { key: Buffer; algorithm: 'hmac-sha256' | 'hmac-sm3' },
): { changes: SourceChanges; gitUnavailable?: string } {
  // First-party source files of either release; other paths (docs, lockfiles, excluded folders) are not source.
  const relevant = (p: string): boolean => current.has(p) || baselineFiles.has(p);
  let why: string | undefined;
  if (baselineCommit && /^[0-9a-f]{40,64}$/.test(baselineCommit)) {
    const known = git(projectDir, ['cat-file', '-e', `${baselineCommit}^{commit}`]);
    if (known !== undefined) {
      const numstat = git(projectDir, ['diff', '--numstat', '--no-renames', '--relative', baselineCommit, '--']);
      const untracked = git(projectDir, ['ls-files', '--others', '--exclude-standard']);
      if (numstat !== undefined && untracked !== undefined) {
        const files: FileChange[] = [];
        const existedThen = new Set((git(projectDir, ['ls-tree', '-r', '--name-only', '--full-tree', baselineCommit]) ?? '').split('\n'));
        const prefix = (git(projectDir, ['rev-parse', '--show-prefix']) ?? '').trim();
        for (const line of numstat.split('\n')) {
          const m = /^(\d+|-)\t(\d+|-)\t(.+)$/.exec(line);
          if (!m) continue;
          const path = m[3]!;
          if (!relevant(path)) continue;
          const added = m[1] === '-' ? 0 : Number(m[1]);
          const deleted = m[2] === '-' ? 0 : Number(m[2]);
          const status: FileChange['status'] = !current.has(path) ? 'removed' : existedThen.has(prefix + path) ? 'modified' : 'added';
          files.push({ path, status, added, deleted, lines: added + deleted });
        }
        for (const path of untracked.split('\n')) {
          if (!path || !current.has(path)) continue;
          files.push({ path, status: 'added' });
        }
        files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
        return { changes: { method: 'git', commit: baselineCommit, files } };
      }
      why = 'git diff failed';
    } else why = `the baseline's commit ${baselineCommit.slice(0, 12)} is not in this repository (a shallow clone? fetch with depth 0)`;
  } else why = baselineCommit ? 'the baseline names no usable commit' : 'the baseline records no commit';
  const files: FileChange[] = [];
  for (const path of [...new Set([...current.keys(), ...baselineFiles.keys()])].sort()) {
    const now = current.get(path);
    const then = baselineFiles.get(path);
    const inBaseline = baselineFiles.has(path);
    if (!current.has(path)) files.push({ path, status: 'removed' });
    else if (!inBaseline) files.push({ path, status: 'added' });
    else if (then === undefined || now === undefined) files.push({ path, status: 'unknown' });
    else if (then.startsWith('commit:')) {
      // Redacted or withheld in the baseline: its original digest is committed; the commitment key opens it.
      if (!commitment) files.push({ path, status: 'unknown' });
      else if (commitFile(commitment.key, path, now, commitment.algorithm) !== then.slice('commit:'.length)) files.push({ path, status: 'modified' });
    } else if (then !== now) files.push({ path, status: 'modified' });
  }
  return { changes: { method: 'digest', files }, ...(why ? { gitUnavailable: why } : {}) };
}

/**
 * The baseline's first-party files from its package manifest: archived unredacted → `sha256`; redacted or
 * withheld → `commit:<commitment of the original digest>`; nothing usable → undefined.
 */
export function baselineFiles(packageManifest: Record<string, unknown> | undefined): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  const entries = (Array.isArray(packageManifest?.['entries']) ? packageManifest['entries'] : []) as Record<string, unknown>[];
  for (const e of entries) {
    const path = typeof e['path'] === 'string' ? e['path'] : undefined;
    if (!path || !languageOf(path) || isVendoredPath(path)) continue;
    if (e['state'] === 'included' && typeof e['sha256'] === 'string') out.set(path, e['sha256']);
    else if (typeof e['commitment'] === 'string') out.set(path, `commit:${e['commitment']}`);
    else out.set(path, undefined);
  }
  return out;
}

export const CACHE_DIR = join('.shencha', 'cache');
