/**
 * gitee-token — Gitee (码云) personal access tokens and OAuth tokens.
 *
 * A Gitee token is 32 hexadecimal characters without a prefix, so it is reported only after a key name
 * that ties it to Gitee (`GITEE_TOKEN`, `gitee_access_token`, `giteeToken`, `gitee.password` …), or as
 * the `access_token=` query parameter of a gitee.com API URL. (A token in `https://user:token@gitee.com`
 * is found by `url-credentials`.) Fixtures: test/fixtures/labelled/gitee-token.txt.
 */
import type { Detector, DetectorMatch } from '../src/types.js';
import { execAll, hasTrigger, isPlaceholder } from '../src/util.js';

const NAMED = /gitee[_.-]?(?:access[_.-]?|private[_.-]?|personal[_.-]?|oauth[_.-]?)?(?:token|password|pat|key)["']?[ \t]{0,8}(?::=|=>|[:=])[ \t]{0,8}["']?([0-9a-f]{32})(?![A-Za-z0-9])/gi;
const QUERY = /[?&]access_token=([0-9a-f]{32})(?![A-Za-z0-9])/g;

export const detector: Detector = {
  id: 'gitee-token',
  kind: 'credential',
  description: 'Gitee personal access and OAuth tokens (32 hex characters named as such)',
  detect(text) {
    const out: DetectorMatch[] = [];
    if (!hasTrigger(text, 'gitee')) return out;
    for (const re of [NAMED, QUERY]) {
      for (const m of execAll(re, text)) {
        const v = m[1]!;
        // A query token counts only inside a gitee.com API URL (same URL: no blank or quote between).
        if (re === QUERY) {
          const before = text.slice(Math.max(0, m.index - 512), m.index);
          const at = before.lastIndexOf('gitee.com/api/');
          if (at === -1 || /[\s"'`]/.test(before.slice(at))) continue;
        }
        if (isPlaceholder(v) || /^(?:0+|f+)$/i.test(v)) continue;
        const start = m.index + m[0].length - v.length;
        out.push({ start, end: start + v.length, confidence: 0.9 });
      }
    }
    return out;
  },
};
