/**
 * secret-assignment — passwords, secrets, tokens and API keys assigned in code and configuration.
 *
 * Finds a key whose name says it holds a secret (`password`, `passwd`, `pwd`, `secret`, `token`,
 * `api_key`, `apikey`, `access_key`, `auth_key`, `private_key`, `credential`, `client_secret`, with any
 * prefix such as `DB_PASSWORD` or `adminPassword`) followed by `=`, `:`, `:=` or `=>` and a value, in
 * YAML, JSON, .env/.properties/INI/TOML, shell and most programming languages. Only the value is masked.
 * A value is reported when it is quoted (or the file is a configuration file, where bare values are
 * strings), is not a placeholder (`<your-key>`, `${VAR}`, `changeme`, `xxxx`, `****` …), is not a
 * code expression (`req.body.password`, `getenv(...)`), is not prose (two non-ASCII characters in a
 * row, or three words: a translated message, not a password) and looks random enough: at least 6
 * characters and either two character classes or a Shannon entropy of 3 bits per character. Typed
 * declarations (`const API_KEY: &str = "…"`) and `define('AUTH_KEY', '…')`-style calls are understood.
 * Names that hold something else (`…_file`, `…_url`, `…_expired`, `secretRef`, `tokenTtl` …) are skipped.
 * Fixtures: test/fixtures/labelled/secret-assignment.txt.
 */
import type { Detector, DetectorMatch } from '../src/types.js';
import { baseName, charClasses, charSet, extOf, hasTrigger, isPlaceholder, shannonEntropy } from '../src/util.js';

// Case-insensitive by character classes: V8 scans these faster than the same pattern with the i flag.
const KEYWORD = /[Pp][Aa][Ss][Ss][Ww](?:[Oo][Rr])?[Dd]|[Pp][Ww][Dd]|[Ss][Ee][Cc][Rr][Ee][Tt]|[Tt][Oo][Kk][Ee][Nn]|[Aa][Pp][Ii][_-]?[Kk][Ee][Yy]|[Aa][Cc][Cc][Ee][Ss][Ss][_-]?[Kk][Ee][Yy]|[Aa][Uu][Tt][Hh][_-]?[Kk][Ee][Yy]|[Pp][Rr][Ii][Vv][Aa][Tt][Ee][_-]?[Kk][Ee][Yy]|[Cc][Rr][Ee][Dd][Ee][Nn][Tt][Ii][Aa][Ll]/g;
// Every spelling KEYWORD accepts, as trigger literals found in the redactor's one shared pass: most files hold none.
const KEY_NAMES = ['passw', 'pwd', 'secret', 'token', 'api_key', 'api-key', 'apikey', 'access_key', 'access-key', 'accesskey', 'auth_key', 'auth-key', 'authkey', 'private_key', 'private-key', 'privatekey', 'credential'] as const;
const IDENT_CHAR = charSet('A-Za-z0-9_.-');
const CONFIG_EXTS = new Set(['env', 'yaml', 'yml', 'properties', 'ini', 'cfg', 'conf', 'toml', 'cnf', 'sh', 'bash', 'zsh', 'txt', 'config', 'service']);
// Values longer than this are data (a bundle, a blob), not a password; bounding keeps the scan linear.
const MAX_VALUE = 1024;
const VALUE_END = charSet(' \t\r\n\f\v,;)}]"\'`');
const TYPE_CHAR = charSet('A-Za-z0-9_&<>[]:.?| \t');
const CONFIG_FILES = new Set(['.npmrc', '.yarnrc', '.pypirc', '.netrc', '.pgpass', '.git-credentials', 'dockerfile', 'makefile']);
// Identifier names that hold something that is not the secret itself.
const NOT_SECRET_NAME = /(?:_|-|\.)?(?:file|path|dir|url|uri|endpoint|length|len|size|min|max|count|type|name|id|expiry|expires|expired|expiration|ref|refs|reference|ttl|timeout|header|field|prefix|policy|regex|pattern|hash|algorithm|alg|enabled|required|label|hint|placeholder|prompt|message|msg|error|format|mode|version)$/i;

const VERSION_SPEC = /^(?:[\^~]|[<>]=?|=)?v?\d+(?:\.\d+){1,3}(?:[-+][0-9A-Za-z.-]+)?$/;

function isConfigFile(path: string): boolean {
  const b = baseName(path).toLowerCase();
  return b.startsWith('.env') || b.endsWith('.env') || CONFIG_FILES.has(b) || CONFIG_EXTS.has(extOf(path));
}

/**
 * After the identifier: an optional closing quote, blanks, `=`, `:`, `:=` or `=>` (not `==`, `!=`,
 * `===`), blanks; or, after a quoted name, a comma and a quoted value (`define('AUTH_KEY', '…')`). Returns where the value starts, or -1. Hand-written: no pattern to backtrack.
 */
