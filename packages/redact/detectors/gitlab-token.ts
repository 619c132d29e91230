/**
 * gitlab-token — GitLab tokens.
 *
 * Personal/project/group access tokens `glpat-` + 20 or more characters, and the other documented
 * prefixes: deploy tokens `gldt-`, runner authentication tokens `glrt-`, pipeline trigger tokens
 * `glptt-`, CI job tokens `glcbt-`, feed tokens `glft-`, OAuth application secrets `gloas-`, SCIM
 * tokens `glsoat-`, and legacy runner registration tokens `GR1348941…`.
 * Fixtures: test/fixtures/labelled/gitlab-token.txt.
 */
import type { Detector, DetectorMatch } from '../src/types.js';
import { execBounded, hasTrigger, isPlaceholder, TOKEN_DASH_CHAR } from '../src/util.js';

const TOKEN = /(?:glpat|gldt|glrt|glptt|glcbt|glft|gloas|glsoat|glimt|glagent)-[0-9A-Za-z_-]{20,64}(?![A-Za-z0-9_-])|GR1348941[0-9A-Za-z_-]{20}(?![A-Za-z0-9_-])/g;

export const detector: Detector = {
  id: 'gitlab-token',
  kind: 'credential',
  description: 'GitLab personal, project, deploy, runner, trigger and other tokens (glpat-, gldt-, glrt- …)',
  detect(text) {
    const out: DetectorMatch[] = [];
    if (!hasTrigger(text, 'glpat-', 'gldt-', 'glrt-', 'glptt-', 'glcbt-', 'glft-', 'gloas-', 'glsoat-', 'glimt-', 'glagent-', 'gr1348941')) return out;
    for (const m of execBounded(TOKEN, text, TOKEN_DASH_CHAR)) {
      const body = m[0].slice(m[0].indexOf('-') + 1);
      if (isPlaceholder(body) || /x{6,}|X{6,}/.test(body)) continue;
      out.push({ start: m.index, end: m.index + m[0].length, confidence: 0.97 });
    }
    return out;
  },
};
