/**
 * The secretlint gate (secretlintMayMatch) must never hide a finding: the gated run and a plain
 * lintSource run agree on a positive for every recommended rule, on every labelled case, on the
 * example product's files, and on random text.
 */
import { generateKeyPairSync } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fc, test } from '@fast-check/vitest';
import { lintSource } from '@secretlint/core';
import { describe, expect, it } from 'vitest';
import { makeSecretlintConfig, runSecretlint, secretlintMayMatch } from '../src/secretlint.js';
import { loadLabelled } from './labelled.js';

const config = makeSecretlintConfig(new Set());

/** Plain secretlint: the rules that report something. */
async function raw(text: string, path: string): Promise<string[]> {
  const r = await lintSource({ source: { content: text, filePath: path, ext: path.slice(path.lastIndexOf('.')), contentType: 'text' }, options: { config, noPhysicFilePath: true } });
  return r.messages.filter((m) => m.type === 'message').map((m) => m.ruleId.replace('@secretlint/secretlint-rule-', ''));
}
const run = async (text: string, path: string, gate: boolean): Promise<string[]> =>
  (await runSecretlint(text, path, config, gate)).map((m) => `${m.detector} ${m.start}-${m.end}`).sort();
const ungated = (text: string, path = 'x.txt'): Promise<string[]> => run(text, path, false);
const gated = (text: string, path = 'x.txt'): Promise<string[]> => run(text, path, true);

const a = (n: number, c = 'aB3'): string => c.repeat(Math.ceil(n / c.length)).slice(0, n);
const pem = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const POSITIVES: Record<string, string> = {
  aws: `const k = "AKIA${'QX7F3ACMEG2W7Z5R'}";\nAWS_SECRET_ACCESS_KEY="${a(40, 'Zq8x')}"\nAWS_ACCOUNT_ID=1234-5678-9012`,
  gcp: JSON.stringify({ type: 'service_account', private_key_id: 'f'.repeat(40), private_key: pem }),
  privatekey: pem,
  npm: `//registry.npmjs.org/:_authToken=abcdef0123456789\nconst t = "npm_${a(36)}";`,
  basicauth: 'curl https://deploy:S3cretPw@example.org/upload',
  slack: `xoxb-1234567890-${a(24)} https://hooks.slack.com/services/T0123ABCD/B0123ABCD/${a(24)}`,
  sendgrid: `SG.${a(22)}.${a(43)}`,
  shopify: `shpat_${'0123456789abcdef'.repeat(2)}`,
  github: `ghp_${a(36)}`,
  openai: `sk-${a(20)}T3BlbkFJ${a(20)}`,
  anthropic: `sk-ant-api03-${a(95)}AA`,
  linear: `lin_api_${a(40)}`,
  'database-connection-string': 'mongodb://admin:Pw0rd-1234@db.acme-gateway.cn:27017/app',
};

describe('secretlint gate', () => {
  for (const [rule, text] of Object.entries(POSITIVES)) {
    it(`keeps the ${rule} rule's findings`, async () => {
      const path = rule === 'gcp' ? 'keys/service-account.json' : 'x.txt';
      expect(await raw(text, path), 'the sample is a positive for its rule').toContain(rule);
      const expected = await ungated(text, path);
      expect(secretlintMayMatch(text)).toBe(true);
      expect(await gated(text, path)).toEqual(expected);
    });
  }

  it('agrees with plain secretlint on every labelled case and every file of the example product', async () => {
    const texts = loadLabelled().cases.map((c) => c.text);
    const root = fileURLToPath(new URL('../../../examples/acme-gateway/', import.meta.url));
    const walk = (d: string): string[] =>
      readdirSync(d).flatMap((n) => (n === 'node_modules' ? [] : statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]));
    for (const f of walk(root)) texts.push(readFileSync(f, 'utf8'));
    let skipped = 0;
    for (const t of texts) {
      if (!secretlintMayMatch(t)) skipped++;
      expect(await gated(t), t.slice(0, 200)).toEqual(await ungated(t));
    }
    expect(skipped).toBeGreaterThan(0);
  });

  test.prop([fc.array(fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom(...Object.values(POSITIVES).map((p) => p.slice(0, 60)))), { maxLength: 8 })], { numRuns: 100 })(
    'agrees on random text',
    async (parts) => {
      const t = parts.join(' ');
      expect(await gated(t)).toEqual(await ungated(t));
    },
  );
});
