/**
 * url-credentials — passwords inside URLs and database connection strings.
 *
 * `scheme://user:password@host` (postgres, mysql, mongodb+srv, redis, amqp, https, ftp, …): only the
 * password part is masked, so the reviewer still sees scheme, user and host. Also ADO.NET/JDBC style
 * connection strings `Password=…;` / `Pwd=…;`. Placeholder passwords (`password`, `<pass>`, `${PW}`,
 * `****`, `xxx`) are not reported. Fixtures: test/fixtures/labelled/url-credentials.txt.
 */
import type { Detector, DetectorMatch } from '../src/types.js';
import { charSet, execAll, hasTrigger, isPlaceholder } from '../src/util.js';

// The user part excludes ':' and '@', so the split between user and password is unambiguous.
// Tried only where a "://" was found (sticky, from the start of the scheme), never at every position.
const URL_CRED = /[A-Za-z][A-Za-z0-9+.-]{0,30}:\/\/([^\s:@/?#'"`<>]{0,256}):([^\s@/?'"`<>]{1,256})@(?=[A-Za-z0-9[])/y;
const SCHEME_CHAR = charSet('A-Za-z0-9+.-');
const CONN_STR = /(?:^|[;"'\s])(?:password|pwd)[ \t]{0,4}=[ \t]{0,4}([^;"'\s]{1,256})(?=;|["'\s]|$)/gim;

export const detector: Detector = {
  id: 'url-credentials',
  kind: 'credential',
  description: 'passwords in URLs (scheme://user:password@host) and in database connection strings',
  detect(text) {
    const out: DetectorMatch[] = [];
    if (text.includes('://')) {
      for (let at = text.indexOf('://'); at !== -1; at = text.indexOf('://', at + 3)) {
        let s = at;
        while (s > 0 && at - s < 31 && SCHEME_CHAR(text.charCodeAt(s - 1))) s--;
        URL_CRED.lastIndex = s;
        const m = URL_CRED.exec(text);
        if (!m) continue;
        const pw = m[2]!;
        if (isPlaceholder(pw) || pw.length < 3) continue;
        const end = m.index + m[0].length - 1;
        out.push({ start: end - pw.length, end, confidence: 0.9, description: 'password in URL' });
      }
    }
    if (hasTrigger(text, 'pwd', 'password') && text.includes(';')) {
      for (const m of execAll(CONN_STR, text)) {
        const pw = m[1]!;
        // Require a connection-string context: another key=value; pair on the same line.
        // The context is the line around the match, at most 512 characters each way (minified files
        // have megabyte-long lines).
        const from = Math.max(0, m.index - 512);
        const around = text.slice(from, m.index + 512);
        const rel = m.index - from;
        const lineStart = around.lastIndexOf('\n', rel) + 1;
        let lineEnd = around.indexOf('\n', rel + 1);
        if (lineEnd === -1) lineEnd = around.length;
        const line = around.slice(lineStart, lineEnd);
        if (!/(?:server|host|data source|database(?:name)?|initial catalog|user(?: ?id)?|uid)\s*=|jdbc:/i.test(line)) continue;
        if (isPlaceholder(pw)) continue;
        const end = m.index + m[0].length;
        out.push({ start: end - pw.length, end, confidence: 0.85, description: 'password in connection string' });
      }
    }
    return out;
  },
};
