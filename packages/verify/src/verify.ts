import { lstat } from 'node:fs/promises';
import { basename } from 'node:path';
import { detectArchiveFormat, makeIssue, ShenchaError, type HashAlgorithm, type PublicKeyInfo } from '@shencha/core';
import { checkDocument, kindOfPath, type DocKind } from './documents.js';
import { verifyDossier } from './dossier.js';
import { openBundle, openFolder, readSingleFile, sourceFor } from './input.js';
import { SOURCE } from './issues.js';
import { readJson } from './json.js';
import { resolveLimits, type Limits } from './limits.js';
import { Collector, type ValidationReport } from './report-types.js';
import { checkConsistency } from './consistency.js';
import { checkProofsAndOpenings } from './proofs.js';
import { ntiaSummary, type NtiaProfileResult } from './ntia.js';

export interface VerifyOptions {
  trustedKeys?: PublicKeyInfo[];
  /** `NAME` or `NAME@VERSION`. */
  expectProduct?: string;
  /** A named profile (`ntia`) that turns gaps into errors. */
  profile?: string;
  limits?: Partial<Limits>;
  /** Inclusion proofs from `shencha prove` to check against the dossier's package manifest. */
  proofs?: unknown[];
  /** Span openings from `shencha reveal` to check against the dossier's redaction log. */
  openings?: unknown[];
}

/**
 * Verifies a dossier folder, a bundle, or one document, trusting nothing in it. Throws a
 * ShenchaError only when it cannot run (input missing); everything wrong with the input is an issue.
 */
export async function verifyPath(input: string, options: VerifyOptions = {}): Promise<ValidationReport> {
  const limits = resolveLimits(options.limits);
  let isDir: boolean;
  let size: number;
  try {
    const st = await lstat(input);
    // Like every path shencha reads, the input itself is never followed through a link.
    if (st.isSymbolicLink()) throw new ShenchaError('VERIFY_INPUT_UNUSABLE', `${input} is a symbolic link; pass the real path`);
    isDir = st.isDirectory();
    size = st.size;
    if (!isDir && !st.isFile()) throw new ShenchaError('VERIFY_INPUT_UNUSABLE', `${input} is not a file or folder`);
  } catch (e) {
    if (e instanceof ShenchaError) throw e;
    throw new ShenchaError('VERIFY_INPUT_NOT_FOUND', `${input} does not exist`, { cause: e, howToFix: 'pass a dossier folder, a bundle, or a document' });
  }
  const c = new Collector();
  if (!isDir && size > limits.maxInputSize) {
    // Too large to read safely: the input is rejected (exit 2), not "could not run".
    c.check('input', basename(input), '', [
      makeIssue('VERIFY_ARCHIVE_SIZE_LIMIT', SOURCE, `${basename(input)} is ${size} bytes, over the input limit of ${limits.maxInputSize}`, {
        location: { path: basename(input) },
        howToFix: 'raise the maxInputSize limit if the input is genuine',
      }),
    ]);
    return finish(c, { path: input, kind: detectKindByName(input) }, { status: 'not-checked' });
  }
  const trustedKeys = options.trustedKeys ?? [];
  const profile = checkProfile(c, options.profile);

  if (isDir) {
    const contents = await openFolder(input, await declaredHashes(input));
    const { state, signature } = await verifyDossier(contents, withProduct({ trustedKeys, limits }, options.expectProduct), c);
    const ntia = await checkConsistency(c, state, limits, profile);
    checkProofsAndOpenings(c, state, options.proofs ?? [], options.openings ?? []);
    return finish(c, { path: input, kind: 'dossier' }, signature, ntia);
  }

  const bytes = await readSingleFile(input);
  if (detectArchiveFormat(bytes)) {
    const contents = await openBundle(input, bytes, limits);
    const { state, signature } = await verifyDossier(contents, withProduct({ trustedKeys, limits }, options.expectProduct), c);
    const named = (state.manifest?.product as { name?: unknown } | undefined)?.name;
    if (contents.product !== undefined && typeof named === 'string' && named !== contents.product) {
      c.check('bundle', basename(input), '', [
        makeIssue('VERIFY_BUNDLE_LAYOUT', SOURCE, `the bundle's folder is ${contents.product}/, but manifest.json names the product ${named}`, {
          location: { path: 'manifest.json', field: '/product/name' },
        }),
      ]);
    }
    // Depth counts from the dossier, so that a folder and its bundle get the same verdict.
    const ntia = await checkConsistency(c, state, limits, profile);
    checkProofsAndOpenings(c, state, options.proofs ?? [], options.openings ?? []);
    return finish(c, { path: input, kind: 'bundle' }, signature, ntia);
  }
  return verifyDocument(c, input, bytes, limits, profile);
}

