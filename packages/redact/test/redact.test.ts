import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { canonicalize, validateAgainstSchema } from '@shencha/core';
import { describe, expect, it } from 'vitest';
import {
  buildRedactionLog,
  commitFile,
  commitValue,
  createRedactor,
  maskText,
  openSpan,
  redactText,
  spanIdOf,
  spanKey,
  verifyOpening,
  type Finding,
} from '../src/index.js';

const KEY = Buffer.alloc(32, 7);
const example = (p: string): string => readFileSync(fileURLToPath(new URL(`../../../examples/acme-gateway/${p}`, import.meta.url)), 'utf8');

/** The planted values of examples/acme-gateway (issue 2): none may survive redaction. */
const PLANTED = [
  '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',
  'xoxb-7201946385-4417380265931-xqr6b3FlH4o0UaoE3NuvQMCP',
  'AKIAQX7FAKE3ACME9GW2',
  'OLqxHVq8GANsFZjN1vmpY1Xuro+c1iT/5lb25JXn',
  'S3cr3t-Passw0rd-2024',
  'Pr0d-Gw-Db-9931',
  'Adm1n-AcmeGw-7788x',
  'zhang.wei@acme-gateway.cn',
  'li.na@huaxin-logistics.cn',
  '13812345678',
  '18610086421',
  '11010519880512123X',
  '310104199203152640',
  'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0w',
];

function lines(t: string): string[] {
  return t.split('\n');
}

/** Every character outside the findings is unchanged at the same line and column. */
function expectSameGeometry(original: string, masked: string): void {
  const a = lines(original);
  const b = lines(masked);
  expect(b.length).toBe(a.length);
  a.forEach((line, i) => {
    const ca = [...line];
    const cb = [...b[i]!];
    expect(cb.length).toBe(ca.length);
    ca.forEach((ch, j) => {
      if (cb[j] !== ch) expect(cb[j]).toBe('*');
    });
  });
}

describe('detect + mask on the example product', () => {
  const files = [
    'config/production.env',
    'config/default.yaml',
    'src/update.ts',
    'src/alerts.ts',
    'src/config.ts',
    'scripts/sign-release.ts',
    'config/tls/dev-key.pem',
    'db/seed.sql',
    'test/fixtures/customer.json',
  ];
  it('masks every planted value and keeps lines and columns', async () => {
    const r = await createRedactor();
    for (const f of files) {
      const text = example(f);
      const findings = await r.detect(text, f);
      const masked = maskText(text, findings);
      expectSameGeometry(text, masked);
      for (const v of PLANTED) expect(masked.includes(v), `${v} survives in ${f}`).toBe(false);
      expect(masked).not.toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----/);
    }
    expect(r.issues).toEqual([]);
  });

  it('masks only the password of a connection URL and only the value of an assignment', async () => {
    const r = await createRedactor();
    const text = example('config/production.env');
    const masked = maskText(text, await r.detect(text, 'config/production.env'));
    expect(masked).toContain('DATABASE_URL=postgres://gw_prod:***************@pg-prod.acme.internal:5432/gateway');
    expect(masked).toContain('ACME_GATEWAY_ADMIN_PASSWORD=******************\n');
    expect(masked).toContain('AWS_REGION=cn-north-1');
    expect(masked).toContain('ACME_TELEMETRY_ENDPOINT=https://telemetry.acme-gateway.cn/v1/metrics');
  });

  it('leaves code that only names secrets alone', async () => {
    const r = await createRedactor();
    const text = [
      'interface Db { password: string; user: string }',
      'const password = req.body.password;',
      "if (token === '') throw new Error('no token');",
      "const apiKey = process.env.API_KEY ?? '';",
      'password: ${DB_PASSWORD}',
      'api_key: "<your-key>"',
      'secret = "xxxxxxxxxxxx"',
      'contact: someone@example.com',
      'id: 123e4567-e89b-12d3-a456-426614174000',
      'sha: 3f786850e387550fdab836ed7e6dc881de23001b',
      'ts: 1700000000000',
      'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE',
    ].join('\n');
    expect(await r.detect(text, 'src/a.ts')).toEqual([]);
  });
});

