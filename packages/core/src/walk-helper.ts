import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { HashAlgorithm } from './hash.js';
import type { SmallFileFacts } from './walk-describe.js';
import { builtWorkerScript } from './worker-script.js';

export interface HelperRequest {
  id: number;
  files: { abs: string; size: number }[];
}
export interface HelperResponse {
  id: number;
  facts: SmallFileFacts[];
}

/**
 * A second thread that reads and hashes small files for the walk. Started only for a large tree on a
 * machine with more than one core (starting it costs tens of milliseconds); when it cannot start, the
 * walk reads everything itself.
 */
export class WalkHelper {
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (f: SmallFileFacts[]) => void; reject: (e: Error) => void }>();
  private failure: Error | undefined;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (res: HelperResponse) => {
      const w = this.waiting.get(res.id);
      this.waiting.delete(res.id);
      w?.resolve(res.facts);
    });
    worker.on('error', (e) => this.fail(e));
    worker.on('exit', () => this.fail(new Error('the walk helper thread stopped')));
  }

  static start(hashes: readonly HashAlgorithm[]): WalkHelper | undefined {
    if (availableParallelism() < 2) return undefined;
    const script = builtWorkerScript(import.meta.url, 'walk-worker.js');
    if (!script) return undefined;
    return new WalkHelper(new Worker(script, { workerData: { hashes: [...hashes] } }));
  }

  /** Chunks sent and not answered yet. */
  get pending(): number {
    return this.waiting.size;
  }

  /** Describes `files`; rejects if the thread fails (the caller then reads them itself). */
  describe(files: { abs: string; size: number }[]): Promise<SmallFileFacts[]> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, files } satisfies HelperRequest);
    });
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const w of this.waiting.values()) w.reject(this.failure);
    this.waiting.clear();
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}
