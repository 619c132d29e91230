import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { ShenchaError } from '@shencha/core';
import type { FailOnChange } from '@shencha/attest';
import { readCommitmentKey, readSigningKey, readTrustedKeys } from '../common.js';
import { setExitCode } from '../exit.js';
import { info, paint, printIssues, printJson } from '../output.js';
import { createProgress } from '../progress.js';

interface AttestCliOptions {
  baseline: string;
  publicKey?: string;
  trustRoot?: string;
  key?: string;
  output?: string;
  config?: string;
  json?: boolean;
  failOn: FailOnChange;
  markdown?: string;
  sarif?: string;
  ledger?: string | false;
  cache?: string | false;
  kb?: string;
  commitmentKey?: string;
  quiet?: boolean;
  verbose?: boolean;
}

export function registerAttest(program: Command): void {
  program
    .command('attest [project-dir]')
    .description('re-attest a release against the last cleared dossier: change class, triggers, revocation-risk score, signed attestation, ledger entry')
    .requiredOption('--baseline <dossier>', 'the last cleared dossier (folder or bundle)')
    .option('--public-key <file>', 'SPKI PEM public key the baseline must be signed with')
    .option('--trust-root <file>', 'JSON {keys: [...]} of acceptable signers of the baseline')
    .option('--key <file>', 'private key that signs attestation.dsse.json and the ledger entry (SHENCHA_KEY_PASSPHRASE decrypts an encrypted one)')
    .option('-o, --output <dir>', 'where attestation.json and attestation.dsse.json go (default: out/<product>-attest)')
    .option('-c, --config <file>', 'shencha.yaml to use (default: <project>/shencha.yaml)')
    .addOption(new Option('--fail-on <class>', 'exit 2 when the change class reaches this').choices(['none', 'minor', 'material']).default('material'))
    .option('--markdown <file>', 'also write a Markdown summary (for a pull-request comment)')
    .option('--sarif <file>', 'also write SARIF 2.1.0')
    .option('--ledger <dir>', 'the ledger folder (default: <project>/.shencha/ledger)')
    .option('--no-ledger', 'write no ledger entry')
    .option('--cache <dir>', 'the cache folder (default: <project>/.shencha/cache)')
    .option('--no-cache', 'use no cache')
    .option('--kb <dir>', 'use a newer knowledge base than the built-in one')
    .option('--commitment-key <file>', "the dossier's commitment key: compares files the baseline holds redacted or withheld (without git)")
    .option('--json', 'print attestation.json on stdout')
    .option('-q, --quiet', 'print errors only')
    .option('-v, --verbose', 'print every trigger and issue')
    .addHelpText(
      'after',
      '\nExit 0 below --fail-on, 2 at or above it, 1 could not run (including an unusable baseline).\n' +
        'Example: shencha attest --baseline cleared/acme-gateway --public-key keys/signing.pub.pem --key keys/signing.key.pem --markdown attest.md .',
    )
    .action(async (projectDir: string | undefined, opts: AttestCliOptions) => {
      const { attest } = await import('@shencha/attest');
      const trustedKeys = (await readTrustedKeys(opts.publicKey, opts.trustRoot)) ?? [];
      if (trustedKeys.length === 0) {
        throw new ShenchaError('ATTEST_BASELINE_UNUSABLE', 'the baseline cannot be checked: no --public-key or --trust-root', {
          howToFix: 'pass the key that signed the cleared dossier',
        });
      }
      const signingKey = opts.key ? await readSigningKey(opts.key) : undefined;
      const result = await attest({
        projectDir: projectDir ?? '.',
        baseline: opts.baseline,
        trustedKeys,
        ...(signingKey ? { signingKey } : {}),
        ...(opts.config ? { configPath: opts.config } : {}),
        ...(opts.output ? { output: opts.output } : {}),
        failOn: opts.failOn,
        ...(opts.markdown ? { markdown: opts.markdown } : {}),
        ...(opts.sarif ? { sarif: opts.sarif } : {}),
        ...(opts.ledger === false ? { ledgerDir: false as const } : opts.ledger ? { ledgerDir: resolve(opts.ledger) } : {}),
        ...(opts.cache === false ? { cacheDir: false as const } : opts.cache ? { cacheDir: resolve(opts.cache) } : {}),
        ...(opts.kb ? { kbDir: opts.kb } : {}),
        ...(opts.commitmentKey ? { commitmentKey: await readCommitmentKey(opts.commitmentKey) } : {}),
        progress: createProgress(opts),
      });
      const p = result.statement.predicate;
      printIssues(p.issues, opts);
      if (opts.json) printJson(result.statement);
      else {
        const kind = p.changeClass === 'material' ? 'error' : p.changeClass === 'minor' ? 'warning' : 'ok';
        const shown = p.triggers.filter((t) => opts.verbose || t.changeClass !== 'none');
        const lines = [
          `${paint(kind, p.changeClass.toUpperCase())} change in ${p.current.product.name} ${p.current.product.version} against the cleared ${p.baseline.product.version} — score ${p.score}/100, recommended action: ${p.recommendedAction}`,
          ...shown.slice(0, opts.verbose ? Infinity : 20).map((t) => {
            const ev = t.evidence[0];
            return `  ${paint(t.changeClass === 'material' ? 'error' : t.changeClass === 'minor' ? 'warning' : 'dim', t.changeClass.padEnd(8))} ${t.rule}: ${t.message}${ev ? ` [${ev.in === 'baseline' ? 'baseline ' : ''}${ev.path}${ev.line ? `:${ev.line}` : ''}]` : ''}`;
          }),
          ...(shown.length > 20 && !opts.verbose ? [`  … ${shown.length - 20} more (--verbose)`] : []),
          `  → ${result.files.join(', ')}`,
          ...(p.ledger ? [`  ledger entry ${p.ledger.sequence}, head ${p.ledger.head}`] : []),
          ...(result.cache ? [`  cache: ${result.cache.hits} hits, ${result.cache.misses} misses (code facts)${result.digests ? `; ${result.digests.hits} files not re-read, ${result.digests.misses} read` : ''}`] : []),
        ];
        info(lines.join('\n'), opts);
      }
      setExitCode(result.exitCode);
    });
}
