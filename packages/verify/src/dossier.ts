import {
  canonicalize,
  comparePathBytes,
  makeIssue,
  merkleRoot,
  sha256Hex,
  sm3Hex,
  verifyEnvelope,
  type Issue,
  type PublicKeyInfo,
} from '@shencha/core';
import { checkDocument, kindOfPath } from './documents.js';
import type { DossierContents } from './input.js';
import { SOURCE } from './issues.js';
import { checkSections } from './sections.js';
import { readJson } from './json.js';
import type { Limits } from './limits.js';
import type { Collector, ValidationReport } from './report-types.js';

export const MANIFEST = 'manifest.json';
export const ENVELOPE = 'manifest.dsse.json';
export const PREDICATE_TYPE = 'urn:shencha:predicate:dossier:v1';
export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';

interface ManifestFile {
  path: string;
  size: number;
  sha256: string;
  sm3?: string;
}

interface Manifest {
  product?: { name?: string; version?: string; vendor?: string };
  hashes?: string[];
  files?: ManifestFile[];
  merkleRoot?: string;
}

export interface DossierOptions {
  trustedKeys: PublicKeyInfo[];
  expectProduct?: string;
  limits: Limits;
}

export interface ActualFile {
  path: string;
  size: number;
  sha256: string;
  sm3?: string;
  /** Reads the contents (only documents and the source archive are ever read after the walk). */
  read(): Promise<Buffer>;
}

export interface DossierState {
  manifest?: Manifest;
  /** Contents of every readable file, by dossier path. */
  actual: Map<string, ActualFile>;
  /** Parsed JSON documents by path, for the consistency checks. */
  docs: Map<string, unknown>;
}

function isManifestFile(f: unknown): f is ManifestFile {
  const o = f as ManifestFile | null;
  return !!o && typeof o.path === 'string' && typeof o.sha256 === 'string' && typeof o.size === 'number';
}

