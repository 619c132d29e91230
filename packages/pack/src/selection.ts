import picomatch from 'picomatch';
import { comparePathBytes, makeIssue, type FileEntry, type FileSource, type Issue, type ShenchaConfig } from '@shencha/core';
import { PACK_SOURCE } from './issues.js';

/** Files above this size are excluded (rule `size-limit`) unless shencha.yaml sets pack.maxFileSize. */
export const DEFAULT_MAX_FILE_SIZE = 32 * 1024 * 1024;

export type Selection =
  | { state: 'archive'; entry: FileEntry; withhold?: { rule: string; reason: string } }
  | { state: 'excluded'; path: string; rule: string }
  | { state: 'symlink'; path: string; target: string };

export interface SelectionResult {
  /** One per FileIndex entry that stands for a path (files, symlinks, excluded folders), sorted as the index. */
  selections: Selection[];
  issues: Issue[];
}

// Names that archiver would rewrite (it turns `\` into `/`) or that no reviewer can check out faithfully.
const UNPORTABLE = /[\\\u0000-\u001f\u007f]/;

/**
 * Decides the state of every walked entry. Order of rules: the walk's own exclusion, unreadable,
 * unportable name, pack.include, vendored policy, withhold, size limit. Every exclusion names its rule.
 */
export function selectEntries(source: FileSource, config: ShenchaConfig): SelectionResult {
  const pack = config.pack ?? {};
  const include = pack.include?.length ? picomatch(pack.include, { dot: true }) : undefined;
  const withhold = (pack.withhold ?? []).map((w) => ({ ...w, isMatch: picomatch(w.paths, { dot: true }) }));
  const maxFileSize = pack.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const selections: Selection[] = [];
  const issues: Issue[] = [];

  for (const entry of source.index.entries) {
    const { path } = entry;
    if (entry.kind === 'directory') {
      // The walk records a folder only when it left it out (and did not descend it).
      selections.push({ state: 'excluded', path, rule: entry.excluded?.rule ?? 'unknown' });
      continue;
    }
    if (entry.excluded) {
      selections.push({ state: 'excluded', path, rule: entry.excluded.rule });
      continue;
    }
    if (entry.kind === 'symlink') {
      selections.push({ state: 'symlink', path, target: entry.linkTarget ?? '' });
      issues.push(
        makeIssue('PACK_SYMLINK_RECORDED', PACK_SOURCE, `${path} is a symlink to ${entry.linkTarget ?? '(unknown)'}; recorded, not followed`, {
          location: { path },
        }),
      );
      continue;
    }
    if (entry.kind !== 'file') {
      issues.push(makeIssue('PACK_SPECIAL_ENTRY', PACK_SOURCE, `${path} has an unknown kind; left out`, { location: { path } }));
      selections.push({ state: 'excluded', path, rule: 'special-file' });
      continue;
    }
    if (entry.unreadable !== undefined || entry.sha256 === undefined) {
      issues.push(
        makeIssue('PACK_UNREADABLE_FILE', PACK_SOURCE, `cannot read ${path}: ${entry.unreadable ?? 'not hashed by the walk'}; it is not in the source package`, {
          location: { path },
          howToFix: 'make the file readable by the user running shencha, or exclude it in shencha.yaml',
        }),
      );
      selections.push({ state: 'excluded', path, rule: 'unreadable' });
      continue;
    }
    if (UNPORTABLE.test(path)) {
      issues.push(
        makeIssue('PACK_UNPORTABLE_NAME', PACK_SOURCE, `${JSON.stringify(path)} holds a backslash or control character and cannot be archived faithfully`, {
          location: { path },
          howToFix: 'rename the file, or exclude it in shencha.yaml',
        }),
      );
      selections.push({ state: 'excluded', path, rule: 'unportable-name' });
      continue;
    }
    if (include && !include(path)) {
      selections.push({ state: 'excluded', path, rule: 'config:include' });
      continue;
    }
    if (entry.vendored && pack.vendored === 'exclude') {
      selections.push({ state: 'excluded', path, rule: 'policy:vendored' });
      continue;
    }
    const w = withhold.find((r) => r.isMatch(path));
    if (w) {
      selections.push({ state: 'archive', entry, withhold: { rule: w.rule, reason: w.reason } });
      continue;
    }
    if (entry.size > maxFileSize) {
      issues.push(
        makeIssue('PACK_FILE_TOO_LARGE', PACK_SOURCE, `${path} is ${entry.size} bytes, over pack.maxFileSize ${maxFileSize}; excluded by rule size-limit`, {
          location: { path },
          howToFix: 'raise pack.maxFileSize in shencha.yaml, or exclude the file explicitly',
        }),
      );
      selections.push({ state: 'excluded', path, rule: 'size-limit' });
      continue;
    }
    selections.push({ state: 'archive', entry });
  }
  return { selections, issues };
}

/**
 * Groups of names equal under case folding: files (`README`, `readme`) and folders (`Src/a`, `src/b`
 * merge into one folder on a case-insensitive file system). Each group sorted, groups sorted.
 */
export function caseCollisions(paths: readonly string[]): string[][] {
  const names = new Set<string>();
  for (const p of paths) {
    names.add(p);
    for (let i = p.indexOf('/'); i >= 0; i = p.indexOf('/', i + 1)) names.add(p.slice(0, i));
  }
  const groups = new Map<string, string[]>();
  for (const p of names) {
    const key = p.normalize('NFC').toLowerCase();
    const g = groups.get(key);
    if (g) g.push(p);
    else groups.set(key, [p]);
  }
  const out = [...groups.values()].filter((g) => g.length > 1).map((g) => g.sort(comparePathBytes));
  return out.sort((a, b) => comparePathBytes(a[0]!, b[0]!));
}
