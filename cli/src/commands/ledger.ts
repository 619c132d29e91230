import { resolve } from 'node:path';
import type { Command } from 'commander';
import { formatIssue, ShenchaError } from '@shencha/core';
import { readTrustedKeys } from '../common.js';
import { setExitCode } from '../exit.js';
import { info, paint, printJson } from '../output.js';

interface LedgerVerifyOptions {
  publicKey?: string;
  trustRoot?: string;
  head?: string;
  json?: boolean;
  quiet?: boolean;
}

export function registerLedger(program: Command): void {
  const ledger = program.command('ledger').description('the append-only ledger of attestations (.shencha/ledger/)');
  ledger
    .command('verify [ledger-dir]')
    .description('check every entry: signed by a trusted key, numbered in order, chained to the previous one; with --head, that no newest entry was removed')
    .option('--public-key <file>', 'SPKI PEM public key the entries must be signed with')
    .option('--trust-root <file>', 'JSON {keys: [...]} of acceptable signers')
    .option('--head <digest>', "the ledger head recorded in the newest attestation (predicate.ledger.head)")
    .option('--json', 'print the verification as JSON on stdout')
    .option('-q, --quiet', 'print errors only')
    .addHelpText('after', `\nDefault folder: ./.shencha/ledger. Exit 0 valid, 2 broken, 1 could not run.`)
    .action(async (dir: string | undefined, opts: LedgerVerifyOptions) => {
      const { LEDGER_DIR, verifyLedger } = await import('@shencha/attest');
      const keys = await readTrustedKeys(opts.publicKey, opts.trustRoot);
      if (!keys) throw new ShenchaError('ATTEST_USAGE', 'ledger verify needs --public-key or --trust-root', { howToFix: 'pass the key that signs the attestations' });
      if (opts.head !== undefined && !/^[0-9a-f]{64}$/.test(opts.head)) {
        throw new ShenchaError('ATTEST_USAGE', `--head must be a sha256 hex digest, got "${opts.head}"`);
      }
      const result = await verifyLedger(resolve(dir ?? LEDGER_DIR), keys, opts.head);
      if (opts.json) printJson({ valid: result.valid, entries: result.entries, head: result.head, issues: result.issues });
      for (const i of result.issues) process.stderr.write(`${paint('error', 'error')}${formatIssue(i).slice('error'.length)}\n`);
      info(
        result.valid
          ? `${paint('ok', 'ledger valid')}: ${result.entries} entr${result.entries === 1 ? 'y' : 'ies'}, head ${result.head ?? '(empty)'}`
          : `${paint('error', 'ledger broken')}: ${result.issues.length} problem(s) in ${result.entries} entr${result.entries === 1 ? 'y' : 'ies'}`,
        opts,
      );
      setExitCode(result.valid ? 0 : 2);
    });
}
