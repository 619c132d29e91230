import { archiveFormatOfName, detectArchiveFormat, makeIssue, merkleRoot, readArchive, sha256Hex, sm3Hex, type Issue } from '@shencha/core';
import type { DossierState } from './dossier.js';
import { archiveIssues } from './input.js';
import { SOURCE } from './issues.js';
import type { Limits } from './limits.js';
import { flattenComponents, ntiaSummary, type NtiaProfileResult } from './ntia.js';
import type { Collector } from './report-types.js';

const SBOM = 'sbom.cdx.json';
const CLASSIFICATION = 'classification.json';
const PACKAGE_MANIFEST = 'package-manifest.json';
const REDACTIONS = 'redactions.json';

interface PmEntry {
  path: string;
  state: 'included' | 'redacted' | 'withheld' | 'excluded' | 'symlink';
  size?: number;
  sha256?: string;
  sm3?: string;
  commitment?: string;
  spans?: number;
}

interface PackageManifest {
  archive?: { file?: string; format?: string; sha256?: string; size?: number; sm3?: string };
  hashes?: string[];
  merkle?: { root?: string; treeSize?: number };
  entries?: PmEntry[];
  counts?: { included?: number; redacted?: number; withheld?: number; excluded?: number; symlinks?: number; spans?: number };
}

interface RedactionLog {
  spans?: { path?: string }[];
  files?: { path?: string; state?: string; commitment?: string }[];
  counts?: { spans?: number; redactedFiles?: number; withheldFiles?: number };
}

const ARCHIVED = new Set(['included', 'redacted', 'withheld']);

/**
 * Cross-file consistency of a dossier: SBOM ↔ classification, redaction log ↔ package manifest,
 * package manifest ↔ source archive (entries, digests, Merkle root), hostile content of the source
 * archive, and the NTIA summary of the SBOM.
 */
export async function checkConsistency(
  c: Collector,
  state: DossierState,
  limits: Limits,
  profile: string | undefined,
  baseDepth = 1,
): Promise<NtiaProfileResult | undefined> {
  const sbom = state.docs.get(SBOM) as { components?: unknown; metadata?: { component?: { 'bom-ref'?: unknown } } } | undefined;
  const classification = state.docs.get(CLASSIFICATION) as { components?: { bomRef?: unknown }[] } | undefined;
  if (sbom && classification && Array.isArray(classification.components)) {
    const inSbom = new Set(flattenComponents(sbom.components).map((x) => x['bom-ref']).filter((r): r is string => typeof r === 'string'));
    const root = sbom.metadata?.component?.['bom-ref'];
    const classified = new Set(classification.components.map((x) => x?.bomRef).filter((r): r is string => typeof r === 'string'));
    const issues: Issue[] = [];
    for (const ref of [...inSbom].sort()) {
      if (!classified.has(ref)) {
        issues.push(makeIssue('VERIFY_CLASSIFICATION_MISSING', SOURCE, `SBOM component ${ref} has no entry in classification.json`, { location: { path: CLASSIFICATION, field: ref } }));
      }
    }
    for (const ref of [...classified].sort()) {
      if (!inSbom.has(ref) && ref !== root) {
        issues.push(makeIssue('VERIFY_CLASSIFICATION_ORPHAN', SOURCE, `classification.json classifies ${ref}, which is not a component of sbom.cdx.json`, { location: { path: CLASSIFICATION, field: ref } }));
      }
    }
    c.check('consistency.classification', CLASSIFICATION, `each of the ${inSbom.size} SBOM components has exactly one classification entry`, issues);
  } else if (sbom || classification) {
    c.skip('consistency.classification', CLASSIFICATION, 'the SBOM or classification.json is absent or unreadable');
  }

  const pm = state.docs.get(PACKAGE_MANIFEST) as PackageManifest | undefined;
  const log = state.docs.get(REDACTIONS) as RedactionLog | undefined;
  if (pm && Array.isArray(pm.entries)) {
    if (log) checkRedactions(c, pm, log);
    await checkArchive(c, state, pm, limits, baseDepth);
  } else if (log) {
    c.skip('consistency.redactions', REDACTIONS, 'package-manifest.json is absent or unreadable');
  }

  return sbom ? ntiaSummary(c, SBOM, sbom, profile) : undefined;
}

