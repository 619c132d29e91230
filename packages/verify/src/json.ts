import { isCanonicalJson, lineColumnAt, makeIssue, parseJson, type Issue } from '@shencha/core';
import { SOURCE } from './issues.js';
import type { Limits } from './limits.js';

export type JsonRead = { ok: true; value: unknown; canonical: boolean } | { ok: false; issue: Issue };

/** Depth scan that runs before JSON.parse, so hostile nesting never reaches the recursive parser. */
function tooDeep(text: string, max: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) return i;
    } else if (c === 125 || c === 93) depth--;
  }
  return undefined;
}

/** Parses untrusted JSON under the size and depth limits; every failure is a located issue. */
export function readJson(bytes: Buffer, path: string, limits: Limits): JsonRead {
  if (bytes.length > limits.maxJsonSize) {
    return {
      ok: false,
      issue: makeIssue('VERIFY_JSON_TOO_LARGE', SOURCE, `${path} is ${bytes.length} bytes, over the JSON limit of ${limits.maxJsonSize}`, {
        location: { path },
        howToFix: 'raise the maxJsonSize limit if the document is genuine',
      }),
    };
  }
  const text = bytes.toString('utf8');
  const deep = tooDeep(text, limits.maxJsonDepth);
  if (deep !== undefined) {
    return {
      ok: false,
      issue: makeIssue('VERIFY_JSON_TOO_DEEP', SOURCE, `${path} nests deeper than ${limits.maxJsonDepth} levels`, {
        location: { path, ...lineColumnAt(text, deep) },
      }),
    };
  }
  const parsed = parseJson(text, path, SOURCE);
  if (!parsed.ok) {
    const loc = parsed.issue.location ?? { path };
    return {
      ok: false,
      issue: makeIssue('VERIFY_JSON_SYNTAX', SOURCE, parsed.issue.message, { location: loc }),
    };
  }
  return { ok: true, value: parsed.value, canonical: isCanonicalJson(bytes) };
}

/** Where the first byte differing from the canonical form is, for a precise message. */
export function firstDifference(bytes: Buffer, canonical: Buffer): { line: number; column: number } {
  const n = Math.min(bytes.length, canonical.length);
  let i = 0;
  while (i < n && bytes[i] === canonical[i]) i++;
  return lineColumnAt(bytes.subarray(0, i).toString('utf8'), Buffer.from(bytes.subarray(0, i)).toString('utf8').length);
}

export function notCanonicalIssue(bytes: Buffer, value: unknown, path: string, canonicalBytesOf: (v: unknown) => Buffer): Issue {
  let where: { line: number; column: number } | undefined;
  try {
    where = firstDifference(bytes, canonicalBytesOf(value));
  } catch {
    where = undefined;
  }
  return makeIssue('VERIFY_NOT_CANONICAL', SOURCE, `${path} is not canonical JSON (RFC 8785): a byte differs from its canonical form`, {
    location: where ? { path, ...where } : { path },
    howToFix: 'shencha writes every JSON file canonically; a changed file means the dossier was altered',
  });
}
