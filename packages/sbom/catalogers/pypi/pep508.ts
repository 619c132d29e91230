/**
 * PEP 508 dependency specifiers, enough to tell a pin from a range and to locate what is wrong:
 * `name [extras] (specifiers | @ url) ; marker`.
 */
export interface Requirement {
  name: string;
  extras: string[];
  /** The version specifier as written (`>=1,<2`), '' when none. */
  specifier: string;
  /** The pinned version for `==X` / `===X` without wildcard, else undefined. */
  pinned?: string;
  url?: string;
  marker?: string;
}

export type ReqParse = { ok: true; req: Requirement } | { ok: false; message: string; column: number };

const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/;
const CLAUSE = /^\s*(~=|===|==|!=|<=|>=|<|>)\s*([A-Za-z0-9.*+!_-]+)\s*/;

/** Parses one specifier; `column` is 1-based within `text` (offset added by the caller). */
export function parseRequirement(text: string): ReqParse {
  let i = 0;
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  };
  ws();
  const m = NAME.exec(text.slice(i));
  if (!m) return { ok: false, message: 'expected a package name', column: i + 1 };
  const name = m[0];
  i += name.length;
  ws();
  const extras: string[] = [];
  if (text[i] === '[') {
    const end = text.indexOf(']', i);
    if (end < 0) return { ok: false, message: "unterminated extras: expected ']'", column: i + 1 };
    for (const e of text.slice(i + 1, end).split(',')) {
      const x = e.trim();
      if (x === '') continue;
      if (!NAME.test(x) || NAME.exec(x)![0] !== x) return { ok: false, message: `invalid extra '${x}'`, column: i + 2 };
      extras.push(x);
    }
    i = end + 1;
    ws();
  }
  const req: Requirement = { name, extras, specifier: '' };
  if (text[i] === '@') {
    i++;
    ws();
    const rest = text.slice(i);
    const semi = rest.search(/\s;/);
    const url = (semi >= 0 ? rest.slice(0, semi) : rest).trim();
    if (!/^[A-Za-z][A-Za-z0-9+.-]*:\/\/\S+$|^file:\S+$/.test(url)) return { ok: false, message: `invalid URL '${url}'`, column: i + 1 };
    req.url = url;
    i += semi >= 0 ? semi : rest.length;
    ws();
  } else {
    const paren = text[i] === '(';
    if (paren) i++;
    const start = i;
    const clauses: { op: string; v: string }[] = [];
    for (;;) {
      const c = CLAUSE.exec(text.slice(i));
      if (!c) break;
      clauses.push({ op: c[1]!, v: c[2]! });
      i += c[0].length;
      if (text[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    req.specifier = text.slice(start, i).trim();
    if (paren) {
      ws();
      if (text[i] !== ')') return { ok: false, message: "expected ')'", column: i + 1 };
      i++;
    }
    ws();
    if (clauses.length === 1 && (clauses[0]!.op === '==' || clauses[0]!.op === '===') && !clauses[0]!.v.includes('*')) {
      req.pinned = clauses[0]!.v;
    }
  }
  if (i < text.length) {
    if (text[i] !== ';') return { ok: false, message: `unexpected '${text.slice(i).split(/\s/)[0]}' after the requirement`, column: i + 1 };
    const marker = text.slice(i + 1).trim();
    if (marker === '') return { ok: false, message: 'empty environment marker', column: i + 1 };
    req.marker = marker;
  }
  return { ok: true, req };
}