function checkRedactions(c: Collector, pm: PackageManifest, log: RedactionLog): void {
  const issues: Issue[] = [];
  const bad = (msg: string, field?: string): Issue =>
    makeIssue('VERIFY_REDACTION_MISMATCH', SOURCE, msg, { location: { path: REDACTIONS, ...(field ? { field } : {}) } });
  const pmByPath = new Map((pm.entries ?? []).map((e) => [e.path, e]));
  const logFiles = new Map((log.files ?? []).filter((f) => typeof f?.path === 'string').map((f) => [f.path!, f]));
  const spansByPath = new Map<string, number>();
  for (const s of log.spans ?? []) if (typeof s?.path === 'string') spansByPath.set(s.path, (spansByPath.get(s.path) ?? 0) + 1);
  for (const [path, f] of logFiles) {
    const e = pmByPath.get(path);
    if (!e) issues.push(bad(`redactions.json names ${path}, which package-manifest.json does not list`, path));
    else if (e.state !== f.state) issues.push(bad(`${path} is "${String(f.state)}" in redactions.json but "${e.state}" in package-manifest.json`, path));
    else if (e.commitment !== undefined && e.commitment !== f.commitment) issues.push(bad(`${path}: the file commitment differs between redactions.json and package-manifest.json`, path));
  }
  for (const e of pm.entries ?? []) {
    if ((e.state === 'redacted' || e.state === 'withheld') && !logFiles.has(e.path)) {
      issues.push(bad(`package-manifest.json marks ${e.path} ${e.state}, but redactions.json has no record of it`, e.path));
    }
    if (e.state === 'redacted' && e.spans !== undefined && e.spans !== (spansByPath.get(e.path) ?? 0)) {
      issues.push(bad(`${e.path}: package-manifest.json counts ${e.spans} masked spans, redactions.json ${spansByPath.get(e.path) ?? 0}`, e.path));
    }
  }
  for (const path of spansByPath.keys()) {
    if (logFiles.get(path)?.state !== 'redacted') issues.push(bad(`redactions.json has spans in ${path}, which it does not record as redacted`, path));
  }
  const pc = pm.counts ?? {};
  const lc = log.counts ?? {};
  const countPairs: [string, unknown, unknown][] = [
    ['redacted files', pc.redacted, lc.redactedFiles],
    ['withheld files', pc.withheld, lc.withheldFiles],
    ['spans', pc.spans, lc.spans],
  ];
  for (const [what, a, b] of countPairs) {
    if (a !== undefined && b !== undefined && a !== b) issues.push(bad(`package-manifest.json counts ${String(a)} ${what}, redactions.json ${String(b)}`, '/counts'));
  }
  c.check('consistency.redactions', REDACTIONS, `redactions.json agrees with package-manifest.json (${logFiles.size} files, ${log.spans?.length ?? 0} spans)`, issues);
}

