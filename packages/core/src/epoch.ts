import { execFileSync } from 'node:child_process';

export interface SourceDate {
  /** Seconds since the Unix epoch. */
  epoch: number;
  /** Where the value came from; the manifest records it. */
  source: 'SOURCE_DATE_EPOCH' | 'git-head-commit-time' | 'current-time';
}

/** SOURCE_DATE_EPOCH, else the commit time of HEAD in a git work tree, else now (DESIGN.md). */
export function resolveSourceDate(projectDir: string, env: NodeJS.ProcessEnv = process.env): SourceDate {
  const raw = env['SOURCE_DATE_EPOCH'];
  if (raw !== undefined && raw !== '') {
    if (!/^\d+$/.test(raw)) throw new Error(`SOURCE_DATE_EPOCH must be a whole number of seconds, got "${raw}"`);
    return { epoch: Number(raw), source: 'SOURCE_DATE_EPOCH' };
  }
  const head = gitHead(projectDir);
  if (head) return { epoch: head.time, source: 'git-head-commit-time' };
  return { epoch: Math.floor(Date.now() / 1000), source: 'current-time' };
}

export function isoDate(epoch: number): string {
  return new Date(epoch * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The commit and time of HEAD when `dir` is inside a git work tree (read-only git calls). */
export function gitHead(dir: string): { commit: string; time: number } | undefined {
  try {
    const out = execFileSync('git', ['-C', dir, 'log', '-1', '--format=%H %ct', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' },
    }).trim();
    const [commit, time] = out.split(' ');
    if (!commit || !time) return undefined;
    return { commit, time: Number(time) };
  } catch {
    return undefined;
  }
}
