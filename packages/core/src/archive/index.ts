import { gunzipSync } from 'node:zlib';
import { Readable } from 'node:stream';
import { createRequire } from 'node:module';
import type { Header as TarHeader } from 'tar-stream';
import type yauzlModule from 'yauzl';

// The archive readers load on first use: most commands that import core never open an archive.
const require = createRequire(import.meta.url);
const tarExtract = (): ReturnType<typeof import('tar-stream').extract> => (require('tar-stream') as typeof import('tar-stream')).extract();
const zipLib = (): typeof yauzlModule => require('yauzl') as typeof yauzlModule;

/**
 * Safe reading of untrusted archives (tar, tar.gz, zip). Nothing is ever written to disk: the archive
 * is read from memory under hard limits, every entry name is checked, links are listed and never
 * resolved, and what looks hostile is reported as an ArchiveProblem for the caller to turn into issues.
 */

export type ArchiveFormat = 'tar' | 'tar.gz' | 'zip';

export interface ArchiveLimits {
  /** Most entries (files, folders and links) one archive may hold. */
  maxEntries: number;
  /** Largest uncompressed size of one entry, in bytes. */
  maxEntrySize: number;
  /** Largest uncompressed size of the whole archive, in bytes. */
  maxTotalSize: number;
  /** Largest uncompressed/compressed ratio (whole archive, and each zip entry) ... */
  maxRatio: number;
  /** ... applied once the uncompressed size passes this many bytes (small files compress well legitimately). */
  ratioThreshold: number;
  /** Longest entry name, in bytes. */
  maxPathLength: number;
}

export const DEFAULT_ARCHIVE_LIMITS: Readonly<ArchiveLimits> = Object.freeze({
  maxEntries: 100_000,
  maxEntrySize: 512 * 1024 * 1024,
  maxTotalSize: 1024 * 1024 * 1024,
  maxRatio: 200,
  ratioThreshold: 1024 * 1024,
  maxPathLength: 1024,
});

export type ArchiveEntryType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';

export interface ArchiveEntry {
  /** The name as stored, with a leading `./` removed and a folder's trailing `/` removed. */
  name: string;
  type: ArchiveEntryType;
  size: number;
  mode: number;
  /** Contents of a regular file whose name passed every check; never set for links or unsafe names. */
  data?: Buffer;
  linkTarget?: string;
}

export type ArchiveProblemKind =
  | 'absolute-path'
  | 'climbing-path'
  | 'bad-name'
  | 'symlink'
  | 'hardlink'
  | 'special-entry'
  | 'duplicate-name'
  | 'unicode-collision'
  | 'case-collision'
  | 'compression-ratio'
  | 'size-limit'
  | 'too-many-entries'
  | 'malformed'
  | 'encrypted';

export interface ArchiveProblem {
  kind: ArchiveProblemKind;
  message: string;
  /** Entry name the problem is about (absent for whole-archive problems). */
  entry?: string;
}

export interface ArchiveReadResult {
  format: ArchiveFormat;
  entries: ArchiveEntry[];
  problems: ArchiveProblem[];
  /** False when reading stopped early (malformed data or a limit hit); entries then hold what was read. */
  complete: boolean;
  compressedSize: number;
  uncompressedSize: number;
}

/** The format by magic bytes: gzip 1f 8b, zip PK\x03\x04 (or an empty zip's PK\x05\x06), tar `ustar` at 257. */
export function detectArchiveFormat(data: Uint8Array): ArchiveFormat | undefined {
  if (data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b) return 'tar.gz';
  if (data.length >= 4 && data[0] === 0x50 && data[1] === 0x4b && (data[2] === 3 || data[2] === 5) && (data[3] === 4 || data[3] === 6)) {
    return 'zip';
  }
  if (data.length >= 262 && Buffer.from(data.subarray(257, 262)).toString('latin1') === 'ustar') return 'tar';
  return undefined;
}

export function archiveFormatOfName(name: string): ArchiveFormat | undefined {
  const n = name.toLowerCase();
  if (n.endsWith('.tar.gz') || n.endsWith('.tgz')) return 'tar.gz';
  if (n.endsWith('.zip')) return 'zip';
  if (n.endsWith('.tar')) return 'tar';
  return undefined;
}