describe('findings', () => {
  it('are sorted, merged when overlapping, with 1-based code-point columns', async () => {
    const r = await createRedactor();
    const text = '😀 mail 😀 a.b@corp-mail.cn\n  tel 13912345678 id 11010519880512123X';
    const f = await r.detect(text, 'x.txt');
    expect(f.map((x) => x.detector)).toEqual(['email', 'cn-mobile', 'cn-resident-id']);
    expect(f[0]!.start).toEqual({ line: 1, column: 10 });
    expect(f[0]!.end).toEqual({ line: 1, column: 26 });
    expect(text.slice(f[0]!.startOffset, f[0]!.endOffset)).toBe('a.b@corp-mail.cn');
    expect(f[1]!.start).toEqual({ line: 2, column: 7 });
    for (let i = 1; i < f.length; i++) expect(f[i]!.startOffset).toBeGreaterThanOrEqual(f[i - 1]!.endOffset);
  });

  it('merges overlapping spans into one', async () => {
    const r = await createRedactor();
    // The token is both a secret-assignment value and a GitHub token.
    const text = 'TOKEN="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"';
    const f = await r.detect(text, '.env');
    expect(f).toHaveLength(1);
    expect(f[0]!.detector).toBe('github-token');
    expect(f[0]!.kind).toBe('credential');
  });

  it('masks every other occurrence of a found value, overlapping ones and very long ones too', async () => {
    const r = await createRedactor();
    const pw = 'Qx7#mK2$vL9pR4tZ';
    // Over 256 characters: looked for on its own, not in the one-pass pattern.
    const long = Array.from({ length: 20 }, (_, i) => `Zq${i}Xw9#Lm4Tr8Vb`).join('');
    // Each value once where a detector sees it (a key name), then bare, once run into other text.
    const text = `password = "${pw}"\napi_key: "${long}"\nlog(${JSON.stringify(pw)}); x = "${pw}${pw.slice(0, 4)}";\nsend("${long}");\n`;
    const masked = maskText(text, await r.detect(text, 'src/a.ts'));
    expect(long.length).toBeGreaterThan(256);
    expect(masked.length).toBe(text.length);
    expect(masked).not.toContain(pw.slice(2, 14));
    expect(masked).not.toContain(long.slice(100, 140));
    expect(masked.split('\n').map((l) => l.replace(/\*+/g, '*'))).toEqual(['password = "*"', 'api_key: "*"', 'log("*"); x = "*Qx7#";', 'send("*");', '']);
  });

  it('rejects resident ids with a wrong check digit or date, and mobile numbers inside longer digits', async () => {
    const r = await createRedactor();
    const text = 'a 110105198805121231 b 110105198802301238 c 913812345678 d 13812345678a';
    expect(await r.detect(text, 'x.txt')).toEqual([]);
  });

  it('masks a PEM block embedded in a JSON string and one without an END marker', async () => {
    const r = await createRedactor();
    const json = '{"pem": "-----BEGIN RSA PRIVATE KEY-----\\nMIIEpAIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\\n-----END RSA PRIVATE KEY-----\\n", "x": 1}';
    const m1 = maskText(json, await r.detect(json, 'sa.json'));
    expect(m1).toMatch(/^\{"pem": "\*+\\n", "x": 1\}$/);
    const cut = 'key:\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtz\nc2gtZWQyNTUxOQAAACBDJ3\nnext: value';
    const m2 = maskText(cut, await r.detect(cut, 'k.yaml'));
    expect(m2.split('\n')).toEqual(['key:', '*'.repeat(35), '*'.repeat(64), '*'.repeat(22), 'next: value']);
  });

  it('honours disable', async () => {
    const r = await createRedactor({ disable: ['email', 'no-such-detector'] });
    expect(await r.detect('x a.b@corp-mail.cn', 'x.txt')).toEqual([]);
    expect(r.detectors.some((d) => d.id === 'email')).toBe(false);
    expect(r.issues.map((i) => i.code)).toEqual(['REDACT_UNKNOWN_DETECTOR']);
  });
});

describe('maskText', () => {
  it('keeps CR/LF and turns each code point into one star', () => {
    const text = 'ab😀c\r\nde\nf';
    const f: Finding = {
      detector: 't', kind: 'credential', start: { line: 1, column: 2 }, end: { line: 2, column: 2 },
      startOffset: 1, endOffset: 8, confidence: 1, description: '',
    };
    expect(maskText(text, [f])).toBe('a***\r\n*e\nf');
  });
});

