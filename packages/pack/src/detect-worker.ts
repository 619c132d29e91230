/**
 * A detection worker: runs the redactor over texts sent by the packer's pool. One redactor per
 * worker, built from the same `redaction` options, so every thread applies the same detectors.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createRedactor, type RedactionOptions } from '@shencha/redact';
import { decodeForScan } from './decode.js';
import type { ScanRequest, ScanResponse } from './detect-pool.js';

const redactor = await createRedactor((workerData as { redaction: RedactionOptions }).redaction);
// Problems found while building (bad options) are the main thread's to report; only later ones travel.
let reported = redactor.issues.length;

parentPort!.on('message', (req: ScanRequest) => {
  const text = req.text ?? decodeForScan(req.bytes!).text;
  redactor.detect(text, req.path).then(
    (findings) => {
      const issues = redactor.issues.slice(reported);
      reported = redactor.issues.length;
      parentPort!.postMessage({ id: req.id, findings, issues } satisfies ScanResponse);
    },
    (e: unknown) => parentPort!.postMessage({ id: req.id, error: String((e as Error)?.stack ?? e) } satisfies ScanResponse),
  );
});
parentPort!.postMessage({ id: -1, findings: [], issues: [] } satisfies ScanResponse);
