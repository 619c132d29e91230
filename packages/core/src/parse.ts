import { load as loadYaml, YAMLException } from 'js-yaml';
import { makeIssue, type Issue } from './issues.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; issue: Issue };

/** 1-based line and column of a UTF-16 offset. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

const MAX_DEPTH = 256;

/** JSON.parse with a located error issue instead of an exception; rejects absurd nesting. */
export function parseJson<T = unknown>(text: string, path: string, source: string): Parsed<T> {
  const depthIssue = checkDepth(text, path, source);
  if (depthIssue) return { ok: false, issue: depthIssue };
  try {
    return { ok: true, value: JSON.parse(stripBom(text)) as T };
  } catch (e) {
    const message = (e as Error).message;
    const pos = /position (\d+)/.exec(message);
    // V8 omits the position for "Unexpected token" errors; find it with a small scanner then.
    const offset = pos ? Number(pos[1]) : jsonErrorOffset(stripBom(text));
    const lc = lineColumnAt(text, offset + (text.charCodeAt(0) === 0xfeff ? 1 : 0));
    return {
      ok: false,
      issue: makeIssue('CORE_PARSE_ERROR', source, `invalid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`, {
        location: { path, ...lc },
        howToFix: 'fix the JSON syntax at that place, or regenerate the file with its tool',
      }),
    };
  }
}

export function parseYaml<T = unknown>(text: string, path: string, source: string): Parsed<T> {
  try {
    return { ok: true, value: loadYaml(stripBom(text), { filename: path, json: true }) as T };
  } catch (e) {
    if (e instanceof YAMLException) {
      const mark = (e as YAMLException & { mark?: { line: number; column: number } }).mark;
      return {
        ok: false,
        issue: makeIssue('CORE_PARSE_ERROR', source, `invalid YAML: ${e.reason}`, {
          location: mark ? { path, line: mark.line + 1, column: mark.column + 1 } : { path },
          howToFix: 'fix the YAML syntax at that place',
        }),
      };
    }
    throw e;
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Nesting deeper than MAX_DEPTH is hostile or broken; refuse it before JSON.parse recurses. */
function checkDepth(text: string, path: string, source: string): Issue | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > MAX_DEPTH) {
        return makeIssue('CORE_PARSE_ERROR', source, `JSON nested deeper than ${MAX_DEPTH} levels`, {
          location: { path, ...lineColumnAt(text, i) },
        });
      }
    } else if (c === 125 || c === 93) depth--;
  }
  return undefined;
}

/** Offset of the first JSON syntax error (text.length when the input just ends). */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const literal = (word: string) => {
    for (const ch of word) {
      if (text[i] !== ch) fail();
      i++;
    }
  };
  const string = () => {
    i++;
    for (;;) {
      if (i >= text.length) fail();
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return;
      }
      if (c < 0x20) fail();
      if (c === 92) {
        i++;
        const e = text[i];
        if (e === 'u') {
          for (let k = 1; k <= 4; k++) if (!/[0-9a-fA-F]/.test(text[i + k] ?? '')) {
            i += k;
            fail();
          }
          i += 5;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) fail();
      }
      i++;
    }
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === '' || m[0] === '-') fail();
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail();
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail();
      }
    } else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) number();
    else fail();
  };
  try {
    value();
    ws();
    return i < text.length ? i : text.length;
  } catch (at) {
    return typeof at === 'number' ? Math.min(at, text.length) : text.length;
  }
}
