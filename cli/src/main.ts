import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { formatLocation, ShenchaError } from '@shencha/core';
import { registerAttest } from './commands/attest.js';
import { registerClassify } from './commands/classify.js';
import { registerDossier } from './commands/dossier.js';
import { registerExport } from './commands/export.js';
import { registerInit } from './commands/init.js';
import { registerKeygen } from './commands/keygen.js';
import { registerLedger } from './commands/ledger.js';
import { registerPack } from './commands/pack.js';
import { registerRecheck } from './commands/recheck.js';
import { registerProve } from './commands/prove.js';
import { registerReveal } from './commands/reveal.js';
import { registerSbom } from './commands/sbom.js';
import { registerVerify } from './commands/verify.js';
import { exitCode, setExitCode } from './exit.js';
import { paint } from './output.js';

export const VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Error codes that mean "ran and found a problem" rather than "could not run". */
const FOUND_PROBLEM = new Set(['PACK_SECRET_SURVIVED']);

export function buildProgram(): Command {
  const program = new Command('shencha')
    .description('审查 shencha: prepares and keeps true a vendor\'s review dossier for China\'s cyber security review')
    .version(VERSION, '-V, --version', 'print the version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) });
  registerInit(program);
  registerKeygen(program);
  registerSbom(program);
  registerClassify(program);
  registerPack(program);
  registerDossier(program);
  registerVerify(program);
  registerAttest(program);
  registerLedger(program);
  registerRecheck(program);
  registerExport(program);
  registerProve(program);
  registerReveal(program);
  for (const cmd of program.commands) cmd.exitOverride();
  program.addHelpText('after', '\nExit codes: 0 ok · 1 could not run · 2 ran and found problems at or above --fail-on.');
  return program;
}

/** The one top-level error handler: one line per failure, a stable exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return exitCode();
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here with code 0; usage errors with 1.
      return e.exitCode === 0 ? 0 : 1;
    }
    if (e instanceof ShenchaError) {
      const where = e.location ? ` (${formatLocation(e.location)})` : '';
      const fix = e.howToFix ? `; ${e.howToFix}` : '';
      process.stderr.write(`${paint('error', 'shencha:')} ${e.message}${where} [${e.code}]${fix}\n`);
      if (argv.includes('--verbose') && e.cause) process.stderr.write(`${String((e.cause as Error).stack ?? e.cause)}\n`);
      setExitCode(FOUND_PROBLEM.has(e.code) ? 2 : 1);
      return exitCode();
    }
    process.stderr.write(`${paint('error', 'shencha: internal error:')} ${(e as Error).message}\n`);
    if (argv.includes('--verbose')) process.stderr.write(`${(e as Error).stack}\n`);
    else process.stderr.write('  (run again with --verbose for the stack trace, and please report it)\n');
    return 1;
  }
}
