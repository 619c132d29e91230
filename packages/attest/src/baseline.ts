import { lstat, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  canonicalBytes,
  ContentCache,
  detectArchiveFormat,
  FileSource,
  readArchive,
  scanProject,
  sha256Hex,
  ShenchaError,
  type PublicKeyInfo,
} from '@shencha/core';
import { verifyPath } from '@shencha/verify';

/** Schema majors of the dossier manifest that shencha has shipped; every one is accepted (DESIGN.md). */
export const KNOWN_MANIFEST_MAJORS: readonly number[] = [1];

/** The documents of a cleared dossier that a re-attestation reads, each checked against the manifest. */
export interface BaselineDocs {
  path: string;
  /** sha256 of manifest.json as signed. */
  manifestSha256: string;
  keyid: string;
  manifest: BaselineManifest;
  classification: Record<string, unknown> | undefined;
  sbom: Record<string, unknown> | undefined;
  cbom: Record<string, unknown> | undefined;
  vendorProfile: Record<string, unknown> | undefined;
  packageManifest: Record<string, unknown> | undefined;
  /** Documents the manifest does not list or that could not be read (the checks that need them are skipped). */
  missing: string[];
  /** The bytes of each document read, exactly as signed. */
  raw: Map<string, Buffer>;
}

export interface BaselineManifest {
  schemaVersion: number;
  product: { name: string; version: string; vendor?: string };
  vcs?: { type: 'git'; commit: string };
  knowledgeBase?: { version: string; sha256: string };
  merkleRoot: string;
  files: { path: string; sha256: string }[];
  sourceDate?: { epoch: number; iso: string };
}

export interface LoadBaselineOptions {
  trustedKeys: PublicKeyInfo[];
  /** The product being attested: a baseline of another product is refused (undefined: any product). */
  productName: string | undefined;
  /**
   * `.shencha/cache/`: a baseline that verified before, byte for byte (every file's digest is in the key),
   * against the same trusted keys and shencha version, is not verified again.
   */
  cacheDir?: string;
  toolVersion?: string;
}

interface VerifiedRecord {
  keyid: string;
}

/** Content key of a dossier folder (every entry with its digest or link target) or bundle (its digest). */
async function contentKey(path: string, trusted: readonly PublicKeyInfo[], toolVersion: string): Promise<string | undefined> {
  const st = await lstat(path);
  let content: unknown;
  if (st.isDirectory()) {
    const index = await scanProject(path, { hashes: ['sha256'] });
    // Anything the walk did not hash (a link, an unreadable file, an excluded folder) is left to the full check.
    if (index.issues.length || index.entries.some((e) => e.kind !== 'file' || !e.sha256 || e.excluded)) return undefined;
    content = index.entries.map((e) => [e.path, e.sha256]);
  } else if (st.isFile()) content = sha256Hex(await readFile(path));
  else return undefined;
  return sha256Hex(canonicalBytes({ content, keys: trusted.map((k) => k.keyid).sort(), tool: toolVersion }));
}

const DOCS = ['classification.json', 'sbom.cdx.json', 'cbom.cdx.json', 'vendor-profile.json', 'package-manifest.json'] as const;

function unusable(path: string, why: string, howToFix: string): ShenchaError {
  return new ShenchaError('ATTEST_BASELINE_UNUSABLE', `the baseline ${path} is unusable: ${why}`, { howToFix });
}

/**
 * Checks the baseline the way `shencha verify` does (signature by a trusted key, integrity, schemas,
 * product identity) and only then reads its documents. Anything short of a valid dossier signed by a
 * trusted key is refused with ATTEST_BASELINE_UNUSABLE, before any comparison.
 */
