/**
 * A detection worker: runs the redactor over batches of files sent by the packer's pool. One redactor
 * per worker, built from the same `redaction` options, so every thread applies the same detectors.
 */
import { createHash } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { createRedactor, type RedactionOptions } from '@shencha/redact';
import { decodeForScan } from './decode.js';
import type { BatchResponse, ScanBatch, ScanResult } from './detect-pool.js';

const redactor = await createRedactor((workerData as { redaction: RedactionOptions }).redaction);
// Problems found while building (bad options) are the main thread's to report; only later ones travel.
let reported = redactor.issues.length;

parentPort!.on('message', (batch: ScanBatch) => {
  void (async () => {
    const results: ScanResult[] = [];
    for (const item of batch.items) {
      try {
        if (item.text !== undefined) {
          results.push({ findings: await redactor.detect(item.text, item.path) });
          continue;
        }
        const bytes = Buffer.from(batch.bytes, item.offset ?? 0, item.length ?? 0);
        const findings = await redactor.detect(decodeForScan(bytes).text, item.path);
        results.push(item.digest ? { findings, sha256: createHash('sha256').update(bytes).digest('hex') } : { findings });
      } catch (e) {
        results.push({ error: String((e as Error)?.stack ?? e) });
      }
    }
    const issues = redactor.issues.slice(reported);
    reported = redactor.issues.length;
    parentPort!.postMessage({ id: batch.id, results, issues } satisfies BatchResponse);
  })();
});
parentPort!.postMessage({ id: -1, results: [], issues: [] } satisfies BatchResponse);
