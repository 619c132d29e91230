import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  canonicalBytes,
  gitHead,
  isoDate,
  resolveConfigPath,
  looksBinary,
  ShenchaError,
  validateAgainstSchema,
  makeIssue,
  sortIssues,
  StagedDirectory,
  silentProgress,
  writeFileAtomic,
  type Issue,
  type Progress,
  type SigningKey,
} from '@shencha/core';
import { classifyProject } from './classify-project.js';
import { buildManifest, describeFiles, listFiles, MANIFEST_FILE, signManifest, SIGNATURE_FILE, type DossierManifest } from './manifest.js';
import { computeSections } from './sections.js';
import { maskJsonStrings } from './mask-json.js';
import type { VendorProfile } from './vendor-profile.js';
import { openProject } from './context.js';
import { inventoryProject } from './inventory-project.js';
import { renderMarkdownReport, renderHtmlReport, type ChangeRecordSummary, type ReportInput } from './report.js';
import { writeBundle } from './bundle.js';
import { TOOL_VERSION } from './version.js';

export interface BuildDossierOptions {
  projectDir: string;
  configPath?: string;
  /** Dossier folder; default out/<product>/ under the current directory. */
  output?: string;
  signingKey: SigningKey;
  commitmentKey: Buffer;
  archive?: 'tar.gz' | 'zip';
  specVersion?: '1.6' | '1.7';
  bundle?: 'tar.gz' | 'zip';
  kbDir?: string;
  /** attestation.json of the last `shencha attest` against the previous cleared dossier (D12). */
  changeRecord?: string;
  progress?: Progress;
  env?: NodeJS.ProcessEnv;
}

export interface DossierResult {
  outputDir: string;
  bundleFile?: string;
  manifest: DossierManifest;
  issues: Issue[];
}

/**
 * The whole pipeline of DESIGN.md: scan → sbom → code → origin → pack → dossier. Everything is built in
 * a staging folder and swapped in at the end, so a failed run leaves no partial dossier.
 */
