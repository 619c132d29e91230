import { createRequire } from 'node:module';
import type cliProgressModule from 'cli-progress';
import { silentProgress, type Progress } from '@shencha/core';

// cli-progress loads only when a bar is really drawn (a TTY, not --quiet/--json, not CI).
const require = createRequire(import.meta.url);

/** A progress bar on stderr, only when stderr is a TTY and output is not quiet or JSON. */
export function createProgress(opts: { quiet?: boolean; json?: boolean }): Progress {
  if (!process.stderr.isTTY || opts.quiet || opts.json || process.env['CI']) return silentProgress;
  const cliProgress = require('cli-progress') as typeof cliProgressModule;
  let bar: cliProgressModule.SingleBar | undefined;
  let label = '';
  return {
    start(l, total) {
      label = l;
      bar = new cliProgress.SingleBar(
        { stream: process.stderr, format: `${label.padEnd(6)} {bar} {value}/{total} {detail}`, hideCursor: true, clearOnComplete: true, etaBuffer: 50 },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total ?? 0, 0, { detail: '' });
    },
    update(done, detail) {
      if (!bar) return;
      if (done > bar.getTotal()) bar.setTotal(done);
      bar.update(done, { detail: (detail ?? '').slice(-40) });
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