export async function verifyDossier(
  contents: DossierContents,
  options: DossierOptions,
  c: Collector,
): Promise<{ state: DossierState; signature: ValidationReport['signature'] }> {
  c.add(...contents.issues);
  const state: DossierState = { actual: new Map(), docs: new Map() };
  const { limits } = options;

  // Digests come from the one walk (folder) or the archive read (bundle); a file is read again only when needed.
  for (const [path, f] of contents.files) {
    try {
      let sha256 = f.sha256;
      let size = f.size;
      if (sha256 === undefined) {
        const bytes = await f.read();
        sha256 = sha256Hex(bytes);
        size = bytes.length;
      }
      const a: ActualFile = { path, size, sha256, read: () => f.read() };
      if (f.sm3 !== undefined) a.sm3 = f.sm3;
      state.actual.set(path, a);
    } catch (e) {
      c.add(makeIssue('VERIFY_UNREADABLE', SOURCE, `cannot read ${path}: ${(e as Error).message}`, { location: { path } }));
    }
  }

  // manifest.json
  const manifestFile = state.actual.get(MANIFEST);
  if (!manifestFile) {
    c.check('manifest', MANIFEST, '', [
      makeIssue('VERIFY_MANIFEST_MISSING', SOURCE, 'the dossier has no manifest.json, so nothing in it can be checked against an index', {
        location: { path: MANIFEST },
      }),
    ]);
  } else {
    const r = await checkDocument(c, MANIFEST, await manifestFile.read(), limits, { requireCanonical: true });
    if (r.value && typeof r.value === 'object') {
      state.manifest = r.value as Manifest;
      state.docs.set(MANIFEST, r.value);
    }
  }
  const manifest = state.manifest;
  const wantSm3 = Array.isArray(manifest?.hashes) && manifest.hashes.includes('sm3');
  if (wantSm3) {
    for (const a of state.actual.values()) if (a.sm3 === undefined) a.sm3 = sm3Hex(await a.read());
  }

  // The file list: exactly the files present, each once, in path-byte order.
  const present = new Set([...state.actual.keys(), ...contents.unusable].filter((p) => p !== MANIFEST && p !== ENVELOPE));
  const listed = new Map<string, ManifestFile>();
  if (manifest && Array.isArray(manifest.files)) {
    const orderIssues: Issue[] = [];
    let prev: string | undefined;
    for (const f of manifest.files) {
      if (!isManifestFile(f)) continue;
      if (listed.has(f.path) || f.path === MANIFEST || f.path === ENVELOPE) {
        orderIssues.push(makeIssue('VERIFY_FILE_LISTED_TWICE', SOURCE, `manifest.json lists ${f.path} more than once or lists itself`, { location: { path: MANIFEST, field: f.path } }));
      } else if (prev !== undefined && comparePathBytes(prev, f.path) > 0) {
        orderIssues.push(makeIssue('VERIFY_FILE_LISTED_TWICE', SOURCE, `manifest.json lists ${f.path} out of path order`, { location: { path: MANIFEST, field: f.path } }));
      }
      listed.set(f.path, f);
      prev = f.path;
    }
    const listing: Issue[] = [...orderIssues];
    for (const p of listed.keys()) {
      if (!present.has(p) && p !== MANIFEST && p !== ENVELOPE) {
        listing.push(makeIssue('VERIFY_FILE_MISSING', SOURCE, `${p} is listed in manifest.json but is not in the dossier`, { location: { path: p } }));
      }
    }
    for (const p of present) {
      if (!listed.has(p)) {
        listing.push(makeIssue('VERIFY_FILE_EXTRA', SOURCE, `${p} is in the dossier but not listed in manifest.json`, { location: { path: p } }));
      }
    }
    c.check('files.complete', undefined, `manifest.json lists exactly the ${present.size} files present`, listing);

    // Size and digests of every listed file that is present.
    for (const f of listed.values()) {
      const a = state.actual.get(f.path);
      if (!a) continue;
      const issues: Issue[] = [];
      if (a.size !== f.size) {
        issues.push(makeIssue('VERIFY_SIZE_MISMATCH', SOURCE, `${f.path} is ${a.size} bytes; manifest.json says ${f.size}`, { location: { path: f.path } }));
      }
      if (a.sha256 !== f.sha256) {
        issues.push(makeIssue('VERIFY_SHA256_MISMATCH', SOURCE, `${f.path} has sha256 ${a.sha256}; manifest.json says ${f.sha256}`, { location: { path: f.path } }));
      }
      if (wantSm3) {
        if (typeof f.sm3 !== 'string') {
          issues.push(makeIssue('VERIFY_SM3_MISSING', SOURCE, `manifest.json declares sm3 but gives none for ${f.path}`, { location: { path: MANIFEST, field: f.path } }));
        } else if (a.sm3 !== f.sm3) {
          issues.push(makeIssue('VERIFY_SM3_MISMATCH', SOURCE, `${f.path} has sm3 ${a.sm3 ?? ''}; manifest.json says ${f.sm3}`, { location: { path: f.path } }));
        }
      }
      c.check('integrity', f.path, `${f.path}: size and ${wantSm3 ? 'sha256, sm3' : 'sha256'} match`, issues);
    }

    // Merkle root over the listed (path, sha256) leaves.
    const leaves = [...listed.values()].map((f) => ({ path: f.path, sha256: f.sha256 }));
    const root = merkleRoot(leaves);
    checkSections(c, (manifest as { sections?: unknown }).sections, new Set(listed.keys()));
    c.check(
      'merkle',
      MANIFEST,
      `the Merkle root ${root} recomputes`,
      root === manifest.merkleRoot
        ? []
        : [makeIssue('VERIFY_MERKLE_MISMATCH', SOURCE, `the Merkle root of the listed files is ${root}; manifest.json says ${String(manifest.merkleRoot)}`, { location: { path: MANIFEST, field: '/merkleRoot' } })],
    );
  }

  // Contents of every other file, by kind.
  for (const a of [...state.actual.values()].sort((x, y) => comparePathBytes(x.path, y.path))) {
    if (a.path === MANIFEST) continue;
    const kind = kindOfPath(a.path).kind;
    // Evidence annexes are the vendor's own files, covered by their digests only.
    if (kind === 'other' || a.path.startsWith('evidence/')) continue;
    const r = await checkDocument(c, a.path, await a.read(), limits, { requireCanonical: true });
    if (r.value !== undefined) state.docs.set(a.path, r.value);
  }

  const signature = checkSignature(c, state, options, listed, wantSm3);

  // --expect-product NAME[@VERSION]
  if (options.expectProduct !== undefined) {
    const at = options.expectProduct.lastIndexOf('@');
    const name = at > 0 ? options.expectProduct.slice(0, at) : options.expectProduct;
    const version = at > 0 ? options.expectProduct.slice(at + 1) : undefined;
    const got = manifest?.product;
    const issues: Issue[] = [];
    if (got?.name !== name || (version !== undefined && got?.version !== version)) {
      issues.push(
        makeIssue('VERIFY_PRODUCT_MISMATCH', SOURCE, `the dossier is of ${String(got?.name)}@${String(got?.version)}, not of ${options.expectProduct}`, {
          location: { path: MANIFEST, field: '/product' },
        }),
      );
    }
    c.check('product', MANIFEST, `the dossier is of ${options.expectProduct}`, issues);
  }
  return { state, signature };
}

