import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { canonicalize, ShenchaError, writeFileAtomic } from '@shencha/core';
import { readTrustedKeys } from '../common.js';
import { info } from '../output.js';

interface ExportOptions {
  dependencyTrack?: boolean;
  publicKey?: string;
  trustRoot?: string;
  output?: string;
  quiet?: boolean;
}

export function registerExport(program: Command): void {
  program
    .command('export <dossier>')
    .description("export a verified dossier for another tool: --dependency-track writes the SBOM (with shencha:* properties) and example Dependency-Track policies")
    .option('--dependency-track', 'the SBOM for a Dependency-Track project, plus policies whose CEL conditions read shencha:* properties')
    .option('--public-key <file>', 'SPKI PEM public key the dossier must be signed with')
    .option('--trust-root <file>', 'JSON {keys: [...]} of acceptable signers')
    .option('-o, --output <dir>', 'where to write (default: out/<product>-dependency-track)')
    .option('-q, --quiet', 'print errors only')
    .addHelpText(
      'after',
      '\nWrites bom.json (upload: PUT /api/v1/bom, or `curl -X POST -F bom=@bom.json -F projectName=… -F projectVersion=… $DT/api/v1/bom`)\n' +
        'and policies.json (create each policy and its EXPRESSION condition under Policy Management, or through /api/v1/policy).',
    )
    .action(async (dossier: string, opts: ExportOptions) => {
      const { exportDependencyTrack } = await import('@shencha/attest');
      if (!opts.dependencyTrack) throw new ShenchaError('ATTEST_USAGE', 'say what to export: --dependency-track', { howToFix: 'shencha export --dependency-track --public-key <key> <dossier>' });
      const trustedKeys = await readTrustedKeys(opts.publicKey, opts.trustRoot);
      if (!trustedKeys) throw new ShenchaError('ATTEST_BASELINE_UNUSABLE', 'the dossier cannot be checked: no --public-key or --trust-root', { howToFix: 'pass the key that signed the dossier' });
      const result = await exportDependencyTrack(resolve(dossier), trustedKeys);
      const out = resolve(opts.output ?? join('out', `${result.product.name}-dependency-track`));
      await writeFileAtomic(join(out, 'bom.json'), result.bom);
      await writeFileAtomic(join(out, 'policies.json'), `${JSON.stringify(JSON.parse(canonicalize(result.policies)), null, 2)}\n`);
      info(`Dependency-Track export of ${result.product.name} ${result.product.version} → ${join(out, 'bom.json')}, ${join(out, 'policies.json')} (${result.policies.length} policies)`, opts);
    });
}
