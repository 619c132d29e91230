import { createHash, createHash as newHash, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { TarArchive, ZipArchive, type Archiver } from 'archiver';
import * as tar from 'tar-stream';
import yauzl from 'yauzl';
import type { ArchiveFormat } from './types.js';

/** Compression level of both formats: gzip's and zip's default, what `tar -czf` uses. */
const LEVEL = 6;

/**
 * Forces the gzip header's MTIME (bytes 4–7) to 0 and OS (byte 9) to 3 (Unix), so the archive does
 * not depend on the zlib build or platform; counts and hashes the bytes as they go to disk.
 */
class ArchiveTap extends Transform {
  readonly hash: Hash = createHash('sha256');
  readonly sm3: Hash | undefined;
  size = 0;
  constructor(
    private readonly gzip: boolean,
    withSm3: boolean,
  ) {
    super();
    this.sm3 = withSm3 ? newHash('sm3') : undefined;
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    if (this.gzip && this.size < 10) {
      chunk = Buffer.from(chunk);
      for (let i = 0; i < chunk.length && this.size + i < 10; i++) {
        const at = this.size + i;
        if (at >= 4 && at <= 7) chunk[i] = 0;
        if (at === 9) chunk[i] = 3;
      }
    }
    this.size += chunk.length;
    this.hash.update(chunk);
    this.sm3?.update(chunk);
    cb(null, chunk);
  }
}

/**
 * Gathers the tar stream's many small pieces (512-byte headers, one buffer per file) into large
 * chunks before gzip: each zlib write is a thread-pool round trip, and the deflate output does not
 * depend on how its input is split, so this only saves time (about a third of the CPU).
 */
class Coalesce extends Transform {
  private parts: Buffer[] = [];
  private length = 0;
  constructor(private readonly size: number) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.parts.push(chunk);
    this.length += chunk.length;
    if (this.length < this.size) return cb();
    const out = Buffer.concat(this.parts, this.length);
    this.parts = [];
    this.length = 0;
    cb(null, out);
  }
  override _flush(cb: TransformCallback): void {
    if (this.length) this.push(Buffer.concat(this.parts, this.length));
    cb();
  }
}

/**
 * Writes a byte-reproducible archive: the caller appends entries in path-byte order; each gets the
 * fixed date, mode 0644 or 0755, uid/gid 0 and no owner names. `add` waits while too much is queued,
 * so memory stays bounded whatever the tree size.
 */
export class DeterministicArchiveWriter {
  private readonly archive: Archiver;
  private readonly tap: ArchiveTap;
  private readonly out: WriteStream;
  private readonly done: Promise<void>;
  private readonly date: Date;
  private failure: Error | undefined;
  private queuedBytes = 0;
  private waiters: (() => void)[] = [];
  private lastName: Buffer | undefined;

  constructor(
    readonly file: string,
    readonly format: ArchiveFormat,
    sourceDate: number,
    options: { sm3?: boolean; maxQueuedBytes?: number } = {},
  ) {
    this.maxQueuedBytes = options.maxQueuedBytes ?? 32 * 1024 * 1024;
    this.date = new Date(sourceDate * 1000);
    this.archive =
      format === 'zip'
        ? new ZipArchive({ zlib: { level: LEVEL }, forceLocalTime: false })
        : new TarArchive({ gzip: false });
    this.tap = new ArchiveTap(format === 'tar.gz', options.sm3 ?? false);
    this.out = createWriteStream(file, { mode: 0o644 });
    this.archive.on('warning', (e) => this.fail(e));
    this.archive.on('entry', (data) => {
      this.queuedBytes -= (data as { _bytes?: number })._bytes ?? 0;
      this.wake();
    });
    this.done =
      format === 'zip'
        ? pipeline(this.archive, this.tap, this.out)
        : pipeline(this.archive, new Coalesce(256 * 1024), createGzip({ level: LEVEL }), this.tap, this.out);
    this.done.catch((e: Error) => this.fail(e));
  }

