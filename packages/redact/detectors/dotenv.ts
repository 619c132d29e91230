/**
 * dotenv — values in `.env` files that look like secrets whatever their name.
 *
 * In a file named `.env`, `.env.<stage>` or `<name>.env` (not `.env.example`, `.env.sample`,
 * `.env.template`, `.env.dist`), each `KEY=value` (optionally `export KEY=value`, quoted or not) whose
 * value looks random: at least 12 characters, two character classes and a Shannon entropy of at least
 * 3.2 bits per character, and not a URL (a password in a URL is `url-credentials`'s), path, host name, version or number. Values whose key
 * names a secret are found by `secret-assignment`; this detector catches the rest (`STRIPE=…`,
 * `SIGNING_SALT=…`). Fixtures: test/fixtures/labelled/dotenv.txt.
 */
import type { Detector, DetectorMatch } from '../src/types.js';
import { baseName, charClasses, execAll, isPlaceholder, shannonEntropy } from '../src/util.js';

// The key and `=`; the value is read by hand (quoted or bare) so that the pattern stays small.
const LINE = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*=[ \t]*/gm;
const NOT_SECRET = /^(?:[a-z][a-z0-9+.-]*:\/\/\S*|\/[\w./-]*|[\w.-]+\.[a-z]{2,}(?::\d+)?|v?\d+(?:\.\d+)*(?:[-+][\w.]+)?|[\d.,:]+|[a-z]+(?:[-_][a-z]+)*)$/i;

export function isDotenvFile(path: string): boolean {
  const b = baseName(path).toLowerCase();
  if (/\.(?:example|sample|template|dist|defaults?)$/.test(b) || /^\.env\.(?:example|sample|template)/.test(b)) return false;
  return b === '.env' || b.startsWith('.env.') || b.endsWith('.env');
}

export const detector: Detector = {
  id: 'dotenv',
  kind: 'credential',
  description: 'random-looking values in .env files (whatever the variable is called)',
  detect(text, path) {
    const out: DetectorMatch[] = [];
    if (!isDotenvFile(path)) return out;
    for (const m of execAll(LINE, text)) {
      let start = m.index + m[0].length;
      let end: number;
      const q = text[start];
      if (q === '"' || q === "'") {
        start++;
        end = start;
        while (end < text.length && text[end] !== q && text[end] !== '\n') end++;
        if (text[end] !== q) continue;
      } else {
        end = start;
        while (end < text.length && !/[\s#]/.test(text[end]!)) end++;
      }
      const v = text.slice(start, end);
      if (v.length < 12 || isPlaceholder(v) || NOT_SECRET.test(v)) continue;
      if (charClasses(v) < 2 || shannonEntropy(v) < 3.2) continue;
      out.push({ start, end, confidence: 0.75, description: `value of ${m[1]} in a .env file` });
    }
    return out;
  },
};
