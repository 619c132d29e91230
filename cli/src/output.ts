import { formatIssue, type Issue } from '@shencha/core';

/** Colour only on a TTY and never with NO_COLOR (DESIGN.md). */
export function useColor(stream: NodeJS.WriteStream = process.stderr): boolean {
  return Boolean(stream.isTTY) && !('NO_COLOR' in process.env);
}

const COLORS = { error: 31, warning: 33, info: 36, ok: 32, dim: 2, bold: 1 } as const;

export function paint(kind: keyof typeof COLORS, text: string, color = useColor()): string {
  return color ? `\u001b[${COLORS[kind]}m${text}\u001b[0m` : text;
}

export interface OutputOptions {
  quiet?: boolean;
  verbose?: boolean;
  json?: boolean;
}

/** Human lines go to stderr, so that stdout stays for machine output (--json, an SBOM). */
export function printIssues(issues: readonly Issue[], opts: OutputOptions): void {
  if (opts.quiet) {
    issues = issues.filter((i) => i.severity === 'error');
  } else if (!opts.verbose) {
    issues = issues.filter((i) => i.severity !== 'info');
  }
  const max = opts.verbose ? Infinity : 50;
  for (const issue of issues.slice(0, max)) {
    const line = formatIssue(issue);
    process.stderr.write(`${paint(issue.severity, issue.severity)}${line.slice(issue.severity.length)}\n`);
    if (opts.verbose && issue.howToFix) process.stderr.write(`  ${paint('dim', `fix: ${issue.howToFix}`)}\n`);
  }
  if (issues.length > max) process.stderr.write(`… ${issues.length - max} more issues (use --verbose or --json to see all)\n`);
}

export function info(text: string, opts: OutputOptions): void {
  if (!opts.quiet) process.stderr.write(`${text}\n`);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function countBySeverity(issues: readonly Issue[]): string {
  const n = (s: string) => issues.filter((i) => i.severity === s).length;
  return `${n('error')} errors, ${n('warning')} warnings`;
}
