import { constants, lstatSync, readdirSync, type Stats } from 'node:fs';
import { lstat, open, readFile, readlink } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { digestFile, digestsOf, type HashAlgorithm } from './hash.js';
import { makeIssue, ShenchaError, type Issue } from './issues.js';
import { isGeneratedPath, isVendoredPath, languageOf } from './languages.js';
import { comparePathBytes } from './merkle.js';
import { SMALL_FILE_LIMIT } from './read-small.js';
import { describeSmallFile, looksBinary, SNIFF_BYTES, type SmallFileFacts } from './walk-describe.js';
import { WalkHelper } from './walk-helper.js';

export { looksBinary } from './walk-describe.js';

/** Why a path is kept out of packing; named so that nothing is ever dropped silently. */
export interface Exclusion {
  rule: string;
  reason: string;
}

export interface FileEntry {
  /** POSIX path relative to the project root. */
  path: string;
  kind: 'file' | 'symlink' | 'directory';
  size: number;
  mode: number;
  mtimeMs: number;
  ino: number;
  sha256?: string;
  sm3?: string;
  binary?: boolean;
  language?: string;
  vendored?: boolean;
  generated?: boolean;
  /** For symlinks: the target as stored in the link (never followed). */
  linkTarget?: string;
  /** Set when packing leaves the path out; a directory entry stands for its whole subtree (not descended). */
  excluded?: Exclusion;
  /** Set when the file could not be read; the message says why. */
  unreadable?: string;
}

export interface FileIndex {
  root: string;
  /** Sorted by path bytes. */
  entries: FileEntry[];
  hashes: HashAlgorithm[];
  issues: Issue[];
}

export interface WalkOptions {
  hashes?: HashAlgorithm[];
  /** gitignore-style patterns from shencha.yaml that keep paths out of packing. */
  exclude?: string[];
  /** Absolute folders that are never walked (the output folder). */
  skipAbsolute?: string[];
  /** Files above this size are recorded and hashed by streaming, and flagged. */
  maxFileSize?: number;
  onProgress?: (done: number, path: string) => void;
  /**
   * false: read every file in this thread. By default a large tree's small files are read by this
   * thread and a helper thread together (same result, in about half the time on two cores).
   */
  helper?: boolean;
  /** Digests of files seen in an earlier run (DESIGN.md "cache"): a known file is not read again. */
  digests?: DigestLookup;
}

type Known = ReturnType<DigestLookup['get']>;

/** Digests of files already seen, by identity (git blob id, else path, size, mtime and inode). */
export interface DigestLookup {
  get(rel: string, stat: Stats, hashes: readonly HashAlgorithm[]): { sha256: string; sm3?: string; binary: boolean } | undefined;
  set(rel: string, stat: Stats, entry: FileEntry): void;
}

/** Folders every run leaves out of packing, each under a named rule. */
const DEFAULT_DIR_RULES: [RegExp, Exclusion][] = [
  [/^(\.git|\.hg|\.svn)$/, { rule: 'default:vcs-metadata', reason: 'version-control metadata' }],
  [
    /^(node_modules|bower_components|jspm_packages|\.pnpm-store|\.yarn|\.venv|venv|__pycache__|\.tox|\.gradle|\.m2|\.cargo|Pods|\.dart_tool|\.pub-cache|_build)$/,
    { rule: 'default:dependency-cache', reason: 'installed dependencies, listed in the SBOM instead' },
  ],
  [
    /^(dist|build|out|target|bin|obj|\.next|\.nuxt|\.turbo|coverage|\.cache|\.parcel-cache)$/,
    { rule: 'default:build-output', reason: 'build output, not source' },
  ],
];

const SHENCHA_STATE: Exclusion = { rule: 'default:shencha-state', reason: "shencha's own cache and ledger" };
const OUTPUT_FOLDER: Exclusion = { rule: 'default:output-folder', reason: "shencha's output folder" };

const READ_WHOLE_LIMIT = 8 * 1024 * 1024;
/**
 * Small files listed before the walk starts a helper thread to read some of them: below this, the
 * thread's start-up (tens of milliseconds) is not worth it. The helper takes chunks of HELPER_CHUNK
 * files, HELPER_CHUNKS_IN_HAND at a time; this thread reads OWN_CHUNK between looks at its answers.
 */
const HELPER_AFTER = 1024;
const HELPER_CHUNK = 128;
const HELPER_CHUNKS_IN_HAND = 2;
const OWN_CHUNK = 32;

