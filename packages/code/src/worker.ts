/**
 * Worker thread of the code stage: receives file bytes read by the main thread through FileSource
 * and returns each file's BlobAnalysis. It never touches the file system itself.
 */
import { parentPort } from 'node:worker_threads';
import './issues.js';
import { analyzeBlob } from './analyze.js';
import { letTreesBeFreed } from './ts/loader.js';
import type { WorkerRequest, WorkerResponse } from './parallel.js';

const port = parentPort;
if (!port) throw new Error('worker.js must run as a worker thread');

port.on('message', (msg: WorkerRequest) => {
  void (async () => {
    const results: WorkerResponse['results'] = [];
    for (const item of msg.items) {
      try {
        const blob = await analyzeBlob(item.bytes, item.language, { maxFileBytes: msg.maxFileBytes, generatedByPath: item.generated });
        results.push({ index: item.index, blob });
      } catch (e) {
        results.push({ index: item.index, error: (e as Error).message });
      }
      await letTreesBeFreed();
    }
    port.postMessage({ id: msg.id, results } satisfies WorkerResponse);
  })();
});
