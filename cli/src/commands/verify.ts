import { resolve } from 'node:path';
import type { Command } from 'commander';
import { canonicalize, writeFileAtomic } from '@shencha/core';
import { readJsonFile, readTrustedKeys } from '../common.js';
import { setExitCode } from '../exit.js';
import { printJson, useColor } from '../output.js';

interface VerifyOptions {
  publicKey?: string;
  trustRoot?: string;
  expectProduct?: string;
  profile?: string;
  json?: boolean;
  sarif?: string;
  markdown?: string;
  quiet?: boolean;
  verbose?: boolean;
  proof?: string[];
  opening?: string[];
}

export function registerVerify(program: Command): void {
  program
    .command('verify <dossier-or-file>')
    .description('check a dossier (folder or bundle) or a single SBOM/shencha document, treating it as hostile input')
    .option('--public-key <file>', 'SPKI PEM public key the dossier must be signed with')
    .option('--trust-root <file>', 'JSON {keys: [{keyid, alg, publicKeyPem}]} of acceptable signers')
    .option('--expect-product <name[@version]>', 'reject a dossier of another product')
    .option('--profile <name>', 'turn profile gaps (e.g. ntia) into errors')
    .option('--json', 'print the ValidationReport as JSON on stdout')
    .option('--sarif <file>', 'also write a SARIF 2.1.0 report')
    .option('--markdown <file>', 'also write a Markdown summary')
    .option('--proof <file>', 'an inclusion proof from `shencha prove` to check against the source archive (repeatable)', collect, [])
    .option('--opening <file>', 'a span opening from `shencha reveal` to check against redactions.json (repeatable)', collect, [])
    .option('-q, --quiet', 'print nothing but errors')
    .option('-v, --verbose', 'print every check')
    .addHelpText('after', '\nExit 0 valid, 2 invalid, 1 could not run.\nExample: shencha verify --public-key examples/keys/demo-signing.pub.pem out/acme-gateway')
    .action(async (input: string, opts: VerifyOptions) => {
      const { formatReport, toMarkdown, toSarif, verifyPath } = await import('@shencha/verify');
      const trustedKeys = await readTrustedKeys(opts.publicKey, opts.trustRoot);
      const report = await verifyPath(resolve(input), {
        ...(trustedKeys ? { trustedKeys } : {}),
        ...(opts.expectProduct ? { expectProduct: opts.expectProduct } : {}),
        ...(opts.profile ? { profile: opts.profile } : {}),
        proofs: await Promise.all((opts.proof ?? []).map((f) => readJsonFile(f))),
        openings: await Promise.all((opts.opening ?? []).map((f) => readJsonFile(f))),
      });
      if (opts.sarif) await writeFileAtomic(resolve(opts.sarif), `${canonicalize(toSarif(report))}\n`);
      if (opts.markdown) await writeFileAtomic(resolve(opts.markdown), toMarkdown(report));
      if (opts.json) printJson(report);
      else if (!opts.quiet || !report.valid) process.stderr.write(formatReport(report, { color: useColor(), verbose: Boolean(opts.verbose) }));
      setExitCode(report.valid ? 0 : 2);
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
