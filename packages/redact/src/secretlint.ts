/**
 * The secretlint base: @secretlint/core's lintSource with the recommended preset, run once per file.
 * `filter-comments` is turned off: a `secretlint-disable` comment in the vendor's tree must not hide a
 * secret from the package (shencha's own allow comment needs a stated reason and is logged).
 */
import { lintSource } from '@secretlint/core';
import { creator as presetRecommend } from '@secretlint/secretlint-rule-preset-recommend';
import type { DetectorMatch } from './types.js';

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

export async function runSecretlint(text: string, path: string, config: SecretLintCoreConfig): Promise<SecretlintMatch[]> {
  const result = await lintSource({
    source: { content: text, filePath: path, contentType: 'text' },
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
