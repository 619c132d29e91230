/**
 * Licence detection from the first lines of a LICENSE/COPYING text: an SPDX-License-Identifier tag
 * when present, else the distinctive sentences of the common licence texts. Conservative: a text
 * that matches nothing gives no licence rather than a guess.
 */

const HEAD_BYTES = 6000;

interface Rule {
  id: string;
  /** Every pattern must match (case-insensitive, whitespace-normalised). */
  all: RegExp[];
  none?: RegExp[];
}

const RULES: Rule[] = [
  { id: 'Apache-2.0', all: [/apache license/, /version 2\.0/] },
  { id: 'MPL-2.0', all: [/mozilla public license,? (version|v\.?) ?2\.0/] },
  { id: 'AGPL-3.0-only', all: [/gnu affero general public license/, /version 3/] },
  { id: 'LGPL-3.0-only', all: [/gnu lesser general public license/, /version 3/] },
  { id: 'LGPL-2.1-only', all: [/gnu lesser general public license/, /version 2\.1/] },
  { id: 'LGPL-2.0-only', all: [/gnu library general public license/, /version 2/] },
  { id: 'GPL-3.0-only', all: [/gnu general public license/, /version 3/], none: [/lesser|library|affero/] },
  { id: 'GPL-2.0-only', all: [/gnu general public license/, /version 2/], none: [/lesser|library|affero/] },
  { id: 'BSL-1.0', all: [/boost software license - version 1\.0/] },
  { id: 'EPL-2.0', all: [/eclipse public license - v ?2\.0/] },
  { id: 'EPL-1.0', all: [/eclipse public license - v ?1\.0/] },
  { id: 'Unlicense', all: [/this is free and unencumbered software released into the public domain/] },
  { id: 'CC0-1.0', all: [/cc0 1\.0 universal/] },
  { id: 'OpenSSL', all: [/openssl license/, /original ssleay license/] },
  { id: 'curl', all: [/copyright and permission notice/, /permission to use, copy, modify, and distribute this software for any purpose/] },
  { id: 'ISC', all: [/permission to use, copy, modify, and(\/or)? distribute this software for any purpose with or without fee/] },
  { id: 'Zlib', all: [/provided 'as-is', without any express or implied warranty/, /permission is granted to anyone to use this software for any purpose/] },
  { id: 'MIT', all: [/permission is hereby granted, free of charge, to any person obtaining a copy/] },
  { id: 'BSD-4-Clause', all: [/redistributions of source code must retain/, /all advertising materials mentioning/] },
  { id: 'BSD-3-Clause', all: [/redistributions of source code must retain/, /redistributions in binary form must reproduce/, /(neither the name|the names? of .{1,80} may not be used)/] },
  { id: 'BSD-2-Clause', all: [/redistributions of source code must retain/, /redistributions in binary form must reproduce/] },
  { id: 'PostgreSQL', all: [/permission to use, copy, modify, and distribute this software and its documentation for any purpose, without fee, and without a written agreement/] },
  { id: 'Python-2.0', all: [/python software foundation license version 2/] },
];

/** SPDX ids found in `SPDX-License-Identifier:` tags (the expression as written). */
export function spdxTags(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/SPDX-License-Identifier:\s*([^\n*]+?)\s*(\*\/|-->|$)/gm)) {
    const expr = m[1]!.trim();
    if (expr) out.push(expr);
  }
  return out;
}

/** The licence a licence text states, by its first ~6 KB; undefined when it is not recognised. */
export function detectLicense(text: string): string | undefined {
  const head = text.slice(0, HEAD_BYTES);
  const tags = spdxTags(head);
  if (tags.length > 0) return tags[0];
  const norm = head.toLowerCase().replace(/[\u2018\u2019]/g, "'").replace(/[#*\/;]+/g, ' ').replace(/\s+/g, ' ');
  for (const rule of RULES) {
    if (rule.all.every((re) => re.test(norm)) && !(rule.none ?? []).some((re) => re.test(norm))) return rule.id;
  }
  return undefined;
}

/** File names that hold a licence text. */
export function isLicenseFile(name: string): boolean {
  return /^(licen[cs]e|copying|copyright|unlicense)([-._][\w.-]*)?$/i.test(name);
}