  private readonly maxQueuedBytes: number;

  private fail(e: Error): void {
    this.failure ??= e;
    this.wake();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Appends one regular file. Names must come in strictly increasing path-byte order. */
  async add(name: string, data: Buffer, executable: boolean): Promise<void> {
    if (this.failure) throw this.failure;
    const key = Buffer.from(name, 'utf8');
    if (this.lastName && Buffer.compare(this.lastName, key) >= 0) {
      throw new Error(`archive entries out of order: ${name} after ${this.lastName.toString('utf8')}`);
    }
    this.lastName = key;
    while (this.queuedBytes > 0 && this.queuedBytes + data.length > this.maxQueuedBytes && !this.failure) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    if (this.failure) throw this.failure;
    this.queuedBytes += data.length;
    this.archive.append(data, {
      name,
      date: this.date,
      mode: executable ? 0o755 : 0o644,
      // carried through to the 'entry' event to release the queue budget
      ...({ _bytes: data.length } as object),
    } as Parameters<Archiver['append']>[1]);
  }

  /** Finishes the archive; resolves with its digests once every byte is on disk. */
  async finish(): Promise<{ sha256: string; sm3?: string; size: number }> {
    if (this.failure) throw this.failure;
    await Promise.all([this.archive.finalize(), this.done]);
    if (this.failure) throw this.failure;
    const out: { sha256: string; sm3?: string; size: number } = { sha256: this.tap.hash.digest('hex'), size: this.tap.size };
    if (this.tap.sm3) out.sm3 = this.tap.sm3.digest('hex');
    return out;
  }

  /** Stops writing (the caller deletes the file). */
  async abort(): Promise<void> {
    // After a failed pipeline the streams are already torn down; aborting them again may throw.
    try {
      this.archive.abort();
    } catch {
      /* already destroyed */
    }
    this.out.destroy();
    await this.done.catch(() => undefined);
  }
}

export interface ArchiveEntry {
  name: string;
  /** 'file' for a regular file; anything else is reported by the caller. */
  type: string;
  mode: number;
  mtime: number;
  data: Buffer;
}

/** Streams the entries of an archive that shencha wrote, one at a time (bounded memory). */
export async function readArchive(
  file: string,
  format: ArchiveFormat,
  onEntry: (entry: ArchiveEntry) => Promise<void> | void,
): Promise<void> {
  if (format === 'tar.gz') {
    const extract = tar.extract();
    const feed = pipeline(createReadStream(file), createGunzip(), extract);
    feed.catch(() => undefined);
    for await (const entry of extract) {
      const chunks: Buffer[] = [];
      for await (const c of entry as AsyncIterable<Buffer>) chunks.push(c);
      const h = entry.header;
      await onEntry({
        name: h.name,
        type: h.type,
        mode: h.mode,
        mtime: Math.floor(h.mtime.getTime() / 1000),
        data: Buffer.concat(chunks),
      });
    }
    await feed;
    return;
  }
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, autoClose: true, strictFileNames: true, validateEntrySizes: true }, (err, z) =>
      err ? reject(err) : resolve(z),
    ),
  );
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', () => resolve());
    zip.on('entry', (e: yauzl.Entry) => {
      zip.openReadStream(e, (err, stream) => {
        if (err) return reject(err);
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('error', reject);
        stream.on('end', () => {
          const unixMode = (e.externalFileAttributes >>> 16) & 0o170777;
          const isDir = e.fileName.endsWith('/');
          Promise.resolve(
            onEntry({
              name: e.fileName,
              type: isDir ? 'directory' : (unixMode & 0o170000) === 0o120000 ? 'symlink' : 'file',
              mode: unixMode & 0o7777,
              mtime: Math.floor(e.getLastModDate({ forceDosFormat: true, timezone: 'UTC' } as never).getTime() / 1000),
              data: Buffer.concat(chunks),
            }),
          ).then(() => zip.readEntry(), reject);
        });
      });
    });
    zip.readEntry();
  });
}
