import { resolve } from 'node:path';
import type { Command } from 'commander';
import { canonicalize, exitCodeFor, sortIssues, writeFileAtomic } from '@shencha/core';
import { withCommonOptions, type CommonOptions } from '../common.js';
import { setExitCode } from '../exit.js';
import { countBySeverity, info, printIssues } from '../output.js';
import { createProgress } from '../progress.js';

export function registerClassify(program: Command): void {
  withCommonOptions(
    program
      .command('classify [project-dir]')
      .description('origin class (O1–O8) and tier (T1–T3) of every component, with evidence')
      .option('--kb <dir>', 'use a newer knowledge base than the built-in one')
      .addHelpText('after', '\nWithout --output classification.json goes to stdout.\nExample: shencha classify --output classification.json examples/acme-gateway'),
    'file to write classification.json to (default: stdout)',
  ).action(async (projectDir: string | undefined, opts: CommonOptions & { kb?: string }) => {
      const { analyzeCode } = await import('@shencha/code');
      const { classifyProject, inventoryProject, openProject } = await import('@shencha/dossier');
    const progress = createProgress(opts);
    const ctx = await openProject({ projectDir: projectDir ?? '.', ...(opts.config ? { configPath: opts.config } : {}), skip: opts.output ? [resolve(opts.output)] : [], progress });
    const inventory = await inventoryProject(ctx);
    const usage = await analyzeCode(ctx.source);
    const classification = await classifyProject(ctx, inventory, usage, opts.kb);
    const issues = sortIssues([...ctx.issues, ...inventory.issues, ...usage.issues, ...classification.issues, ...classification.findings]);
    const doc = canonicalize(classification);
    if (opts.output) await writeFileAtomic(resolve(opts.output), doc);
    else process.stdout.write(`${doc}\n`);
    printIssues(issues, opts);
    const p = classification.product;
    if (opts.output) {
      info(
        `${p.componentCount} components: ${Object.entries(p.countsByClass).filter(([, n]) => n).map(([k, n]) => `${k} ${n}`).join(', ')}; T1 ${p.countsByTier.T1}, T2 ${p.countsByTier.T2}; domestic product: ${p.domesticEligible.verdict} (${countBySeverity(issues)})`,
        opts,
      );
    }
    setExitCode(exitCodeFor(issues, opts.failOn));
  });
}