interface Statement {
  _type?: unknown;
  subject?: { name?: unknown; digest?: Record<string, unknown> }[];
  predicateType?: unknown;
  predicate?: { manifest?: { path?: unknown; sha256?: unknown }; merkleRoot?: unknown; product?: unknown };
}

function checkSignature(
  c: Collector,
  state: DossierState,
  options: DossierOptions,
  listed: Map<string, ManifestFile>,
  wantSm3: boolean,
): ValidationReport['signature'] {
  const envFile = state.actual.get(ENVELOPE);
  if (!envFile) {
    c.check('signature', ENVELOPE, '', [
      makeIssue('VERIFY_ENVELOPE_MISSING', SOURCE, 'the dossier has no manifest.dsse.json: it is not signed', { location: { path: ENVELOPE } }),
    ]);
    return { status: 'failed' };
  }
  const envelope = state.docs.get(ENVELOPE) as { payload?: unknown; payloadType?: unknown; signatures?: unknown } | undefined;
  if (!envelope) return { status: 'failed' }; // its parse error is already reported
  const malformed = (msg: string, field?: string): Issue =>
    makeIssue('VERIFY_ENVELOPE_MALFORMED', SOURCE, `manifest.dsse.json: ${msg}`, { location: { path: ENVELOPE, ...(field ? { field } : {}) } });

  // Signature
  let signature: ValidationReport['signature'];
  if (options.trustedKeys.length === 0) {
    c.check('signature', ENVELOPE, '', [
      makeIssue('VERIFY_SIGNATURE_NOT_CHECKED', SOURCE, 'signature not checked: no --public-key or --trust-root was given', {
        location: { path: ENVELOPE },
        howToFix: 'pass the vendor’s public key with --public-key, or a --trust-root file',
      }),
    ]);
    signature = { status: 'not-checked' };
  } else {
    const verdict = verifyEnvelope(envelope, options.trustedKeys);
    if (verdict.ok) {
      c.check('signature', ENVELOPE, `the DSSE signature verifies with trusted key ${verdict.keyid}`, []);
      signature = { status: 'verified', keyid: verdict.keyid };
    } else {
      const code =
        verdict.reason === 'unknown-key' ? 'VERIFY_SIGNATURE_UNTRUSTED_KEY' : verdict.reason === 'bad-signature' ? 'VERIFY_SIGNATURE_INVALID' : 'VERIFY_ENVELOPE_MALFORMED';
      c.check('signature', ENVELOPE, '', [makeIssue(code, SOURCE, `manifest.dsse.json: ${verdict.detail}`, { location: { path: ENVELOPE, field: '/signatures' } })]);
      signature = { status: 'failed' };
    }
  }

  // Statement: read even when unsigned-checked, so that any change to the payload is caught.
  const stIssues: Issue[] = [];
  let statement: Statement | undefined;
  if (envelope.payloadType !== 'application/vnd.in-toto+json') stIssues.push(malformed(`payloadType is "${String(envelope.payloadType)}", not application/vnd.in-toto+json`, '/payloadType'));
  if (typeof envelope.payload !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(envelope.payload)) {
    stIssues.push(malformed('payload is not base64', '/payload'));
  } else {
    const r = readJson(Buffer.from(envelope.payload, 'base64'), `${ENVELOPE} payload`, options.limits);
    if (!r.ok) stIssues.push(malformed(`the payload is not JSON: ${r.issue.message}`, '/payload'));
    else statement = r.value as Statement;
  }
  if (statement) {
    if (statement._type !== STATEMENT_TYPE) stIssues.push(malformed(`the statement _type is not ${STATEMENT_TYPE}`, '/payload/_type'));
    if (statement.predicateType !== PREDICATE_TYPE) stIssues.push(malformed(`predicateType is not ${PREDICATE_TYPE}`, '/payload/predicateType'));
    if (!Array.isArray(statement.subject)) stIssues.push(malformed('the statement has no subject list', '/payload/subject'));
  }
  c.check('statement', ENVELOPE, 'the envelope holds an in-toto Statement v1 with the dossier predicate', stIssues);
  if (!statement || !Array.isArray(statement.subject)) return signature;

  // Subjects = every file but the envelope, with their actual digests.
  const subjIssues: Issue[] = [];
  const subjects = new Map<string, Record<string, unknown>>();
  for (const s of statement.subject) {
    if (typeof s?.name !== 'string' || !s.digest || typeof s.digest !== 'object') {
      subjIssues.push(malformed('a subject has no name or digest', '/payload/subject'));
      continue;
    }
    subjects.set(s.name, s.digest);
  }
  for (const [path, a] of state.actual) {
    if (path === ENVELOPE) continue;
    const d = subjects.get(path);
    if (!d) {
      subjIssues.push(makeIssue('VERIFY_SUBJECT_MISMATCH', SOURCE, `${path} is not a subject of the signed statement`, { location: { path } }));
    } else if (d['sha256'] !== a.sha256 || (wantSm3 && d['sm3'] !== a.sm3)) {
      subjIssues.push(makeIssue('VERIFY_SUBJECT_MISMATCH', SOURCE, `${path} does not match its digest in the signed statement`, { location: { path } }));
    }
  }
  for (const name of subjects.keys()) {
    if (!state.actual.has(name)) {
      subjIssues.push(makeIssue('VERIFY_SUBJECT_MISMATCH', SOURCE, `the signed statement names ${name}, which is not in the dossier`, { location: { path: name } }));
    }
  }
  c.check('subjects', ENVELOPE, `the signed subjects are exactly the ${subjects.size} files, with their digests`, subjIssues);

  // Predicate ↔ manifest.json
  const predIssues: Issue[] = [];
  const manifestFile = state.actual.get(MANIFEST);
  const p = statement.predicate;
  const mism = (msg: string, field: string): Issue =>
    makeIssue('VERIFY_PREDICATE_MISMATCH', SOURCE, msg, { location: { path: MANIFEST, field } });
  if (!p || typeof p !== 'object') predIssues.push(malformed('the statement has no predicate', '/payload/predicate'));
  else {
    if (p.manifest?.path !== MANIFEST) predIssues.push(malformed('the predicate does not name manifest.json', '/payload/predicate/manifest/path'));
    if (manifestFile && p.manifest?.sha256 !== manifestFile.sha256) predIssues.push(mism('manifest.json does not match the digest in the signed predicate', '/'));
    if (state.manifest && p.merkleRoot !== state.manifest.merkleRoot) predIssues.push(mism('the signed Merkle root differs from manifest.json', '/merkleRoot'));
    if (state.manifest && canonicalOrUndefined(p.product) !== canonicalOrUndefined(state.manifest.product)) predIssues.push(mism('the signed product differs from manifest.json', '/product'));
  }
  c.check('predicate', MANIFEST, 'the signed predicate matches manifest.json', predIssues);

  // Replay: a manifest and envelope that agree with each other, but describe other files.
  const pairIsGenuine = predIssues.length === 0 && manifestFile !== undefined && signature.status !== 'failed';
  if (pairIsGenuine && listed.size > 0) {
    let compared = 0;
    let differ = 0;
    for (const f of listed.values()) {
      const a = state.actual.get(f.path);
      if (!a) continue;
      compared++;
      if (a.sha256 !== f.sha256) differ++;
    }
    const absent = [...listed.keys()].filter((k) => !state.actual.has(k)).length;
    if ((differ >= 2 && differ * 2 >= compared) || (compared === 0 && absent > 0)) {
      c.check('replay', MANIFEST, '', [
        makeIssue(
          'VERIFY_MANIFEST_REPLAYED',
          SOURCE,
          `manifest.json and its signature agree with each other but describe other files (${differ} of ${compared} differ): a manifest replayed from another dossier`,
          { location: { path: MANIFEST } },
        ),
      ]);
    }
  }
  return signature;
}

function canonicalOrUndefined(v: unknown): string | undefined {
  try {
    return v === undefined ? undefined : canonicalize(v);
  } catch {
    return undefined;
  }
}
