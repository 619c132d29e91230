/**
 * The walk's helper thread: reads and hashes the small files it is sent, in parallel with the walk's
 * own thread (their system calls, most of a walk's time, then run on two cores).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { HashAlgorithm } from './hash.js';
import { describeSmallFile } from './walk-describe.js';
import type { HelperRequest, HelperResponse } from './walk-helper.js';

const hashes = (workerData as { hashes: HashAlgorithm[] }).hashes;
parentPort!.on('message', (req: HelperRequest) => {
  const facts = req.files.map((f) => describeSmallFile(f.abs, f.size, hashes));
  parentPort!.postMessage({ id: req.id, facts } satisfies HelperResponse);
});