/** Case folding for collision checks: NFC, then upper and lower so that ß/SS and similar fold together. */
export function foldName(name: string): string {
  return name.normalize('NFC').toUpperCase().toLowerCase();
}

/**
 * Checks one entry name. Returns the cleaned name and a problem when it is absolute, climbs out,
 * or is otherwise unusable as a relative POSIX path.
 */
export function checkEntryName(raw: string, maxPathLength: number = DEFAULT_ARCHIVE_LIMITS.maxPathLength): {
  name: string;
  problem?: ArchiveProblem;
} {
  let name = raw;
  while (name.startsWith('./')) name = name.slice(2);
  if (name.endsWith('/')) name = name.replace(/\/+$/, '');
  if (name === '' || name === '.') {
    return raw.endsWith('/') || raw === '.' || raw === './'
      ? { name: '' }
      : { name: raw, problem: { kind: 'bad-name', message: 'an entry has an empty name', entry: raw } };
  }
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name) || name.startsWith('\\')) {
    return { name, problem: { kind: 'absolute-path', message: `entry "${raw}" has an absolute path`, entry: raw } };
  }
  const segments = name.split(/[/\\]/);
  if (segments.includes('..')) {
    return { name, problem: { kind: 'climbing-path', message: `entry "${raw}" climbs out of the archive with ".."`, entry: raw } };
  }
  if (name.includes('\\')) {
    return { name, problem: { kind: 'bad-name', message: `entry "${raw}" holds a backslash, which Windows reads as a separator`, entry: raw } };
  }
  if (segments.some((s) => s === '' || s === '.')) {
    return { name, problem: { kind: 'bad-name', message: `entry "${raw}" has an empty or "." path segment`, entry: raw } };
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) {
    return { name, problem: { kind: 'bad-name', message: `entry "${JSON.stringify(raw)}" holds a control character`, entry: raw } };
  }
  if (Buffer.byteLength(name, 'utf8') > maxPathLength) {
    return { name, problem: { kind: 'bad-name', message: `entry name is longer than ${maxPathLength} bytes`, entry: raw.slice(0, 80) } };
  }
  return { name };
}

/** Reads an archive held in memory. Never throws on hostile or broken input: it reports problems. */
export async function readArchive(
  data: Buffer,
  format: ArchiveFormat,
  limits: Partial<ArchiveLimits> = {},
): Promise<ArchiveReadResult> {
  const lim: ArchiveLimits = { ...DEFAULT_ARCHIVE_LIMITS, ...limits };
  const state = new ReadState(format, data.length, lim);
  try {
    if (format === 'zip') await readZip(data, state);
    else {
      const tar = format === 'tar.gz' ? gunzipBounded(data, state) : data;
      if (tar) await readTar(tar, state);
    }
  } catch (e) {
    if (!(e instanceof StopReading)) {
      state.problem({ kind: 'malformed', message: `the ${format} archive is malformed: ${(e as Error).message}` });
    }
    state.complete = false;
  }
  state.checkCollisions();
  return {
    format,
    entries: state.entries,
    problems: state.problems,
    complete: state.complete,
    compressedSize: data.length,
    uncompressedSize: state.total,
  };
}

class StopReading extends Error {}

class ReadState {
  entries: ArchiveEntry[] = [];
  problems: ArchiveProblem[] = [];
  complete = true;
  total = 0;
  private count = 0;
  private readonly seen = new Set<string>();

  constructor(
    readonly format: ArchiveFormat,
    readonly compressedSize: number,
    readonly limits: ArchiveLimits,
  ) {}

  problem(p: ArchiveProblem): void {
    this.problems.push(p);
  }

