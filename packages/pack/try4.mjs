import { FileSource, scanProject } from '@shencha/core';
import { packSource } from '@shencha/pack';
import { createRedactor } from '@shencha/redact';
import { mkdtempSync } from 'node:fs';
const all = (await createRedactor({})).detectors.map(d => d.id);
const src = process.argv[2];
for (const [name, redaction, threads] of [['none-detectors', { disable: [...all, 'secretlint'] }, 0], ['all-t0', {}, 0], ['all-t2', {}, 2]]) {
  const index = await scanProject(src, { hashes: ['sha256'] });
  const cpu0 = process.cpuUsage(); const t = performance.now();
  await packSource({ source: new FileSource(index), config: { schemaVersion: 1, redaction }, commitmentKey: Buffer.alloc(32, 1), outputDir: mkdtempSync('/tmp/p4-'), sourceDate: 1e9, threads });
  const c = process.cpuUsage(cpu0);
  console.log(name, 'wall', ((performance.now() - t)/1000).toFixed(2), 'main-thread+workers cpu', ((c.user + c.system)/1e6).toFixed(2));
}
