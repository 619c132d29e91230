import { createHash, createHash as newHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { Readable, Transform, Writable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { ZipArchive, type Archiver } from 'archiver';
import * as tar from 'tar-stream';
import yauzl from 'yauzl';
import { ParallelGzip } from './parallel-gzip.js';
import type { ArchiveFormat } from './types.js';

/** Compression level of both formats: gzip's and zip's default, what `tar -czf` uses. */
const LEVEL = 6;
/**
 * gunzip's output buffer (reading the archive back): each one filled is a round trip between the
 * thread pool and this thread, so 256 KiB instead of the default 16 KiB saves most of them.
 */
const ZLIB_CHUNK = 256 * 1024;

/** Counts and hashes the archive's bytes as they go to disk. */
class ArchiveTap extends Transform {
  readonly hash: Hash = createHash('sha256');
  readonly sm3: Hash | undefined;
  size = 0;
  constructor(withSm3: boolean) {
    super();
    this.sm3 = withSm3 ? newHash('sm3') : undefined;
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.size += chunk.length;
    this.hash.update(chunk);
    this.sm3?.update(chunk);
    cb(null, chunk);
  }
}

/**
 * Writes the archive file and tells how many bytes have reached it, so that the post-check can read
 * the archive back from the file while the rest is still being written.
 */
class FileSink extends Writable {
  /** Bytes written to the file so far (their write calls completed). */
  flushed = 0;
  /** Set once every byte is written and the file closed. */
  fileClosed = false;
  private readonly waiting = new Set<() => void>();
  private fh: FileHandle | undefined;
  /** Settles once the file is created (rejects when it cannot be). */
  readonly opened: Promise<void>;

  constructor(file: string) {
    super({ highWaterMark: 1024 * 1024 });
    this.opened = open(file, 'w', 0o644).then((fh) => {
      this.fh = fh;
    });
    this.opened.catch(() => undefined); // reported through _construct
  }

  override _construct(cb: (e?: Error | null) => void): void {
    this.opened.then(() => cb(), cb);
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    this.writeAll([chunk]).then(() => cb(), cb);
  }

  override _writev(chunks: { chunk: Buffer }[], cb: (e?: Error | null) => void): void {
    this.writeAll(chunks.map((c) => c.chunk)).then(() => cb(), cb);
  }

  private async writeAll(chunks: Buffer[]): Promise<void> {
    const fh = this.fh!;
    let buffers = chunks;
    while (buffers.length) {
      const { bytesWritten } = await fh.writev(buffers, this.flushed);
      this.flushed += bytesWritten;
      // A short write leaves the rest of the buffers to go.
      let left = bytesWritten;
      const rest: Buffer[] = [];
      for (const b of buffers) {
        if (left >= b.length) left -= b.length;
        else {
          rest.push(b.subarray(left));
          left = 0;
        }
      }
      buffers = rest;
    }
    this.notify();
  }

  override _final(cb: (e?: Error | null) => void): void {
    this.fh!.close().then(() => {
      this.fh = undefined;
      this.fileClosed = true;
      this.notify();
      cb();
    }, cb);
  }

  override _destroy(err: Error | null, cb: (e?: Error | null) => void): void {
    const fh = this.fh;
    this.fh = undefined;
    this.fileClosed = true;
    this.notify();
    // Destroyed before the file was open: close it once it is.
    const closing = fh ? fh.close() : this.opened.then(() => this.fh?.close());
    closing.then(() => cb(err), () => cb(err));
  }

  /** Calls `f` once after the next write or the close. */
  onProgress(f: () => void): void {
    this.waiting.add(f);
  }

  private notify(): void {
    const l = [...this.waiting];
    this.waiting.clear();
    for (const f of l) f();
  }
}

/**
 * Reads a file from its start while a FileSink is still writing it: never past the bytes the sink
 * has written, waiting for more until the sink has closed the file. The bytes come from the file on
 * disk, not from the writer's memory, so what is checked is what was stored.
 */
class FollowReader extends Readable {
  private fh: FileHandle | undefined;
  private pos = 0;

  constructor(
    private readonly file: string,
    private readonly sink: FileSink,
  ) {
    super({ highWaterMark: 256 * 1024 });
  }

  override _construct(cb: (e?: Error | null) => void): void {
    // The sink creates the file; open it only once that is done.
    this.sink.opened.then(() => open(this.file, 'r')).then((fh) => {
      this.fh = fh;
      cb();
    }, cb);
  }

  // Node calls _read again only after a push, and each pull pushes once, so pulls never overlap.
  override _read(size: number): void {
    this.pull(Math.max(size, 256 * 1024)).catch((e: Error) => this.destroy(e));
  }

  private async pull(size: number): Promise<void> {
    for (;;) {
      if (this.destroyed) return;
      const available = this.sink.flushed - this.pos;
      if (available > 0) {
        const buf = Buffer.allocUnsafe(Math.min(size, available));
        const { bytesRead } = await this.fh!.read(buf, 0, buf.length, this.pos);
        if (bytesRead === 0) throw new Error('the archive file is shorter than what was written to it');
        this.pos += bytesRead;
        this.push(bytesRead === buf.length ? buf : buf.subarray(0, bytesRead));
        return;
      }
      if (this.sink.fileClosed) {
        this.push(null);
        return;
      }
      await new Promise<void>((resolve) => this.sink.onProgress(resolve));
    }
  }

  override _destroy(err: Error | null, cb: (e?: Error | null) => void): void {
    const fh = this.fh;
    this.fh = undefined;
    if (!fh) return cb(err);
    fh.close().then(() => cb(err), () => cb(err));
  }
}

/**
 * Writes a byte-reproducible archive: the caller appends entries in path-byte order; each gets the
 * fixed date, mode 0644 or 0755, uid/gid 0 and no owner names. `add` waits while too much is queued,
 * so memory stays bounded whatever the tree size.
 */
export class DeterministicArchiveWriter {
  /** zip: archiver's ZipArchive. */
  private readonly archive: Archiver | undefined;
  /**
   * tar.gz: tar-stream's packer, used directly. archiver's tar plugin wraps the same packer (same
   * header bytes) in a queue and two more streams per entry, which cost more than the packing, and
   * its path clean-up would rename some legitimate names (a leading `word:`, backslashes).
   */
  private readonly pack: tar.Pack | undefined;
  private readonly tap: ArchiveTap;
  private readonly out: FileSink;
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
    // Small: gzip is the slowest stage of the write path, and bytes queued before it only delay the
    // post-check that follows the file (the main thread keeps working while it waits).
    this.maxQueuedBytes = options.maxQueuedBytes ?? 4 * 1024 * 1024;
    this.date = new Date(sourceDate * 1000);
    this.tap = new ArchiveTap(options.sm3 ?? false);
    this.out = new FileSink(file);
    if (format === 'zip') {
      const archive = new ZipArchive({ zlib: { level: LEVEL }, forceLocalTime: false });
      archive.on('warning', (e) => this.fail(e));
      archive.on('entry', (data) => this.release((data as { _bytes?: number })._bytes ?? 0));
      this.archive = archive;
      this.done = pipeline(archive, this.tap, this.out);
    } else {
      this.pack = tar.pack();
      this.done = pipeline(this.pack, new ParallelGzip(LEVEL), this.tap, this.out);
    }
    this.done.catch((e: Error) => this.fail(e));
  }

  /** Gives back the queue budget of an entry that the archiver has taken in. */
  private release(bytes: number): void {
    this.queuedBytes -= bytes;
    this.wake();
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
    const mode = executable ? 0o755 : 0o644;
    if (this.pack) {
      // uid/gid 0 and no owner names: tar-stream's defaults, spelled out.
      this.pack.entry({ name, type: 'file', mode, mtime: this.date, uid: 0, gid: 0 }, data, (err) => {
        if (err) this.fail(err);
        this.release(data.length);
      });
      return;
    }
    this.archive!.append(data, {
      name,
      date: this.date,
      mode,
      // carried through to the 'entry' event to release the queue budget
      ...({ _bytes: data.length } as object),
    } as Parameters<Archiver['append']>[1]);
  }

  /**
   * A stream of the archive's bytes read back from its file as they are written (ends once the
   * archive is finished and closed); the post-check runs while the rest is still being packed.
   */
  follow(): Readable {
    return new FollowReader(this.file, this.out);
  }

  /** Finishes the archive; resolves with its digests once every byte is on disk. */
  async finish(): Promise<{ sha256: string; sm3?: string; size: number }> {
    if (this.failure) throw this.failure;
    if (this.pack) this.pack.finalize();
    await Promise.all([this.archive?.finalize(), this.done]);
    if (this.failure) throw this.failure;
    const out: { sha256: string; sm3?: string; size: number } = { sha256: this.tap.hash.digest('hex'), size: this.tap.size };
    if (this.tap.sm3) out.sm3 = this.tap.sm3.digest('hex');
    return out;
  }

  /** Stops writing (the caller deletes the file). */
  async abort(): Promise<void> {
    // After a failed pipeline the streams are already torn down; aborting them again may throw.
    try {
      this.archive?.abort();
      this.pack?.destroy();
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
  if (format === 'tar.gz') return readTarGz(createReadStream(file), onEntry);
  return readZip(file, onEntry);
}

/**
 * The entries of a tar.gz archive whose bytes come from `source` (a file, or a FollowReader), one at
 * a time: the next entry is parsed only once `onEntry` has settled for this one. Uses tar-stream's
 * callback interface, which costs less per entry than iterating each entry's stream asynchronously.
 */
export function readTarGz(source: Readable, onEntry: (entry: ArchiveEntry) => Promise<void> | void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const extract = tar.extract();
    let failed = false;
    // At most one entry is being handled (the next comes after `next()`); the end waits for it.
    let current: Promise<void> = Promise.resolve();
    const fail = (e: unknown): void => {
      if (failed) return;
      failed = true;
      extract.destroy(e as Error);
      reject(e as Error);
    };
    extract.on('entry', (h, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c) => chunks.push(c as Buffer));
      stream.on('error', fail);
      stream.on('end', () => {
        if (failed) return;
        current = (async () => {
          await onEntry({
            name: h.name,
            type: h.type ?? 'file',
            mode: h.mode ?? 0,
            mtime: Math.floor((h.mtime?.getTime() ?? 0) / 1000),
            // A copy: a slice would keep gunzip's whole 256 KiB output buffer alive while the entry is held.
            data: Buffer.concat(chunks),
          });
        })();
        current.then(() => next(), fail);
      });
    });
    pipeline(source, createGunzip({ chunkSize: ZLIB_CHUNK }), extract).then(
      () => current.then(() => (failed ? undefined : resolve()), fail),
      fail,
    );
  });
}

async function readZip(file: string, onEntry: (entry: ArchiveEntry) => Promise<void> | void): Promise<void> {
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
        stream.on('data', (c) => chunks.push(c as Buffer));
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
