/**
 * github-token — GitHub access tokens.
 *
 * Finds classic tokens with the documented prefixes `ghp_` (personal), `gho_` (OAuth), `ghu_`
 * (user-to-server), `ghs_` (server-to-server) and `ghr_` (refresh) followed by 36 base62 characters,
 * and fine-grained personal access tokens `github_pat_<22>_<59>`. The prefix is the pre-filter.
 * Fixtures: test/fixtures/labelled/github-token.txt.
 */
import type { Detector, DetectorMatch } from '../src/types.js';
import { execBounded, hasTrigger, isPlaceholder, TOKEN_CHAR } from '../src/util.js';

const CLASSIC = /gh[pousr]_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/g;
const FINE = /github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}(?![A-Za-z0-9_])/g;

export const detector: Detector = {
  id: 'github-token',
  kind: 'credential',
  description: 'GitHub personal, OAuth, app and fine-grained access tokens (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_)',
  detect(text) {
    const out: DetectorMatch[] = [];
    if (hasTrigger(text, 'ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_')) {
      for (const m of execBounded(CLASSIC, text, TOKEN_CHAR)) {
        if (isPlaceholder(m[0].slice(4))) continue;
        out.push({ start: m.index, end: m.index + m[0].length, confidence: 0.99 });
      }
    }
    if (hasTrigger(text, 'github_pat_')) {
      for (const m of execBounded(FINE, text, TOKEN_CHAR)) out.push({ start: m.index, end: m.index + m[0].length, confidence: 0.99 });
    }
    return out;
  },
};
