/**
 * The allow-list of shencha.yaml (`redaction.allow`) and inline allow comments.
 *
 * - `paths`: globs (picomatch, dot files included) of files whose findings are all allowed;
 * - `values`: exact values that are public on purpose (a published support address);
 * - a comment `shencha:allow <reason>` allows the findings on its own line and on the next line. The
 *   reason is required: a bare `shencha:allow` is reported and ignored.
 * Every allowance is reported as an info issue naming file, line and column, so the dossier shows
 * what was let through and why.
 */
import { makeIssue, registerIssueCodes, type Issue } from '@shencha/core';
import picomatch from 'picomatch';

registerIssueCodes({
  REDACT_ALLOWED: {
    severity: 'info',
    description: 'a finding was left unmasked by the allow-list (path, value or shencha:allow comment)',
  },
  REDACT_ALLOW_WITHOUT_REASON: {
    severity: 'warning',
    description: 'a shencha:allow comment without a reason is ignored',
  },
});

const ALLOW_COMMENT = /shencha:allow\b[ \t]*([^\r\n]*)/g;

export interface AllowList {
  pathAllowed(path: string): boolean;
  valueAllowed(value: string): boolean;
  /** 1-based lines covered by a `shencha:allow <reason>` comment, with the reason. */
  commentLines(text: string, path: string, issues: Issue[]): Map<number, string>;
}

export function createAllowList(allow: { paths?: string[]; values?: string[] } | undefined): AllowList {
  const matchers = (allow?.paths ?? []).map((g) => picomatch(g, { dot: true }));
  const values = new Set(allow?.values ?? []);
  return {
    pathAllowed: (path) => matchers.some((m) => m(path)),
    valueAllowed: (value) => values.has(value),
    commentLines(text, path, issues) {
      const lines = new Map<number, string>();
      if (!text.includes('shencha:allow')) return lines;
      ALLOW_COMMENT.lastIndex = 0;
      let m: RegExpExecArray | null;
      let line = 1;
      let counted = 0;
      while ((m = ALLOW_COMMENT.exec(text)) !== null) {
        for (let i = text.indexOf('\n', counted); i !== -1 && i < m.index; i = text.indexOf('\n', i + 1)) {
          line++;
          counted = i + 1;
        }
        // Strip comment closers: `*/`, `-->`, `#}`, `%>`.
        const reason = stripCloser(m[1]!);
        if (!reason) {
          issues.push(makeIssue('REDACT_ALLOW_WITHOUT_REASON', 'redact', 'shencha:allow needs a reason; the comment is ignored', { location: { path, line, column: m.index - text.lastIndexOf('\n', m.index - 1) } }));
          continue;
        }
        lines.set(line, reason);
        if (!lines.has(line + 1)) lines.set(line + 1, reason);
      }
      return lines;
    },
  };
}

export function allowedIssue(path: string, line: number, column: number, detector: string, why: string): Issue {
  return makeIssue('REDACT_ALLOWED', 'redact', `${detector} finding left unmasked: ${why}`, { location: { path, line, column } });
}

/** Drops a trailing comment closer (C block end, HTML `-->`, Jinja `#}`, ERB `%>` …) and blanks from a reason. */
function stripCloser(reason: string): string {
  let r = reason.trim();
  for (const closer of ['*/', '-->', '#}', '%>', '*)', '-}']) {
    if (r.endsWith(closer)) {
      r = r.slice(0, -closer.length).trim();
      break;
    }
  }
  return r;
}
