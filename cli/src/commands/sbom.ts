import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { exitCodeFor, isoDate, sortIssues, writeFileAtomic } from '@shencha/core';
import { withCommonOptions, type CommonOptions } from '../common.js';
import { setExitCode } from '../exit.js';
import { countBySeverity, info, printIssues, printJson } from '../output.js';
import { createProgress } from '../progress.js';

interface SbomOptions extends CommonOptions {
  format: 'cyclonedx-json' | 'cyclonedx-xml' | 'spdx-json';
  specVersion: '1.6' | '1.7';
}

export function registerSbom(program: Command): void {
  withCommonOptions(
    program
      .command('sbom [project-dir]')
      .description('read every lockfile and manifest, offline, into an SBOM')
      .addOption(new Option('--format <format>', 'output format').choices(['cyclonedx-json', 'cyclonedx-xml', 'spdx-json']).default('cyclonedx-json'))
      .addOption(new Option('--spec-version <version>', 'CycloneDX version').choices(['1.6', '1.7']).default('1.6'))
      .addHelpText('after', '\nWithout --output the SBOM goes to stdout.\nExample: shencha sbom --output sbom.cdx.json examples/acme-gateway'),
    'file to write the SBOM to (default: stdout)',
  ).action(async (projectDir: string | undefined, opts: SbomOptions) => {
      const { inventoryProject, openProject, TOOL_VERSION } = await import('@shencha/dossier');
      const { toCycloneDx, toCycloneDxJsonBytes, toSpdx } = await import('@shencha/sbom');
    const progress = createProgress(opts);
    const ctx = await openProject({ projectDir: projectDir ?? '.', ...(opts.config ? { configPath: opts.config } : {}), skip: opts.output ? [resolve(opts.output)] : [], progress, requireProfile: false });
    const inventory = await inventoryProject(ctx);
    const timestamp = isoDate(ctx.sourceDate.epoch);
    const cdx = { specVersion: opts.specVersion, timestamp, toolVersion: TOOL_VERSION };
    // CycloneDX JSON stays bytes from the writer to the file (a large SBOM is tens of MB).
    const document =
      opts.format === 'spdx-json'
        ? toSpdx(inventory, { timestamp, toolVersion: TOOL_VERSION })
        : opts.format === 'cyclonedx-xml'
          ? toCycloneDx(inventory, { ...cdx, format: 'xml' })
          : toCycloneDxJsonBytes(inventory, cdx);
    const issues = sortIssues([...ctx.issues, ...inventory.issues]);
    if (opts.output) await writeFileAtomic(resolve(opts.output), document);
    else {
      process.stdout.write(document);
      const last = typeof document === 'string' ? document.charCodeAt(document.length - 1) : document[document.length - 1];
      if (last !== 0x0a) process.stdout.write('\n');
    }
    printIssues(issues, opts);
    if (opts.output) {
      if (opts.json) printJson({ output: resolve(opts.output), components: inventory.components.length, issues });
      else info(`${inventory.components.length} components → ${opts.output} (${countBySeverity(issues)})`, opts);
    }
    setExitCode(exitCodeFor(issues, opts.failOn));
  });
}
