import { randomBytes } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  canonicalize,
  digestsOf,
  makeIssue,
  prepareSchema,
  ShenchaError,
  sm3Hex,
  sortIssues,
  validateAgainstSchema,
  writeFileAtomic,
  type FileEntry,
  type FileSource,
  type HashAlgorithm,
  type Issue,
  type MacAlgorithm,
  type ShenchaConfig,
} from '@shencha/core';
import {
  buildRedactionLog,
  commitFile,
  commitValue,
  maskText,
  spanIdOf,
  spanKey,
  type Finding,
  type RedactionFile,
  type RedactionOptions,
  type RedactionLog,
  type RedactionSpan,
} from '@shencha/redact';
import { DeterministicArchiveWriter, readArchive, readTarGz, type ArchiveEntry } from './archive.js';
import { decodeForScan } from './decode.js';
import { createScanPool, defaultThreads, type ScanPool } from './detect-pool.js';
import { PACK_SOURCE } from './issues.js';
import { isArchived, packageMerkle, sortEntries } from './manifest.js';
import { placeholderText } from './placeholder.js';
import { caseCollisions, selectEntries, type Selection } from './selection.js';
import { asFindings, fromFinding, mergeSpans, OffsetIndex, type MaskSpan } from './spans.js';
import type { ArchiveFormat, ArchivedManifestEntry, PackageManifest, PackageManifestEntry } from './types.js';

export interface PackOptions {
  source: FileSource;
  config: ShenchaConfig;
  /** The vendor's commitment key (from `shencha keygen`); it never enters the package. */
  commitmentKey: Buffer;
  /** Folder that receives source.tar.gz|zip, package-manifest.json and redactions.json. */
  outputDir: string;
  archive?: ArchiveFormat;
  /** SOURCE_DATE_EPOCH in seconds: the mtime of every archive entry. */
  sourceDate: number;
  onProgress?: (done: number, total: number, path: string) => void;
  /** Files read and scanned at once (default 8, or 128 per detector thread); the byte budget below bounds memory either way. */
  concurrency?: number;
  /** Bytes of file content in flight at once (default 32 MiB; a single larger file still goes through). */
  maxBytesInFlight?: number;
  /**
   * What the post-check scans after re-reading the written archive: `all` (default) runs every detector
   * over every entry; `unscanned` skips entries whose archived bytes are byte-identical (sha256) to the
   * original bytes the detectors already found clean, and scans the rest (masked files, placeholders).
   */
  recheck?: 'all' | 'unscanned';
  /** Detector threads (default: one per core but one, at least 1, at most 8, for trees over 8 MiB); 0 runs the detectors in this thread. */
  threads?: number;
  /**
   * Detector threads started earlier with `startDetectors` (for example while the tree was walked, so
   * their start-up overlaps the walk); packSource uses them instead of `threads` and closes them.
   */
  detectors?: Promise<ScanPool>;
}

export interface PackStats {
  included: number;
  redacted: number;
  withheld: number;
  excluded: number;
  symlinks: number;
  spans: number;
  /** Bytes of archived content (masked text and placeholders as archived), before compression. */
  bytes: number;
}

export interface PackResult {
  /** Absolute path of the written archive. */
  archiveFile: string;
  packageManifest: PackageManifest;
  redactionLog: RedactionLog;
  issues: Issue[];
  stats: PackStats;
}

export const PACKAGE_MANIFEST_FILE = 'package-manifest.json';
export const REDACTIONS_FILE = 'redactions.json';
export function archiveFileName(format: ArchiveFormat): string {
  return format === 'zip' ? 'source.zip' : 'source.tar.gz';
}

/** Below this many bytes to scan, detection stays in the calling thread by default. */
const AUTO_THREADS_MIN_BYTES = 8 * 1024 * 1024;

/**
 * File reads in flight at once. Many files wait for the detector threads, but reads go to the same
 * libuv thread pool as gzip, the slowest stage: a deep queue of reads would hold up every gzip chunk.
 */
const READS_IN_FLIGHT = 8;

