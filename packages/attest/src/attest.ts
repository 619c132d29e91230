import { basename, join, resolve } from 'node:path';
import {
  canonicalBytes,
  IN_TOTO_PAYLOAD_TYPE,
  isoDate,
  makeIssue,
  makeStatement,
  parseYaml,
  signEnvelope,
  sortIssues,
  validateAgainstSchema,
  writeFileAtomic,
  type DsseEnvelope,
  type InTotoStatement,
  type Issue,
  type Progress,
  type PublicKeyInfo,
  type SigningKey,
} from '@shencha/core';
import { TOOL_VERSION } from '@shencha/dossier';
import { openProjectCached } from './context.js';
import { loadBaseline, type BaselineDocs } from './baseline.js';
import { compare, type ComponentChange, type SourceChanges } from './compare.js';
import { baselineFiles, CACHE_DIR, computeCurrent, sourceChanges } from './current.js';
import { SOURCE } from './issues.js';
import { appendLedger, LEDGER_DIR } from './ledger.js';
import { recommendedAction, resolvePolicy, riskScore, type AttestPolicy, type RecommendedAction } from './score.js';
import { makeSnapshot, type Snapshot } from './snapshot.js';
import { CHANGE_CLASSES, type ChangeClass, type Trigger } from './types.js';
import { toMarkdown, toSarif } from './render.js';

export const ATTESTATION_PREDICATE_TYPE = 'urn:shencha:predicate:attestation:v1';
export const ATTESTATION_FILE = 'attestation.json';
export const ATTESTATION_SIGNATURE_FILE = 'attestation.dsse.json';

export type FailOnChange = ChangeClass | 'none';

/** The predicate: a verification result (after SLSA's verification summary) plus shencha's comparison. */
export interface AttestationPredicate {
  schemaVersion: 1;
  kind: 'shencha-attestation';
  verifier: { id: 'https://github.com/shencha/shencha'; version: string };
  timeVerified: string;
  resourceUri: string;
  /** PASSED when the change class is below --fail-on. */
  verificationResult: 'PASSED' | 'FAILED';
  policy: { failOn: FailOnChange; weights: Record<string, number>; thresholds: AttestPolicy['thresholds'] };
  inputAttestations: { uri: string; digest: { sha256: string } }[];
  baseline: {
    product: { name: string; version: string; vendor?: string };
    manifestSha256: string;
    merkleRoot: string;
    keyid: string;
    commit?: string;
    knowledgeBase?: { version: string; sha256: string };
    sourceDate?: string;
  };
  current: {
    product: { name: string; version: string; vendor?: string };
    treeRoot: string;
    commit?: string;
    knowledgeBase?: { version: string; sha256: string };
  };
  changeClass: ChangeClass;
  score: number;
  recommendedAction: RecommendedAction;
  triggers: Trigger[];
  changes: { components: ComponentChange[]; counts: Record<string, number>; sources: SourceChanges };
  /** The ledger head this attestation extends and the entry it added (absent when not signed). */
  ledger?: { previous: string | null; head: string; sequence: number; entry: string };
  issues: Issue[];
}

export type AttestationStatement = InTotoStatement<AttestationPredicate>;

export interface AttestOptions {
  projectDir: string;
  baseline: string;
  trustedKeys: PublicKeyInfo[];
  configPath?: string;
  /** Default out/<product>-attest/ under the current directory. */
  output?: string;
  signingKey?: SigningKey;
  failOn?: FailOnChange;
  /** Default <project>/.shencha/ledger; false = no ledger entry. */
  ledgerDir?: string | false;
  /** Default <project>/.shencha/cache; false = no cache. */
  cacheDir?: string | false;
  kbDir?: string;
  /** The dossier's commitment key: opens the baseline's commitments to files it holds redacted or withheld. */
  commitmentKey?: Buffer;
  markdown?: string;
  sarif?: string;
  progress?: Progress;
  env?: NodeJS.ProcessEnv;
}

export interface AttestResult {
  outputDir: string;
  statement: AttestationStatement;
  envelope?: DsseEnvelope;
  exitCode: 0 | 2;
  files: string[];
  cache?: { hits: number; misses: number };
  /** Files whose digests came from the cache (not read) and files read. */
  digests?: { hits: number; misses: number };
  ledgerHead?: string;
}

export function exitCodeForChange(changeClass: ChangeClass, failOn: FailOnChange): 0 | 2 {
  if (failOn === 'none') return 0;
  return CHANGE_CLASSES.indexOf(changeClass) >= CHANGE_CLASSES.indexOf(failOn) ? 2 : 0;
}

