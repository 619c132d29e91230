import { describe, expect, it } from 'vitest';
import { createRedactor, maskText } from '../src/index.js';

const TOKEN = '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';

describe('allow-list', () => {
  it('leaves files on allow.paths alone and says so', async () => {
    const r = await createRedactor({ allow: { paths: ['docs/**', '**/*.snap'] } });
    expect(await r.detect(`token ${TOKEN}`, 'docs/guide/setup.md')).toEqual([]);
    expect(await r.detect(`token ${TOKEN}`, 'src/__snapshots__/a.snap')).toEqual([]);
    expect(await r.detect(`token ${TOKEN}`, 'src/docs.ts')).toHaveLength(1);
    expect(r.issues.filter((i) => i.code === 'REDACT_ALLOWED').map((i) => i.location?.path)).toEqual(['docs/guide/setup.md', 'src/__snapshots__/a.snap']);
  });

  it('leaves exact allowed values unmasked, and only those', async () => {
    const r = await createRedactor({ allow: { values: ['security@acme-gateway.cn'] } });
    const text = 'report to security@acme-gateway.cn, not zhang.wei@acme-gateway.cn';
    const f = await r.detect(text, 'SECURITY.md');
    expect(f.map((x) => text.slice(x.startOffset, x.endOffset))).toEqual(['zhang.wei@acme-gateway.cn']);
    expect(r.issues.map((i) => [i.code, i.location?.line, i.location?.column])).toEqual([['REDACT_ALLOWED', 1, 11]]);
  });

  it('honours `shencha:allow <reason>` on the line and the line before, and ignores it without a reason', async () => {
    const r = await createRedactor();
    const text = [
      `const a = '${TOKEN}'; // shencha:allow revoked token kept for the regression test`,
      '// shencha:allow published support line',
      "const phone = '13812345678';",
      "const other = '13912345678';",
      '# shencha:allow',
      'mail: zhang.wei@acme-gateway.cn',
    ].join('\n');
    const f = await r.detect(text, 'src/x.ts');
    expect(f.map((x) => x.start.line)).toEqual([4, 6]);
    expect(r.issues.map((i) => `${i.code} ${i.location?.line}`)).toEqual(['REDACT_ALLOW_WITHOUT_REASON 5', 'REDACT_ALLOWED 1', 'REDACT_ALLOWED 3']);
    expect(r.issues[1]!.message).toContain('revoked token kept for the regression test');
  });
});

describe('custom detectors (re2js)', () => {
  it('run user patterns, masking group 1 when there is one', async () => {
    const r = await createRedactor({
      custom: [
        { id: 'ticket-key', pattern: 'ticket-key: ([0-9a-f]{16})', description: 'internal ticket keys', kind: 'credential' },
        { id: 'employee-no', pattern: '(?i)EMP-\\d{6}', description: 'employee numbers', kind: 'personal-data' },
      ],
    });
    const text = 'ticket-key: 0123456789abcdef\nowner emp-004211 😀 EMP-123456';
    const f = await r.detect(text, 'x.txt');
    expect(f.map((x) => [x.detector, x.kind, text.slice(x.startOffset, x.endOffset)])).toEqual([
      ['custom/ticket-key', 'credential', '0123456789abcdef'],
      ['custom/employee-no', 'personal-data', 'emp-004211'],
      ['custom/employee-no', 'personal-data', 'EMP-123456'],
    ]);
    expect(maskText(text, f)).toBe('ticket-key: ****************\nowner ********** 😀 **********');
    expect(r.detectors.map((d) => d.id)).toContain('custom/ticket-key');
  });

  it('reports a bad pattern or id as an issue naming the field, and keeps going', async () => {
    const r = await createRedactor({
      custom: [
        { id: 'backref', pattern: '(a)\\1', description: 'x', kind: 'credential' },
        { id: 'Bad Id', pattern: 'x', description: 'x', kind: 'credential' },
        { id: 'ok', pattern: 'SECRET-[0-9]+', description: 'x', kind: 'credential' },
      ],
    });
    expect(r.issues.map((i) => [i.code, i.location?.field])).toEqual([
      ['REDACT_CUSTOM_PATTERN_INVALID', 'redaction.custom[0].pattern'],
      ['REDACT_CUSTOM_PATTERN_INVALID', 'redaction.custom[1].id'],
    ]);
    expect(await r.detect('x SECRET-42', 'a.txt')).toHaveLength(1);
  });

  it('stays linear on input that would make a backtracking engine explode', async () => {
    const r = await createRedactor({ custom: [{ id: 'evil', pattern: '(a+)+$', description: 'x', kind: 'credential' }], disable: ['secretlint'] });
    const text = 'a'.repeat(50_000) + '!';
    const t0 = performance.now();
    await r.detect(text, 'a.txt');
    expect(performance.now() - t0).toBeLessThan(5_000);
  });
});

describe('robustness', () => {
  it('never throws on odd input, and reports a failing detector as an issue', async () => {
    const r = await createRedactor();
    for (const t of ['', '\n', '\r\n\r\n', '\uD800 lone surrogate', '\u0000'.repeat(100), 'a'.repeat(200_000)]) {
      await expect(r.detect(t, 'x.bin')).resolves.toBeInstanceOf(Array);
    }
    expect(r.issues).toEqual([]);
  });
});