describe('commitments', () => {
  const start = { line: 3, column: 5 };
  const end = { line: 3, column: 25 };
  const doc = { path: 'config/a.yaml', start, end, value: 'S3cr3t-Passw0rd-2024' };

  it('follow DESIGN.md exactly', () => {
    const id = spanIdOf(doc.path, start, end);
    expect(id).toBe('config/a.yaml#3:5-3:25');
    const k = createHmac('sha256', KEY).update(Buffer.concat([Buffer.from('span'), Buffer.from([0]), Buffer.from(id)])).digest();
    expect(spanKey(KEY, id).equals(k)).toBe(true);
    const c = createHmac('sha256', k).update(canonicalize({ path: doc.path, start, end, value: doc.value })).digest('hex');
    expect(commitValue(k, doc)).toBe(c);
    const sm3k = createHmac('sm3', KEY).update(Buffer.concat([Buffer.from('span\0'), Buffer.from(id)])).digest();
    expect(spanKey(KEY, id, 'hmac-sm3').equals(sm3k)).toBe(true);
  });

  it('open one span and reject any change', () => {
    const c = commitValue(spanKey(KEY, spanIdOf(doc.path, start, end)), doc);
    const o = openSpan(KEY, doc);
    expect(verifyOpening(o, c)).toBe(true);
    expect(verifyOpening({ ...o, value: 'S3cr3t-Passw0rd-2025' }, c)).toBe(false);
    expect(verifyOpening({ ...o, path: 'config/b.yaml' }, c)).toBe(false);
    expect(verifyOpening({ ...o, end: { line: 3, column: 26 } }, c)).toBe(false);
    expect(verifyOpening({ ...o, key: o.key.replace(/^./, (x) => (x === '0' ? '1' : '0')) }, c)).toBe(false);
    expect(verifyOpening({ ...o, key: 'zz' }, c)).toBe(false);
    expect(verifyOpening(o, c, 'hmac-sm3')).toBe(false);
    // The key of one span does not open another.
    const other = { ...doc, start: { line: 9, column: 1 }, end: { line: 9, column: 21 } };
    const c2 = commitValue(spanKey(KEY, spanIdOf(other.path, other.start, other.end)), other);
    expect(verifyOpening({ ...o, spanId: spanIdOf(other.path, other.start, other.end), start: other.start, end: other.end }, c2)).toBe(false);
  });

  it('commit files with span id file:<path> and null positions', () => {
    const sha = 'ab'.repeat(32);
    const c = commitFile(KEY, 'src/crypto/sm4.ts', sha, 'hmac-sm3');
    const o = openSpan(KEY, { path: 'src/crypto/sm4.ts', start: null, end: null, value: sha }, 'hmac-sm3');
    expect(o.spanId).toBe('file:src/crypto/sm4.ts');
    expect(verifyOpening(o, c, 'hmac-sm3')).toBe(true);
    expect(verifyOpening(o, commitFile(KEY, 'src/crypto/sm4.ts', 'cd'.repeat(32), 'hmac-sm3'), 'hmac-sm3')).toBe(false);
  });
});

describe('redaction log', () => {
  it('is schema-valid, deterministic and holds no original value nor its plain hash', async () => {
    const r = await createRedactor();
    const text = example('config/production.env');
    const a = await redactText(r, text, 'config/production.env', KEY);
    const b = await redactText(r, example('db/seed.sql'), 'db/seed.sql', KEY);
    const log = buildRedactionLog('hmac-sha256', [...b.spans, ...a.spans], [
      { path: 'src/sm4.ts', state: 'withheld', rule: 'crypto-source', commitment: commitFile(KEY, 'src/sm4.ts', 'ab'.repeat(32)) },
      { path: 'config/production.env', state: 'redacted', commitment: commitFile(KEY, 'config/production.env', 'cd'.repeat(32)) },
    ]);
    expect(validateAgainstSchema('redactions', log)).toEqual([]);
    expect(log.spans[0]!.path).toBe('config/production.env');
    expect(log.files[0]!.path).toBe('config/production.env');
    expect(log.counts.spans).toBe(a.spans.length + b.spans.length);
    expect(log.counts.byKind['personal-data']).toBeGreaterThan(0);
    const json = canonicalize(log);
    const { createHash } = await import('node:crypto');
    for (const v of PLANTED) {
      expect(json).not.toContain(v);
      expect(json).not.toContain(createHash('sha256').update(v).digest('hex'));
    }
    // Each span opens with its own key.
    for (const s of log.spans) {
      const src = s.path === 'db/seed.sql' ? example('db/seed.sql') : text;
      const f = [...a.findings, ...b.findings].find((x) => spanIdOf(s.path, x.start, x.end) === s.id)!;
      const o = openSpan(KEY, { path: s.path, start: s.start, end: s.end, value: src.slice(f.startOffset, f.endOffset) });
      expect(verifyOpening(o, s.commitment)).toBe(true);
    }
    const broken = { ...log, spans: [{ ...log.spans[0]!, value: 'x' }] };
    expect(validateAgainstSchema('redactions', broken)).not.toEqual([]);
  });
});
