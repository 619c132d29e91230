import type { Issue } from '@shencha/core';
import { parseErrorIssue } from '../../src/component.js';

/** One entry of a yarn v1 lockfile: the descriptors it satisfies and its fields. */
export interface ClassicEntry {
  descriptors: string[];
  line: number;
  fields: Record<string, string>;
  blocks: Record<string, Record<string, string>>;
}

/**
 * yarn classic (v1) lockfile parser. The format is yarn's own (not YAML): entries at indent 0
 * (`"a@^1", a@^1.1:`), fields at indent 2 (`version "1.0.0"`), and blocks (`dependencies:`)
 * whose lines sit at indent 4. Anything else is a located parse error.
 */
export function parseClassic(text: string, path: string, cataloger: string): { ok: true; entries: ClassicEntry[] } | { ok: false; issue: Issue } {
  const entries: ClassicEntry[] = [];
  let current: ClassicEntry | undefined;
  let block: Record<string, string> | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.replace(/\r$/, '');
    const lineNo = i + 1;
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) continue;
    const indent = raw.length - raw.trimStart().length;
    const body = raw.slice(indent);
    const fail = (why: string, column = indent + 1) => ({ ok: false as const, issue: parseErrorIssue(cataloger, path, why, { line: lineNo, column }) });
    if (indent === 0) {
      if (!body.endsWith(':')) return fail('an entry line must end with ":"', body.length + 1);
      const descriptors = splitDescriptors(body.slice(0, -1));
      if (!descriptors) return fail('unterminated quoted descriptor');
      current = { descriptors, line: lineNo, fields: {}, blocks: {} };
      entries.push(current);
      block = undefined;
    } else if (indent === 2) {
      if (!current) return fail('a field outside of any entry');
      const kv = keyValue(body);
      if (!kv) return fail('expected `key value` or `key:`');
      if (kv.value === undefined) {
        block = {};
        current.blocks[kv.key] = block;
      } else {
        current.fields[kv.key] = kv.value;
        block = undefined;
      }
    } else if (indent === 4) {
      if (!block) return fail('an indented line outside of a block');
      const kv = keyValue(body);
      if (!kv || kv.value === undefined) return fail('expected `name range` inside a block');
      block[kv.key] = kv.value;
    } else {
      return fail(`unexpected indentation of ${indent} spaces`);
    }
  }
  return { ok: true, entries };
}

/** `"a@^1", a@^1.1` → ['a@^1', 'a@^1.1']; undefined on an unterminated quote. */
function splitDescriptors(s: string): string[] | undefined {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    while (s[i] === ' ' || s[i] === ',') i++;
    if (i >= s.length) break;
    if (s[i] === '"') {
      const r = readQuoted(s, i);
      if (!r) return undefined;
      out.push(r.value);
      i = r.end;
    } else {
      let j = s.indexOf(',', i);
      if (j < 0) j = s.length;
      out.push(s.slice(i, j).trim());
      i = j;
    }
  }
  return out;
}

function keyValue(body: string): { key: string; value: string | undefined } | undefined {
  let key: string;
  let rest: string;
  if (body.startsWith('"')) {
    const r = readQuoted(body, 0);
    if (!r) return undefined;
    key = r.value;
    rest = body.slice(r.end);
  } else {
    const m = /^([^\s:"]+)(.*)$/.exec(body);
    if (!m) return undefined;
    key = m[1]!;
    rest = m[2]!;
  }
  if (rest === ':') return { key, value: undefined };
  if (!rest.startsWith(' ')) return undefined;
  rest = rest.trim();
  if (rest.startsWith('"')) {
    const r = readQuoted(rest, 0);
    if (!r) return undefined;
    return { key, value: r.value };
  }
  return { key, value: rest };
}

/** A double-quoted string with JSON escapes, from `start` (the quote). */
function readQuoted(s: string, start: number): { value: string; end: number } | undefined {
  let j = start + 1;
  while (j < s.length) {
    if (s[j] === '\\') j += 2;
    else if (s[j] === '"') break;
    else j++;
  }
  if (j >= s.length) return undefined;
  const literal = s.slice(start, j + 1);
  try {
    return { value: JSON.parse(literal) as string, end: j + 1 };
  } catch {
    return { value: literal.slice(1, -1), end: j + 1 };
  }
}

/** `@scope/name@range` → name and range (the `@` that separates is the first after position 0). */
export function splitDescriptor(d: string): { name: string; range: string } | undefined {
  const at = d.indexOf('@', 1);
  if (at <= 0) return undefined;
  return { name: d.slice(0, at), range: d.slice(at + 1) };
}
