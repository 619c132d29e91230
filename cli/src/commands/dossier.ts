import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { exitCodeFor } from '@shencha/core';
import { readCommitmentKey, readSigningKey, withCommonOptions, type CommonOptions } from '../common.js';
import { setExitCode } from '../exit.js';
import { countBySeverity, info, printIssues, printJson } from '../output.js';
import { createProgress } from '../progress.js';

interface DossierOptions extends CommonOptions {
  key: string;
  commitmentKey: string;
  archive?: 'tar.gz' | 'zip';
  specVersion?: '1.6' | '1.7';
  bundle?: 'tar.gz' | 'zip';
  kb?: string;
  changeRecord?: string;
}

export function registerDossier(program: Command): void {
  withCommonOptions(
    program
      .command('dossier [project-dir]')
      .description('the whole pipeline: SBOM, classification, CBOM, redacted source, vendor statements, signed manifest, reports')
      .requiredOption('--key <file>', 'private signing key (PKCS#8 PEM; SHENCHA_KEY_PASSPHRASE decrypts an encrypted one)')
      .requiredOption('--commitment-key <file>', 'commitment key for redaction commitments')
      .addOption(new Option('--archive <format>', 'source archive format').choices(['tar.gz', 'zip']))
      .addOption(new Option('--spec-version <version>', 'CycloneDX version').choices(['1.6', '1.7']))
      .addOption(new Option('--bundle <format>', 'also write <product>-dossier.tar.gz|zip beside the folder').choices(['tar.gz', 'zip']))
      .option('--kb <dir>', 'use a newer knowledge base than the built-in one')
      .option('--change-record <attestation.json>', 'the last `shencha attest` result against the previous cleared dossier (section D12)')
      .addHelpText('after', '\nExample: shencha dossier --key keys/signing.key.pem --commitment-key keys/commitment.key examples/acme-gateway'),
    'dossier folder (default: out/<product>)',
  ).action(async (projectDir: string | undefined, opts: DossierOptions) => {
      const { buildDossier } = await import('@shencha/dossier');
    const signingKey = await readSigningKey(opts.key);
    const commitmentKey = await readCommitmentKey(opts.commitmentKey);
    const result = await buildDossier({
      projectDir: projectDir ?? '.',
      ...(opts.config ? { configPath: opts.config } : {}),
      ...(opts.output ? { output: resolve(opts.output) } : {}),
      signingKey,
      commitmentKey,
      ...(opts.archive ? { archive: opts.archive } : {}),
      ...(opts.specVersion ? { specVersion: opts.specVersion } : {}),
      ...(opts.bundle ? { bundle: opts.bundle } : {}),
      ...(opts.kb ? { kbDir: opts.kb } : {}),
      ...(opts.changeRecord ? { changeRecord: resolve(opts.changeRecord) } : {}),
      progress: createProgress(opts),
    });
    printIssues(result.issues, opts);
    const m = result.manifest;
    if (opts.json) {
      printJson({ output: result.outputDir, bundle: result.bundleFile, product: m.product, merkleRoot: m.merkleRoot, summary: m.summary, sections: m.sections.map((s) => ({ id: s.id, status: s.status })), issues: result.issues });
    } else {
      const s = m.summary;
      const missing = m.sections.filter((x) => x.status === 'missing').map((x) => x.id);
      info(
        [
          `dossier of ${m.product.name} ${m.product.version} → ${result.outputDir}${result.bundleFile ? ` (bundle ${result.bundleFile})` : ''}`,
          `  components ${s['components']} (first-party ${s['firstParty']}, unknown origin ${s['o8Unknown']}), T1 ${s['t1']}, T2 ${s['t2']}`,
          `  crypto call sites ${s['cryptoAssets']}, remote channels ${s['remoteChannels']}`,
          `  source: ${s['archivedFiles']} files archived, ${s['redactedSpans']} spans masked, ${s['withheldFiles']} files withheld`,
          `  sections: ${m.sections.length - missing.length}/${m.sections.length} present${missing.length ? ` (missing ${missing.join(', ')})` : ''}; ${m.files.length + 2} files signed, Merkle root ${m.merkleRoot.slice(0, 16)}…`,
          `  ${countBySeverity(result.issues)}`,
        ].join('\n'),
        opts,
      );
    }
    setExitCode(exitCodeFor(result.issues, opts.failOn));
  });
}
