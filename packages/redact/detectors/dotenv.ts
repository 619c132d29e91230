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

const KEY = /[A-Za-z_][A-Za-z0-9_.-]*/y;

/**
 * A further `[export ]KEY=` on the same line, right after the previous value (read by hand: as one
 * regex, the blanks around the optional `export` let a run of tabs backtrack polynomially).
 */
function nextAssignment(text: string, at: number): { key: string; valueAt: number } | undefined {
  const blank = (i: number) => text[i] === ' ' || text[i] === '\t';
  let i = at;
  if (!blank(i)) return undefined;
  while (blank(i)) i++;
  if (text.startsWith('export', i) && blank(i + 6)) {
    i += 6;
    while (blank(i)) i++;
  }
  KEY.lastIndex = i;
  const key = KEY.exec(text)?.[0];
  if (!key) return undefined;
  i += key.length;
  while (blank(i)) i++;
  if (text[i] !== '=') return undefined;
  i++;
  while (blank(i)) i++;
  return { key, valueAt: i };
}

/** The value that starts at `at`: quoted (to its closing quote on the same line) or bare. */
function readValue(text: string, at: number): { start: number; end: number; after: number; text: string } | undefined {
  const q = text[at];
  if (q === '"' || q === "'") {
    const start = at + 1;
    let end = start;
    while (end < text.length && text[end] !== q && text[end] !== '\n') end++;
    if (text[end] !== q) return undefined;
    return { start, end, after: end + 1, text: text.slice(start, end) };
  }
  let end = at;
  while (end < text.length && !/[\s#]/.test(text[end]!)) end++;
  return { start: at, end, after: end, text: text.slice(at, end) };
}

function isSecretLooking(v: string): boolean {
  if (v.length < 12 || isPlaceholder(v) || NOT_SECRET.test(v)) return false;
  return charClasses(v) >= 2 && shannonEntropy(v) >= 3.2;
}

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
      // A shell-style line may hold several assignments (`export A="…" B="…"`): read them all.
      let key: string | undefined = m[1];
      let at = m.index + m[0].length;
      while (key !== undefined) {
        const value = readValue(text, at);
        if (!value) break;
        if (isSecretLooking(value.text)) out.push({ start: value.start, end: value.end, confidence: 0.75, description: `value of ${key} in a .env file` });
        const next = nextAssignment(text, value.after);
        key = next?.key;
        if (next) at = next.valueAt;
      }
    }
    return out;
  },
};
