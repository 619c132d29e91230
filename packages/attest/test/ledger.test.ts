import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalBytes, generateSigningKeyPair, loadPublicKey, loadSigningKey, signEnvelope } from '@shencha/core';
import { appendLedger, verifyLedger, type LedgerEntry } from '../src/index.js';
import { LEDGER_PAYLOAD_TYPE } from '../src/ledger.js';

const pair = generateSigningKeyPair('ed25519');
const key = loadSigningKey(pair.privateKeyPem);
const pub = loadPublicKey(pair.publicKeyPem);
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function entry(n: number): Omit<LedgerEntry, 'sequence' | 'previous' | 'schemaVersion' | 'kind'> {
  return {
    product: { name: 'p', version: `1.${n}.0` },
    baseline: { manifestSha256: 'a'.repeat(64), keyid: key.keyid, product: { name: 'p', version: '1.0.0' } },
    subject: { name: `p@1.${n}.0`, digest: { sha256: String(n).repeat(64).slice(0, 64) } },
    verdict: { changeClass: n % 2 ? 'minor' : 'none', score: n, recommendedAction: 'notify-operator' },
    time: '2026-01-01T00:00:00Z',
  };
}

async function ledgerOf(n: number): Promise<{ dir: string; heads: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'shencha-ledger-'));
  dirs.push(dir);
  const heads: string[] = [];
  for (let i = 1; i <= n; i++) heads.push((await appendLedger(dir, entry(i), key, [pub])).digest);
  return { dir, heads };
}

describe('ledger', () => {
  it('appends signed entries, each chaining the previous digest', async () => {
    const { dir, heads } = await ledgerOf(3);
    expect(readdirSync(dir)).toEqual(['00000001.dsse.json', '00000002.dsse.json', '00000003.dsse.json']);
    const v = await verifyLedger(dir, [pub], heads[2]);
    expect(v.issues).toEqual([]);
    expect(v).toMatchObject({ valid: true, entries: 3, head: heads[2] });
    expect(v.records.map((r) => r.entry.previous)).toEqual([null, heads[0], heads[1]]);
  });

  it('detects an edited entry (signature)', async () => {
    const { dir } = await ledgerOf(3);
    const f = join(dir, '00000002.dsse.json');
    const env = JSON.parse(readFileSync(f, 'utf8')) as { payload: string };
    const doc = JSON.parse(Buffer.from(env.payload, 'base64').toString('utf8')) as LedgerEntry;
    doc.verdict.changeClass = 'material';
    env.payload = canonicalBytes(doc).toString('base64');
    writeFileSync(f, JSON.stringify(env));
    const v = await verifyLedger(dir, [pub]);
    expect(v.valid).toBe(false);
    expect(v.issues[0]!.message).toMatch(/00000002.*edited/);
  });

  it('detects a replaced entry (re-signed, but the next entry names the old digest)', async () => {
    const { dir } = await ledgerOf(3);
    const f = join(dir, '00000002.dsse.json');
    const env = JSON.parse(readFileSync(f, 'utf8')) as { payload: string };
    const doc = JSON.parse(Buffer.from(env.payload, 'base64').toString('utf8')) as LedgerEntry;
    doc.verdict.changeClass = 'material';
    writeFileSync(f, canonicalBytes(signEnvelope(LEDGER_PAYLOAD_TYPE, canonicalBytes(doc), key)));
    const v = await verifyLedger(dir, [pub]);
    expect(v.valid).toBe(false);
    expect(v.issues.some((i) => /00000003.*replaced/.test(i.message))).toBe(true);
  });

  it('detects reordered entries', async () => {
    const { dir } = await ledgerOf(3);
    renameSync(join(dir, '00000002.dsse.json'), join(dir, 'tmp'));
    renameSync(join(dir, '00000003.dsse.json'), join(dir, '00000002.dsse.json'));
    renameSync(join(dir, 'tmp'), join(dir, '00000003.dsse.json'));
    const v = await verifyLedger(dir, [pub]);
    expect(v.valid).toBe(false);
    expect(v.issues.some((i) => /reordered/.test(i.message))).toBe(true);
  });

  it('detects a removed middle entry, and a removed newest entry given the head', async () => {
    const { dir, heads } = await ledgerOf(3);
    rmSync(join(dir, '00000003.dsse.json'));
    expect((await verifyLedger(dir, [pub])).valid).toBe(true); // without the head, truncation is invisible
    const v = await verifyLedger(dir, [pub], heads[2]);
    expect(v.valid).toBe(false);
    expect(v.issues[0]!.message).toMatch(/expected head .* not in the ledger/);
    rmSync(join(dir, '00000001.dsse.json'));
    expect((await verifyLedger(dir, [pub])).valid).toBe(false);
  });

  it('rejects entries signed by an untrusted key, and refuses to extend a broken ledger', async () => {
    const { dir } = await ledgerOf(2);
    const other = loadPublicKey(generateSigningKeyPair('ed25519').publicKeyPem);
    expect((await verifyLedger(dir, [other])).issues[0]!.message).toMatch(/not trusted/);
    writeFileSync(join(dir, '00000001.dsse.json'), '{}');
    await expect(appendLedger(dir, entry(3), key, [pub])).rejects.toThrow(/does not verify/);
  });
});
