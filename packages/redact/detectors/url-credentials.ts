/**
 * url-credentials — passwords inside URLs and database connection strings.
 *
 * `scheme://user:password@host` (postgres, mysql, mongodb+srv, redis, amqp, https, ftp, …): only the
 * password part is masked, so the reviewer still sees scheme, user and host. Also ADO.NET/JDBC style
 * connection strings `Password=…;` / `Pwd=…;`. Placeholder passwords (`password`, `<pass>`, `${PW}`,
 * `****`, `xxx`) are not reported. Fixtures: test/fixtures/labelled/url-credentials.txt.
 */
import type { Detector, DetectorMatch } from '../src/types.js';
import { execAll, isPlaceholder } from '../src/util.js';

// The user part excludes ':' and '@', so the split between user and password is unambiguous.
const URL_CRED = /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{1,30}:\/\/([^\s:@/?#'"`<>]{0,256}):([^\s@/?'"`<>]{1,256})@(?=[A-Za-z0-9[])/g;
const CONN_STR = /(?:^|[;"'\s])(?:password|pwd)[ \t]{0,4}=[ \t]{0,4}([^;"'\s]{1,256})(?=;|["'\s]|$)/gim;

export const detector: Detector = {
  id: 'url-credentials',
  kind: 'credential',
  description: 'passwords in URLs (scheme://user:password@host) and in database connection strings',
  detect(text) {
    const out: DetectorMatch[] = [];
    if (text.includes('://')) {
      for (const m of execAll(URL_CRED, text)) {
        const pw = m[2]!;
        if (isPlaceholder(pw) || pw.length < 3) continue;
        const end = m.index + m[0].length - 1;
        out.push({ start: end - pw.length, end, confidence: 0.9, description: 'password in URL' });
      }
    }
    if (/pwd|password/i.test(text) && text.includes(';')) {
      for (const m of execAll(CONN_STR, text)) {
        const pw = m[1]!;
        // Require a connection-string context: another key=value; pair on the same line.
        const lineStart = text.lastIndexOf('\n', m.index) + 1;
        let lineEnd = text.indexOf('\n', m.index + 1);
        if (lineEnd === -1) lineEnd = text.length;
        const line = text.slice(lineStart, lineEnd);
        if (!/(?:server|host|data source|database(?:name)?|initial catalog|user(?: ?id)?|uid)\s*=|jdbc:/i.test(line)) continue;
        if (isPlaceholder(pw)) continue;
        const end = m.index + m[0].length;
        out.push({ start: end - pw.length, end, confidence: 0.85, description: 'password in connection string' });
      }
    }
    return out;
  },
};