  /** Registers one entry header; returns the accepted name, or undefined when its contents must not be read. */
  admit(rawName: string, type: ArchiveEntryType, size: number, mode: number, linkTarget?: string): ArchiveEntry | undefined {
    if (++this.count > this.limits.maxEntries) {
      this.problem({ kind: 'too-many-entries', message: `the archive holds more than ${this.limits.maxEntries} entries` });
      this.complete = false;
      throw new StopReading();
    }
    const checked = checkEntryName(rawName, this.limits.maxPathLength);
    if (checked.name === '' && !checked.problem) return undefined; // the archive's own "./" folder
    const entry: ArchiveEntry = { name: checked.name, type, size, mode };
    if (linkTarget !== undefined) entry.linkTarget = linkTarget;
    this.entries.push(entry);
    if (checked.problem) {
      this.problem(checked.problem);
      return undefined;
    }
    if (type === 'symlink') {
      this.problem({ kind: 'symlink', message: `entry "${entry.name}" is a symbolic link to "${linkTarget ?? ''}"`, entry: entry.name });
      return undefined;
    }
    if (type === 'hardlink') {
      this.problem({ kind: 'hardlink', message: `entry "${entry.name}" is a hard link to "${linkTarget ?? ''}"`, entry: entry.name });
      return undefined;
    }
    if (type === 'other') {
      this.problem({ kind: 'special-entry', message: `entry "${entry.name}" is a device, FIFO or other special file`, entry: entry.name });
      return undefined;
    }
    if (type === 'file' || type === 'directory') {
      const key = `${type === 'directory' ? 'd' : 'f'}:${entry.name}`;
      if (this.seen.has(key) || (type === 'file' && this.seen.has(`d:${entry.name}`)) || (type === 'directory' && this.seen.has(`f:${entry.name}`))) {
        this.problem({ kind: 'duplicate-name', message: `entry "${entry.name}" appears more than once`, entry: entry.name });
        return undefined;
      }
      this.seen.add(key);
    }
    if (type === 'file' && size > this.limits.maxEntrySize) {
      this.problem({ kind: 'size-limit', message: `entry "${entry.name}" is ${size} bytes, over the limit of ${this.limits.maxEntrySize}`, entry: entry.name });
      return undefined;
    }
    return type === 'file' ? entry : undefined;
  }

  /** Counts uncompressed bytes against the absolute and ratio limits. */
  grow(n: number, entry?: string): void {
    this.total += n;
    if (this.total > this.limits.maxTotalSize) {
      this.problem({ kind: 'size-limit', message: `the archive expands to more than ${this.limits.maxTotalSize} bytes`, ...(entry ? { entry } : {}) });
      this.complete = false;
      throw new StopReading();
    }
  }

  checkCollisions(): void {
    const byNfc = new Map<string, string>();
    const byFold = new Map<string, string>();
    for (const e of this.entries) {
      if (e.type !== 'file' && e.type !== 'directory') continue;
      const nfc = e.name.normalize('NFC');
      const prevNfc = byNfc.get(nfc);
      if (prevNfc !== undefined && prevNfc !== e.name) {
        this.problem({
          kind: 'unicode-collision',
          message: `entries "${prevNfc}" and "${e.name}" are the same name after Unicode normalisation (NFC)`,
          entry: e.name,
        });
        continue;
      }
      byNfc.set(nfc, e.name);
      const fold = foldName(e.name);
      const prevFold = byFold.get(fold);
      if (prevFold !== undefined && prevFold !== e.name) {
        this.problem({
          kind: 'case-collision',
          message: `entries "${prevFold}" and "${e.name}" differ only in letter case; one is lost on a case-insensitive file system`,
          entry: e.name,
        });
        continue;
      }
      byFold.set(fold, e.name);
    }
  }
}

/** gunzip with a hard output cap: the absolute limit, or the ratio limit when that is lower. */
function gunzipBounded(data: Buffer, state: ReadState): Buffer | undefined {
  const { maxTotalSize, maxRatio, ratioThreshold } = state.limits;
  const byRatio = Math.max(ratioThreshold, data.length * maxRatio);
  const cap = Math.min(maxTotalSize, byRatio);
  try {
    return gunzipSync(data, { maxOutputLength: cap + 1 });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
      const kind = byRatio < maxTotalSize ? 'compression-ratio' : 'size-limit';
      state.problem({
        kind,
        message:
          kind === 'compression-ratio'
            ? `the gzip stream expands more than ${maxRatio}× (${data.length} compressed bytes): a compression bomb`
            : `the gzip stream expands to more than ${maxTotalSize} bytes`,
      });
    } else {
      state.problem({ kind: 'malformed', message: `the gzip stream is malformed: ${err.message}` });
    }
    state.complete = false;
    return undefined;
  }
}

