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

/** A set of ASCII characters as a lookup table (non-ASCII is never in it). */
export function charSet(chars: string): (c: number) => boolean {
  const table = new Uint8Array(128);
  for (let i = 0; i < chars.length; i++) {
    if (chars[i + 1] === '-' && i + 2 < chars.length) {
      for (let c = chars.charCodeAt(i); c <= chars.charCodeAt(i + 2); c++) table[c] = 1;
      i += 2;
    } else table[chars.charCodeAt(i)] = 1;
  }
  return (c) => c < 128 && table[c] === 1;
}

export const TOKEN_CHAR = charSet('A-Za-z0-9_');
export const TOKEN_DASH_CHAR = charSet('A-Za-z0-9_-');
export const ALNUM_CHAR = charSet('A-Za-z0-9');

/**
 * Like execAll, for a pattern that must not be preceded by a character of `notAfter`. The boundary is
 * checked in code instead of a leading look-behind, which would stop V8 from scanning ahead for the
 * pattern's first literal; a rejected match resumes one character later, as a look-behind would.
 */
export function* execBounded(re: RegExp, text: string, notAfter: (c: number) => boolean): Generator<RegExpExecArray> {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m.index > 0 && notAfter(text.charCodeAt(m.index - 1))) {
      re.lastIndex = m.index + 1;
      continue;
    }
    if (m[0].length === 0) re.lastIndex++;
    yield m;
  }
}

let runsFor: string | undefined;
let runsCache: Int32Array = new Int32Array(0);
/** Maximal runs of ASCII digits, four or more: linear, and V8 scans for it natively (a sixth of a JS loop). */
const DIGIT_RUN = /[0-9]{4,}/g;

/**
 * Runs of at least 4 ASCII digits in `text`, as [start0, end0, start1, end1, …] (UTF-16 offsets).
 * One pass shared by the digit detectors (resident ids, card numbers), cheaper than a pattern per
 * detector that starts with `\d`. The last text's runs are cached, so detectors that run on the same
 * text one after the other share the pass.
 */
export function digitRuns(text: string): Int32Array {
  if (runsFor === text) return runsCache;
  const out: number[] = [];
  DIGIT_RUN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = DIGIT_RUN.exec(text)) !== null) out.push(m.index, m.index + m[0].length);
  runsFor = text;
  runsCache = Int32Array.from(out);
  return runsCache;
}

/** digitRuns by a plain loop over the characters: the reference the tests compare it with. */
export function digitRunsByLoop(text: string): Int32Array {
  const out: number[] = [];
  const n = text.length;
  for (let i = 0; i < n; i++) {
    let c = text.charCodeAt(i);
    if (c < 48 || c > 57) continue;
    const s = i;
    do c = text.charCodeAt(++i);
    while (c >= 48 && c <= 57);
    if (i - s >= 4) out.push(s, i);
  }
  return Int32Array.from(out);
}

/**
 * Every literal that some detector needs before it runs its patterns (lower case, ASCII). They are
 * found in ONE case-insensitive pass per text, cached for the last text, instead of one `includes`
 * per detector and literal (each of which is a full scan). A detector asks with `hasTrigger`.
 */