/** Runs at most `limit` tasks at once, the others in the order they came. */
class Limiter {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}
  async run<T>(task: () => Promise<T>): Promise<T> {
    // A finished task hands its slot straight to the next waiter, so the count never overshoots.
    if (this.running >= this.limit) await new Promise<void>((go) => this.waiting.push(go));
    else this.running++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

/** Rounds of detect → mask → detect on one file before giving up on masking it. */
const MAX_MASK_ROUNDS = 3;

interface Processed {
  path: string;
  /** Digests of `bytes` when already known (included files). */
  digests?: { sha256: string; sm3?: string };
  /** `excluded` when the file could not be read at pack time. */
  state: 'included' | 'redacted' | 'withheld' | 'excluded';
  bytes?: Buffer;
  executable: boolean;
  commitment?: string;
  rule?: string;
  spans: RedactionSpan[];
  file?: RedactionFile;
  issues: Issue[];
}

/**
 * Packs the selected source: selection → read (verifying nothing changed since the walk) → detect and
 * mask → deterministic archive → re-read and re-scan of the archive → package manifest and redaction log.
 * Files are processed with bounded concurrency and appended in path order, so memory stays bounded.
 */
export async function packSource(options: PackOptions): Promise<PackResult> {
  try {
    return await packSourceWith(options);
  } catch (e) {
    // Threads started by the caller must not outlive a refusal that came before they were used.
    await options.detectors?.then((d) => d.close(), () => undefined);
    throw e;
  }
}

async function packSourceWith(options: PackOptions): Promise<PackResult> {
  const { config, commitmentKey, sourceDate } = options;
  const format: ArchiveFormat = options.archive ?? config.pack?.archive ?? 'tar.gz';
  const hashes: HashAlgorithm[] = config.hashes?.includes('sm3') ? ['sha256', 'sm3'] : ['sha256'];
  const alg: MacAlgorithm = config.pack?.commitment ?? 'hmac-sha256';
  if (!Number.isInteger(sourceDate) || sourceDate < 0) {
    throw new ShenchaError('PACK_BAD_SOURCE_DATE', `sourceDate must be a whole number of seconds, got ${sourceDate}`);
  }
  if (commitmentKey.length < 16) {
    throw new ShenchaError('PACK_COMMITMENT_KEY_WEAK', 'the commitment key must hold at least 16 bytes', {
      howToFix: 'make one with `shencha keygen`',
    });
  }
  // Starting a detector thread costs a few hundred milliseconds (each loads its own detectors), so a
  // small tree is scanned in this thread unless threads are asked for.
  const bytes = options.source.files().reduce((n, e) => n + (e.excluded ? 0 : e.size), 0);
  const threads = options.threads ?? (bytes < AUTO_THREADS_MIN_BYTES ? 0 : defaultThreads());
  const pool = await (options.detectors ?? createScanPool(config.redaction ?? {}, threads));
  try {
    return await packWith(pool, options, format, hashes, alg);
  } finally {
    await pool.close();
  }
}

async function packWith(pool: ScanPool, options: PackOptions, format: ArchiveFormat, hashes: HashAlgorithm[], alg: MacAlgorithm): Promise<PackResult> {
  const { source, config, commitmentKey, outputDir, sourceDate } = options;
  const { selections, issues } = selectEntries(source, config);
  const toArchive = sortEntries(selections.filter((s): s is Extract<Selection, { state: 'archive' }> => s.state === 'archive').map((s) => ({ ...s, path: s.entry.path })));

  const archiveName = archiveFileName(format);
  const archivePath = join(outputDir, archiveName);
  const tmpArchive = join(outputDir, `.${archiveName}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  const writer = new DeterministicArchiveWriter(tmpArchive, format, sourceDate, { sm3: hashes.includes('sm3') });
  // The post-check of a tar.gz reads the archive back from its file while the rest is being written,
  // so the two overlap on the cores; a zip's directory is at its end, so a zip is checked once written.
  const check = new ArchiveCheck(format, sourceDate, pool, options.recheck ?? 'all');
  const following = format === 'tar.gz' ? check.run(readTarGz(writer.follow(), check.onEntry)) : undefined;
  following?.catch(() => undefined); // awaited below; a write failure ends it too

  const entries: PackageManifestEntry[] = [];
  const spans: RedactionSpan[] = [];
  const files: RedactionFile[] = [];
  const stats: PackStats = { included: 0, redacted: 0, withheld: 0, excluded: 0, symlinks: 0, spans: 0, bytes: 0 };
  for (const s of selections) {
    if (s.state === 'excluded') entries.push({ path: s.path, state: 'excluded', rule: s.rule });
    else if (s.state === 'symlink') entries.push({ path: s.path, state: 'symlink', target: s.target });
  }

  const ctx: FileContext = { source, reads: new Limiter(READS_IN_FLIGHT), pool, sm3: hashes.includes('sm3'), commitmentKey, alg };
  // Enough files in flight to keep every detector thread busy with full batches (two each) while the
  // archive is written in order; the byte budget still bounds memory.
  const concurrency = Math.max(1, options.concurrency ?? Math.max(8, pool.threads * 128));
  const budget = Math.max(1, options.maxBytesInFlight ?? 32 * 1024 * 1024);
  const started: Promise<Processed>[] = [];
  let next = 0;
  let inFlight = 0;
  const fill = (current: number): void => {
    while (next < toArchive.length && next < current + concurrency) {
      const size = toArchive[next]!.entry.size;
      if (next > current && inFlight + size > budget) break;
      inFlight += size;
      const p = processFile(toArchive[next]!, ctx);
      p.catch(() => undefined); // awaited in order below; this only silences early rejections
      started[next] = p;
      next++;
    }
  };

  // The manifest's validator is compiled while the first files are with the other threads, instead
  // of at the end, when nothing else is left to do.
  const warm = setImmediate(() => prepareSchema('package-manifest'));
  try {
    for (let i = 0; i < toArchive.length; i++) {
      fill(i);
      const r = await started[i]!;
      delete started[i];
      inFlight -= toArchive[i]!.entry.size;
      issues.push(...r.issues);
      if (r.state === 'excluded') {
        entries.push({ path: r.path, state: 'excluded', rule: 'unreadable' });
      } else {
        const bytes = r.bytes!;
        // An included file's digests are the walk's, re-checked when it was read; others are new bytes.
        const d = r.state === 'included' && r.digests ? r.digests : digestsOf(bytes, hashes);
        const e: ArchivedManifestEntry = { path: r.path, state: r.state, size: bytes.length, sha256: d.sha256 };
        if (d.sm3) e.sm3 = d.sm3;
        if (r.executable) e.executable = true;
        if (r.commitment) e.commitment = r.commitment;
        if (r.rule) e.rule = r.rule;
        if (r.state === 'redacted') e.spans = r.spans.length;
        entries.push(e);
        // Listed before its bytes can reach the file, where the post-check may already be reading.
        check.expect(e);
        await writer.add(r.path, bytes, r.executable);
        spans.push(...r.spans);
        if (r.file) files.push(r.file);
        stats.bytes += bytes.length;
      }
      options.onProgress?.(i + 1, toArchive.length, r.path);
    }
  } catch (e) {
    clearImmediate(warm);
    await writer.abort();
    // The post-check ends once the aborted file is closed; nothing may outlive the run.
    await following?.catch(() => undefined);
    await discard(tmpArchive);
    if (e instanceof ShenchaError) throw e;
    throw new ShenchaError('PACK_OUTPUT_NOT_WRITABLE', `cannot write ${archivePath}: ${(e as Error).message}`, {
      cause: e,
      howToFix: 'choose an --output folder you can write to, with free space',
    });
  }

  let archiveDigest: { sha256: string; sm3?: string; size: number };
  try {
    archiveDigest = await writer.finish();
  } catch (cause) {
    await writer.abort();
    await following?.catch(() => undefined);
    await discard(tmpArchive);
    throw new ShenchaError('PACK_OUTPUT_NOT_WRITABLE', `cannot write ${archivePath}: ${(cause as Error).message}`, {
      cause,
      howToFix: 'choose an --output folder you can write to, with free space',
    });
  }

  sortEntries(entries);
  for (const e of entries) {
    if (e.state === 'excluded') stats.excluded++;
    else if (e.state === 'symlink') stats.symlinks++;
    else stats[e.state]++;
  }
  stats.spans = spans.length;

  const archivedPaths = entries.filter(isArchived).map((e) => e.path);
  const collisions = caseCollisions(archivedPaths);
  for (const group of collisions) {
    issues.push(
      makeIssue('PACK_CASE_COLLISION', PACK_SOURCE, `${group.join(', ')} differ only by letter case; they clash on a case-insensitive file system`, {
        location: { path: group[0]! },
        howToFix: 'unpack the source package on a case-sensitive file system (Linux, or a case-sensitive APFS volume)',
      }),
    );
  }

  const archive: PackageManifest['archive'] = { file: archiveName, format, sha256: archiveDigest.sha256, size: archiveDigest.size };
  if (archiveDigest.sm3) archive.sm3 = archiveDigest.sm3;
  const manifest: PackageManifest = {
    schemaVersion: 1,
    archive,
    hashes,
    commitment: alg,
    sourceDate,
    merkle: packageMerkle(entries),
    entries,
    caseCollisions: collisions,
    counts: {
      included: stats.included,
      redacted: stats.redacted,
      withheld: stats.withheld,
      excluded: stats.excluded,
      symlinks: stats.symlinks,
      spans: stats.spans,
    },
  };
  const log = buildRedactionLog(alg, spans, files);

  const checking = following ?? check.run(readArchive(tmpArchive, format, check.onEntry));
  checking.catch(() => undefined); // awaited below
  // While the detector threads finish the post-check, this thread validates and serialises the outputs.
  const errors = validateAgainstSchema('package-manifest', manifest);
  const manifestJson = errors.length ? '' : canonicalize(manifest);
  const logJson = errors.length ? '' : canonicalize(log);
  try {
    await checking;
  } catch (e) {
    await discard(tmpArchive);
    if (e instanceof ShenchaError) throw e;
    throw new ShenchaError('PACK_ARCHIVE_MISMATCH', `internal error: cannot read back ${archivePath}: ${(e as Error).message}`, { cause: e });
  }

  if (errors.length) {
    await discard(tmpArchive);
    throw new ShenchaError('PACK_MANIFEST_INVALID', `internal error: the package manifest does not match its schema at ${errors[0]!.pointer}: ${errors[0]!.message}`);
  }
  // The redactor collects its own problems (a detector that failed on a file); they belong to this run.
  issues.push(...pool.issues);
  await rename(tmpArchive, archivePath);
  await writeFileAtomic(join(outputDir, PACKAGE_MANIFEST_FILE), manifestJson);
  await writeFileAtomic(join(outputDir, REDACTIONS_FILE), logJson);
  return { archiveFile: archivePath, packageManifest: manifest, redactionLog: log, issues: sortIssues(issues), stats };
}

interface FileContext {
  source: FileSource;
  /** Bounds the reads in flight (see READS_IN_FLIGHT). */
  reads: Limiter;
  pool: ScanPool;
  sm3: boolean;
  commitmentKey: Buffer;
  alg: MacAlgorithm;
}

async function processFile(sel: { entry: FileEntry; withhold?: { rule: string; reason: string } }, ctx: FileContext): Promise<Processed> {
  const { entry } = sel;
  const path = entry.path;
  const executable = (entry.mode & 0o100) !== 0;
  let data: Buffer;
  try {
    data = await ctx.reads.run(() => ctx.source.read(path));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') changed(path, 'it was deleted');
    return {
      path,
      state: 'excluded',
      executable,
      spans: [],
      issues: [
        makeIssue('PACK_UNREADABLE_FILE', PACK_SOURCE, `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; it is not in the source package`, {
          location: { path },
          howToFix: 'make the file readable by the user running shencha, or exclude it in shencha.yaml',
        }),
      ],
    };
  }
  const check = (digest: string): void => {
    if (data.length !== entry.size || digest !== entry.sha256) changed(path, data.length !== entry.size ? `its size went from ${entry.size} to ${data.length} bytes` : 'its content differs');
  };
  if (sel.withhold) {
    const digest = digestsOf(data).sha256;
    check(digest);
    return withhold(path, data, digest, sel.withhold.rule, sel.withhold.reason, ctx, []);
  }

  // The detector thread also hashes the bytes, so the check that nothing changed costs this thread nothing.
  const { findings: found, sha256: digest } = await ctx.pool.scanFile(data, path);
  check(digest);
  if (found.length === 0) {
    const digests: { sha256: string; sm3?: string } = { sha256: digest };
    if (ctx.sm3) digests.sm3 = sm3Hex(data);
    return { path, state: 'included', bytes: data, digests, executable, spans: [], issues: [] };
  }
  const { text, encoding, binary } = decodeForScan(data);
  if (binary) {
    const detectors = [...new Set(found.map((f) => f.detector))].sort().join(', ');
    return withhold(path, data, digest, 'binary-secret', `a binary file holding a detected secret (${detectors}) cannot be masked faithfully`, ctx, [
      makeIssue('PACK_BINARY_SECRET_WITHHELD', PACK_SOURCE, `${path} is binary and holds what ${detectors} detected; withheld by rule binary-secret`, {
        location: { path },
        howToFix: 'remove the secret from the file, or list it in redaction.allow if it is not one',
      }),
    ]);
  }

  const index = new OffsetIndex(text);
  let merged = mergeSpans(found.map(fromFinding));
  let masked = maskText(text, asFindings(merged, index));
  // Mask, then scan the masked text again: what a detector still sees there would reach the archive.
  for (let round = 1; ; round++) {
    const again: Finding[] = await ctx.pool.scanText(masked, path);
    if (again.length === 0) break;
    if (round >= MAX_MASK_ROUNDS) {
      throw new ShenchaError('PACK_SECRET_SURVIVED', `${path}:${again[0]!.start.line}: ${again[0]!.detector} still matches after masking`, {
        location: { path, line: again[0]!.start.line, column: again[0]!.start.column },
      });
    }
    merged = mergeSpans([...merged, ...again.map(fromFinding)]);
    masked = maskText(text, asFindings(merged, index));
  }
  const bytes = Buffer.from(masked, encoding);
  const logSpans = merged.map((s: MaskSpan): RedactionSpan => {
    const id = spanIdOf(path, s.start, s.end);
    const value = index.slice(s.start, s.end);
    return {
      id,
      path,
      start: s.start,
      end: s.end,
      detector: s.detector,
      kind: s.kind,
      commitment: commitValue(spanKey(ctx.commitmentKey, id, ctx.alg), { path, start: s.start, end: s.end, value }, ctx.alg),
    };
  });
  const commitment = commitFile(ctx.commitmentKey, path, digest, ctx.alg);
  return {
    path,
    state: 'redacted',
    bytes,
    executable,
    commitment,
    spans: logSpans,
    file: { path, state: 'redacted', commitment },
    issues: [],
  };
}

function withhold(
  path: string,
  data: Buffer,
  digest: string,
  rule: string,
  reason: string,
  ctx: FileContext,
  issues: Issue[],
): Processed {
  const commitment = commitFile(ctx.commitmentKey, path, digest, ctx.alg);
  const text = placeholderText({ path, rule, reason, commitment, algorithm: ctx.alg, originalSize: data.length });
  return {
    path,
    state: 'withheld',
    bytes: Buffer.from(text, 'utf8'),
    // A placeholder is text; it is never executable, whatever the original was.
    executable: false,
    commitment,
    rule,
    spans: [],
    file: { path, state: 'withheld', rule, commitment },
    issues,
  };
}

/** The mtime an archive can hold for `sourceDate`: zip's DOS time counts 2-second steps from 1980. */
function storedMtime(format: ArchiveFormat, sourceDate: number): number {
  if (format !== 'zip') return sourceDate;
  return Math.max(315_532_800, sourceDate - (sourceDate % 2));
}

/** Removes a half-written or rejected archive; a folder that never existed leaves nothing to remove. */
async function discard(file: string): Promise<void> {
  await rm(file, { force: true }).catch(() => undefined);
}

function changed(path: string, how: string): never {
  throw new ShenchaError('PACK_FILE_CHANGED', `${path} changed while being packed: ${how}`, {
    location: { path },
    howToFix: 'stop whatever is writing to the project tree and run shencha again',
  });
}

interface Problem {
  index: number;
  path: string;
  error: ShenchaError;
}

/**
 * Re-reads the written archive: its entries must be exactly the manifest's archived entries, byte for
 * byte, and no detector may find anything in them (every entry is scanned again, on every detector
 * thread). Names the first finding in archive order (path, line, detector), never its value.
 */
class ArchiveCheck {
  private readonly expected: ArchivedManifestEntry[] = [];
  private seen = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private bytesInFlight = 0;
  private first: Problem | undefined;
  // Entries in flight: enough for full batches on every detector thread, bounded in bytes too.
  private readonly window: number;
  private readonly byteWindow = 16 * 1024 * 1024;
  private readonly mtime: number;

  constructor(
    format: ArchiveFormat,
    sourceDate: number,
    private readonly pool: ScanPool,
    private readonly recheck: 'all' | 'unscanned',
  ) {
    this.window = Math.max(2, pool.threads * 128);
    this.mtime = storedMtime(format, sourceDate);
  }

  /** The next archived entry, in the order it is appended to the archive. */
  expect(e: ArchivedManifestEntry): void {
    this.expected.push(e);
  }

  private mismatch(what: string): never {
    throw new ShenchaError('PACK_ARCHIVE_MISMATCH', `internal error: the written archive does not match the package manifest: ${what}`);
  }

  /** Keeps the first problem in archive order, whatever order the threads answer in. */
  private report(p: Problem): void {
    if (!this.first || p.index < this.first.index) this.first = p;
  }

  readonly onEntry = async (entry: ArchiveEntry): Promise<void> => {
    const index = this.seen++;
    const want = this.expected[index];
    if (!want) return this.mismatch(`unexpected entry ${entry.name}`);
    if (entry.type !== 'file') return this.mismatch(`${entry.name} is a ${entry.type}, not a file`);
    if (entry.name !== want.path) return this.mismatch(`found ${entry.name} where ${want.path} was expected`);
    if (entry.mtime !== this.mtime) return this.mismatch(`${entry.name} has mtime ${entry.mtime}`);
    const differs = (): Problem => ({
      index,
      path: entry.name,
      error: new ShenchaError('PACK_ARCHIVE_MISMATCH', `internal error: the written archive does not match the package manifest: ${entry.name} differs from its manifest digest`),
    });
    // An included entry's bytes are the original's, which the detectors already found clean (the
    // digest proves them identical); detectors are pure, so `unscanned` need not scan them again.
    if (this.recheck === 'unscanned' && want.state === 'included') {
      if (digestsOf(entry.data).sha256 !== want.sha256) this.report(differs());
      return;
    }
    const size = entry.data.length;
    this.bytesInFlight += size;
    // The detector thread hashes the entry too, so the digest comparison costs this thread nothing.
    const p = this.pool.scanFile(entry.data, entry.name, { background: true }).then(({ findings, sha256 }) => {
      if (sha256 !== want.sha256) return this.report(differs());
      const f = findings[0];
      if (!f) return;
      this.report({
        index,
        path: entry.name,
        error: new ShenchaError(
          'PACK_SECRET_SURVIVED',
          `${entry.name}:${f.start.line}:${f.start.column}: ${f.detector} finds a ${f.kind === 'credential' ? 'credential' : 'personal-data value'} in the written archive; the archive was deleted`,
          {
            location: { path: entry.name, line: f.start.line, column: f.start.column },
            howToFix: 'mask or withhold the file (pack.withhold in shencha.yaml), or add the value to redaction.allow if it is not a secret',
          },
        ),
      });
    });
    this.inFlight.add(p);
    void p
      .finally(() => {
        this.inFlight.delete(p);
        this.bytesInFlight -= size;
      })
      .catch(() => undefined);
    while (this.inFlight.size >= this.window || (this.inFlight.size > 0 && this.bytesInFlight >= this.byteWindow)) await Promise.race(this.inFlight);
  };

  /** Waits for the reading and every scan, then throws the first problem, if any. */
  async run(reading: Promise<void>): Promise<void> {
    try {
      await reading;
    } finally {
      await Promise.allSettled(this.inFlight);
    }
    await Promise.all(this.inFlight);
    if (this.seen !== this.expected.length) this.mismatch(`${this.expected.length - this.seen} entries missing, first ${this.expected[this.seen]!.path}`);
    if (this.first) throw this.first.error;
  }
}

/**
 * Starts the detector threads for `redaction` now, before the tree is known, so that their start-up
 * (each loads secretlint and every detector, a few hundred milliseconds) overlaps the walk; pass the
 * promise to packSource as `detectors`. Whoever starts them and does not pack must `close()` them.
 */
export function startDetectors(redaction: RedactionOptions | undefined, threads = defaultThreads()): Promise<ScanPool> {
  return createScanPool(redaction ?? {}, threads);
}