function tarType(h: TarHeader): ArchiveEntryType {
  switch (h.type) {
    case 'file':
    case 'contiguous-file':
      return 'file';
    case 'directory':
      return 'directory';
    case 'symlink':
      return 'symlink';
    case 'link':
      return 'hardlink';
    default:
      return 'other';
  }
}

async function readTar(tar: Buffer, state: ReadState): Promise<void> {
  const ex = tarExtract();
  const done = new Promise<void>((resolve, reject) => {
    ex.on('entry', (header: TarHeader, stream, next: (err?: Error | null) => void) => {
      let target: ArchiveEntry | undefined;
      try {
        target = state.admit(header.name, tarType(header), header.size ?? 0, header.mode ?? 0, header.linkname ?? undefined);
      } catch (e) {
        reject(e);
        return;
      }
      const chunks: Buffer[] = [];
      let failed: unknown;
      stream.on('data', (chunk: unknown) => {
        const c = chunk as Buffer;
        if (!target || failed) return;
        try {
          state.grow(c.length, target.name);
          chunks.push(c);
        } catch (e) {
          failed = e;
        }
      });
      stream.on('end', () => {
        if (failed) {
          reject(failed);
          return;
        }
        if (target) target.data = Buffer.concat(chunks);
        next();
      });
      stream.on('error', reject);
      stream.resume();
    });
    ex.on('finish', () => resolve());
    ex.on('close', () => resolve());
    ex.on('error', (e: Error) => reject(e));
  });
  Readable.from([tar]).pipe(ex as unknown as NodeJS.WritableStream);
  await done;
  if (tar.length > 0 && state.entries.length === 0 && !isZeroBlocks(tar)) {
    throw new Error('no tar entry could be read');
  }
}

function isZeroBlocks(buf: Buffer): boolean {
  for (let i = 0; i < Math.min(buf.length, 1024); i++) if (buf[i] !== 0) return false;
  return true;
}

function zipType(e: yauzlModule.Entry, name: string): ArchiveEntryType {
  const madeBy = e.versionMadeBy >> 8;
  const unixMode = (e.externalFileAttributes >>> 16) & 0o170000;
  if (madeBy === 3 && unixMode !== 0) {
    if (unixMode === 0o120000) return 'symlink';
    if (unixMode === 0o040000) return 'directory';
    if (unixMode !== 0o100000) return 'other';
  }
  return name.endsWith('/') ? 'directory' : 'file';
}

async function readZip(data: Buffer, state: ReadState): Promise<void> {
  const yauzl = zipLib();
  const zip = await yauzl.fromBufferPromise(data, {
    lazyEntries: true,
    decodeStrings: false,
    validateEntrySizes: true,
    strictFileNames: false,
  });
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', () => resolve());
    zip.on('entry', (e: yauzlModule.Entry) => {
      void (async () => {
        const raw = yauzl.getFileNameLowLevel(
          e.generalPurposeBitFlag,
          e.fileName as unknown as Buffer,
          e.extraFields,
          false,
        );
        const type = zipType(e, raw);
        const mode = (e.externalFileAttributes >>> 16) & 0o7777;
        const target = state.admit(raw, type, e.uncompressedSize, mode, type === 'symlink' ? '(stored in the entry body)' : undefined);
        if (target) {
          if ((e.generalPurposeBitFlag & 1) !== 0) {
            state.problem({ kind: 'encrypted', message: `entry "${target.name}" is encrypted and cannot be checked`, entry: target.name });
          } else if (
            e.uncompressedSize > state.limits.ratioThreshold &&
            e.uncompressedSize > Math.max(1, e.compressedSize) * state.limits.maxRatio
          ) {
            state.problem({
              kind: 'compression-ratio',
              message: `entry "${target.name}" expands ${e.uncompressedSize} bytes from ${e.compressedSize} (over ${state.limits.maxRatio}×): a compression bomb`,
              entry: target.name,
            });
          } else {
            state.grow(e.uncompressedSize, target.name);
            const stream = await zip.openReadStreamPromise(e);
            const chunks: Buffer[] = [];
            for await (const c of stream as AsyncIterable<Buffer>) chunks.push(c);
            target.data = Buffer.concat(chunks);
          }
        }
        zip.readEntry();
      })().catch(reject);
    });
    zip.readEntry();
  });
  zip.close();
}