interface IgnoreFrame {
  base: string;
  ig: Ignore;
}

/**
 * The one walk of the tree. Lists every path with why it is excluded, hashes each readable file
 * once, never follows a symlink, never descends an excluded folder (it is recorded as one entry).
 */
export async function scanProject(rootDir: string, options: WalkOptions = {}): Promise<FileIndex> {
  const root = resolve(rootDir);
  let rootStat: Stats;
  try {
    rootStat = await lstat(root);
  } catch (cause) {
    throw new ShenchaError('CORE_PROJECT_NOT_FOUND', `project folder ${rootDir} does not exist`, {
      cause,
      howToFix: 'pass the path of the project to examine',
    });
  }
  if (!rootStat.isDirectory()) {
    throw new ShenchaError('CORE_PROJECT_NOT_FOUND', `project path ${rootDir} is not a folder`, {
      howToFix: 'pass the path of the project folder',
    });
  }
  const hashes = options.hashes ?? ['sha256'];
  const configIgnore = ignore().add(options.exclude ?? []);
  const skip = (options.skipAbsolute ?? []).map((p) => resolve(p));
  const entries: FileEntry[] = [];
  const issues: Issue[] = [];
  let done = 0;

  const visit = async (dirAbs: string, dirRel: string, frames: IgnoreFrame[]): Promise<void> => {
    let names: string[];
    try {
      // Synchronous, like the lstat below: an async readdir is a thread-pool round trip per folder,
      // time in which this thread has nothing else to do.
      names = readdirSync(dirAbs);
    } catch (e) {
      issues.push(unreadable(dirRel || '.', e));
      return;
    }
    const gitignore = names.includes('.gitignore') ? await loadGitignore(dirAbs, dirRel, issues) : undefined;
    const here = gitignore ? [...frames, gitignore] : frames;
    names.sort((a, b) => comparePathBytes(a, b));
    const files: { abs: string; rel: string; stat: Stats; excluded: Exclusion | undefined }[] = [];
    for (const name of names) {
      const abs = join(dirAbs, name);
      const rel = dirRel ? `${dirRel}/${name}` : name;
      let stat: Stats;
      try {
        // Synchronous: an lstat is a few µs of work and an async one ~50 µs of thread-pool round trip.
        stat = lstatSync(abs);
      } catch (e) {
        issues.push(unreadable(rel, e));
        entries.push({ path: rel, kind: 'file', size: 0, mode: 0, mtimeMs: 0, ino: 0, unreadable: String((e as Error).message) });
        continue;
      }
      if (skip.some((s) => abs === s || abs.startsWith(s + sep))) {
        if (stat.isDirectory()) entries.push(dirEntry(rel, stat, OUTPUT_FOLDER));
        continue;
      }
      if (stat.isSymbolicLink()) {
        let target = '';
        try {
          target = await readlink(abs);
        } catch {
          /* recorded with an empty target */
        }
        const excluded = excludedBy(rel, false, name, here, configIgnore);
        const entry: FileEntry = { path: rel, kind: 'symlink', size: 0, mode: stat.mode & 0o777, mtimeMs: 0, ino: stat.ino, linkTarget: target };
        if (excluded) entry.excluded = excluded;
        entries.push(entry);
        continue;
      }
      if (stat.isDirectory()) {
        const excluded = excludedBy(rel, true, name, here, configIgnore);
        if (excluded) entries.push(dirEntry(rel, stat, excluded));
        else await visit(abs, rel, here);
        continue;
      }
      if (!stat.isFile()) {
        issues.push(
          makeIssue('CORE_SPECIAL_FILE', 'core/scan', `${rel} is not a regular file (socket, FIFO or device); it is left out`, {
            location: { path: rel },
          }),
        );
        continue;
      }
      files.push({ abs, rel, stat, excluded: excludedBy(rel, false, name, here, configIgnore) });
    }
    // Small files still to read wait in the queue, for this thread or the helper; the rest (excluded,
    // known to the cache, large) are described now.
    const now: Promise<{ entry: FileEntry; issue?: Issue }>[] = [];
    for (const f of files) {
      const known = f.excluded === undefined ? options.digests?.get(f.rel, f.stat, hashes) : undefined;
      if (f.excluded === undefined && !known && f.stat.size <= SMALL_FILE_LIMIT) queue.push(f);
      else now.push(describeFile(f.abs, f.rel, f.stat, f.excluded, hashes, options.maxFileSize, options.digests, { known }));
    }
    for (const r of await Promise.all(now)) record(r);
    if (feedHelper()) await turn();
  };

  /** Small files listed and not read yet; `head` is the next one to take. */
  const queue: { abs: string; rel: string; stat: Stats }[] = [];
  let head = 0;
  const fileIssues: Issue[] = [];
  const record = (r: { entry: FileEntry; issue?: Issue }): void => {
    entries.push(r.entry);
    if (r.issue) fileIssues.push(r.issue);
    options.onProgress?.(++done, r.entry.path);
  };
  const describeNow = async (q: (typeof queue)[number], facts?: SmallFileFacts): Promise<void> =>
    record(await describeFile(q.abs, q.rel, q.stat, undefined, hashes, options.maxFileSize, options.digests, facts ? { facts } : {}));

  // A helper thread reads part of the queue once the tree proves large; each answer is a chunk.
  let helper: WalkHelper | undefined;
  let helperTried = false;
  const answers: Promise<void>[] = [];
  const feedHelper = (draining = false): boolean => {
    if (!helperTried && options.helper !== false && queue.length - head >= HELPER_AFTER) {
      helperTried = true;
      helper = WalkHelper.start(hashes);
    }
    while (helper && helper.pending < HELPER_CHUNKS_IN_HAND && queue.length - head >= (draining ? 1 : HELPER_CHUNK)) {
      const chunk = queue.slice(head, head + HELPER_CHUNK);
      head += chunk.length;
      answers.push(
        helper.describe(chunk.map((q) => ({ abs: q.abs, size: q.stat.size }))).then(
          async (facts) => {
            for (let i = 0; i < chunk.length; i++) await describeNow(chunk[i]!, facts[i]);
          },
          // The helper failed: this thread reads its chunk.
          async () => {
            for (const q of chunk) await describeNow(q);
          },
        ),
      );
    }
    // Taken entries are dropped from time to time, so the queue does not hold every file's stat to the end.
    if (head >= 4096) {
      queue.splice(0, head);
      head = 0;
    }
    return helper !== undefined && helper.pending > 0;
  };

  try {
    await visit(root, '', []);
    // This thread and the helper share what is left, a chunk at a time.
    while (head < queue.length) {
      feedHelper(true);
      const mine = queue.slice(head, head + OWN_CHUNK);
      head += mine.length;
      for (const q of mine) await describeNow(q);
      if (helper) await turn();
    }
    await Promise.all(answers);
  } finally {
    await helper?.close();
  }
  entries.sort((a, b) => comparePathBytes(a.path, b.path));
  // Files are read in no fixed order across the two threads; their problems are listed in path order.
  fileIssues.sort((a, b) => comparePathBytes(a.location?.path ?? '', b.location?.path ?? ''));
  issues.push(...fileIssues);
  return { root, entries, hashes, issues };
}

