import { normalizeName, parseHash, PyParseError, type PyLock, type PyPackage } from './model.js';
import { parseRequirement } from './pep508.js';

/**
 * pip requirements files: `\` continuations, `#` comments, global options, per-requirement
 * `--hash` options, editable and direct-URL requirements. An unparsable line is an error at its
 * line and column, and (as pip does) the whole file is then rejected.
 */

const GLOBAL_OPTIONS = new Set([
  '-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-i', '--index-url', '--extra-index-url',
  '-f', '--find-links', '--no-index', '--pre', '--trusted-host', '--prefer-binary', '--only-binary',
  '--no-binary', '--require-hashes', '--use-feature', '-Z', '--always-unzip', '--config-settings',
]);
const PER_REQUIREMENT = new Set(['--hash', '--global-option', '--install-option', '--config-settings']);

interface Logical {
  text: string;
  /** Physical line of each joined segment and where it starts in `text`. */
  segs: { line: number; at: number }[];
}

function logicalLines(text: string): Logical[] {
  const out: Logical[] = [];
  let cur: Logical | undefined;
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    let l = lines[n]!.replace(/\r$/, '');
    // A comment starts at `#` at the beginning or after whitespace.
    const hash = l.search(/(^|\s)#/);
    if (hash >= 0) l = l.slice(0, hash);
    const cont = /\\\s*$/.test(l);
    if (cont) l = l.replace(/\\\s*$/, '');
    if (!cur) cur = { text: '', segs: [] };
    cur.segs.push({ line: n + 1, at: cur.text.length });
    cur.text += l + (cont ? ' ' : '');
    if (!cont) {
      out.push(cur);
      cur = undefined;
    }
  }
  if (cur) out.push(cur);
  return out;
}

function locate(l: Logical, offset: number): { line: number; column: number } {
  let seg = l.segs[0]!;
  for (const s of l.segs) if (s.at <= offset) seg = s;
  return { line: seg.line, column: offset - seg.at + 1 };
}