const TRIGGER_WORDS = [
  'ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_',
  'akia', 'asia', 'abia', 'acca', 'secret', 'ltai', 'akid',
  'huawei', 'hwcloud', 'hw_', 'hw.', 'hw-', 'obs_', 'obs.', 'obs-',
  'bce', 'baidu', 'bos_', 'bos.', 'bos-', 'bcc_', 'bcc.', 'bcc-',
  'accountkey=', 'sharedaccesskey=', 'sig=', 'q~',
  'service_account', 'aiza', 'gocspx-', 'gitee',
  'glpat-', 'gldt-', 'glrt-', 'glptt-', 'glcbt-', 'glft-', 'gloas-', 'glsoat-', 'glimt-', 'glagent-', 'gr1348941',
  'k_live_', 'k_test_', 'whsec_', 'npm_', '_auth', '_password', 'pypi-ag', 'eyj',
  'xox', 'xapp-', 'hooks.slack.com', '-----begin ', 'putty-user-key-file-', 'pwd', 'password',
  // The key names of secret-assignment (every spelling its KEYWORD pattern accepts).
  'passw', 'token', 'api_key', 'api-key', 'apikey', 'access_key', 'access-key', 'accesskey', 'auth_key', 'auth-key',
  'authkey', 'private_key', 'private-key', 'privatekey', 'credential',
  // What the secretlint 11.7.1 recommended rules need before any of their patterns can match
  // (see secretlint.ts): without one of these a file is not handed to secretlint at all.
  '://', '-----begin', 'a3t', 'agpa', 'aida', 'aroa', 'aipa', 'anpa', 'anva', 'account', '_authtoken', 'xapp',
  'sg.', 'shp', 't3blbkfj', 'sk-ant-', 'lin_api_', 'ops_',
] as const;
export type Trigger = (typeof TRIGGER_WORDS)[number];
export const TRIGGERS: readonly Trigger[] = [...new Set<Trigger>(TRIGGER_WORDS)].sort();
/**
 * The triggers by their first two characters (folded to lower case), as an index into TRIGGERS'
 * groups: a text is scanned two characters at a time, and only where a trigger can start are its
 * literals compared. A plain loop: V8's regular expression for the same alternation, case-insensitive,
 * scans five to ten times slower, because almost every letter can start one of its branches.
 */
const PAIR_GROUP = new Int16Array(128 * 128).fill(-1);
const GROUPS: string[][] = [];
for (const w of TRIGGERS) {
  const key = (w.charCodeAt(0) << 7) | w.charCodeAt(1);
  if (PAIR_GROUP[key] === -1) PAIR_GROUP[key] = GROUPS.push([]) - 1;
  GROUPS[PAIR_GROUP[key]!]!.push(w);
}
/** ASCII upper case to lower case; other characters below 128 as they are. */
const FOLD = Uint8Array.from({ length: 128 }, (_, c) => (c >= 65 && c <= 90 ? c + 32 : c));
/** Patterns that src/ builds at run time, for the ReDoS test. */
export const RUNTIME_PATTERNS: readonly RegExp[] = [DIGIT_RUN];
let triggersFor: string | undefined;
let triggersCache = new Set<string>();

/**
 * Case-insensitive as the `i` flag is without `u`: only ASCII letters fold (a non-ASCII character
 * never equals an ASCII one), so folding below 128 is the whole of it.
 */
function startsAt(text: string, at: number, word: string): boolean {
  if (at + word.length > text.length) return false;
  for (let k = 2; k < word.length; k++) {
    const c = text.charCodeAt(at + k);
    if (c >= 128 || FOLD[c] !== word.charCodeAt(k)) return false;
  }
  return true;
}

function triggersOf(text: string): Set<string> {
  if (triggersFor === text) return triggersCache;
  const found = new Set<string>();
  const n = text.length;
  let next = n > 0 ? text.charCodeAt(0) : 128;
  for (let i = 0; i + 1 < n; i++) {
    const c = next;
    next = text.charCodeAt(i + 1);
    if (c >= 128 || next >= 128) continue;
    const g = PAIR_GROUP[(FOLD[c]! << 7) | FOLD[next]!]!;
    if (g === -1) continue;
    for (const w of GROUPS[g]!) if (!found.has(w) && startsAt(text, i, w)) found.add(w);
    if (found.size === TRIGGERS.length) break;
  }
  triggersFor = text;
  triggersCache = found;
  return found;
}

/** True when the text contains (case-insensitively) any of the given trigger literals. */
export function hasTrigger(text: string, ...words: Trigger[]): boolean {
  const found = triggersOf(text);
  return words.some((w) => found.has(w));
}
