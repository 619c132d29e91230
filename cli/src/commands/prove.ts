import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { canonicalize, parseJson, ShenchaError, writeFileAtomic } from '@shencha/core';
import type { PackageManifest } from '@shencha/pack';
import { info } from '../output.js';

/** Reads one JSON document of a dossier folder, for the verbs that work on the vendor's own dossier. */
export async function readDossierJson<T>(dossier: string, name: string): Promise<T> {
  const path = join(resolve(dossier), name);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new ShenchaError('CLI_DOSSIER_UNREADABLE', `cannot read ${path}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`, {
      cause,
      howToFix: 'pass the dossier folder written by `shencha dossier`',
    });
  }
  const parsed = parseJson<T>(text, name, 'cli');
  if (!parsed.ok) throw new ShenchaError('CLI_DOSSIER_UNREADABLE', parsed.issue.message, { ...(parsed.issue.location ? { location: parsed.issue.location } : {}) });
  return parsed.value;
}

export function registerProve(program: Command): void {
  program
    .command('prove <path> <dossier>')
    .description("an inclusion proof that <path> is an entry of the dossier's source archive (checked by `verify --proof`)")
    .option('-o, --output <file>', 'write the proof here (default: stdout)')
    .option('-q, --quiet', 'print nothing but the proof')
    .addHelpText('after', '\nExample: shencha prove src/server.ts out/acme-gateway > server.proof.json')
    .action(async (path: string, dossier: string, opts: { output?: string; quiet?: boolean }) => {
      const { proveInclusion } = await import('@shencha/pack');
      const manifest = await readDossierJson<PackageManifest>(dossier, 'package-manifest.json');
      const proof = proveInclusion(manifest, path);
      if (!proof) {
        throw new ShenchaError('CLI_NOT_ARCHIVED', `${path} is not an entry of the source archive`, {
          howToFix: 'package-manifest.json lists every path with its state; excluded files and symlinks are not archived',
        });
      }
      const text = `${canonicalize(proof)}\n`;
      if (opts.output) {
        await writeFileAtomic(resolve(opts.output), text);
        info(`proof of ${path} (leaf ${proof.proof.leafIndex + 1} of ${proof.proof.treeSize}) → ${opts.output}`, opts);
      } else process.stdout.write(text);
    });
}
