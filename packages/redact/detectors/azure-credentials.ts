/**
 * azure-credentials — Microsoft Azure storage account keys, SAS signatures and client secrets.
 *
 * `AccountKey=<88 base64 chars>` in storage connection strings, `SharedAccessKey=…` (Service Bus,
 * Event Hubs, IoT Hub), the `sig=` parameter of a shared-access-signature URL, and Entra ID
 * (Azure AD) application client secrets in their current format (`xxx8Q~` + 31–34 characters).
 * Fixtures: test/fixtures/labelled/azure-credentials.txt.
 */
import type { Detector, DetectorMatch } from '../src/types.js';
import { charSet, execAll, hasTrigger, isPlaceholder } from '../src/util.js';

const ACCOUNT_KEY = /(?:AccountKey|SharedAccessKey)=([A-Za-z0-9+/]{40,100}={0,2})(?=[;"'\s]|$)/g;
const SAS_SIG = /[?&]sig=((?:[A-Za-z0-9]|%2[Bb]|%2[Ff]|%3[Dd]){40,120})(?![A-Za-z0-9%])/g;
// Tried (sticky) four characters before each "Q~", never at every position.
const CLIENT_SECRET = /[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/y;
const SECRET_CHAR = charSet('A-Za-z0-9_~.-');

export const detector: Detector = {
  id: 'azure-credentials',
  kind: 'credential',
  description: 'Azure storage account keys, shared-access keys and signatures, Entra ID client secrets',
  detect(text) {
    const out: DetectorMatch[] = [];
    if (hasTrigger(text, 'accountkey=', 'sharedaccesskey=')) {
      for (const m of execAll(ACCOUNT_KEY, text)) {
        const v = m[1]!;
        if (isPlaceholder(v)) continue;
        const start = m.index + m[0].length - v.length;
        out.push({ start, end: start + v.length, confidence: 0.95, description: 'Azure account or shared-access key' });
      }
    }
    if (hasTrigger(text, 'sig=')) {
      for (const m of execAll(SAS_SIG, text)) {
        const v = m[1]!;
        const start = m.index + m[0].length - v.length;
        out.push({ start, end: start + v.length, confidence: 0.85, description: 'Azure shared-access signature' });
      }
    }
    if (hasTrigger(text, 'q~')) for (let q = text.indexOf('Q~'); q !== -1; q = text.indexOf('Q~', q + 2)) {
      const s = q - 4;
      if (s < 0 || (s > 0 && SECRET_CHAR(text.charCodeAt(s - 1)))) continue;
      CLIENT_SECRET.lastIndex = s;
      const m = CLIENT_SECRET.exec(text);
      if (m) out.push({ start: s, end: s + m[0].length, confidence: 0.9, description: 'Entra ID client secret' });
    }
    return out;
  },
};
