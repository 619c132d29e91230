import { resolve } from 'node:path';
import type { Command } from 'commander';
import { canonicalize, writeFileAtomic } from '@shencha/core';
import type { RedactionLog } from '@shencha/redact';
import { readCommitmentKey } from '../common.js';
import { info } from '../output.js';
import { readDossierJson } from './prove.js';

export function registerReveal(program: Command): void {
  program
    .command('reveal <span-id> [project-dir]')
    .description('open one masked span (or file:<path>) of a dossier: its own key and value, nothing about any other span')
    .requiredOption('--dossier <dir>', 'the dossier whose redactions.json holds the span')
    .requiredOption('--commitment-key <file>', 'the commitment key the dossier was built with')
    .option('-o, --output <file>', 'write the opening here (default: stdout)')
    .option('-q, --quiet', 'print nothing but the opening')
    .addHelpText('after', "\nThe reviewer checks it with `shencha verify --opening <file> <dossier>`.\nExample: shencha reveal 'config/default.yaml#48:10-48:30' examples/acme-gateway --dossier out/acme-gateway --commitment-key keys/commitment.key")
    .action(async (spanId: string, projectDir: string | undefined, opts: { dossier: string; commitmentKey: string; output?: string; quiet?: boolean }) => {
      const { openProject } = await import('@shencha/dossier');
      const { revealSpan } = await import('@shencha/pack');
      const commitmentKey = await readCommitmentKey(opts.commitmentKey);
      const log = await readDossierJson<RedactionLog>(opts.dossier, 'redactions.json');
      const ctx = await openProject({ projectDir: projectDir ?? '.', skip: [resolve(opts.dossier)], requireProfile: false });
      const opening = await revealSpan({ source: ctx.source, log, spanId, commitmentKey });
      const text = `${canonicalize(opening)}\n`;
      if (opts.output) {
        await writeFileAtomic(resolve(opts.output), text);
        info(`opening of ${spanId} → ${opts.output}`, opts);
      } else process.stdout.write(text);
    });
}
