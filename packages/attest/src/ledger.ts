import { link, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  canonicalBytes,
  makeIssue,
  sha256Hex,
  ShenchaError,
  signEnvelope,
  validateAgainstSchema,
  verifyEnvelope,
  type DsseEnvelope,
  type Issue,
  type PublicKeyInfo,
  type SigningKey,
} from '@shencha/core';
import { SOURCE } from './issues.js';
import type { ChangeClass } from './types.js';

export const LEDGER_DIR = '.shencha/ledger';
export const LEDGER_PAYLOAD_TYPE = 'application/vnd.shencha.ledger-entry+json';

/**
 * One entry of the append-only ledger: a signed record of one attestation, chained to the previous
 * entry by its digest and to the cleared baseline by its manifest digest. The entry's digest is the
 * sha256 of its canonical payload; the ledger's head is the newest entry's digest.
 */
export interface LedgerEntry {
  schemaVersion: 1;
  kind: 'shencha-ledger-entry';
  sequence: number;
  /** Digest of the previous entry; null for the first. */
  previous: string | null;
  product: { name: string; version: string };
  baseline: { manifestSha256: string; keyid: string; product: { name: string; version: string } };
  subject: { name: string; digest: Record<string, string> };
  verdict: { changeClass: ChangeClass; score: number; recommendedAction: string };
  time: string;
}

export interface LedgerRecord {
  file: string;
  entry: LedgerEntry;
  digest: string;
  keyid: string;
}

export interface LedgerVerification {
  valid: boolean;
  entries: number;
  head: string | null;
  issues: Issue[];
  records: LedgerRecord[];
}

const FILE_RE = /^(\d{8})\.dsse\.json$/;
const fileName = (seq: number): string => `${String(seq).padStart(8, '0')}.dsse.json`;

function broken(file: string, message: string, howToFix = 'restore the ledger from its persisted copy (the CI branch or artifact); never edit entries by hand'): Issue {
  return makeIssue('ATTEST_LEDGER_BROKEN', SOURCE, message, { location: { path: file }, howToFix });
}

/**
 * Verifies the whole chain: every entry signed by a trusted key, numbered 1…n in file order, each naming
 * the previous entry's digest. Detects reordered, replaced and edited entries; with `expectedHead` (from
 * the newest attestation) also a removed newest entry.
 */
export async function verifyLedger(dir: string, trusted: readonly PublicKeyInfo[], expectedHead?: string): Promise<LedgerVerification> {
  const issues: Issue[] = [];
  const records: LedgerRecord[] = [];
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new ShenchaError('ATTEST_LEDGER_UNUSABLE', `cannot read the ledger ${dir}: ${(e as Error).message}`, { cause: e });
    names = [];
  }
  let previous: string | null = null;
  let position = 0;
  for (const name of names) {
    if (name.startsWith('.')) continue;
    const m = FILE_RE.exec(name);
    if (!m) {
      issues.push(broken(name, `${name} is not a ledger entry file (NNNNNNNN.dsse.json)`));
      continue;
    }
    position++;
    const path = join(dir, name);
    let env: DsseEnvelope;
    try {
      env = JSON.parse(await readFile(path, 'utf8')) as DsseEnvelope;
    } catch (e) {
      issues.push(broken(name, `${name} is not JSON: ${(e as Error).message}`));
      previous = '?';
      continue;
    }
    const v = verifyEnvelope(env, trusted);
    if (!v.ok) {
      issues.push(broken(name, `${name}: ${v.reason === 'unknown-key' ? v.detail : 'the signature does not verify: the entry was edited'}`));
      previous = '?';
      continue;
    }
    if (env.payloadType !== LEDGER_PAYLOAD_TYPE) issues.push(broken(name, `${name} has payload type ${env.payloadType}, not ${LEDGER_PAYLOAD_TYPE}`));
    let entry: LedgerEntry;
    try {
      entry = JSON.parse(v.payload.toString('utf8')) as LedgerEntry;
    } catch {
      issues.push(broken(name, `${name}: the payload is not JSON`));
      previous = '?';
      continue;
    }
    const errors = validateAgainstSchema('ledger-entry', entry);
    if (errors.length) issues.push(broken(name, `${name}: ${errors[0]!.pointer}: ${errors[0]!.message}`));
    const digest = sha256Hex(v.payload);
    if (entry.sequence !== position || Number(m[1]) !== position) {
      issues.push(broken(name, `${name} is entry ${entry.sequence} at position ${position}: an entry was removed, inserted or reordered`));
    }
    if (previous !== '?' && entry.previous !== previous) {
      issues.push(broken(name, `${name} names the previous entry ${entry.previous ?? 'none'}, but the entry before it is ${previous ?? 'none'}: an entry was replaced, removed or reordered`));
    }
    records.push({ file: name, entry, digest, keyid: v.keyid });
    previous = digest;
  }
  const head = records.length ? records[records.length - 1]!.digest : null;
  if (expectedHead !== undefined) {
    const at = records.findIndex((r) => r.digest === expectedHead);
    if (at < 0) {
      issues.push(broken('.', `the expected head ${expectedHead} is not in the ledger${head ? ` (its head is ${head})` : ' (it is empty)'}: the newest entries were removed or replaced`));
    }
  }
  return { valid: issues.length === 0, entries: records.length, head, issues, records };
}

/**
 * Appends one entry after verifying the chain so far (a broken ledger is never extended). The file is
 * created exclusively (a hard link of a complete temporary file), so two concurrent runs cannot both
 * write entry n.
 */
export async function appendLedger(dir: string, entry: Omit<LedgerEntry, 'sequence' | 'previous' | 'schemaVersion' | 'kind'>, key: SigningKey, trusted: readonly PublicKeyInfo[]): Promise<LedgerRecord> {
  const own: PublicKeyInfo = { alg: key.alg, keyid: key.keyid, publicKeyPem: key.publicKeyPem } as PublicKeyInfo;
  const check = await verifyLedger(dir, [...trusted, own]);
  if (!check.valid) {
    throw new ShenchaError('ATTEST_LEDGER_BROKEN', `the ledger ${dir} does not verify: ${check.issues[0]!.message}`, {
      howToFix: 'run `shencha ledger verify` and restore the ledger from its persisted copy',
    });
  }
  const full: LedgerEntry = { schemaVersion: 1, kind: 'shencha-ledger-entry', sequence: check.entries + 1, previous: check.head, ...entry };
  const payload = canonicalBytes(full);
  const envelope = signEnvelope(LEDGER_PAYLOAD_TYPE, payload, key);
  const name = fileName(full.sequence);
  try {
    await mkdir(dir, { recursive: true });
    const tmp = join(dir, `.${name}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
    await writeFile(tmp, canonicalBytes(envelope));
    try {
      await link(tmp, join(dir, name));
    } finally {
      await rm(tmp, { force: true });
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new ShenchaError('ATTEST_LEDGER_UNUSABLE', `ledger entry ${name} appeared while this run was writing it: another attestation ran at the same time`, { howToFix: 'run again' });
    }
    throw new ShenchaError('ATTEST_LEDGER_UNUSABLE', `cannot write the ledger ${dir}: ${(e as Error).message}`, { cause: e });
  }
  return { file: name, entry: full, digest: sha256Hex(payload), keyid: key.keyid };
}
