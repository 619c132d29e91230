/** Small helpers shared by detectors: entropy, placeholder and boundary checks. */

/** Shannon entropy in bits per character. */
export function shannonEntropy(s: string): number {
  if (!s.length) return 0;
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  const n = [...s].length;
  for (const c of counts.values()) {
    const p = c / n;
    h -= p * Math.log2(p);
  }
  return h;
}

/** How many of the classes lower, upper, digit, other a string uses. */
export function charClasses(s: string): number {
  let lower = 0, upper = 0, digit = 0, other = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 97 && c <= 122) lower = 1;
    else if (c >= 65 && c <= 90) upper = 1;
    else if (c >= 48 && c <= 57) digit = 1;
    else other = 1;
  }
  return lower + upper + digit + other;
}

const PLACEHOLDER_WORDS = new Set([
  'password', 'passwd', 'pass', 'secret', 'token', 'changeme', 'change_me', 'changeit', 'example', 'sample', 'dummy',
  'test', 'testing', 'redacted', 'placeholder', 'none', 'null', 'nil', 'undefined', 'true', 'false', 'empty', 'todo',
  'fixme', 'string', 'str', 'value', 'default', 'required', 'optional',
]);
const MY_YOUR = /^(?:your|my)[-_ ]?\w*$/i;

/**
 * True for values that are obviously not real secrets: `<your-key>`, `${VAR}`, `{{ var }}`, `%(x)s`,
 * `xxxx`, `****`, `changeme`, `process.env.X`, repeated characters, and words like "password".
 */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v.length === 0) return true;
  if (PLACEHOLDER_WORDS.has(v.toLowerCase()) || MY_YOUR.test(v) || /^x+$/i.test(v) || (v.length === 1 && /[*.\-_#]/.test(v))) return true;
  if (/^<[^<>]*>$/.test(v) || /^\[[^[\]]*\]$/.test(v)) return true;
  if (v.includes('${') || v.includes('{{') || v.includes('%(') || /^\$[A-Za-z_][A-Za-z0-9_]*$/.test(v)) return true;
  if (/^process\.env\b|^os\.environ|^env\(|^System\.getenv/i.test(v)) return true;
  if (allSameChar(v)) return true;
  if (/x{4,}|\*{3,}|X{4,}/.test(v)) return true;
  if (/(?:^|[^a-z])(?:example|placeholder|changeme|your[-_]?(?:key|token|secret|password|pass))(?:[^a-z]|$)|(?:^|[^a-z])your[-_]/i.test(v)) return true;
  return false;
}

export function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

export function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Collects every match of a global regex (reset first so a shared module-level regex is reusable). */
export function* execAll(re: RegExp, text: string): Generator<RegExpExecArray> {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m[0].length === 0) re.lastIndex++;
    yield m;
  }
}

/** The extension of a path, lower-case, without the dot ('' when none). */
export function extOf(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot + 1).toLowerCase();
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** True when a string of two or more characters repeats one character (no back-reference pattern). */
export function allSameChar(s: string): boolean {
  if (s.length < 2) return false;
  for (let i = 1; i < s.length; i++) if (s[i] !== s[0]) return false;
  return true;
}