/** Reads the `attest` section of the policy file (`.shencha/policy.yaml` or shencha.yaml's `policy`). */
async function readAttestPolicy(source: import('@shencha/core').FileSource, policyPath: string | undefined, issues: Issue[]): Promise<AttestPolicy> {
  const path = policyPath ?? '.shencha/policy.yaml';
  let section: Parameters<typeof resolvePolicy>[0];
  if (await source.exists(path)) {
    const parsed = parseYaml<{ attest?: Parameters<typeof resolvePolicy>[0] }>(await source.readText(path), path, SOURCE);
    // Syntax and schema errors of the file are the origin stage's to report; only the attest section is read here.
    if (parsed.ok && parsed.value && typeof parsed.value === 'object' && parsed.value.attest !== undefined) {
      const errors = validateAgainstSchema('policy', parsed.value).filter((e) => e.pointer.startsWith('/attest'));
      if (errors.length) {
        issues.push(makeIssue('ATTEST_POLICY_INVALID', SOURCE, `${path}: ${errors[0]!.pointer}: ${errors[0]!.message}; the default weights and thresholds apply`, { location: { path, field: errors[0]!.pointer } }));
      } else section = parsed.value.attest;
    }
  }
  const { policy, unknownRules } = resolvePolicy(section);
  for (const id of unknownRules) {
    issues.push(makeIssue('ATTEST_POLICY_INVALID', SOURCE, `${path}: attest.weights names no trigger rule "${id}"; it is ignored`, { location: { path, field: `/attest/weights/${id}` }, severity: 'warning', howToFix: 'see the README, "Scoring weights", for the rule ids' }));
  }
  return policy;
}

export function baselineSnapshot(b: BaselineDocs): Snapshot {
  const m = b.manifest;
  return makeSnapshot({
    product: m.product,
    ...(m.vcs?.commit ? { commit: m.vcs.commit } : {}),
    ...(m.knowledgeBase ? { knowledgeBase: m.knowledgeBase } : {}),
    classification: b.classification!,
    sbom: b.sbom,
    cbom: b.cbom,
    vendorProfile: b.vendorProfile,
    files: baselineFiles(b.packageManifest),
  });
}

/** Files that implement a T1 function in either release: crypto call sites, listeners, control channels. */
export function coreFilesOf(...snaps: Snapshot[]): Set<string> {
  const out = new Set<string>();
  for (const s of snaps) {
    for (const a of s.algorithms) for (const site of a.sites) out.add(site.path);
    for (const c of s.channels) if (c.kind === 'listener' || ['update', 'admin', 'telemetry', 'license'].includes(c.channel)) out.add(c.path);
  }
  return out;
}

/**
 * `shencha attest`: checks the baseline, recomputes the current release's facts, compares, scores,
 * writes attestation.json (+ its DSSE signature, Markdown, SARIF) to its own output folder and appends
 * the ledger entry. Throws ShenchaError (exit 1) for an unusable baseline before any comparison.
 */
