import { Worker } from 'node:worker_threads';
import { builtWorkerScript, makeIssue, type FileEntry, type FileSource, type Issue } from '@shencha/core';
import { analyzeBlob, blobCacheKey, DEFAULT_MAX_FILE_BYTES, toIssues } from './analyze.js';
import { internBlob } from './facts.js';
import type { AnalyzeOptions, BlobAnalysis } from './types.js';

export interface WorkerRequest {
  id: number;
  maxFileBytes: number;
  items: { index: number; language: string; generated: boolean; bytes: Uint8Array }[];
}

export interface WorkerResponse {
  id: number;
  results: { index: number; blob?: BlobAnalysis; error?: string }[];
}

type Result = { blob?: BlobAnalysis; issues: Issue[] };

/** The compiled worker; from src/ (tests) and dist/ alike this resolves to dist/worker.js. */
const WORKER_URL = builtWorkerScript(import.meta.url, 'worker.js');

export function workerAvailable(): boolean {
  return WORKER_URL !== undefined;
}

/** Bytes per message: large enough to amortise messaging, small enough to balance the load. */
const BATCH_BYTES = 256 * 1024;
const BATCH_FILES = 64;
/** Batches in flight per worker, so a worker never waits for the main thread's reads. */
const IN_FLIGHT = 3;

/**
 * Analyses entries on `workerCount` worker threads. The main thread reads through FileSource,
 * consults the cache and hands bytes over (transferred, not copied); workers only parse.
 * A worker that dies has its batch redone in the main thread, with a CODE_WORKER_FAILED issue.
 */
export async function analyzeInWorkers(
  source: FileSource,
  entries: FileEntry[],
  options: AnalyzeOptions,
  workerCount: number,
  deliver: (index: number, r: Result) => void,
): Promise<Issue[]> {
  // Results go to `deliver` at once; only a flag per file is kept, to know what a failed batch still needs.
  const finished = new Uint8Array(entries.length);
  const max = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const extraIssues: Issue[] = [];
  let done = 0;
  const finish = (index: number, r: Result): void => {
    finished[index] = 1;
    deliver(index, r);
    options.onProgress?.(++done, entries.length, entries[index]!.path);
  };

  let next = 0;
  let batchId = 0;
  /** Reads the next batch; files answered by the cache or unreadable are finished here. */
  const readBatch = async (): Promise<WorkerRequest | undefined> => {
    const items: WorkerRequest['items'] = [];
    let bytes = 0;
    while (next < entries.length && items.length < BATCH_FILES && bytes < BATCH_BYTES) {
      const index = next++;
      const entry = entries[index]!;
      const language = entry.language!;
      const key = entry.sha256 ? blobCacheKey(entry.sha256, language, max, entry.generated === true) : undefined;
      if (key && options.cache) {
        const hit = await options.cache.get(key);
        if (hit) {
          finish(index, { blob: hit, issues: toIssues(entry.path, language, hit.issues) });
          continue;
        }
      }
      let buf: Buffer;
      try {
        buf = await source.read(entry.path);
      } catch (e) {
        finish(index, { issues: toIssues(entry.path, language, [{ code: 'CODE_UNREADABLE', message: `cannot read: ${(e as Error).message}` }]) });
        continue;
      }
      // Cloned, not transferred: the main thread keeps the bytes until the worker answers, to redo the batch if it dies.
      items.push({ index, language, generated: entry.generated === true, bytes: buf });
      bytes += buf.byteLength;
    }
    return items.length > 0 ? { id: batchId++, maxFileBytes: max, items } : undefined;
  };

  const store = async (index: number, blob: BlobAnalysis): Promise<void> => {
    const entry = entries[index]!;
    if (entry.sha256 && options.cache) await options.cache.set(blobCacheKey(entry.sha256, entry.language!, max, entry.generated === true), blob);
    finish(index, { blob, issues: toIssues(entry.path, entry.language!, blob.issues) });
  };

  const inProcess = async (batch: WorkerRequest): Promise<void> => {
    for (const item of batch.items) {
      if (finished[item.index]) continue;
      await store(item.index, await analyzeBlob(item.bytes, item.language, { maxFileBytes: max, generatedByPath: item.generated }));
    }
  };

  // Reads are serialised so that batches come out in path order and memory stays bounded.
  let reading: Promise<unknown> = Promise.resolve();
  const nextBatch = (): Promise<WorkerRequest | undefined> => {
    const p = reading.then(() => readBatch());
    reading = p.catch(() => undefined);
    return p;
  };

  const runWorker = async (): Promise<void> => {
    const worker = new Worker(WORKER_URL!);
    worker.unref();
    const pending = new Map<number, { batch: WorkerRequest; resolve: () => void; reject: (e: Error) => void }>();
    let failed: Error | undefined;
    worker.on('message', (msg: WorkerResponse) => {
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      void (async () => {
        for (const r of msg.results) {
          if (r.blob) await store(r.index, internBlob(r.blob));
          else {
            const entry = entries[r.index]!;
            finish(r.index, { issues: toIssues(entry.path, entry.language!, [{ code: 'CODE_ANALYZER_FAILED', message: `analysis failed: ${r.error ?? 'unknown error'}` }]) });
          }
        }
        p.resolve();
      })().catch(p.reject);
    });
    const fail = (e: Error): void => {
      failed ??= e;
      for (const p of pending.values()) p.reject(e);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (pending.size > 0) fail(new Error(`worker exited with code ${code}`));
    });

    const lane = async (): Promise<void> => {
      for (;;) {
        const batch = await nextBatch();
        if (!batch) return;
        if (failed) {
          await inProcess(batch);
          continue;
        }
        try {
          await new Promise<void>((resolve, reject) => {
            pending.set(batch.id, { batch, resolve, reject });
            worker.postMessage(batch);
          });
        } catch (e) {
          extraIssues.push(
            makeIssue('CODE_WORKER_FAILED', 'code', `a worker thread failed (${(e as Error).message}); its files were analysed in the main thread`, { location: { path: '.' } }),
          );
          await inProcess(batch);
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
    } finally {
      await worker.terminate();
    }
  };

  await Promise.all(Array.from({ length: workerCount }, runWorker));
  return extraIssues.slice(0, 1);
}