export async function buildDossier(options: BuildDossierOptions): Promise<DossierResult> {
  const progress = options.progress ?? silentProgress;
  // The stage packages load here, not when @shencha/dossier is imported: `shencha sbom` needs none of them.
  const [{ toCycloneDx, toSpdx }, { analyzeCode }, { annotateInventory, buildCbom, remoteChannels }, { packSource }] = await Promise.all([
    import('@shencha/sbom'),
    import('@shencha/code'),
    import('@shencha/origin'),
    import('@shencha/pack'),
  ]);
  const provisionalOutput = options.output ? resolve(options.output) : undefined;
  const ctx = await openProject({
    projectDir: options.projectDir,
    ...(options.configPath ? { configPath: options.configPath } : {}),
    // The output folder is never walked, whatever its name.
    skip: [provisionalOutput ?? resolve('out')],
    progress,
    ...(options.env ? { env: options.env } : {}),
  });
  const { projectDir, loaded, source, profile, profilePath, product, sourceDate } = ctx;
  const config = loaded.config;
  const issues: Issue[] = [...ctx.issues];
  const hashes = config.hashes ?? ['sha256'];
  const timestamp = isoDate(sourceDate.epoch);
  const index = source.index;
  const outputDir = provisionalOutput ?? resolve('out', product.name);

  progress.start('sbom');
  const inventory = await inventoryProject(ctx);
  progress.stop();
  issues.push(...inventory.issues);

  progress.start('code', source.files().length);
  const usage = await analyzeCode(source, { onProgress: (done, _total, path) => progress.update(done, path) });
  progress.stop();
  issues.push(...usage.issues);

  progress.start('origin');
  const classification = await classifyProject(ctx, inventory, usage, options.kbDir);
  progress.stop();
  issues.push(...classification.issues, ...classification.findings);
  const annotated = annotateInventory(inventory, classification);
  const register = remoteChannels(usage);
  const channels = register.channels;

  const staged = await StagedDirectory.create(outputDir);
  try {
    const dir = staged.path;
    const specVersion = options.specVersion ?? config.sbom?.specVersion ?? '1.6';
    const write = (name: string, data: string | Buffer) => writeFileAtomic(join(dir, name), data);
    await write('sbom.cdx.json', toCycloneDx(annotated, { specVersion, format: 'json', timestamp, toolVersion: TOOL_VERSION }));
    await write('sbom.cdx.xml', toCycloneDx(annotated, { specVersion, format: 'xml', timestamp, toolVersion: TOOL_VERSION }));
    await write('sbom.spdx.json', toSpdx(annotated, { timestamp, toolVersion: TOOL_VERSION }));
    await write('cbom.cdx.json', buildCbom(usage, inventory, { timestamp, toolVersion: TOOL_VERSION }));
    await write('classification.json', canonicalBytes({ ...classification, remoteChannels: register }));
    if (profile) await write('vendor-profile.json', canonicalBytes(profile));
    const changeRecord = options.changeRecord ? await readChangeRecord(options.changeRecord, product.name) : undefined;
    if (changeRecord) await write('change-record.json', changeRecord);

    progress.start('pack', index.entries.length);
    const packed = await packSource({
      source,
      config,
      commitmentKey: options.commitmentKey,
      outputDir: dir,
      archive: options.archive ?? config.pack?.archive ?? 'tar.gz',
      sourceDate: sourceDate.epoch,
      onProgress: (done, _total, path) => progress.update(done, path),
    });
    progress.stop();
    issues.push(...packed.issues);

    for (const annex of profile?.annexes ?? []) {
      if (!(await source.exists(annex.path))) {
        issues.push(
          makeAnnexIssue(annex.path, profilePath),
        );
        continue;
      }
      const target = join(dir, 'evidence', annex.path);
      await writeFileAtomic(target, await source.read(annex.path));
    }

    const summary = {
      components: classification.components.length,
      firstParty: classification.components.filter((c) => c.firstParty).length,
      o8Unknown: classification.product.countsByClass.O8,
      t1: classification.product.countsByTier.T1,
      t2: classification.product.countsByTier.T2,
      cryptoAssets: countCryptoAssets(usage),
      remoteChannels: channels.length,
      redactedSpans: packed.stats.spans,
      withheldFiles: packed.stats.withheld,
      archivedFiles: packed.stats.included + packed.stats.redacted + packed.stats.withheld,
    };

    const reportInput: ReportInput = { product, profile, classification, channels, usage, packed, summary, timestamp };
    if (changeRecord) reportInput.changeRecord = (JSON.parse(changeRecord.toString('utf8')) as { predicate: ChangeRecordSummary }).predicate;
    const sectionFiles = [...(await listFiles(dir)), 'report.html', 'report.md'];
    const { sections, issues: sectionIssues } = computeSections(profile, sectionFiles, profilePath);
    issues.push(...sectionIssues);
    reportInput.sections = sections;
    reportInput.issues = sortIssues([...issues]);
    await write('report.md', renderMarkdownReport(reportInput));
    await write('report.html', renderHtmlReport(reportInput));

    // Every document of the dossier passes the detectors before signing, not only the archive.
    issues.push(...(await redactDossierDocuments(dir, config.redaction ?? {}, profile)));

    const sectionOf = (path: string) => sections.find((s) => s.files.includes(path) && s.id !== 'D13')?.id;
    const files = await describeFiles(dir, hashes, sectionOf);
    const head = gitHead(projectDir);
    const manifest = buildManifest({
      product,
      ...(head ? { vcs: { type: 'git' as const, commit: head.commit } } : {}),
      tool: { name: 'shencha', version: TOOL_VERSION },
      knowledgeBase: classification.knowledgeBase,
      configSha256: loaded.hash,
      sourceDate,
      hashes,
      files,
      summary,
      sections,
    });
    const manifestBytes = canonicalBytes(manifest);
    await write(MANIFEST_FILE, manifestBytes);
    await write(SIGNATURE_FILE, canonicalBytes(signManifest(manifest, manifestBytes, options.signingKey)));
    await staged.commit();

    const result: DossierResult = { outputDir, manifest, issues: sortIssues(issues) };
    if (options.bundle) result.bundleFile = await writeBundle(outputDir, product.name, options.bundle, sourceDate.epoch);
    return result;
  } catch (e) {
    await staged.abort();
    throw e;
  }
}

function countCryptoAssets(usage: { files: { crypto: unknown[] }[] }): number {
  return usage.files.reduce((n, f) => n + f.crypto.length, 0);
}