function afterSeparator(text: string, i: number, nameStart: number): number {
  const blanks = (j: number): number => {
    let n = 0;
    while (n < 16 && (text[j] === ' ' || text[j] === '\t')) j++, n++;
    return j;
  };
  const quotedName = text[i] === '"' || text[i] === "'";
  if (quotedName) i++;
  i = blanks(i);
  const c = text[i];
  const n = text[i + 1];
  // `define('AUTH_KEY', '…')`, `config.set("password", "…")`: a quoted first argument, a comma, a quoted
  // value. Only as call arguments: `"js-tokens","…"` in a JSON list or object is not an assignment.
  if (quotedName && c === ',' && isFirstCallArgument(text, nameStart)) {
    i = blanks(i + 1);
    return text[i] === '"' || text[i] === "'" ? i : -1;
  }
  if (c === ':' && n === '=') i += 2;
  else if (c === '=' && n === '>') i += 2;
  else if (c === '=' && n !== '=') i += 1;
  else if (c === ':' && n !== ':') i += 1;
  else return -1;
  return blanks(i);
}

/** True when the quoted name starting at `nameStart` (its opening quote just before) opens a call's arguments. */
function isFirstCallArgument(text: string, nameStart: number): boolean {
  let j = nameStart - 2;
  for (let n = 0; n < 16 && (text[j] === ' ' || text[j] === '\t'); n++) j--;
  return text[j] === '(';
}

/** After a bare type annotation ending at `i`: the quoted value of a following `= "…"` on the line. */
function afterTypeAnnotation(text: string, i: number): { start: number; end: number; quoted: boolean } | undefined {
  let j = i;
  while (j < text.length && j - i < 48 && TYPE_CHAR(text.charCodeAt(j))) j++;
  if (text[j] !== '=' || text[j + 1] === '=' || text[j + 1] === '>') return undefined;
  j++;
  while (text[j] === ' ' || text[j] === '\t') j++;
  const v = readValue(text, j);
  return v?.quoted ? v : undefined;
}

/** Reads the value at `i`: quoted (same line, honours backslash escapes) or bare to a delimiter. */
function readValue(text: string, i: number): { start: number; end: number; quoted: boolean } | undefined {
  const q = text[i];
  if (q === '"' || q === "'" || q === '`') {
    let j = i + 1;
    const limit = Math.min(text.length, i + MAX_VALUE);
    while (j < limit && text[j] !== q && text[j] !== '\n') {
      if (text[j] === '\\') j++;
      j++;
    }
    if (text[j] !== q) return undefined;
    return { start: i + 1, end: j, quoted: true };
  }
  let j = i;
  const limit = Math.min(text.length, i + MAX_VALUE);
  while (j < limit && !VALUE_END(text.charCodeAt(j))) j++;
  if (j === limit && limit < text.length) return undefined;
  if (j === i) return undefined;
  return { start: i, end: j, quoted: false };
}

export const detector: Detector = {
  id: 'secret-assignment',
  kind: 'credential',
  description: 'password, secret, token and API-key values assigned in code and configuration files',
  detect(text, path) {
    const out: DetectorMatch[] = [];
    if (!hasTrigger(text, ...KEY_NAMES)) return out;
    const config = isConfigFile(path);
    let consumedTo = 0;
    KEYWORD.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = KEYWORD.exec(text)) !== null) {
      if (m.index < consumedTo) continue;
      // Expand to the whole identifier (e.g. ACME_GATEWAY_ADMIN_PASSWORD, client.secret).
      let s = m.index;
      while (s > 0 && m.index - s < 128 && IDENT_CHAR(text.charCodeAt(s - 1))) s--;
      let e = m.index + m[0].length;
      while (e < text.length && e - m.index < 128 && IDENT_CHAR(text.charCodeAt(e))) e++;
      KEYWORD.lastIndex = e;
      const name = text.slice(s, e);
      if (NOT_SECRET_NAME.test(name) && !/(?:passw(?:or)?d|secret)$/i.test(name)) continue;
      const valueAt = afterSeparator(text, e, s);
      if (valueAt === -1) continue;
      let v = readValue(text, valueAt);
      // `const API_KEY: &str = "…"`, `password: string = '…'`: skip a type annotation to the `=`.
      if (v && !v.quoted && !config && text[valueAt - 1] !== '=' ) v = afterTypeAnnotation(text, v.end) ?? v;
      if (!v) {
        // An over-long bare value is data; skip it whole so that the scan stays linear.
        if (valueAt + MAX_VALUE < text.length && !VALUE_END(text.charCodeAt(valueAt))) KEYWORD.lastIndex = Math.max(KEYWORD.lastIndex, valueAt + MAX_VALUE);
        continue;
      }
      const value = text.slice(v.start, v.end);
      if (!v.quoted) {
        if (!config) continue;
        // YAML/TOML: a bare value that starts a mapping or a reference is not a literal.
        if (/^[&*!|>{[]/.test(value)) continue;
      }
      const end = v.start + value.length;
      if (value.length < 6 || isPlaceholder(value)) continue;
      // A quoted expression in code is still a literal, but type names and env lookups are not secrets.
      if (/^(?:string|number|boolean|bool|int|str|bytes|String|char\[\]|Optional\[str\])$/.test(value)) continue;
      if (charClasses(value) < 2 && shannonEntropy(value) < 3) continue;
      // A version or version range (`"js-tokens": "^9.0.1"` in a lockfile) is not a secret.
      if (VERSION_SPEC.test(value)) continue;
      // Prose (a translated message, a sentence) is not a secret.
      if (/[^\x00-\x7f][^\x00-\x7f]|\S \S+ \S/.test(value)) continue;
      consumedTo = end;
      out.push({ start: v.start, end, confidence: v.quoted ? 0.85 : 0.8, description: `value of ${name}` });
    }
    return out;
  },
};
