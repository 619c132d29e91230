/**
 * The secretlint base: @secretlint/core's lintSource with the recommended preset, run once per file.
 * `filter-comments` is turned off: a `secretlint-disable` comment in the vendor's tree must not hide a
 * secret from the package (shencha's own allow comment needs a stated reason and is logged).
 */
import { lintSource } from '@secretlint/core';
import { secretLintProfiler } from '@secretlint/profiler';
import { creator as presetRecommend } from '@secretlint/secretlint-rule-preset-recommend';
import type { DetectorMatch } from './types.js';
import { hasTrigger } from './util.js';

// @secretlint/core marks every rule run on a process-wide profiler that keeps every mark and searches
// them all on each new one: the cost per file grows with the files already scanned (2,000 files took
// 185 s instead of 12 s). shencha never reads the profile, so marking is turned off.
secretLintProfiler.mark = () => {};

type SecretLintCoreConfig = Parameters<typeof lintSource>[0]['options']['config'];

export const SECRETLINT_PREFIX = 'secretlint/';
const PRESET_ID = '@secretlint/secretlint-rule-preset-recommend';

export interface SecretlintMatch extends DetectorMatch {
  detector: string;
}

export function secretlintRuleId(ruleId: string): string {
  return SECRETLINT_PREFIX + ruleId.replace(/^@secretlint\/secretlint-rule-/, '');
}

export function makeSecretlintConfig(disabled: ReadonlySet<string>): SecretLintCoreConfig {
  const rules = presetRecommend.rules
    .map((r) => r.meta.id)
    .filter((id) => id.endsWith('filter-comments') || disabled.has(secretlintRuleId(id)))
    .map((id) => ({ id, disabled: true }));
  return { rules: [{ id: PRESET_ID, rule: presetRecommend, rules }] };
}

/**
 * Every rule of the secretlint 11.7.1 recommended preset needs one of these literals (case-insensitive
 * superset) before any of its patterns can match: aws (AKIA/ASIA/A3T/AGPA/AIDA/AROA/AIPA/ANPA/ANVA key
 * ids, "secret … access … key", "account … id"), gcp and privatekey ("-----BEGIN"), npm ("npm_",
 * "_authToken", "x-oauth-basic" URLs), basicauth and database-connection-string ("://"), slack ("xox…",
 * "xapp", hooks.slack.com URLs), sendgrid ("SG."), shopify ("shp…_"), github ("gh?_", "github_pat_"),
 * openai ("T3BlbkFJ"), anthropic ("sk-ant-"), linear ("lin_api_"), 1password ("ops_"). A file with none
 * of them is not handed to secretlint (whose per-file cost is the largest of the redactor); a test checks
 * that the gated and ungated results agree on every labelled case and on a positive for every rule.
 */
export function secretlintMayMatch(text: string): boolean {
  return hasTrigger(
    text,
    '://', '-----begin', 'akia', 'asia', 'a3t', 'agpa', 'aida', 'aroa', 'aipa', 'anpa', 'anva', 'secret', 'account',
    'npm_', '_authtoken', 'xox', 'xapp', 'sg.', 'shp', 'ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_', 't3blbkfj',
    'sk-ant-', 'lin_api_', 'ops_',
  );
}

export async function runSecretlint(text: string, path: string, config: SecretLintCoreConfig, gate = true): Promise<SecretlintMatch[]> {
  if (gate && !secretlintMayMatch(text)) return [];
  const dot = path.lastIndexOf('.');
  const result = await lintSource({
    // `ext` matters: the gcp rule looks at `.json` files only.
    source: { content: text, filePath: path, ...(dot > path.lastIndexOf('/') ? { ext: path.slice(dot) } : {}), contentType: 'text' },
    options: { config, noPhysicFilePath: true },
  });
  const out: SecretlintMatch[] = [];
  for (const m of result.messages) {
    if (m.type !== 'message') continue;
    let [start, end] = m.range;
    // Some rules report a range that is shifted from the secret (the AWS rule counts from the key
    // name); the secret itself is in the message data, so anchor on its nearest occurrence.
    const value = Object.values(m.data ?? {})
      .filter((v): v is string => typeof v === 'string' && v.length >= 6)
      .sort((a, b) => b.length - a.length)[0];
    if (value && text.slice(start, end) !== value) {
      const at = nearest(text, value, start);
      if (at !== -1) [start, end] = [at, at + value.length];
    }
    if (end <= start || looksLikePlaceholder(text.slice(start, end))) continue;
    out.push({ detector: secretlintRuleId(m.ruleId), start, end, confidence: 0.9, description: m.message.replace(/:.*$/s, '') });
  }
  return out;
}

/** The occurrence of `value` closest to `near` within 4 KiB, or -1. */
function nearest(text: string, value: string, near: number): number {
  let best = -1;
  for (let i = text.indexOf(value, Math.max(0, near - 4096)); i !== -1 && i <= near + 4096; i = text.indexOf(value, i + 1)) {
    if (best === -1 || Math.abs(i - near) < Math.abs(best - near)) best = i;
  }
  return best;
}

/** Documentation placeholders that secretlint's rules report (`ghp_xxxx…`, `xoxb-your-token`, `<password>`). */
function looksLikePlaceholder(value: string): boolean {
  return /xxxxxx|XXXXXX|<[^<>\s]+>|(?:^|[-_:/])your[-_]|\$\{|\{\{|EXAMPLE/.test(value);
}
