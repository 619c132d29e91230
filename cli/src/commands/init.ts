import { writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { ShenchaError } from '@shencha/core';
import { info } from '../output.js';

export function registerInit(program: Command): void {
  program
    .command('init [project-dir]')
    .description('write a bilingual vendor.yaml template and a shencha.yaml into the project (never overwriting)')
    .option('--name <product>', 'product name (default: the folder name)')
    .option('--product-version <version>', 'product version', '0.1.0')
    .option('-q, --quiet', 'print nothing')
    .action(async (projectDir: string | undefined, opts: { name?: string; productVersion: string; quiet?: boolean }) => {
      const { CONFIG_TEMPLATE, vendorProfileTemplate } = await import('@shencha/dossier');
      const dir = resolve(projectDir ?? '.');
      const name = (opts.name ?? basename(dir)).replace(/[^A-Za-z0-9._-]/g, '-');
      const files: [string, string][] = [
        ['vendor.yaml', vendorProfileTemplate({ name, version: opts.productVersion })],
        ['shencha.yaml', CONFIG_TEMPLATE],
      ];
      for (const [file, text] of files) {
        try {
          await writeFile(join(dir, file), text, { flag: 'wx' });
          info(`wrote ${join(dir, file)}`, opts);
        } catch (cause) {
          const code = (cause as NodeJS.ErrnoException).code;
          if (code === 'EEXIST') info(`kept the existing ${file}`, opts);
          else throw new ShenchaError('CLI_OUTPUT_NOT_WRITABLE', `cannot write ${join(dir, file)}: ${code ?? (cause as Error).message}`, { cause });
        }
      }
    });
}
