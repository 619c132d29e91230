import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { exitCodeFor, sortIssues, StagedDirectory } from '@shencha/core';
import { readCommitmentKey, withCommonOptions, type CommonOptions } from '../common.js';
import { setExitCode } from '../exit.js';
import { countBySeverity, info, printIssues, printJson } from '../output.js';
import { createProgress } from '../progress.js';

export function registerPack(program: Command): void {
  withCommonOptions(
    program
      .command('pack [project-dir]')
      .description('the redacted, deterministic source archive with its package manifest and redaction log')
      .requiredOption('--commitment-key <file>', 'commitment key made by `shencha keygen`')
      .addOption(new Option('--archive <format>', 'archive format').choices(['tar.gz', 'zip']))
      .addHelpText('after', '\nExample: shencha pack --commitment-key keys/commitment.key --output out/source examples/acme-gateway'),
    'folder to write the archive, package-manifest.json and redactions.json to (default: out/<product>-source)',
  ).action(async (projectDir: string | undefined, opts: CommonOptions & { commitmentKey: string; archive?: 'tar.gz' | 'zip' }) => {
      const { openProject } = await import('@shencha/dossier');
      const { packSource, startDetectors } = await import('@shencha/pack');
    const commitmentKey = await readCommitmentKey(opts.commitmentKey);
    const progress = createProgress(opts);
    const skip = resolve(opts.output ?? 'out');
    // The detector threads start while the tree is walked; whatever goes wrong before packing closes them.
    let detectors: ReturnType<typeof startDetectors> | undefined;
    let ctx;
    try {
      ctx = await openProject({
        projectDir: projectDir ?? '.',
        ...(opts.config ? { configPath: opts.config } : {}),
        skip: [skip],
        progress,
        requireProfile: false,
        onConfig: (config) => {
          detectors = startDetectors(config.redaction);
          detectors.catch(() => undefined); // a bad redaction config is reported by packSource
        },
      });
    } catch (e) {
      await detectors?.then((d) => d.close(), () => undefined);
      throw e;
    }
    const outputDir = resolve(opts.output ?? `out/${ctx.product.name}-source`);
    const staged = await StagedDirectory.create(outputDir).catch(async (e: unknown) => {
      await detectors?.then((d) => d.close(), () => undefined);
      throw e;
    });
    let result;
    try {
      progress.start('pack', ctx.source.index.entries.length);
      result = await packSource({
        source: ctx.source,
        config: ctx.loaded.config,
        commitmentKey,
        outputDir: staged.path,
        archive: opts.archive ?? ctx.loaded.config.pack?.archive ?? 'tar.gz',
        sourceDate: ctx.sourceDate.epoch,
        onProgress: (done, _t, path) => progress.update(done, path),
        ...(detectors ? { detectors } : {}),
      });
      progress.stop();
      await staged.commit();
    } catch (e) {
      progress.stop();
      await staged.abort();
      throw e;
    }
    const issues = sortIssues([...ctx.issues, ...result.issues]);
    printIssues(issues, opts);
    const s = result.stats;
    if (opts.json) printJson({ output: outputDir, stats: s, merkleRoot: result.packageManifest.merkle.root, issues });
    else
      info(
        `${s.included + s.redacted + s.withheld} files archived (${s.redacted} masked, ${s.withheld} withheld), ${s.excluded} excluded, ${s.spans} spans masked → ${outputDir} (${countBySeverity(issues)})`,
        opts,
      );
    setExitCode(exitCodeFor(issues, opts.failOn));
  });
}