function makeAnnexIssue(path: string, profilePath: string): Issue {
  return makeIssue('DOSSIER_ANNEX_MISSING', 'dossier/annexes', `annex ${path} named in ${profilePath} does not exist in the project`, {
    location: { path: profilePath, field: '/annexes' },
    howToFix: 'fix the path (relative to the project root) or remove the annex',
  });
}

/**
 * Runs the detectors over the dossier's own text documents. A finding is masked in place (same
 * length) with a warning; the vendor's published contact fields are allowed by name.
 */
async function redactDossierDocuments(
  dir: string,
  redaction: NonNullable<import('@shencha/core').ShenchaConfig['redaction']>,
  profile: VendorProfile | undefined,
): Promise<Issue[]> {
  const contact = profile?.supplier.contact ?? {};
  const allowValues = [...(redaction.allow?.values ?? []), ...[contact.email, contact.phone, contact.url, profile?.vulnerabilityHandling?.contact].filter((v): v is string => !!v)];
  const { createRedactor, maskText } = await import('@shencha/redact');
  const redactor = await createRedactor({ ...redaction, allow: { ...redaction.allow, values: allowValues } });
  const issues: Issue[] = [];
  // The archive was checked by the packager; the package manifest and redaction log hold only paths and
  // digests, and masking them would break their agreement with the archive.
  const documents = (await listFiles(dir)).filter((f) => !/^source\.(tar\.gz|zip)$/.test(f) && f !== 'package-manifest.json' && f !== 'redactions.json');
  for (const name of documents) {
    const data = await readFile(join(dir, name));
    if (looksBinary(data)) continue;
    const text = data.toString('utf8');
    const found = await redactor.detect(text, name);
    if (found.length === 0) continue;
    // In JSON only string values are masked; a hit on keys or structure is a false positive of the detector.
    const json = name.endsWith('.json') ? maskJsonStrings(text, found) : undefined;
    const findings = json ? json.applied : found;
    if (findings.length === 0) continue;
    // One warning per document and detector, at its first place, so that a long register stays readable.
    const byDetector = new Map<string, (typeof findings)[number][]>();
    for (const f of findings) byDetector.set(f.detector, [...(byDetector.get(f.detector) ?? []), f]);
    for (const [detector, group] of byDetector) {
      const first = group[0]!;
      issues.push(
        makeIssue('DOSSIER_OUTPUT_MASKED', 'dossier/redaction', `${group.length} ${detector} (${first.kind}) value${group.length > 1 ? 's' : ''} masked in ${name} before signing`, {
          location: { path: name, line: first.start.line, column: first.start.column },
          howToFix: 'if the value is public (a published contact), allow it in shencha.yaml redaction.allow.values',
        }),
      );
    }
    const out = json ? canonicalBytes(JSON.parse(json.text)) : Buffer.from(maskText(text, findings), 'utf8');
    await writeFileAtomic(join(dir, name), out);
  }
  return issues;
}

/** The last attestation, checked against its schema and product before it becomes section D12. */
async function readChangeRecord(path: string, productName: string): Promise<Buffer> {
  let doc: unknown;
  try {
    doc = JSON.parse(await readFile(path, 'utf8'));
  } catch (cause) {
    throw new ShenchaError('DOSSIER_CHANGE_RECORD_UNUSABLE', `cannot read the change record ${path}: ${(cause as Error).message}`, {
      cause,
      howToFix: 'pass the attestation.json written by `shencha attest`',
    });
  }
  const errors = validateAgainstSchema('attestation', doc);
  if (errors.length) {
    throw new ShenchaError('DOSSIER_CHANGE_RECORD_UNUSABLE', `${path} is not an attestation: ${errors[0]!.pointer}: ${errors[0]!.message}`, {
      howToFix: 'pass the attestation.json written by `shencha attest`',
    });
  }
  const names = ((doc as { subject?: { name?: string }[] }).subject ?? []).map((s) => s.name ?? '');
  if (!names.some((n) => n === productName || n.startsWith(`${productName}@`))) {
    throw new ShenchaError('DOSSIER_CHANGE_RECORD_UNUSABLE', `${path} attests ${names.join(', ')}, not ${productName}`);
  }
  return canonicalBytes(doc);
}
