/**
 * go.mod, parsed the way `golang.org/x/mod/modfile` does: line-oriented directives, `( … )`
 * blocks, `//` comments (the `// indirect` marker), quoted paths; any unknown directive is an
 * error at its line and column, as the go command reports it.
 */

export interface GoRequire {
  path: string;
  version: string;
  indirect: boolean;
  line: number;
}

export interface GoReplace {
  oldPath: string;
  oldVersion?: string;
  newPath: string;
  /** undefined for a local directory replacement. */
  newVersion?: string;
  line: number;
}

export interface GoMod {
  module?: string;
  moduleLine: number;
  go?: string;
  toolchain?: string;
  requires: GoRequire[];
  replaces: GoReplace[];
  excludes: { path: string; version: string; line: number }[];
  tools: string[];
}

export interface GoModError {
  message: string;
  line: number;
  column: number;
}

const KNOWN = new Set(['module', 'go', 'toolchain', 'godebug', 'require', 'replace', 'exclude', 'retract', 'tool', 'ignore']);

interface Token {
  text: string;
  column: number;
}

/** Splits one line into tokens and its trailing comment; quotes may hold spaces. */
function lex(line: string): { tokens: Token[]; comment?: string } | { error: string; column: number } {
  const tokens: Token[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '/' && line[i + 1] === '/') return { tokens, comment: line.slice(i + 2).trim() };
    if (c === '"' || c === '`') {
      const end = line.indexOf(c, i + 1);
      if (end < 0) return { error: 'unterminated quoted string', column: i + 1 };
      let text = line.slice(i + 1, end);
      if (c === '"') {
        try {
          text = JSON.parse(line.slice(i, end + 1)) as string;
        } catch {
          return { error: 'invalid quoted string', column: i + 1 };
        }
      }
      tokens.push({ text, column: i + 1 });
      i = end + 1;
      continue;
    }
    if (c === '(' || c === ')') {
      tokens.push({ text: c, column: i + 1 });
      i++;
      continue;
    }
    let j = i;
    while (j < line.length && !' \t\r()'.includes(line[j]!) && !(line[j] === '/' && line[j + 1] === '/')) j++;
    tokens.push({ text: line.slice(i, j), column: i + 1 });
    i = j;
  }
  return { tokens };
}

export function isLocalPath(p: string): boolean {
  return p.startsWith('./') || p.startsWith('../') || p.startsWith('/') || p === '.' || p === '..' || /^[A-Za-z]:[\\/]/.test(p);
}

export function parseGoMod(text: string): { ok: true; mod: GoMod } | { ok: false; error: GoModError } {
  const mod: GoMod = { moduleLine: 1, requires: [], replaces: [], excludes: [], tools: [] };
  const lines = text.split('\n');
  let block: { verb: string; line: number } | undefined;
  for (let n = 0; n < lines.length; n++) {
    const lineNo = n + 1;
    const lexed = lex(lines[n]!);
    if ('error' in lexed) return { ok: false, error: { message: lexed.error, line: lineNo, column: lexed.column } };
    let toks = lexed.tokens;
    if (toks.length === 0) continue;
    const err = (message: string, t: Token | undefined = toks[0]) => ({
      ok: false as const,
      error: { message, line: lineNo, column: t?.column ?? 1 },
    });
    let verb: string;
    if (block) {
      if (toks.length === 1 && toks[0]!.text === ')') {
        block = undefined;
        continue;
      }
      verb = block.verb;
    } else {
      verb = toks[0]!.text;
      if (!KNOWN.has(verb)) return err(`unknown directive: ${verb}`);
      toks = toks.slice(1);
      if (toks.length === 1 && toks[0]!.text === '(') {
        block = { verb, line: lineNo };
        continue;
      }
      if (toks.length === 0) return err(`usage: ${verb} …: missing arguments`);
    }
    const args = toks.map((t) => t.text);
    switch (verb) {
      case 'module':
        if (args.length !== 1) return err('usage: module module/path');
        mod.module = args[0]!;
        mod.moduleLine = lineNo;
        break;
      case 'go':
        if (args.length !== 1 || !/^\d+(\.\d+)*([a-z]+\d*)?$/.test(args[0]!)) return err(`invalid go version '${args.join(' ')}'`, toks[0]);
        mod.go = args[0]!;
        break;
      case 'toolchain':
        mod.toolchain = args[0]!;
        break;
      case 'require':
      case 'exclude': {
        if (args.length !== 2) return err(`usage: ${verb} module/path v1.2.3`, toks[0]);
        if (!/^v\d/.test(args[1]!)) return err(`invalid version '${args[1]}' for ${args[0]}`, toks[1]);
        if (verb === 'require') {
          mod.requires.push({ path: args[0]!, version: args[1]!, indirect: /^indirect\b/.test(lexed.comment ?? ''), line: lineNo });
        } else {
          mod.excludes.push({ path: args[0]!, version: args[1]!, line: lineNo });
        }
        break;
      }
      case 'replace': {
        const arrow = args.indexOf('=>');
        if (arrow !== 1 && arrow !== 2) return err('usage: replace module/path [v1.2.3] => other/module v1.4 | ../local/dir', toks[0]);
        const rhs = args.slice(arrow + 1);
        const r: GoReplace = { oldPath: args[0]!, newPath: rhs[0] ?? '', line: lineNo };
        if (arrow === 2) r.oldVersion = args[1]!;
        if (rhs.length === 1) {
          if (!isLocalPath(rhs[0]!)) return err(`replacement module without version must be a directory path: ${rhs[0]}`, toks[arrow + 1]);
        } else if (rhs.length === 2) {
          r.newVersion = rhs[1]!;
        } else {
          return err('usage: replace module/path [v1.2.3] => other/module v1.4 | ../local/dir', toks[0]);
        }
        mod.replaces.push(r);
        break;
      }
      case 'tool':
        mod.tools.push(args[0]!);
        break;
      default:
        // godebug, retract, ignore: no packages in them.
        break;
    }
  }
  if (block) return { ok: false, error: { message: `unterminated ${block.verb} block`, line: block.line, column: 1 } };
  return { ok: true, mod };
}