export async function loadBaseline(input: string, options: LoadBaselineOptions): Promise<BaselineDocs> {
  const path = resolve(input);
  try {
    await lstat(path);
  } catch (cause) {
    throw new ShenchaError('ATTEST_BASELINE_NOT_FOUND', `the baseline ${input} does not exist`, {
      cause,
      howToFix: 'pass the folder or bundle of the last cleared dossier with --baseline',
    });
  }
  if (options.trustedKeys.length === 0) {
    throw unusable(input, 'no key to check its signature against', 'pass the key that signed the cleared dossier with --public-key or --trust-root');
  }
  const cache = options.cacheDir ? await ContentCache.open<VerifiedRecord>(options.cacheDir, 'verified-baselines', '1') : undefined;
  const key = cache ? await contentKey(path, options.trustedKeys, options.toolVersion ?? '') : undefined;
  const known = key ? cache!.get(key) : undefined;
  const report = known
    ? { valid: true, signature: { status: 'verified' as const, keyid: known.keyid }, issues: [] as { code: string; message: string; severity: string; location?: { path: string } }[] }
    : await verifyPath(path, { trustedKeys: options.trustedKeys });
  const files = await readDossierFiles(path);
  const manifestBytes = files.get('manifest.json');
  // The schema major is checked first: an unknown major is "unknown", not merely "invalid".
  let manifest: BaselineManifest | undefined;
  if (manifestBytes) {
    try {
      manifest = JSON.parse(manifestBytes.toString('utf8')) as BaselineManifest;
    } catch {
      manifest = undefined;
    }
  }
  if (manifest && typeof manifest.schemaVersion === 'number' && !KNOWN_MANIFEST_MAJORS.includes(manifest.schemaVersion)) {
    throw unusable(input, `manifest.json has schema major ${manifest.schemaVersion}; this shencha reads majors ${KNOWN_MANIFEST_MAJORS.join(', ')}`, 'use the shencha release that wrote the dossier, or a newer one');
  }
  if (report.signature.status !== 'verified') {
    const sigIssue = report.issues.find((i) => /SIGNATURE|ENVELOPE|KEY/.test(i.code));
    throw unusable(
      input,
      `its signature is ${report.signature.status === 'failed' ? 'not valid for a trusted key' : 'missing or not checked'}${sigIssue ? ` (${sigIssue.message})` : ''}`,
      'pass the cleared dossier exactly as signed, and the key that signed it',
    );
  }
  if (!report.valid || !manifest || !manifestBytes) {
    const first = report.issues.find((i) => i.severity === 'error');
    const n = report.issues.filter((i) => i.severity === 'error').length;
    throw unusable(input, `it does not verify: ${first ? `${first.message}${first.location ? ` (${first.location.path})` : ''}` : 'manifest.json missing'}${n > 1 ? ` and ${n - 1} more error(s)` : ''}`, `run \`shencha verify\` on it for the details`);
  }
  if (cache && key && !known) {
    cache.set(key, { keyid: report.signature.keyid ?? '' });
    await cache.save();
  }
  if (options.productName !== undefined && manifest.product?.name !== options.productName) {
    throw unusable(input, `it is a dossier of ${manifest.product?.name ?? 'an unnamed product'}, not of ${options.productName}`, 'pass the cleared dossier of this product');
  }
  const out: BaselineDocs = {
    path,
    manifestSha256: sha256Hex(manifestBytes),
    keyid: report.signature.keyid ?? '',
    manifest,
    classification: undefined,
    sbom: undefined,
    cbom: undefined,
    vendorProfile: undefined,
    packageManifest: undefined,
    missing: [],
    raw: new Map(),
  };
  const listed = new Map(manifest.files.map((f) => [f.path, f.sha256]));
  for (const name of DOCS) {
    const bytes = files.get(name);
    // Verified above; re-checked here so that what is compared is exactly what was signed.
    if (!bytes || listed.get(name) !== sha256Hex(bytes)) {
      out.missing.push(name);
      continue;
    }
    out.raw.set(name, bytes);
    const doc = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
    if (name === 'classification.json') out.classification = doc;
    else if (name === 'sbom.cdx.json') out.sbom = doc;
    else if (name === 'cbom.cdx.json') out.cbom = doc;
    else if (name === 'vendor-profile.json') out.vendorProfile = doc;
    else out.packageManifest = doc;
  }
  if (!out.classification || !out.sbom) {
    throw unusable(input, `it lacks ${!out.classification ? 'classification.json' : 'sbom.cdx.json'}`, 'pass a complete dossier written by `shencha dossier`');
  }
  return out;
}

/** The top-level JSON documents of a dossier folder or bundle (never following links, never leaving it). */
async function readDossierFiles(path: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  const st = await lstat(path);
  const wanted = new Set<string>(['manifest.json', ...DOCS]);
  if (st.isDirectory()) {
    const src = new FileSource({ root: path, entries: [], hashes: ['sha256'], issues: [] });
    for (const name of wanted) {
      try {
        out.set(name, await src.read(name));
      } catch {
        /* absent: verify already reported it */
      }
    }
    return out;
  }
  const data = await readFile(path);
  const format = detectArchiveFormat(data);
  if (!format) return out;
  const archive = await readArchive(data, format);
  for (const e of archive.entries) {
    if (e.type !== 'file' || !e.data) continue;
    const slash = e.name.indexOf('/');
    const inner = slash >= 0 ? e.name.slice(slash + 1) : e.name;
    if (wanted.has(inner)) out.set(inner, e.data);
  }
  return out;
}
