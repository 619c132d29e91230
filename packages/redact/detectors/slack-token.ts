/**
 * slack-token — Slack API tokens and incoming-webhook URLs.
 *
 * Tokens start `xoxb-` (bot), `xoxp-` (user), `xoxa-`/`xoxr-` (app, refresh), `xoxs-`, `xoxo-`, or
 * `xapp-` (app-level) and continue with dash-separated alphanumerics. Webhooks are
 * `https://hooks.slack.com/services/T…/B…/…`; the whole URL path after `services/` is masked.
 * Fixtures: test/fixtures/labelled/slack-token.txt.
 */
import type { Detector, DetectorMatch } from '../src/types.js';
import { ALNUM_CHAR, execAll, execBounded, hasTrigger, isPlaceholder } from '../src/util.js';

const TOKEN = /(?:xox[abposre]|xapp)-[0-9A-Za-z]{1,40}(?:-[0-9A-Za-z]{1,64}){1,4}(?![A-Za-z0-9-])/g;
const WEBHOOK = /hooks\.slack\.com\/(?:services|workflows)\/(T[A-Z0-9]{6,12}\/[A-Z0-9]{6,14}\/[A-Za-z0-9]{16,40})/g;

export const detector: Detector = {
  id: 'slack-token',
  kind: 'credential',
  description: 'Slack bot, user, app and refresh tokens (xoxb-, xoxp-, xapp- …) and incoming-webhook URLs',
  detect(text) {
    const out: DetectorMatch[] = [];
    if (hasTrigger(text, 'xox', 'xapp-')) {
      for (const m of execBounded(TOKEN, text, ALNUM_CHAR)) {
        const body = m[0].slice(5);
        if (body.length < 20 || isPlaceholder(body) || /x{4,}|X{4,}/.test(body)) continue;
        out.push({ start: m.index, end: m.index + m[0].length, confidence: 0.97 });
      }
    }
    if (hasTrigger(text, 'hooks.slack.com')) {
      for (const m of execAll(WEBHOOK, text)) {
        const start = m.index + m[0].length - m[1]!.length;
        if (/X{6,}|x{6,}/.test(m[1]!)) continue;
        out.push({ start, end: m.index + m[0].length, confidence: 0.97, description: 'Slack webhook URL' });
      }
    }
    return out;
  },
};
