import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { ShenchaError } from '@shencha/core';
import { readTrustedKeys } from '../common.js';
import { setExitCode } from '../exit.js';
import { info, paint, printJson } from '../output.js';

interface RecheckOptions {
  publicKey?: string;
  trustRoot?: string;
  kb?: string;
  json?: boolean;
  failOn: 'change' | 'none';
  quiet?: boolean;
}

export function registerRecheck(program: Command): void {
  program
    .command('recheck <dossier>')
    .description("re-evaluate a cleared dossier's SBOM and classification against the current knowledge base (no source needed); lists every component whose class or tier would change")
    .option('--public-key <file>', 'SPKI PEM public key the dossier must be signed with')
    .option('--trust-root <file>', 'JSON {keys: [...]} of acceptable signers')
    .option('--kb <dir>', 'the knowledge base to recheck against (default: the built-in one)')
    .addOption(new Option('--fail-on <what>', 'exit 2 when a component would change').choices(['change', 'none']).default('change'))
    .option('--json', 'print the recheck report as JSON on stdout')
    .option('-q, --quiet', 'print errors only')
    .addHelpText('after', '\nExit 0 no change, 2 some class or tier would change, 1 could not run (an unusable dossier included).')
    .action(async (dossier: string, opts: RecheckOptions) => {
      const { recheck } = await import('@shencha/attest');
      const trustedKeys = await readTrustedKeys(opts.publicKey, opts.trustRoot);
      if (!trustedKeys) throw new ShenchaError('ATTEST_BASELINE_UNUSABLE', 'the dossier cannot be checked: no --public-key or --trust-root', { howToFix: 'pass the key that signed the dossier' });
      const report = await recheck(resolve(dossier), { trustedKeys, ...(opts.kb ? { kbDir: resolve(opts.kb) } : {}) });
      if (opts.json) printJson(report);
      else {
        const kb = report.knowledgeBase;
        const lines = [
          `${report.changes.length ? paint('warning', `${report.changes.length} component(s) would change`) : paint('ok', 'no component would change')} in ${report.product.name} ${report.product.version} (knowledge base ${kb.recorded?.version ?? '?'} → ${kb.current.version}; ${report.components} components)`,
          ...report.changes.map((c) => `  ${c.purl ?? c.bomRef}: ${c.before.class}/${c.before.tier} → ${c.after.class}/${c.after.tier}${c.reasons[0] ? ` — ${c.reasons[0]}` : ''}`),
          ...(report.curatedKept.length ? [`  ${report.curatedKept.length} curated component(s) kept as recorded`] : []),
        ];
        info(lines.join('\n'), opts);
      }
      setExitCode(report.changes.length && opts.failOn === 'change' ? 2 : 0);
    });
}
