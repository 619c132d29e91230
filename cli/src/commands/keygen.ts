import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { formatCommitmentKey, generateCommitmentKey, generateSigningKeyPair, makeDirectory, ShenchaError, SIGNATURE_ALGORITHMS, type SignatureAlgorithm } from '@shencha/core';
import { info, printJson } from '../output.js';

export function registerKeygen(program: Command): void {
  program
    .command('keygen')
    .description('make a signing key pair and a commitment key (keep them outside any dossier)')
    .requiredOption('-o, --output <dir>', 'folder to write the keys to (created; existing keys are never overwritten)')
    .addOption(new Option('--alg <algorithm>', 'signature algorithm').choices([...SIGNATURE_ALGORITHMS]).default('ed25519'))
    .option('--json', 'print the key id and file names as JSON')
    .option('-q, --quiet', 'print nothing')
    .addHelpText('after', '\nThe private key is encrypted when SHENCHA_KEY_PASSPHRASE is set.\nExample: shencha keygen --output ~/.shencha/keys')
    .action(async (opts: { output: string; alg: SignatureAlgorithm; json?: boolean; quiet?: boolean }) => {
      const dir = resolve(opts.output);
      await makeDirectory(dir, 0o700).catch((cause: Error) => {
        throw new ShenchaError('CORE_OUTPUT_NOT_WRITABLE', `cannot create ${dir}: ${cause.message}`, { cause, howToFix: 'choose an --output folder you can write to' });
      });
      const pair = generateSigningKeyPair(opts.alg, process.env['SHENCHA_KEY_PASSPHRASE'] || undefined);
      const files = {
        privateKey: join(dir, 'signing.key.pem'),
        publicKey: join(dir, 'signing.pub.pem'),
        commitmentKey: join(dir, 'commitment.key'),
      };
      try {
        // 'wx' refuses to overwrite: losing a key would orphan every dossier it signed.
        await writeFile(files.privateKey, pair.privateKeyPem, { mode: 0o600, flag: 'wx' });
        await writeFile(files.publicKey, pair.publicKeyPem, { mode: 0o644, flag: 'wx' });
        await writeFile(files.commitmentKey, formatCommitmentKey(generateCommitmentKey()), { mode: 0o600, flag: 'wx' });
      } catch (cause) {
        if ((cause as NodeJS.ErrnoException).code === 'EEXIST') {
          throw new ShenchaError('CLI_KEY_EXISTS', `${(cause as NodeJS.ErrnoException).path ?? dir} already exists; keys are never overwritten`, {
            howToFix: 'choose an empty --output folder',
          });
        }
        throw cause;
      }
      if (opts.json) printJson({ alg: pair.alg, keyid: pair.keyid, ...files });
      else
        info(
          `${pair.alg} key ${pair.keyid}\n  private key    ${files.privateKey} (secret)\n  public key     ${files.publicKey} (give to reviewers)\n  commitment key ${files.commitmentKey} (secret)`,
          opts,
        );

    });
}
