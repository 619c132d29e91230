/**
 * private-key — PEM, OpenSSH, PGP and PuTTY private-key blocks, valid or not.
 *
 * Masks the whole block from `-----BEGIN … PRIVATE KEY…-----` through the matching `-----END …-----`
 * marker: header lines (`Proc-Type`, `DEK-Info`, PGP `Version:`/`Comment:`), the body, the markers
 * themselves (a kept marker around a masked body would be found again by the packager's re-scan).
 * Blocks embedded in code strings (template literals, `"\n"`-escaped JSON such as a GCP
 * service-account file) are handled because the search is for the markers, not for whole lines.
 * A block without an END marker is masked to the end of its base64 body (key truncated on purpose
 * still leaks most of the key). Unlike secretlint's rule, the key is not parsed: a damaged or fake
 * key is still masked. PuTTY `.ppk` files are masked from `PuTTY-User-Key-File-` to the
 * `Private-MAC:` line. Fixtures: test/fixtures/labelled/private-key.txt.
 */
import type { Detector, DetectorMatch } from '../src/types.js';
import { hasTrigger } from '../src/util.js';

const BEGIN = '-----BEGIN ';
const BEGIN_LINE = /^-----BEGIN ([A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?)-----/;
const MAX_BLOCK = 256 * 1024;
const END_LINE = /^-----END [A-Z0-9 ]{0,40}-----/;
const B64_RUN = /[A-Za-z0-9+/=]+/y;
// RFC 1421 / RFC 4880 armor headers; they come before the body only.
const HEADER = /(?:Proc-Type|DEK-Info|Version|Comment|Hash|Charset|MessageID): [^\r\n\\]*/y;

/** End of the base64 body (and header lines) of a block that has no END marker. */
function unterminatedEnd(text: string, from: number): number {
  let end = from;
  let i = from;
  let inHeaders = true;
  const limit = Math.min(text.length, from + MAX_BLOCK);
  while (i < limit) {
    // Separators: real line breaks, escaped "\n" inside a string literal, indentation.
    let j = i;
    for (;;) {
      const c = text[j];
      if (c === '\n' || c === '\r' || c === ' ' || c === '\t') j++;
      else if (c === '\\' && (text[j + 1] === 'n' || text[j + 1] === 'r')) j += 2;
      else break;
    }
    HEADER.lastIndex = j;
    const h = inHeaders ? HEADER.exec(text) : null;
    if (h && h[0].length) {
      end = i = j + h[0].length;
      continue;
    }
    B64_RUN.lastIndex = j;
    const r = B64_RUN.exec(text);
    if (!r || (r[0].length < 16 && !r[0].endsWith('='))) break;
    inHeaders = false;
    end = i = j + r[0].length;
  }
  return end;
}

export const detector: Detector = {
  id: 'private-key',
  kind: 'credential',
  description: 'PEM, OpenSSH, PGP and PuTTY private-key blocks (whole block, valid or not)',
  detect(text) {
    const out: DetectorMatch[] = [];
    // Next occurrence of each END marker, remembered so that many BEGIN markers without an END
    // (or with a far one) do not make the scan quadratic.
    const nextAt = new Map<string, number>();
    const next = (marker: string, from: number): number => {
      let c = nextAt.get(marker);
      if (c === undefined || (c !== -1 && c < from)) {
        c = text.indexOf(marker, from);
        nextAt.set(marker, c);
      }
      return c;
    };
    if (!hasTrigger(text, '-----begin ', 'putty-user-key-file-')) return out;
    let at = text.indexOf(BEGIN);
    while (at !== -1) {
      const m = BEGIN_LINE.exec(text.slice(at, at + 80));
      if (!m) {
        at = text.indexOf(BEGIN, at + BEGIN.length);
        continue;
      }
      const label = m[1]!;
      const bodyStart = at + m[0].length;
      const endMarker = `-----END ${label}-----`;
      const endAt = next(endMarker, bodyStart);
      let end: number;
      let confidence = 0.99;
      const bodyEnd = endAt !== -1 && endAt - at <= MAX_BLOCK ? -1 : unterminatedEnd(text, bodyStart);
      if (bodyEnd === -1) {
        end = endAt + endMarker.length;
      } else {
        // A different END label (e.g. BEGIN RSA … END PRIVATE KEY) right after the body, or none.
        const anyEndAt = next('-----END ', bodyStart);
        const anyEnd = anyEndAt === -1 ? null : END_LINE.exec(text.slice(anyEndAt, anyEndAt + 60));
        if (anyEnd && anyEndAt >= bodyEnd && /^(?:\s|\\[nr])*$/.test(text.slice(bodyEnd, anyEndAt))) {
          end = anyEndAt + anyEnd[0].length;
        } else if (bodyEnd > bodyStart) {
          end = bodyEnd;
          confidence = 0.9;
        } else {
          // A marker with no body (documentation, code that builds a header) holds no key.
          at = text.indexOf(BEGIN, bodyStart);
          continue;
        }
      }
      out.push({ start: at, end, confidence, description: `${label} block` });
      at = text.indexOf(BEGIN, end);
    }
    let ppk = text.indexOf('PuTTY-User-Key-File-');
    while (ppk !== -1) {
      const macAt = text.indexOf('Private-MAC:', ppk);
      let end = macAt === -1 ? text.length : text.indexOf('\n', macAt);
      if (end === -1) end = text.length;
      if (text[end - 1] === '\r') end--;
      out.push({ start: ppk, end, confidence: 0.95, description: 'PuTTY private key' });
      ppk = text.indexOf('PuTTY-User-Key-File-', end);
    }
    return out;
  },
};
