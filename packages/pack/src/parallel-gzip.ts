import { Transform, type TransformCallback } from 'node:stream';
import { constants, crc32, deflateRaw, type ZlibOptions } from 'node:zlib';

/**
 * The gzip member header: deflate, no flags, MTIME 0, XFL 0, OS 3 (Unix). Fixed bytes, so the archive
 * depends neither on the clock nor on the platform.
 */
const HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0x03]);
/** Deflate's window: how far back a match may reach, so how much of the previous block each one sees. */
const WINDOW = 32 * 1024;

/**
 * gzip, compressed in blocks on several threads at once, the way pigz does it. The input is cut into
 * fixed-size blocks (so the output depends only on the input bytes); each block is deflated on its
 * own, primed with the last 32 KiB of the block before it as its dictionary (so matches still reach
 * back across the cut, and the ratio stays within a fraction of a percent of plain gzip's), and ends
 * with a sync flush on a byte boundary; the last one ends the stream. The concatenation is one
 * ordinary gzip member that any gunzip reads.
 *
 * Why: a single zlib stream runs on one thread and waits for this thread at every buffer it fills, so
 * gzip both serialises the archive's slowest stage and stalls whenever this thread is busy. Several
 * whole blocks queued at once keep the thread pool working on every core meanwhile.
 */
export class ParallelGzip extends Transform {
  private parts: Buffer[] = [];
  private length = 0;
  private previous: Buffer | undefined;
  private crc = 0;
  private size = 0;
  private started = false;
  private readonly queue: Promise<Buffer>[] = [];

  constructor(
    private readonly level: number,
    private readonly blockSize = 1024 * 1024,
    /** Blocks being compressed at once (the thread pool has 4 threads by default). */
    private readonly parallel = 3,
  ) {
    super();
    if (blockSize < WINDOW) throw new RangeError(`gzip block size ${blockSize} is below the ${WINDOW}-byte window`);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.parts.push(chunk);
    this.length += chunk.length;
    if (this.length < this.blockSize) return cb();
    this.startBlocks(this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.length)).then(() => cb(), cb);
  }

  /**
   * Starts the whole blocks of `all` and keeps the rest for later. A large file can hold many blocks:
   * at most `parallel` are in flight at once, so memory stays bounded.
   */
  private async startBlocks(all: Buffer): Promise<void> {
    let at = 0;
    for (; all.length - at >= this.blockSize; at += this.blockSize) {
      this.start(all.subarray(at, at + this.blockSize), false);
      await this.pushDone(this.parallel - 1);
    }
    this.parts = at < all.length ? [all.subarray(at)] : [];
    this.length = all.length - at;
  }

  override _flush(cb: TransformCallback): void {
    // The last block (possibly empty) carries deflate's end-of-stream marker.
    this.start(Buffer.concat(this.parts, this.length), true);
    this.parts = [];
    this.pushDone(0).then(() => {
      const trailer = Buffer.alloc(8);
      trailer.writeUInt32LE(this.crc >>> 0, 0);
      trailer.writeUInt32LE(this.size, 4);
      cb(null, trailer);
    }, cb);
  }

  private start(block: Buffer, last: boolean): void {
    this.crc = crc32(block, this.crc);
    // ISIZE is the input length modulo 2^32.
    this.size = (this.size + block.length) % 0x1_0000_0000;
    const options: ZlibOptions = {
      level: this.level,
      finishFlush: last ? constants.Z_FINISH : constants.Z_SYNC_FLUSH,
      // Room for the whole block's output, so each block is one trip to the thread pool.
      chunkSize: this.blockSize + WINDOW,
    };
    if (this.previous) options.dictionary = this.previous.subarray(this.previous.length - WINDOW);
    this.previous = block;
    const done = new Promise<Buffer>((resolve, reject) => deflateRaw(block, options, (e, out) => (e ? reject(e) : resolve(out))));
    done.catch(() => undefined); // awaited in order by pushDone(); a failure there fails the stream
    this.queue.push(done);
  }

  /** Pushes finished blocks, in order, until at most `keep` are still being compressed. */
  private async pushDone(keep: number): Promise<void> {
    if (!this.started) {
      this.started = true;
      this.push(HEADER);
    }
    while (this.queue.length > keep) this.push(await this.queue[0]!.finally(() => this.queue.shift()));
  }
}
