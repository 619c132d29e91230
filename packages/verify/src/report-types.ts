import { sortIssues, type Issue } from '@shencha/core';

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

export interface Check {
  id: string;
  status: CheckStatus;
  message: string;
  path?: string;
}

export interface NtiaSummary {
  components: number;
  /** Share (0–1, 4 decimals) of components with each element. */
  supplier: number;
  version: number;
  uniqueId: number;
  relationships: number;
  /** Document-level elements. */
  author: boolean;
  timestamp: boolean;
  profile?: string;
}

export interface ValidationReport {
  schemaVersion: 1;
  subject: { path: string; kind: 'dossier' | 'bundle' | 'cyclonedx' | 'shencha-document' };
  valid: boolean;
  signature: { status: 'verified' | 'not-checked' | 'failed'; keyid?: string };
  checks: Check[];
  issues: Issue[];
  ntia?: NtiaSummary;
}

/** Collects checks and issues; a check's status follows the worst issue raised under it. */
export class Collector {
  readonly checks: Check[] = [];
  readonly issues: Issue[] = [];

  check(id: string, path: string | undefined, passMessage: string, issues: Issue[]): CheckStatus {
    this.issues.push(...issues);
    const status: CheckStatus = issues.some((i) => i.severity === 'error')
      ? 'fail'
      : issues.some((i) => i.severity === 'warning')
        ? 'warn'
        : 'pass';
    const message = status === 'pass' ? passMessage : issues.length === 1 ? issues[0]!.message : `${issues[0]!.message} (and ${issues.length - 1} more)`;
    this.checks.push({ id, status, message, ...(path !== undefined ? { path } : {}) });
    return status;
  }

  skip(id: string, path: string | undefined, message: string): void {
    this.checks.push({ id, status: 'skip', message, ...(path !== undefined ? { path } : {}) });
  }

  add(...issues: Issue[]): void {
    this.issues.push(...issues);
  }

  sorted(): { checks: Check[]; issues: Issue[] } {
    const checks = [...this.checks].sort((a, b) => cmp(a.id, b.id) || cmp(a.path ?? '', b.path ?? '') || cmp(a.message, b.message));
    return { checks, issues: sortIssues(dedupe(this.issues)) };
  }
}

function dedupe(issues: Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = JSON.stringify([i.code, i.severity, i.message, i.location]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
