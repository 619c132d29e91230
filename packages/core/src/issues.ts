/**
 * Findings are data. An Issue travels in every stage's result; a ShenchaError is thrown only
 * when a stage cannot go on. Every code is registered here so that codes stay stable and documented.
 */

export type Severity = 'info' | 'warning' | 'error';
export const SEVERITIES: readonly Severity[] = ['info', 'warning', 'error'];

export interface Location {
  path: string;
  line?: number;
  column?: number;
  /** JSON pointer or dotted field path inside a structured document. */
  field?: string;
}

export interface Issue {
  code: string;
  severity: Severity;
  /** The stage or component that raised it, e.g. `sbom/npm-lock-cataloger`. */
  source: string;
  message: string;
  location?: Location;
  howToFix?: string;
}

export interface IssueCodeInfo {
  severity: Severity;
  description: string;
}

const registry = new Map<string, IssueCodeInfo>();

/** Registers issue codes; packages call this once at module load for the codes they raise. */
export function registerIssueCodes(codes: Record<string, IssueCodeInfo>): void {
  for (const [code, info] of Object.entries(codes)) {
    const known = registry.get(code);
    if (known && known.description !== info.description) {
      throw new Error(`issue code ${code} registered twice with different meanings`);
    }
    registry.set(code, info);
  }
}

export function issueCodeInfo(code: string): IssueCodeInfo | undefined {
  return registry.get(code);
}

export function registeredIssueCodes(): ReadonlyMap<string, IssueCodeInfo> {
  return registry;
}

/** Builds an Issue from a registered code; the severity defaults to the registered one. */
export function makeIssue(
  code: string,
  source: string,
  message: string,
  extra: { location?: Location; howToFix?: string; severity?: Severity } = {},
): Issue {
  const info = registry.get(code);
  if (!info) throw new Error(`unregistered issue code ${code}`);
  const issue: Issue = { code, severity: extra.severity ?? info.severity, source, message };
  if (extra.location) issue.location = extra.location;
  if (extra.howToFix) issue.howToFix = extra.howToFix;
  return issue;
}

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

export type FailOn = Severity | 'none';

/** Exit code rule of DESIGN.md: 2 when any issue is at or above the threshold, else 0. */
export function exitCodeFor(issues: readonly Issue[], failOn: FailOn = 'error'): 0 | 2 {
  if (failOn === 'none') return 0;
  const threshold = severityRank(failOn);
  return issues.some((i) => severityRank(i.severity) >= threshold) ? 2 : 0;
}

export function formatLocation(loc: Location | undefined): string {
  if (!loc) return '';
  let s = loc.path;
  if (loc.line !== undefined) {
    s += `:${loc.line}`;
    if (loc.column !== undefined) s += `:${loc.column}`;
  }
  if (loc.field) s += ` (${loc.field})`;
  return s;
}

/** One line per issue: `error SBOM_PARSE_ERROR package-lock.json:3:7 message`. */
export function formatIssue(issue: Issue): string {
  const where = formatLocation(issue.location);
  return `${issue.severity} ${issue.code}${where ? ` ${where}` : ''}: ${issue.message}`;
}

export function sortIssues(issues: Issue[]): Issue[] {
  return issues.sort(
    (a, b) =>
      severityRank(b.severity) - severityRank(a.severity) ||
      cmp(a.location?.path ?? '', b.location?.path ?? '') ||
      (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
      (a.location?.column ?? 0) - (b.location?.column ?? 0) ||
      cmp(a.code, b.code) ||
      cmp(a.message, b.message),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Thrown only when a stage cannot continue. `code` is stable, prefixed by the stage. */
export class ShenchaError extends Error {
  readonly code: string;
  readonly location: Location | undefined;
  readonly howToFix: string | undefined;
  constructor(
    code: string,
    message: string,
    options: { cause?: unknown; location?: Location; howToFix?: string } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ShenchaError';
    this.code = code;
    this.location = options.location;
    this.howToFix = options.howToFix;
  }
}

registerIssueCodes({
  CORE_UNREADABLE_FILE: { severity: 'error', description: 'A file under the project root could not be read.' },
  CORE_PARSE_ERROR: { severity: 'error', description: 'A JSON or YAML document is malformed.' },
  CORE_SCHEMA_INVALID: { severity: 'error', description: 'A document does not match its JSON Schema.' },
  CORE_CONFIG_MISSING: { severity: 'info', description: 'No shencha.yaml was found; defaults apply.' },
  CORE_SYMLINK_RECORDED: { severity: 'info', description: 'A symbolic link was recorded and not followed.' },
  CORE_FILE_TOO_LARGE: { severity: 'warning', description: 'A file exceeds the configured size limit.' },
  CORE_SPECIAL_FILE: { severity: 'warning', description: 'A special file (socket, FIFO, device) was skipped.' },
});
