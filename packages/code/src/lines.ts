/** Comment and string syntax, enough to tell code lines from comment-only and blank lines (as cloc does). */
interface Syntax {
  line: string[];
  block: [string, string][];
  /** String delimiters whose content is never a comment. */
  strings: string[];
}

const C_LIKE: Syntax = { line: ['//'], block: [['/*', '*/']], strings: ['"', "'", '`'] };
const SYNTAX: Record<string, Syntax> = {
  javascript: C_LIKE,
  typescript: C_LIKE,
  tsx: C_LIKE,
  java: { line: ['//'], block: [['/*', '*/']], strings: ['"""', '"', "'"] },
  kotlin: { line: ['//'], block: [['/*', '*/']], strings: ['"""', '"', "'"] },
  scala: { line: ['//'], block: [['/*', '*/']], strings: ['"""', '"', "'"] },
  groovy: { line: ['//'], block: [['/*', '*/']], strings: ["'''", '"""', '"', "'"] },
  go: { line: ['//'], block: [['/*', '*/']], strings: ['"', "'", '`'] },
  rust: { line: ['//'], block: [['/*', '*/']], strings: ['"'] },
  c: { line: ['//'], block: [['/*', '*/']], strings: ['"', "'"] },
  cpp: { line: ['//'], block: [['/*', '*/']], strings: ['"', "'"] },
  objc: { line: ['//'], block: [['/*', '*/']], strings: ['"', "'"] },
  csharp: { line: ['//'], block: [['/*', '*/']], strings: ['"""', '"', "'"] },
  swift: { line: ['//'], block: [['/*', '*/']], strings: ['"""', '"'] },
  dart: { line: ['//'], block: [['/*', '*/']], strings: ["'''", '"""', '"', "'"] },
  php: { line: ['//', '#'], block: [['/*', '*/']], strings: ['"', "'"] },
  python: { line: ['#'], block: [], strings: ['"""', "'''", '"', "'"] },
  ruby: { line: ['#'], block: [['=begin', '=end']], strings: ['"', "'"] },
  perl: { line: ['#'], block: [['=pod', '=cut']], strings: ['"', "'"] },
  shell: { line: ['#'], block: [], strings: ['"', "'"] },
  powershell: { line: ['#'], block: [['<#', '#>']], strings: ['"', "'"] },
  elixir: { line: ['#'], block: [], strings: ['"""', '"', "'"] },
  erlang: { line: ['%'], block: [], strings: ['"'] },
  lua: { line: ['--'], block: [['--[[', ']]']], strings: ['"', "'"] },
  sql: { line: ['--'], block: [['/*', '*/']], strings: ["'", '"'] },
  vue: { line: ['//'], block: [['/*', '*/'], ['<!--', '-->']], strings: ['"', "'", '`'] },
  svelte: { line: ['//'], block: [['/*', '*/'], ['<!--', '-->']], strings: ['"', "'", '`'] },
};

/** Per syntax: ASCII codes that start a comment or string token; any other character is plain code. */
const TOKEN_STARTS = new Map<Syntax, Uint8Array>();
function tokenStarts(syn: Syntax): Uint8Array {
  let t = TOKEN_STARTS.get(syn);
  if (!t) {
    t = new Uint8Array(128);
    for (const tok of [...syn.line, ...syn.block.map((b) => b[0]), ...syn.strings]) t[tok.charCodeAt(0)] = 1;
    TOKEN_STARTS.set(syn, t);
  }
  return t;
}

export interface LineCounts {
  code: number;
  blank: number;
  comment: number;
}

/**
 * Counts lines in one pass. A line with any character outside a comment is code (a string spanning
 * lines counts as code on each line); a line with only comment text is comment; the rest are blank.
 */
export function countLines(text: string, language: string): LineCounts {
  const syn = SYNTAX[language] ?? C_LIKE;
  const starts = tokenStarts(syn);
  let code = 0;
  let blank = 0;
  let comment = 0;
  let lineHasCode = false;
  let lineHasComment = false;
  let inBlock: string | undefined;
  let inString: string | undefined;
  const n = text.length;
  const endLine = (): void => {
    if (lineHasCode) code++;
    else if (lineHasComment) comment++;
    else blank++;
    lineHasCode = inString !== undefined;
    lineHasComment = inBlock !== undefined;
  };
  for (let i = 0; i < n; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10) {
      endLine();
      continue;
    }
    if (ch === 32 || ch === 9 || ch === 13 || ch === 12 || ch === 0xfeff) continue;
    if (inBlock !== undefined) {
      lineHasComment = true;
      if (text.startsWith(inBlock, i)) {
        i += inBlock.length - 1;
        inBlock = undefined;
      }
      continue;
    }
    if (inString !== undefined) {
      lineHasCode = true;
      if (ch === 92 /* \ */ && inString.length === 1) i++;
      else if (text.startsWith(inString, i)) {
        i += inString.length - 1;
        inString = undefined;
      }
      continue;
    }
    // Most characters start no token: plain code, without trying each token in turn.
    if (ch >= 128 || starts[ch] === 0) {
      lineHasCode = true;
      continue;
    }
    let matched = false;
    for (const lc of syn.line) {
      if (text.startsWith(lc, i)) {
        lineHasComment = true;
        const nl = text.indexOf('\n', i);
        i = (nl < 0 ? n : nl) - 1;
        matched = true;
        break;
      }
    }
    if (matched) continue;
    for (const [open, close] of syn.block) {
      if (text.startsWith(open, i)) {
        lineHasComment = true;
        inBlock = close;
        i += open.length - 1;
        matched = true;
        break;
      }
    }
    if (matched) continue;
    lineHasCode = true;
    for (const q of syn.strings) {
      if (text.startsWith(q, i)) {
        // A one-character quote never spans lines in most languages; stop it at the line end to stay robust.
        inString = q;
        i += q.length - 1;
        break;
      }
    }
    if (inString !== undefined && inString.length === 1 && inString !== '`') {
      const nl = text.indexOf('\n', i + 1);
      const limit = nl < 0 ? n : nl;
      let j = i + 1;
      for (; j < limit; j++) {
        const c = text.charCodeAt(j);
        if (c === 92) j++;
        else if (c === inString.charCodeAt(0)) break;
      }
      i = Math.min(j, limit - 1);
      inString = undefined;
    }
  }
  if (n > 0 && text.charCodeAt(n - 1) !== 10) endLine();
  return { code, blank, comment };
}