export async function attest(options: AttestOptions): Promise<AttestResult> {
  const failOn = options.failOn ?? 'material';
  const projectDir = resolve(options.projectDir);
  const provisionalOutput = options.output ? resolve(options.output) : undefined;
  const cacheDir = options.cacheDir === false ? undefined : resolve(options.cacheDir ?? join(projectDir, CACHE_DIR));
  const ctx = await openProjectCached({
    projectDir,
    ...(options.configPath ? { configPath: options.configPath } : {}),
    skip: [provisionalOutput ?? resolve('out')],
    ...(cacheDir ? { cacheDir } : {}),
    ...(options.progress ? { progress: options.progress } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
  const issues: Issue[] = [];
  // The baseline is checked before anything is computed or compared.
  const base = await loadBaseline(options.baseline, { trustedKeys: options.trustedKeys, productName: ctx.product.name, ...(cacheDir ? { cacheDir } : {}), toolVersion: TOOL_VERSION });
  for (const name of base.missing) {
    issues.push(makeIssue('ATTEST_BASELINE_DOCUMENT', SOURCE, `the baseline has no usable ${name}; the checks that need it are skipped`, { location: { path: name } }));
  }
  const policy = await readAttestPolicy(ctx.source, ctx.loaded.config.policy, issues);
  const current = await computeCurrent(ctx, {
    ...(cacheDir ? { cacheDir } : {}),
    ...(options.kbDir ? { kbDir: options.kbDir } : {}),
    ...(options.progress ? { progress: options.progress } : {}),
  });
  // Errors met while recomputing (a malformed lockfile, an unreadable file) make the comparison incomplete: say so.
  issues.push(...ctx.issues.filter((i) => i.severity === 'error'), ...current.issues.filter((i) => i.severity === 'error'));
  const before = baselineSnapshot(base);
  const { changes: sources, gitUnavailable } = sourceChanges(
    projectDir,
    base.manifest.vcs?.commit,
    before.files,
    current.snapshot.files,
    options.commitmentKey ? { key: options.commitmentKey, algorithm: base.packageManifest?.['commitment'] === 'hmac-sm3' ? 'hmac-sm3' : 'hmac-sha256' } : undefined,
  );
  if (gitUnavailable) issues.push(makeIssue('ATTEST_GIT_UNAVAILABLE', SOURCE, `${gitUnavailable}; first-party files compared by digest`, { location: { path: '.' } }));
  const comparison = compare({ baseline: before, current: current.snapshot, policy, sources, coreFiles: coreFilesOf(before, current.snapshot) });
  const changeClass: ChangeClass = comparison.triggers.some((t) => t.changeClass === 'material') ? 'material' : comparison.triggers.some((t) => t.changeClass === 'minor') ? 'minor' : 'none';
  const score = riskScore(comparison.triggers.map((t) => t.rule), policy);
  const action = recommendedAction(score, changeClass, policy);
  const exitCode = exitCodeForChange(changeClass, failOn);
  const product = ctx.product;
  const subjectDigest: Record<string, string> = { sha256: current.treeRoot };
  if (current.commit) subjectDigest['gitCommit'] = current.commit;
  const subject = { name: `${product.name}@${product.version}`, digest: subjectDigest };
  const timeVerified = isoDate(ctx.sourceDate.epoch);

  let ledger: AttestationPredicate['ledger'];
  const ledgerDir = options.ledgerDir === false ? undefined : resolve(options.ledgerDir ?? join(projectDir, LEDGER_DIR));
  if (!options.signingKey) {
    issues.push(makeIssue('ATTEST_NOT_SIGNED', SOURCE, 'no --key: attestation.json is written unsigned and no ledger entry is added', { location: { path: '.' }, howToFix: 'pass --key <private-key.pem> (in CI, with SHENCHA_KEY_PASSPHRASE for an encrypted key)' }));
  } else if (ledgerDir) {
    const rec = await appendLedger(
      ledgerDir,
      {
        product: { name: product.name, version: product.version },
        baseline: { manifestSha256: base.manifestSha256, keyid: base.keyid, product: { name: base.manifest.product.name, version: base.manifest.product.version } },
        subject,
        verdict: { changeClass, score, recommendedAction: action },
        time: timeVerified,
      },
      options.signingKey,
      options.trustedKeys,
    );
    ledger = { previous: rec.entry.previous, head: rec.digest, sequence: rec.entry.sequence, entry: rec.file };
  }

  const predicate: AttestationPredicate = {
    schemaVersion: 1,
    kind: 'shencha-attestation',
    verifier: { id: 'https://github.com/shencha/shencha', version: TOOL_VERSION },
    timeVerified,
    resourceUri: current.commit ? `git+commit:${current.commit}` : `shencha:tree:${current.treeRoot}`,
    verificationResult: exitCode === 0 ? 'PASSED' : 'FAILED',
    policy: { failOn, weights: policy.weights, thresholds: policy.thresholds },
    inputAttestations: [{ uri: `${basename(base.path)}#manifest.json`, digest: { sha256: base.manifestSha256 } }],
    baseline: {
      product: base.manifest.product,
      manifestSha256: base.manifestSha256,
      merkleRoot: base.manifest.merkleRoot,
      keyid: base.keyid,
      ...(base.manifest.vcs?.commit ? { commit: base.manifest.vcs.commit } : {}),
      ...(base.manifest.knowledgeBase ? { knowledgeBase: base.manifest.knowledgeBase } : {}),
      ...(base.manifest.sourceDate?.iso ? { sourceDate: base.manifest.sourceDate.iso } : {}),
    },
    current: {
      product,
      treeRoot: current.treeRoot,
      ...(current.commit ? { commit: current.commit } : {}),
      knowledgeBase: current.classification.knowledgeBase,
    },
    changeClass,
    score,
    recommendedAction: action,
    triggers: comparison.triggers,
    changes: { components: comparison.components, counts: comparison.counts, sources },
    ...(ledger ? { ledger } : {}),
    issues: sortIssues(issues),
  };
  const statement = makeStatement([subject], ATTESTATION_PREDICATE_TYPE, predicate) as AttestationStatement;
  const outputDir = provisionalOutput ?? resolve('out', `${product.name}-attest`);
  const statementBytes = canonicalBytes(statement);
  const files: string[] = [];
  await writeFileAtomic(join(outputDir, ATTESTATION_FILE), statementBytes);
  files.push(join(outputDir, ATTESTATION_FILE));
  let envelope: DsseEnvelope | undefined;
  if (options.signingKey) {
    envelope = signEnvelope(IN_TOTO_PAYLOAD_TYPE, statementBytes, options.signingKey);
    await writeFileAtomic(join(outputDir, ATTESTATION_SIGNATURE_FILE), canonicalBytes(envelope));
    files.push(join(outputDir, ATTESTATION_SIGNATURE_FILE));
  }
  if (options.markdown) {
    await writeFileAtomic(resolve(options.markdown), toMarkdown(statement));
    files.push(resolve(options.markdown));
  }
  if (options.sarif) {
    await writeFileAtomic(resolve(options.sarif), canonicalBytes(toSarif(statement)));
    files.push(resolve(options.sarif));
  }
  const result: AttestResult = { outputDir, statement, exitCode, files };
  if (envelope) result.envelope = envelope;
  if (current.cache) result.cache = { hits: current.cache.hits, misses: current.cache.misses };
  if (ctx.digestStats) result.digests = ctx.digestStats;
  if (ledger) result.ledgerHead = ledger.head;
  return result;
}
