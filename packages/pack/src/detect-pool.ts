import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ShenchaError, type Issue } from '@shencha/core';
import { createRedactor, type Finding, type RedactionOptions, type Redactor } from '@shencha/redact';
import { decodeForScan } from './decode.js';

export interface ScanRequest {
  id: number;
  path: string;
  /** Raw file bytes (decoded in the worker) … */
  bytes?: Uint8Array;
  /** … or an already decoded (masked) text. */
  text?: string;
}

export type ScanResponse = { id: number; findings: Finding[]; issues: Issue[] } | { id: number; error: string };

/** Runs the detectors: in worker threads when there is more than one core to use, else in this thread. */
export interface ScanPool {
  readonly threads: number;
  scanBytes(bytes: Uint8Array, path: string): Promise<Finding[]>;
  scanText(text: string, path: string): Promise<Finding[]>;
  /** Problems the redactors met (a detector that failed on a file). */
  readonly issues: Issue[];
  close(): Promise<void>;
}

/** The compiled worker beside this module (dist/), or, when running from src/ under a test runner, the built one. */
function workerScript(): URL | undefined {
  for (const rel of ['./detect-worker.js', '../dist/detect-worker.js']) {
    const url = new URL(rel, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url;
  }
  return undefined;
}

export function defaultThreads(): number {
  return Math.max(1, Math.min(availableParallelism(), 8));
}

export async function createScanPool(redaction: RedactionOptions, threads = defaultThreads()): Promise<ScanPool> {
  const script = threads > 0 ? workerScript() : undefined;
  // The main thread's redactor validates the options once and serves when no worker runs.
  const local = await createRedactor(redaction);
  if (!script || threads <= 0) return localPool(local);
  return WorkerPool.start(script, redaction, threads, local);
}

function localPool(redactor: Redactor): ScanPool {
  return {
    threads: 0,
    scanBytes: (bytes, path) => redactor.detect(decodeForScan(bytes).text, path),
    scanText: (text, path) => redactor.detect(text, path),
    issues: redactor.issues,
    close: async () => undefined,
  };
}

interface Pending {
  resolve: (f: Finding[]) => void;
  reject: (e: Error) => void;
}

class WorkerPool implements ScanPool {
  readonly issues: Issue[];
  private readonly idle: Worker[] = [];
  private readonly queue: { req: ScanRequest; p: Pending }[] = [];
  private readonly busy = new Map<Worker, { id: number; p: Pending }>();
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
      w.on('message', (res: ScanResponse) => {
        if (res.id === -1) {
          this.idle.push(w);
          ready();
          this.pump();
          return;
        }
        const job = this.busy.get(w);
        this.busy.delete(w);
        this.idle.push(w);
        if (job && job.id === res.id) {
          if ('error' in res) job.p.reject(new ShenchaError('PACK_DETECTOR_CRASHED', `a detector thread failed: ${res.error}`));
          else {
            this.issues.push(...res.issues);
            job.p.resolve(res.findings);
          }
        }
        this.pump();
      });
      w.on('error', (e) => {
        this.failure ??= new ShenchaError('PACK_DETECTOR_CRASHED', `a detector thread crashed: ${e.message}`, { cause: e });
        fail(this.failure);
        const job = this.busy.get(w);
        this.busy.delete(w);
        job?.p.reject(this.failure);
        for (const q of this.queue.splice(0)) q.p.reject(this.failure);
      });
    });
  }

  private pump(): void {
    while (this.idle.length && this.queue.length) {
      const w = this.idle.pop()!;
      const { req, p } = this.queue.shift()!;
      this.busy.set(w, { id: req.id, p });
      w.postMessage(req);
    }
  }

  private submit(req: Omit<ScanRequest, 'id'>): Promise<Finding[]> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.queue.push({ req: { ...req, id: this.nextId++ }, p: { resolve, reject } });
      this.pump();
    });
  }

  scanBytes(bytes: Uint8Array, path: string): Promise<Finding[]> {
    return this.submit({ bytes, path });
  }

  scanText(text: string, path: string): Promise<Finding[]> {
    return this.submit({ text, path });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