async function checkArchive(c: Collector, state: DossierState, pm: PackageManifest, limits: Limits, baseDepth: number): Promise<void> {
  const file = pm.archive?.file;
  const archived = (pm.entries ?? []).filter((e) => ARCHIVED.has(e.state));
  const at = (msg: string, field?: string, path = PACKAGE_MANIFEST): Issue =>
    makeIssue('VERIFY_PACKAGE_ARCHIVE_MISMATCH', SOURCE, msg, { location: { path, ...(field ? { field } : {}) } });

  // Merkle root of the package manifest over exactly its archived entries.
  const leaves = archived.filter((e) => typeof e.sha256 === 'string').map((e) => ({ path: e.path, sha256: e.sha256! }));
  const root = merkleRoot(leaves);
  const merkleIssues: Issue[] = [];
  if (pm.merkle?.root !== root || (pm.merkle?.treeSize !== undefined && pm.merkle.treeSize !== leaves.length)) {
    merkleIssues.push(
      makeIssue('VERIFY_PACKAGE_MERKLE_MISMATCH', SOURCE, `the package Merkle root over ${leaves.length} archived entries is ${root}; package-manifest.json says ${String(pm.merkle?.root)} (size ${String(pm.merkle?.treeSize)})`, {
        location: { path: PACKAGE_MANIFEST, field: '/merkle' },
      }),
    );
  }
  c.check('consistency.package-merkle', PACKAGE_MANIFEST, `the package Merkle root recomputes over ${leaves.length} entries`, merkleIssues);

  if (typeof file !== 'string') return;
  const src = state.actual.get(file);
  if (!src) {
    c.check('consistency.archive', file, '', [at(`package-manifest.json names the archive ${file}, which is not in the dossier`, '/archive/file')]);
    return;
  }
  const issues: Issue[] = [];
  const srcBytes = await src.read();
  if (pm.archive?.sha256 !== undefined && pm.archive.sha256 !== src.sha256) issues.push(at(`${file} does not match the sha256 in package-manifest.json`, '/archive/sha256', file));
  if (pm.archive?.size !== undefined && pm.archive.size !== srcBytes.length) issues.push(at(`${file} is ${srcBytes.length} bytes; package-manifest.json says ${pm.archive.size}`, '/archive/size', file));
  const format = detectArchiveFormat(srcBytes) ?? archiveFormatOfName(file);
  if (!format) {
    issues.push(makeIssue('VERIFY_ARCHIVE_MALFORMED', SOURCE, `${file} is not a tar.gz or zip archive`, { location: { path: file } }));
    c.check('consistency.archive', file, '', issues);
    return;
  }
  const result = await readArchive(srcBytes, format, limits);
  // A case-only collision is legitimate inside a source tree, but a reviewer on Windows or macOS would lose a file.
  issues.push(...archiveIssues(result.problems, file, 'warning'));
  const wantSm3 = Array.isArray(pm.hashes) && pm.hashes.includes('sm3');
  const entries = new Map(result.entries.filter((e) => e.type === 'file').map((e) => [e.name, e]));
  const expected = new Map(archived.map((e) => [e.path, e]));
  if (result.complete) {
    for (const [path, e] of expected) {
      const got = entries.get(path);
      if (!got) {
        issues.push(at(`package-manifest.json lists ${path} as ${e.state}, but ${file} has no such entry`, path));
        continue;
      }
      if (!got.data) continue; // its own archive problem is reported
      if (e.size !== undefined && e.size !== got.data.length) issues.push(at(`${file}!${path} is ${got.data.length} bytes; package-manifest.json says ${e.size}`, path, file));
      if (e.sha256 !== sha256Hex(got.data)) issues.push(at(`${file}!${path} does not match its sha256 in package-manifest.json`, path, file));
      else if (wantSm3 && e.sm3 !== undefined && e.sm3 !== sm3Hex(got.data)) issues.push(at(`${file}!${path} does not match its sm3 in package-manifest.json`, path, file));
    }
    for (const path of entries.keys()) {
      if (!expected.has(path)) issues.push(at(`${file} holds ${path}, which package-manifest.json does not list as archived`, path, file));
    }
  }
  for (const e of result.entries) {
    if (e.data) await scanNested(issues, `${file}!${e.name}`, e.data, limits, baseDepth + 1);
  }
  c.check('consistency.archive', file, `${file} holds exactly the ${expected.size} entries package-manifest.json lists, with their digests`, issues);
}

/** Archives inside the source archive are read (never extracted) for hostile entries, down to the depth limit. */
async function scanNested(issues: Issue[], name: string, data: Buffer, limits: Limits, depth: number): Promise<void> {
  const format = detectArchiveFormat(data);
  if (!format) return;
  if (depth >= limits.maxNestingDepth) {
    issues.push(
      makeIssue('VERIFY_ARCHIVE_NESTED_TOO_DEEP', SOURCE, `${name} is an archive nested ${depth + 1} levels deep (limit ${limits.maxNestingDepth})`, {
        location: { path: name.split('!')[0]!, field: name },
      }),
    );
    return;
  }
  const r = await readArchive(data, format, limits);
  issues.push(...archiveIssues(r.problems, name, 'warning'));
  for (const e of r.entries) if (e.data) await scanNested(issues, `${name}!${e.name}`, e.data, limits, depth + 1);
}