export interface GoSumLine {
  path: string;
  version: string;
  /** The `/go.mod` line: only the module's go.mod was hashed (used for version selection). */
  goModOnly: boolean;
  hash: string;
  line: number;
}

/** go.sum: `path version[/go.mod] h1:base64`; malformed lines are returned for the caller to report. */
export function parseGoSum(text: string): { lines: GoSumLine[]; bad: { line: number; column: number; message: string }[] } {
  const lines: GoSumLine[] = [];
  const bad: { line: number; column: number; message: string }[] = [];
  const all = text.split('\n');
  for (let n = 0; n < all.length; n++) {
    const raw = all[n]!.replace(/\r$/, '');
    if (raw.trim() === '') continue;
    const f = raw.trim().split(/\s+/);
    if (f.length !== 3) {
      bad.push({ line: n + 1, column: 1, message: `malformed go.sum line: expected 3 fields, found ${f.length}` });
      continue;
    }
    let version = f[1]!;
    const goModOnly = version.endsWith('/go.mod');
    if (goModOnly) version = version.slice(0, -'/go.mod'.length);
    if (!/^v\d/.test(version)) {
      bad.push({ line: n + 1, column: raw.indexOf(f[1]!) + 1, message: `malformed go.sum line: invalid version '${f[1]}'` });
      continue;
    }
    if (!/^h\d+:[A-Za-z0-9+/]+={0,2}$/.test(f[2]!)) {
      bad.push({ line: n + 1, column: raw.indexOf(f[2]!) + 1, message: `malformed go.sum line: invalid hash '${f[2]}'` });
      continue;
    }
    lines.push({ path: f[0]!, version, goModOnly, hash: f[2]!, line: n + 1 });
  }
  return { lines, bad };
}

export interface VendoredModule {
  path: string;
  version?: string;
  replacement?: { path: string; version?: string };
  explicit: boolean;
  line: number;
}

/** vendor/modules.txt: `# path version [=> path [version]]`, then `## explicit` and package lines. */
export function parseModulesTxt(text: string): VendoredModule[] {
  const out: VendoredModule[] = [];
  const lines = text.split('\n');
  let cur: VendoredModule | undefined;
  for (let n = 0; n < lines.length; n++) {
    const l = lines[n]!.trim();
    if (l.startsWith('## ')) {
      if (cur && /\bexplicit\b/.test(l)) cur.explicit = true;
      continue;
    }
    if (!l.startsWith('# ')) continue;
    const f = l.slice(2).trim().split(/\s+/);
    const arrow = f.indexOf('=>');
    const lhs = arrow >= 0 ? f.slice(0, arrow) : f;
    const rhs = arrow >= 0 ? f.slice(arrow + 1) : [];
    if (!lhs[0]) continue;
    cur = { path: lhs[0], explicit: false, line: n + 1 };
    if (lhs[1]) cur.version = lhs[1];
    if (rhs[0]) cur.replacement = rhs[1] ? { path: rhs[0], version: rhs[1] } : { path: rhs[0] };
    out.push(cur);
  }
  return out;
}

/** Semantic-version order for Go module versions (`v1.2.3-pre+incompatible`). */
export function compareGoVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const m = /^v(\d+)\.(\d+)\.(\d+)(?:-([^+]*))?/.exec(v);
    if (!m) return undefined;
    return { nums: [Number(m[1]), Number(m[2]), Number(m[3])], pre: m[4] };
  };
  const x = parse(a);
  const y = parse(b);
  if (!x || !y) return a < b ? -1 : a > b ? 1 : 0;
  for (let i = 0; i < 3; i++) if (x.nums[i] !== y.nums[i]) return x.nums[i]! - y.nums[i]!;
  if (x.pre === y.pre) return 0;
  if (x.pre === undefined) return 1;
  if (y.pre === undefined) return -1;
  const xp = x.pre.split('.');
  const yp = y.pre.split('.');
  for (let i = 0; i < Math.max(xp.length, yp.length); i++) {
    const p = xp[i];
    const q = yp[i];
    if (p === undefined) return -1;
    if (q === undefined) return 1;
    const pn = /^\d+$/.test(p);
    const qn = /^\d+$/.test(q);
    if (pn && qn && Number(p) !== Number(q)) return Number(p) - Number(q);
    if (pn !== qn) return pn ? -1 : 1;
    if (p !== q) return p < q ? -1 : 1;
  }
  return 0;
}
