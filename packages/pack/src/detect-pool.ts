import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { builtWorkerScript, ShenchaError, type Issue } from '@shencha/core';
import { createRedactor, type Finding, type RedactionOptions, type Redactor } from '@shencha/redact';
import { decodeForScan } from './decode.js';

/** One file of a batch: raw bytes (a slice of the batch's buffer, decoded in the worker) or a decoded (masked) text. */
export interface ScanItem {
  path: string;
  /** Byte range of the file in the batch buffer (absent for a text item). */
  offset?: number;
  length?: number;
  text?: string;
  /** Also return the sha256 of the bytes (hashing off the main thread). */
  digest?: boolean;
}

/**
 * Files travel to the workers in batches: one message per batch, the bytes in one transferred buffer.
 * A message per file cost more than the detection of a small file (serialising a Buffer, waking a thread).
 */
export interface ScanBatch {
  id: number;
  items: ScanItem[];
  bytes: ArrayBuffer;
}

export type ScanResult = { findings: Finding[]; sha256?: string } | { error: string };
export type BatchResponse = { id: number; results: ScanResult[]; issues: Issue[] };

/** Findings in a file's bytes, and the bytes' sha256 when asked for. */
export interface ScanOutcome {
  findings: Finding[];
  sha256: string;
}

/** Runs the detectors: in worker threads when there is more than one core to use, else in this thread. */
export interface ScanPool {
  readonly threads: number;
  scanBytes(bytes: Uint8Array, path: string): Promise<Finding[]>;
  /**
   * Like scanBytes, and hashes the bytes (sha256) where the detectors run. `background` work (the
   * post-check) waits while work that the archive writer waits for is queued.
   */
  scanFile(bytes: Uint8Array, path: string, options?: { background?: boolean }): Promise<ScanOutcome>;
  scanText(text: string, path: string): Promise<Finding[]>;
  /** Problems the redactors met (a detector that failed on a file). */
  readonly issues: Issue[];
  close(): Promise<void>;
}

/**
 * One detector thread per core but one, at most 8: the main thread (reading, archiving, reading the
 * archive back) and zlib's thread pool (gzip, gunzip) keep about one core busy between them. On 2
 * cores, 1 thread measured less CPU and memory than 2 (17.1 s, 220 MB against 18.5–20.4 s, 250–265 MB
 * for 25,000 files) at no cost in wall time.
 */
export function defaultThreads(): number {
  return Math.max(1, Math.min(availableParallelism() - 1, 8));
}

export async function createScanPool(redaction: RedactionOptions, threads = defaultThreads()): Promise<ScanPool> {
  const script = threads > 0 ? builtWorkerScript(import.meta.url, 'detect-worker.js') : undefined;
  // The main thread's redactor validates the options once and serves when no worker runs.
  const local = await createRedactor(redaction);
  if (!script || threads <= 0) return localPool(local);
  return WorkerPool.start(script, redaction, threads, local);
}

function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function localPool(redactor: Redactor): ScanPool {
  return {
    threads: 0,
    scanBytes: (bytes, path) => redactor.detect(decodeForScan(bytes).text, path),
    scanFile: async (bytes, path) => ({ findings: await redactor.detect(decodeForScan(bytes).text, path), sha256: sha256Of(bytes) }),
    scanText: (text, path) => redactor.detect(text, path),
    issues: redactor.issues,
    close: async () => undefined,
  };
}

interface Pending {
  resolve: (r: { findings: Finding[]; sha256?: string }) => void;
  reject: (e: Error) => void;
}

/** A batch is sent once it holds this many bytes or items, or at the next turn of the event loop. */
const BATCH_BYTES = 512 * 1024;
const BATCH_ITEMS = 64;
/** An idle thread takes a partial batch once it holds this many items, or after FLUSH_AFTER_MS. */
const MIN_ITEMS = 16;
const FLUSH_AFTER_MS = 2;

interface Gathering {
  items: ScanItem[];
  parts: Uint8Array[];
  /** Bytes in `parts` (the batch buffer's size). */
  bytes: number;
  /** Bytes and text characters, for the batch size limit. */
  size: number;
  pending: Pending[];
}

/** Lane 0 feeds the archive writer (gzip, the slowest stage, waits for it); lane 1 is the post-check. */
type Lane = 0 | 1;
const LANES: readonly Lane[] = [0, 1];

/**
 * Batches sent to a thread before it answers the first: the next one waits in the thread's message
 * queue, so the thread goes straight on to it instead of idling until this thread, often busy with
 * the archive, hears the answer and sends more.
 */
const BATCHES_PER_THREAD = 2;

class WorkerPool implements ScanPool {
  readonly issues: Issue[];
  /** Batches sent and not yet answered, per ready thread. */
  private readonly load = new Map<Worker, number>();
  private readonly queues: [{ batch: ScanBatch; pending: Pending[] }[], { batch: ScanBatch; pending: Pending[] }[]] = [[], []];
  /** The callers of each batch sent, by batch id. */
  private readonly sent = new Map<number, Pending[]>();
  private readonly gathering: [Gathering | undefined, Gathering | undefined] = [undefined, undefined];
  private flushScheduled = false;
  private nextId = 0;
  private failure: Error | undefined;

  private constructor(
    private readonly workers: Worker[],
    local: Redactor,
  ) {
    this.issues = local.issues;
  }

  get threads(): number {
    return this.workers.length;
  }

