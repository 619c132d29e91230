/**
 * A reader for the Elixir term syntax mix.lock is written in: maps `%{"k": v}` / `%{"k" => v}`,
 * tuples, lists, keyword pairs, atoms, strings, numbers. Never evaluates anything; errors carry
 * line and column; nesting is bounded.
 */

export type Term =
  | { t: 'map'; entries: [Term, Term][] }
  | { t: 'tuple'; items: Term[] }
  | { t: 'list'; items: Term[] }
  | { t: 'kw'; key: string; value: Term }
  | { t: 'atom'; v: string }
  | { t: 'str'; v: string; offset: number }
  | { t: 'num'; v: string };

export class TermError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

const MAX_DEPTH = 64;

export function parseTerm(text: string): Term {
  let i = 0;
  const ws = () => {
    while (i < text.length) {
      const c = text[i]!;
      if (c === ' ' || c === '\n' || c === '\r' || c === '\t') i++;
      else if (c === '#') while (i < text.length && text[i] !== '\n') i++;
      else break;
    }
  };
  const fail = (msg: string): never => {
    throw new TermError(msg, i);
  };
  const str = (): string => {
    i++; // opening quote
    let out = '';
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') {
        i++;
        if (i >= text.length) break;
      }
      out += text[i++];
    }
    if (text[i] !== '"') fail('unterminated string');
    i++;
    return out;
  };
  const ident = (): string => {
    const m = /^[A-Za-z_][\w@]*[?!]?/.exec(text.slice(i, i + 256));
    if (!m) fail(`unexpected ${JSON.stringify(text[i] ?? 'end of input')}`);
    i += m![0].length;
    return m![0];
  };
  const value = (depth: number): Term => {
    if (depth > MAX_DEPTH) fail(`nested deeper than ${MAX_DEPTH}`);
    ws();
    const c = text[i];
    if (c === undefined) return fail('unexpected end of input');
    if (c === '%') {
      i++;
      if (text[i] !== '{') fail('expected "{" after "%"');
      i++;
      const entries: [Term, Term][] = [];
      for (;;) {
        ws();
        if (text[i] === '}') {
          i++;
          return { t: 'map', entries };
        }
        // `"key": value` (keyword form) or `key => value`.
        let key: Term;
        if (text[i] === '"') {
          const offset = i;
          const k = str();
          if (text[i] === ':' && text[i + 1] !== ':') {
            i++;
            entries.push([{ t: 'str', v: k, offset }, value(depth + 1)]);
            ws();
            if (text[i] === ',') i++;
            else if (text[i] !== '}') fail('expected "," or "}"');
            continue;
          }
          key = { t: 'str', v: k, offset };
        } else key = value(depth + 1);
        ws();
        if (text.slice(i, i + 2) !== '=>') fail('expected "=>" or ":" after a map key');
        i += 2;
        entries.push([key, value(depth + 1)]);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] !== '}') fail('expected "," or "}"');
      }
    }
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      const items: Term[] = [];
      for (;;) {
        ws();
        if (text[i] === close) {
          i++;
          return c === '{' ? { t: 'tuple', items } : { t: 'list', items };
        }
        // keyword pair `name: value`
        const kw = /^([A-Za-z_][\w@]*[?!]?):(?=\s)/.exec(text.slice(i, i + 256));
        if (kw) {
          i += kw[0].length;
          items.push({ t: 'kw', key: kw[1]!, value: value(depth + 1) });
        } else items.push(value(depth + 1));
        ws();
        if (text[i] === ',') i++;
        else if (text[i] !== close) fail(`expected "," or "${close}"`);
      }
    }
    if (c === '"') {
      const offset = i;
      return { t: 'str', v: str(), offset };
    }
    if (c === ':') {
      i++;
      if (text[i] === '"') return { t: 'atom', v: str() };
      return { t: 'atom', v: ident() };
    }
    if (/[-\d]/.test(c)) {
      const m = /^-?\d[\d_]*(\.\d+)?/.exec(text.slice(i, i + 64));
      if (!m) fail('bad number');
      i += m![0].length;
      return { t: 'num', v: m![0] };
    }
    const id = ident();
    if (id === 'true' || id === 'false' || id === 'nil') return { t: 'atom', v: id };
    return fail(`unexpected "${id}"`);
  };
  const out = value(0);
  ws();
  if (i < text.length) fail('unexpected text after the map');
  return out;
}
