import type { CopyrightFact } from './types.js';

const HEADER_LINES = 50;
// "Copyright (c) 2019-2024 Acme Ltd.", "(C) 2020 Foo", "© 2021, Bar Inc.", "版权所有 (C) 2023 某某公司"
const LINE_RE = /(?:copyright\s*(?:\(c\)|©)?|\(c\)|©|版权所有\s*(?:\(c\)|©)?)\s*(.*)$/i;
const YEARS_RE = /^((?:\d{4})(?:\s*[-–,]\s*(?:\d{4}|present))*)[,.]?\s*/i;

/** Copyright holders named in the first 50 lines of a file. */
export function extractCopyright(text: string): CopyrightFact[] {
  const out: CopyrightFact[] = [];
  let start = 0;
  for (let line = 1; line <= HEADER_LINES && start <= text.length; line++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const raw = text.slice(start, end);
    start = end + 1;
    if (!/copyright|\(c\)|©|版权所有/i.test(raw)) continue;
    const fact = parseLine(raw, line);
    if (fact) out.push(fact);
    if (end === text.length) break;
  }
  return out;
}

function parseLine(raw: string, line: number): CopyrightFact | undefined {
  // Strip comment markers and string quotes around the notice.
  const cleaned = raw.replace(/^[\s/*#;!<>\-"'`=]+|[\s*/#\-"'`>;,]+$/g, '');
  const m = LINE_RE.exec(cleaned);
  if (!m) return undefined;
  let rest = m[1]!.replace(/^(?:\(c\)|©)\s*/i, '');
  let years: string | undefined;
  const y = YEARS_RE.exec(rest);
  if (y) {
    years = y[1]!.replace(/\s+/g, '');
    rest = rest.slice(y[0].length);
  }
  rest = rest.replace(/^by\s+/i, '').replace(/\s*(all rights reserved\.?|保留所有权利。?).*$/i, '').replace(/^[,.\s]+|[,\s]+$/g, '');
  // A holder is a name, not a sentence about copyright ("copyright notice", "copyright law").
  if (!years && !/[©]|\(c\)/i.test(raw) && !/版权所有/.test(raw)) return undefined;
  if (rest.length < 2 || rest.length > 120) return undefined;
  if (/^(notice|holders?|owners?|law|and|the above|of|information|statement|\{|\$|<)/i.test(rest)) return undefined;
  const fact: CopyrightFact = { holder: rest, line };
  if (years) fact.years = years;
  return fact;
}