/** Name of a direct reference: `#egg=name`, or a wheel/sdist file name. */
function nameFromUrl(url: string): { name: string; version?: string } | undefined {
  const egg = /[#&]egg=([A-Za-z0-9._-]+)/.exec(url);
  if (egg) return { name: egg[1]! };
  const file = url.split(/[?#]/)[0]!.split('/').pop() ?? '';
  const whl = /^([A-Za-z0-9_.]+)-([^-]+)-.*\.whl$/.exec(file);
  if (whl) return { name: whl[1]!, version: whl[2]! };
  const sdist = /^([A-Za-z0-9_.-]+?)-(\d[^-]*)\.(tar\.gz|zip|tar\.bz2)$/.exec(file);
  if (sdist) return { name: sdist[1]!, version: sdist[2]! };
  return undefined;
}

export function parseRequirements(text: string, path: string): PyLock {
  const packages: PyPackage[] = [];
  const errors: PyParseError[] = [];
  const includes: string[] = [];
  let allPinned = true;
  for (const l of logicalLines(text)) {
    const t = l.text;
    const start = t.search(/\S/);
    if (start < 0) continue;
    if (t[start] === '-') {
      const m = /^(--?[A-Za-z][A-Za-z0-9-]*)(?:[=\s]\s*(\S+))?/.exec(t.slice(start));
      const opt = m?.[1] ?? '';
      if (!GLOBAL_OPTIONS.has(opt)) {
        errors.push(new PyParseError(`unknown option '${opt || t.slice(start).split(/\s/)[0]}'`, locate(l, start).line, locate(l, start).column));
        continue;
      }
      const value = m?.[2];
      if ((opt === '-r' || opt === '--requirement' || opt === '-c' || opt === '--constraint') && value) includes.push(value);
      if ((opt === '-e' || opt === '--editable') && value) {
        const ref = nameFromUrl(value);
        packages.push({
          name: ref ? ref.name : value,
          hashes: [],
          deps: [],
          line: locate(l, start).line,
          properties: { 'shencha:pypi:editable': value },
          ...(/^[a-z+]+:\/\//.test(value) ? { vcsUrl: value } : {}),
          // A local editable install (`-e .`) is the project itself or code in the tree.
          ...(/^[a-z+]+:\/\//.test(value) ? {} : { firstParty: true }),
        });
        allPinned = false;
      }
      continue;
    }
    // Per-requirement options follow the requirement: ` --hash=sha256:…`.
    const optAt = t.slice(start).search(/\s--?[A-Za-z]/);
    const reqText = optAt >= 0 ? t.slice(start, start + optAt) : t.slice(start);
    const opts = optAt >= 0 ? t.slice(start + optAt) : '';
    const hashes = [];
    for (const o of opts.matchAll(/(--?[A-Za-z][A-Za-z0-9-]*)(?:[=\s]\s*(\S+))?/g)) {
      if (!PER_REQUIREMENT.has(o[1]!)) {
        const at = start + optAt + o.index;
        errors.push(new PyParseError(`unknown per-requirement option '${o[1]}'`, locate(l, at).line, locate(l, at).column + 1));
        continue;
      }
      if (o[1] === '--hash') {
        const h = parseHash(o[2]);
        if (!h) {
          const at = start + optAt + o.index;
          errors.push(new PyParseError(`invalid --hash value '${o[2] ?? ''}'`, locate(l, at).line, locate(l, at).column + 1));
          continue;
        }
        hashes.push(h);
      }
    }
    const line = locate(l, start).line;
    if (/^(\.{1,2}\/|\/|[A-Za-z][A-Za-z0-9+.-]*:\/\/|file:)/.test(reqText.trim())) {
      const url = reqText.trim();
      const ref = nameFromUrl(url);
      packages.push({
        name: ref?.name ?? url,
        ...(ref?.version ? { version: ref.version } : {}),
        hashes,
        deps: [],
        line,
        properties: { 'shencha:pypi:direct-reference': url },
        ...(/^[a-z+]+:\/\//.test(url) ? { downloadUrl: url } : {}),
      });
      if (!ref?.version) allPinned = false;
      continue;
    }
    const parsed = parseRequirement(reqText);
    if (!parsed.ok) {
      const at = locate(l, start + parsed.column - 1);
      errors.push(new PyParseError(`not a requirement: ${parsed.message}`, at.line, at.column));
      continue;
    }
    const r = parsed.req;
    const props: Record<string, string> = {};
    if (r.marker) props['shencha:pypi:marker'] = r.marker;
    if (r.specifier && !r.pinned) props['shencha:pypi:specifier'] = r.specifier;
    if (r.extras.length > 0) props['shencha:pypi:extras'] = r.extras.join(',');
    if (r.url) props['shencha:pypi:direct-reference'] = r.url;
    if (!r.pinned) {
      allPinned = false;
      props['shencha:version-unresolved'] = r.specifier || (r.url ? 'direct reference' : 'any version');
    }
    packages.push({
      name: r.name,
      ...(r.pinned ? { version: r.pinned } : {}),
      hashes,
      deps: [],
      line,
      properties: props,
      ...(r.url ? { downloadUrl: r.url } : {}),
    });
  }
  if (errors.length > 0) throw new AggregateRequirementsError(errors);
  const lock: PyLock = {
    path,
    format: 'requirements',
    packages,
    // Every line is a direct requirement of the project.
    roots: packages.map((p) => ({ name: normalizeName(p.name), kind: 'required' as const, ...(p.version ? { version: p.version } : {}) })),
    complete: allPinned && includes.length === 0,
  };
  return lock;
}

export class AggregateRequirementsError extends Error {
  constructor(readonly errors: PyParseError[]) {
    super(errors[0]?.message ?? 'invalid requirements file');
  }
}
