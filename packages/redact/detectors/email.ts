/**
 * email — e-mail addresses (personal data).
 *
 * Anchored on each `@`: the local part and the domain are read outwards from it, so there is no
 * backtracking. The domain must have a letter-only top-level domain of 2–24 letters that is not a
 * file extension (`icon@2x.png` is not an address). Service identities (`*.gserviceaccount.com`,
 * `users.noreply.github.com`) are not personal data. Reserved documentation domains (example.com,
 * example.org, example.net, *.example, *.test, *.invalid, localhost) and `git@` SSH remotes are not
 * reported, nor is the user-info of a URL (`scheme://user:pass@host`). Fixtures: test/fixtures/labelled/email.txt.
 */
import type { Detector, DetectorMatch } from '../src/types.js';
import { charSet } from '../src/util.js';

const LOCAL = charSet('A-Za-z0-9._%+-');
const DOMAIN = charSet('A-Za-z0-9.-');
const FILE_TLDS = new Set([
  'png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'ico', 'js', 'mjs', 'cjs', 'ts', 'tsx', 'jsx', 'css', 'scss', 'json',
  'html', 'htm', 'md', 'txt', 'map', 'vue', 'py', 'rb', 'go', 'rs', 'java', 'kt', 'xml', 'yml', 'yaml', 'lock',
  'zip', 'gz', 'tgz', 'pdf', 'woff', 'woff2', 'ttf', 'eot', 'mp4', 'mp3', 'wasm', 'sh', 'exe', 'dll', 'so', 'dylib',
]);
const DOC_DOMAIN = /(?:^|\.)(?:gserviceaccount\.com|users\.noreply\.github\.com|example\.(?:com|org|net)|example|test|invalid|localhost|local|domain\.com|email\.com|yourdomain\.com|yourcompany\.com|company\.com|acme\.com|foo\.com|bar\.com)$/i;
const PLACEHOLDER_LOCAL = /^(?:user|username|name|email|your[._-]?\w*|foo|bar|someone|somebody|test|me|you|noreply|no-reply|xxx+)$/i;

/** True when `s` is inside the user-info of a URL (`scheme://user:pass@host`): not an address. */
function inUrlAuthority(text: string, s: number): boolean {
  const from = Math.max(0, s - 300);
  const before = text.slice(from, s);
  const at = before.lastIndexOf('://');
  return at !== -1 && !/[\s/]/.test(before.slice(at + 3));
}

export const detector: Detector = {
  id: 'email',
  kind: 'personal-data',
  description: 'e-mail addresses (not documentation domains such as example.com)',
  detect(text) {
    const out: DetectorMatch[] = [];
    let at = text.indexOf('@');
    while (at !== -1) {
      let s = at;
      while (s > 0 && at - s < 64 && LOCAL(text.charCodeAt(s - 1))) s--;
      while (s < at && (text[s] === '.' || text[s] === '-')) s++;
      let e = at + 1;
      while (e < text.length && e - at <= 253 && DOMAIN(text.charCodeAt(e))) e++;
      while (e > at + 1 && (text[e - 1] === '.' || text[e - 1] === '-')) e--;
      const local = text.slice(s, at);
      const domain = text.slice(at + 1, e);
      const dot = domain.lastIndexOf('.');
      const tld = dot === -1 ? '' : domain.slice(dot + 1);
      const ok =
        local.length > 0 &&
        dot > 0 &&
        /^[A-Za-z]{2,24}$/.test(tld) &&
        !FILE_TLDS.has(tld.toLowerCase()) &&
        !DOC_DOMAIN.test(domain) &&
        !(local === 'git' && /^(?:github\.com|gitlab\.com|bitbucket\.org|gitee\.com)$/i.test(domain)) &&
        !PLACEHOLDER_LOCAL.test(local) &&
        !domain.includes('..') &&
        !inUrlAuthority(text, s);
      if (ok) out.push({ start: s, end: e, confidence: 0.9 });
      at = text.indexOf('@', Math.max(at + 1, ok ? e : at + 1));
    }
    return out;
  },
};