  static async start(script: URL, redaction: RedactionOptions, threads: number, local: Redactor): Promise<WorkerPool> {
    const workers = Array.from({ length: threads }, () => new Worker(script, { workerData: { redaction } }));
    const pool = new WorkerPool(workers, local);
    try {
      await Promise.all(workers.map((w) => pool.attach(w)));
    } catch (e) {
      await pool.close();
      throw e;
    }
    return pool;
  }

  /** Resolves once the worker has built its redactor and said so. */
  private attach(w: Worker): Promise<void> {
    return new Promise((ready, fail) => {
      w.on('message', (res: BatchResponse) => {
        if (res.id === -1) {
          this.load.set(w, 0);
          ready();
          this.pump();
          return;
        }
        const pending = this.sent.get(res.id);
        this.sent.delete(res.id);
        this.load.set(w, (this.load.get(w) ?? 1) - 1);
        if (pending) {
          this.issues.push(...res.issues);
          pending.forEach((p, i) => {
            const r = res.results[i];
            if (!r) p.reject(new ShenchaError('PACK_DETECTOR_CRASHED', 'a detector thread returned no result'));
            else if ('error' in r) p.reject(new ShenchaError('PACK_DETECTOR_CRASHED', `a detector thread failed: ${r.error}`));
            else p.resolve(r);
          });
        }
        this.pump();
      });
      w.on('error', (e) => {
        this.failure ??= new ShenchaError('PACK_DETECTOR_CRASHED', `a detector thread crashed: ${e.message}`, { cause: e });
        fail(this.failure);
        // The pool has failed: every caller still waiting hears so.
        for (const pending of this.sent.values()) for (const p of pending) p.reject(this.failure);
        this.sent.clear();
        for (const lane of LANES) {
          for (const q of this.queues[lane].splice(0)) for (const p of q.pending) p.reject(this.failure);
          for (const p of this.gathering[lane]?.pending ?? []) p.reject(this.failure);
          this.gathering[lane] = undefined;
        }
      });
    });
  }

  /** The ready thread with the fewest batches in hand, if it can take another. */
  private free(): Worker | undefined {
    let best: Worker | undefined;
    let least = BATCHES_PER_THREAD;
    for (const [w, n] of this.load) {
      if (n < least) {
        best = w;
        least = n;
      }
    }
    return best;
  }

  private pump(): void {
    for (;;) {
      for (let w = this.free(); w; w = this.free()) {
        const job = this.queues[0].shift() ?? this.queues[1].shift();
        if (!job) break;
        this.load.set(w, this.load.get(w)! + 1);
        this.sent.set(job.batch.id, job.pending);
        w.postMessage(job.batch, [job.batch.bytes]);
      }
      // A thread with room takes what is gathered so far once it is worth a message, else soon.
      if (!this.free()) return;
      const lane = LANES.find((l) => (this.gathering[l]?.items.length ?? 0) >= MIN_ITEMS);
      if (lane === undefined) {
        if (this.gathering[0] || this.gathering[1]) this.schedule();
        return;
      }
      this.seal(lane);
    }
  }

  /** Closes the batch being gathered in `lane` and queues it. */
  private seal(lane: Lane): void {
    const g = this.gathering[lane];
    if (!g) return;
    this.gathering[lane] = undefined;
    const buf = new Uint8Array(g.bytes);
    let at = 0;
    for (const p of g.parts) {
      buf.set(p, at);
      at += p.length;
    }
    this.queues[lane].push({ batch: { id: this.nextId++, items: g.items, bytes: buf.buffer }, pending: g.pending });
  }

  private submit(item: Omit<ScanItem, 'offset' | 'length'>, bytes: Uint8Array | undefined, lane: Lane): Promise<{ findings: Finding[]; sha256?: string }> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const g = (this.gathering[lane] ??= { items: [], parts: [], bytes: 0, size: 0, pending: [] });
      if (bytes) {
        g.items.push({ ...item, offset: g.bytes, length: bytes.length });
        g.parts.push(bytes);
        g.bytes += bytes.length;
        g.size += bytes.length;
      } else {
        g.items.push(item);
        g.size += item.text?.length ?? 0;
      }
      g.pending.push({ resolve, reject });
      if (g.size >= BATCH_BYTES || g.items.length >= BATCH_ITEMS) {
        this.seal(lane);
        this.pump();
      } else if (this.free()) {
        this.pump();
      }
    });
  }

  /** Sends a partial batch shortly, so a caller awaiting one file never waits long for others. */
  private schedule(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setTimeout(() => {
      this.flushScheduled = false;
      if (this.free() && !this.queues[0].length && !this.queues[1].length) {
        this.seal(0);
        this.seal(1);
      }
      this.pump();
    }, FLUSH_AFTER_MS);
  }

  async scanBytes(bytes: Uint8Array, path: string): Promise<Finding[]> {
    return (await this.submit({ path }, bytes, 0)).findings;
  }

  async scanFile(bytes: Uint8Array, path: string, options?: { background?: boolean }): Promise<ScanOutcome> {
    // `bytes` is not referenced after this call, so it is freed once copied into its batch.
    const r = await this.submit({ path, digest: true }, bytes, options?.background ? 1 : 0);
    if (r.sha256 === undefined) throw new ShenchaError('PACK_DETECTOR_CRASHED', `a detector thread did not hash ${path}`);
    return { findings: r.findings, sha256: r.sha256 };
  }

  async scanText(text: string, path: string): Promise<Finding[]> {
    return (await this.submit({ path, text }, undefined, 0)).findings;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