/** Peeks at manifest.json for `hashes`, so that the one walk computes sm3 too when it is declared. */
async function declaredHashes(dir: string): Promise<HashAlgorithm[]> {
  try {
    const m = JSON.parse((await sourceFor(dir).read('manifest.json')).toString('utf8')) as { hashes?: unknown };
    return Array.isArray(m.hashes) && m.hashes.includes('sm3') ? ['sha256', 'sm3'] : ['sha256'];
  } catch {
    return ['sha256']; // the real checks report what is wrong with the manifest
  }
}

function detectKindByName(input: string): ValidationReport['subject']['kind'] {
  const name = basename(input).toLowerCase();
  if (/\.(tar\.gz|tgz|tar|zip)$/.test(name)) return 'bundle';
  return /\.(cdx\.)?(json|xml)$/.test(name) && !kindOfPath(name).schema ? 'cyclonedx' : 'shencha-document';
}

function withProduct<T extends object>(o: T, expectProduct: string | undefined): T & { expectProduct?: string } {
  return expectProduct === undefined ? o : { ...o, expectProduct };
}

const PROFILES = ['ntia'];

function checkProfile(c: Collector, profile: string | undefined): string | undefined {
  if (profile === undefined) return undefined;
  if (!PROFILES.includes(profile)) {
    c.check('profile', undefined, '', [
      makeIssue('VERIFY_PROFILE_UNKNOWN', SOURCE, `unknown profile "${profile}"; known: ${PROFILES.join(', ')}`),
    ]);
    return undefined;
  }
  return profile;
}

async function verifyDocument(c: Collector, input: string, bytes: Buffer, limits: Limits, profile: string | undefined): Promise<ValidationReport> {
  const name = basename(input);
  const head = bytes.subarray(0, 64).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  let kind: DocKind;
  let schema: string | undefined;
  let subjectKind: ValidationReport['subject']['kind'] = 'shencha-document';
  if (name.toLowerCase().endsWith('.xml') || head.startsWith('<')) {
    kind = 'cyclonedx-xml';
    subjectKind = 'cyclonedx';
  } else {
    const parsed = readJson(bytes, name, limits);
    if (!parsed.ok && !/\.json$/i.test(name) && parsed.issue.code === 'VERIFY_JSON_SYNTAX') {
      c.check('document', name, '', [
        makeIssue('VERIFY_INPUT_UNRECOGNISED', SOURCE, `${name} is neither a dossier bundle (tar.gz, zip), nor JSON, nor XML`, {
          location: { path: name },
          howToFix: 'pass a dossier folder, a bundle, a CycloneDX JSON/XML file, or a shencha document',
        }),
      ]);
      return finish(c, { path: input, kind: 'shencha-document' }, { status: 'not-checked' });
    }
    if (!parsed.ok) {
      c.check('json', name, '', [parsed.issue]);
      return finish(c, { path: input, kind: kindOfPath(name).kind === 'cyclonedx-json' ? 'cyclonedx' : 'shencha-document' }, { status: 'not-checked' });
    }
    const doc = parsed.value as { bomFormat?: unknown; kind?: unknown } | null;
    const byName = kindOfPath(name);
    if (doc && typeof doc === 'object' && (doc.bomFormat !== undefined || byName.kind === 'cyclonedx-json')) {
      kind = 'cyclonedx-json';
      subjectKind = 'cyclonedx';
    } else if (doc && typeof doc === 'object' && doc.kind === 'shencha-dossier') {
      kind = 'shencha';
      schema = 'manifest';
    } else if (byName.kind === 'shencha' || byName.kind === 'envelope' || byName.kind === 'spdx-json') {
      kind = byName.kind;
      schema = byName.schema;
    } else {
      c.check('document', name, '', [
        makeIssue('VERIFY_INPUT_UNRECOGNISED', SOURCE, `${name} is neither a CycloneDX BOM nor a shencha document (manifest, classification, package manifest, redaction log)`, {
          location: { path: name },
          howToFix: 'pass a dossier folder, a bundle, a CycloneDX JSON/XML file, or a shencha document under its dossier file name',
        }),
      ]);
      return finish(c, { path: input, kind: 'shencha-document' }, { status: 'not-checked' });
    }
  }
  // shencha wrote its own documents canonically; a CycloneDX document from elsewhere need not be.
  const r = await checkDocument(c, name, bytes, limits, {
    requireCanonical: kind === 'shencha' || kind === 'envelope',
    kind,
    ...(schema ? { schema } : {}),
  });
  let ntia: NtiaProfileResult | undefined;
  if (kind === 'cyclonedx-json' && r.value !== undefined) ntia = ntiaSummary(c, name, r.value, profile);
  return finish(c, { path: input, kind: subjectKind }, { status: 'not-checked' }, ntia);
}

function finish(
  c: Collector,
  subject: ValidationReport['subject'],
  signature: ValidationReport['signature'],
  ntia?: NtiaProfileResult,
): ValidationReport {
  const { checks, issues } = c.sorted();
  const report: ValidationReport = {
    schemaVersion: 1,
    subject,
    valid: !issues.some((i) => i.severity === 'error'),
    signature,
    checks,
    issues,
  };
  if (ntia) report.ntia = ntia.summary;
  return report;
}