/** Lets the helper's answers in: one turn of the event loop. */
function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function dirEntry(rel: string, stat: Stats, excluded: Exclusion): FileEntry {
  return { path: rel, kind: 'directory', size: 0, mode: stat.mode & 0o777, mtimeMs: 0, ino: stat.ino, excluded };
}

function unreadable(rel: string, e: unknown): Issue {
  return makeIssue('CORE_UNREADABLE_FILE', 'core/scan', `cannot read ${rel}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, {
    location: { path: rel },
    howToFix: 'make the file readable by the user running shencha, or exclude it in shencha.yaml',
  });
}

async function loadGitignore(dirAbs: string, dirRel: string, issues: Issue[]): Promise<IgnoreFrame | undefined> {
  try {
    const text = await readFile(join(dirAbs, '.gitignore'), 'utf8');
    return { base: dirRel, ig: ignore().add(text) };
  } catch (e) {
    issues.push(unreadable(dirRel ? `${dirRel}/.gitignore` : '.gitignore', e));
    return undefined;
  }
}

function excludedBy(rel: string, isDir: boolean, name: string, frames: IgnoreFrame[], config: Ignore): Exclusion | undefined {
  if (rel === '.shencha/cache' || rel === '.shencha/ledger') return SHENCHA_STATE;
  if (isDir) {
    for (const [re, exclusion] of DEFAULT_DIR_RULES) if (re.test(name)) return exclusion;
  }
  const probe = isDir ? `${rel}/` : rel;
  for (const frame of frames) {
    const sub = frame.base ? probe.slice(frame.base.length + 1) : probe;
    if (frame.ig.ignores(sub)) {
      return { rule: 'gitignore', reason: `matched by ${frame.base ? `${frame.base}/` : ''}.gitignore` };
    }
  }
  if (config.ignores(probe)) return { rule: 'config:exclude', reason: 'matched by pack.exclude in shencha.yaml' };
  return undefined;
}

async function describeFile(
  abs: string,
  rel: string,
  stat: Stats,
  excluded: Exclusion | undefined,
  hashes: HashAlgorithm[],
  maxFileSize: number | undefined,
  digests: DigestLookup | undefined,
  /** Given when the caller already asked the cache (`known` is its answer) or read the file (`facts`). */
  pre?: { known?: Known; facts?: SmallFileFacts },
): Promise<{ entry: FileEntry; issue?: Issue }> {
  const entry: FileEntry = {
    path: rel,
    kind: 'file',
    size: stat.size,
    mode: stat.mode & 0o777,
    mtimeMs: stat.mtimeMs,
    ino: stat.ino,
  };
  const language = languageOf(rel);
  if (language) entry.language = language;
  if (isVendoredPath(rel)) entry.vendored = true;
  if (isGeneratedPath(rel)) entry.generated = true;
  if (excluded) {
    entry.excluded = excluded;
    return { entry };
  }
  const known = pre ? pre.known : digests?.get(rel, stat, hashes);
  const facts = pre?.facts;
  if (known) {
    entry.sha256 = known.sha256;
    if (known.sm3) entry.sm3 = known.sm3;
    entry.binary = known.binary;
    return withSizeCheck(entry, rel, maxFileSize);
  }
  if (stat.size <= SMALL_FILE_LIMIT) {
    const f = facts ?? describeSmallFile(abs, stat.size, hashes);
    if ('error' in f) {
      entry.unreadable = f.error.code ?? f.error.message;
      return { entry, issue: unreadable(rel, f.error) };
    }
    // A file that grew past the limit since it was listed is read below, like any large one.
    if (!('grew' in f)) {
      entry.sha256 = f.sha256;
      if (f.sm3) entry.sm3 = f.sm3;
      entry.size = f.size;
      entry.binary = f.binary;
      digests?.set(rel, stat, entry);
      return withSizeCheck(entry, rel, maxFileSize);
    }
  }
  try {
    if (stat.size <= READ_WHOLE_LIMIT) {
      const fh = await open(abs, constants.O_RDONLY | constants.O_NOFOLLOW);
      let data: Buffer;
      try {
        data = await fh.readFile();
      } finally {
        await fh.close();
      }
      Object.assign(entry, digestsOf(data, hashes));
      entry.size = data.length;
      entry.binary = looksBinary(data);
    } else {
      const d = await digestFile(abs, hashes);
      entry.sha256 = d.sha256;
      if (d.sm3) entry.sm3 = d.sm3;
      entry.size = d.size;
      const fh = await open(abs, constants.O_RDONLY | constants.O_NOFOLLOW);
      try {
        const buf = Buffer.alloc(SNIFF_BYTES);
        const { bytesRead } = await fh.read(buf, 0, SNIFF_BYTES, 0);
        entry.binary = looksBinary(buf.subarray(0, bytesRead));
      } finally {
        await fh.close();
      }
    }
  } catch (e) {
    entry.unreadable = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    return { entry, issue: unreadable(rel, e) };
  }
  digests?.set(rel, stat, entry);
  return withSizeCheck(entry, rel, maxFileSize);
}

function withSizeCheck(entry: FileEntry, rel: string, maxFileSize: number | undefined): { entry: FileEntry; issue?: Issue } {
  if (maxFileSize !== undefined && entry.size > maxFileSize) {
    return {
      entry,
      issue: makeIssue('CORE_FILE_TOO_LARGE', 'core/scan', `${rel} is ${entry.size} bytes, over the limit of ${maxFileSize}`, {
        location: { path: rel },
        howToFix: 'raise pack.maxFileSize in shencha.yaml or exclude the file',
      }),
    };
  }
  return { entry };
}

export function toPosix(p: string): string {
  return p.split(sep).join('/');
}

export function relativePosix(from: string, to: string): string {
  return toPosix(relative(from, to));
}
