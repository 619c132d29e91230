import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalBytes, IN_TOTO_PAYLOAD_TYPE, loadSigningKey, sha256Hex, signEnvelope, validateAgainstSchema } from '@shencha/core';
import { CLI, dossierArgs, EXAMPLE, KEYS, ROOT, shencha, tempDir } from './helpers.js';

/**
 * Continuous re-attestation end to end: a git repository with three tagged releases of the example
 * product, each release run through examples/ci/shencha-release.sh — the very script the GitHub
 * Actions workflow and the GitLab CI job run.
 *   v2.4.1  cleared: its dossier is the first baseline;
 *   v2.5.0  adds a foreign cryptography dependency (@aws-crypto/sha256-js, Amazon) and a telemetry
 *           endpoint → material, exit 2, triggers naming both; its dossier is then cleared;
 *   v2.5.1  changes only a test file → none, exit 0, against the v2.5.0 dossier (given as a bundle).
 */
const SCRIPT = join(ROOT, 'examples/ci/shencha-release.sh');
const PUB = join(KEYS, 'demo-signing.pub.pem');
const TELEMETRY = 'https://collector.metrics-cloud.io/v1/telemetry';
const LIB = '@aws-crypto/sha256-js';

let work: string;
let repo: string;
let cleared1: string;
const runs: Record<string, { code: number; stdout: string; stderr: string; out: string }> = {};

function git(...args: string[]): string {
  const r = spawnSync('git', args, {
    cwd: repo,
    encoding: 'utf8',
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: work,
      GIT_AUTHOR_NAME: 'Release Bot',
      GIT_AUTHOR_EMAIL: 'release@acme-gateway.cn',
      GIT_COMMITTER_NAME: 'Release Bot',
      GIT_COMMITTER_EMAIL: 'release@acme-gateway.cn',
      GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z',
      GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z',
      GIT_CONFIG_NOSYSTEM: '1',
    },
  });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

function release(tag: string): void {
  git('add', '-A');
  git('commit', '-q', '-m', `release ${tag}`);
  git('tag', tag);
}

/** The CI step: the same script, the same environment variables the templates set. */
function ciRun(tag: string, baseline: string): void {
  const out = join(work, `ci-${tag}`);
  const r = spawnSync('sh', [SCRIPT], {
    cwd: repo,
    encoding: 'utf8',
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: work,
      NO_COLOR: '1',
      SHENCHA: `${process.execPath} ${CLI}`,
      PROJECT: '.',
      BASELINE: baseline,
      PUBLIC_KEY: PUB,
      SIGNING_KEY: join(KEYS, 'demo-signing.key.pem'),
      COMMITMENT_KEY: join(KEYS, 'demo-commitment.key'),
      OUT: out,
    },
  });
  runs[tag] = { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, out };
}

function setVersion(version: string): void {
  for (const f of ['package.json', 'package-lock.json']) {
    const doc = JSON.parse(readFileSync(join(repo, f), 'utf8')) as { version: string; packages?: Record<string, { version?: string }> };
    doc.version = version;
    if (doc.packages?.['']) doc.packages[''].version = version;
    writeFileSync(join(repo, f), `${JSON.stringify(doc, null, 2)}\n`);
  }
  const vendor = readFileSync(join(repo, 'vendor.yaml'), 'utf8').replace(/^(\s+version:\s*)"?2\.\d+\.\d+"?/m, `$1${version}`);
  writeFileSync(join(repo, 'vendor.yaml'), vendor);
}

function attestation(tag: string): { predicate: Record<string, any> } {
  return JSON.parse(readFileSync(join(runs[tag]!.out, 'attest', 'attestation.json'), 'utf8'));
}

beforeAll(() => {
  work = tempDir('e2e-attest');
  repo = join(work, 'acme-gateway');
  cpSync(EXAMPLE, repo, { recursive: true });
  git('init', '-q', '-b', 'main');
  release('v2.4.1');

  // Clearance of v2.4.1: its dossier is the first baseline.
  cleared1 = join(work, 'cleared-2.4.1', 'acme-gateway');
  const d = shencha(dossierArgs(repo, cleared1, ['--fail-on', 'none']), { env: { SOURCE_DATE_EPOCH: '' } });
  if (d.code !== 0) throw new Error(`dossier v2.4.1 failed:\n${d.stderr}`);

  // v2.5.0: a foreign crypto library and a telemetry endpoint.
  setVersion('2.5.0');
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  pkg.dependencies[LIB] = '^5.2.0';
  writeFileSync(join(repo, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  const lock = JSON.parse(readFileSync(join(repo, 'package-lock.json'), 'utf8')) as { packages: Record<string, Record<string, unknown>> };
  (lock.packages['']!['dependencies'] as Record<string, string>)[LIB] = '^5.2.0';
  lock.packages[`node_modules/${LIB}`] = {
    version: '5.2.0',
    resolved: 'https://registry.npmjs.org/@aws-crypto/sha256-js/-/sha256-js-5.2.0.tgz',
    integrity: 'sha512-AJgb9UGjqjwzu61zBr+iYCCaeCAcGhjDu6cN1jcQBIEKjjBhZGgbIQqRkGF3BVsaWoYTwPtgY5N7BEK6aMSm+4w==',
    license: 'Apache-2.0',
  };
  lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  writeFileSync(join(repo, 'package-lock.json'), `${JSON.stringify(lock, null, 2)}\n`);
  writeFileSync(
    join(repo, 'src/analytics.ts'),
    [
      "import { Sha256 } from '@aws-crypto/sha256-js';",
      '',
      `const ENDPOINT = '${TELEMETRY}';`,
      '',
      '/** Usage analytics, sent to the collector with a content digest. */',
      'export async function reportUsage(event: Record<string, unknown>): Promise<void> {',
      '  const body = JSON.stringify(event);',
      '  const hash = new Sha256();',
      '  hash.update(body);',
      "  const digest = Buffer.from(await hash.digest()).toString('hex');",
      "  await fetch(ENDPOINT, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-digest': digest } });",
      '}',
      '',
    ].join('\n'),
  );
  release('v2.5.0');
  ciRun('v2.5.0', cleared1);

  // The operator clears v2.5.0: the dossier bundle the CI kept becomes the baseline.
  // v2.5.1 changes only a test file.
  const test = join(repo, 'test/auth.test.ts');
  writeFileSync(test, `${readFileSync(test, 'utf8')}\n// Regression note: tokens are compared in constant time (see src/auth.ts).\n`);
  setVersion('2.5.1');
  release('v2.5.1');
  ciRun('v2.5.1', join(runs['v2.5.0']!.out, 'acme-gateway-dossier.tar.gz'));
}, 600_000);

// SHENCHA_KEEP_E2E=1 keeps the repository and the CI outputs for inspection.
afterAll(() => {
  if (!process.env['SHENCHA_KEEP_E2E']) rmSync(work, { recursive: true, force: true });
});

describe('attest on three tagged releases, through the CI script', () => {
  it('v2.5.0 is a material change: exit 2, triggers naming the library and the endpoint', () => {
    const r = runs['v2.5.0']!;
    expect(r.code, r.stderr).toBe(2);
    const p = attestation('v2.5.0').predicate;
    expect(p['changeClass']).toBe('material');
    expect(p['verificationResult']).toBe('FAILED');
    const triggers = p['triggers'] as { rule: string; changeClass: string; message: string; subject: string; evidence: { in: string; path: string; line?: number }[] }[];
    const lib = triggers.find((t) => t.rule === 'component-added-core' && (t.message.includes(LIB) || t.message.includes(LIB.replace('@', '%40'))));
    expect(lib, JSON.stringify(triggers, null, 1)).toBeDefined();
    expect(lib!.changeClass).toBe('material');
    const endpoint = triggers.find((t) => t.rule === 'endpoint-added' && t.subject === TELEMETRY);
    expect(endpoint, JSON.stringify(triggers, null, 1)).toBeDefined();
    expect(endpoint!.changeClass).toBe('material');
    expect(endpoint!.message).toContain('collector.metrics-cloud.io');
    expect(endpoint!.evidence[0]).toMatchObject({ in: 'current', path: 'src/analytics.ts', line: 3 });
    expect(p['score']).toBeGreaterThanOrEqual(60);
    expect(p['recommendedAction']).toBe('consider-re-filing');
    // The Markdown summary and SARIF name the same triggers.
    const md = readFileSync(join(r.out, 'attest', 'summary.md'), 'utf8');
    expect(md).toContain('**material**');
    expect(md).toContain(TELEMETRY);
    const sarif = JSON.parse(readFileSync(join(r.out, 'attest', 'attest.sarif'), 'utf8')) as { runs: { results: { ruleId: string; level: string }[] }[] };
    expect(sarif.runs[0]!.results.some((x) => x.ruleId === 'endpoint-added' && x.level === 'error')).toBe(true);
  });

  it('v2.5.1 changes only a test file: none, exit 0, against the v2.5.0 dossier bundle', () => {
    const r = runs['v2.5.1']!;
    expect(r.code, r.stderr).toBe(0);
    const p = attestation('v2.5.1').predicate;
    expect(p['changeClass'], JSON.stringify(p['triggers'], null, 1)).toBe('none');
    expect(p['score']).toBe(0);
    expect(p['recommendedAction']).toBe('none');
    expect(p['changes'].sources.method).toBe('git');
    expect(p['changes'].sources.files).toEqual([{ path: 'test/auth.test.ts', status: 'modified', added: 2, deleted: 0, lines: 2 }]);
    expect(readFileSync(join(r.out, 'attest', 'summary.md'), 'utf8')).toContain('**none**');
  });

  it('writes a schema-valid, signed attestation to its own output, never into a dossier', () => {
    for (const tag of ['v2.5.0', 'v2.5.1']) {
      const dir = join(runs[tag]!.out, 'attest');
      const statement = JSON.parse(readFileSync(join(dir, 'attestation.json'), 'utf8'));
      expect(validateAgainstSchema('attestation', statement)).toEqual([]);
      expect(existsSync(join(dir, 'attestation.dsse.json'))).toBe(true);
      const env = JSON.parse(readFileSync(join(dir, 'attestation.dsse.json'), 'utf8')) as { payload: string };
      expect(Buffer.from(env.payload, 'base64').equals(readFileSync(join(dir, 'attestation.json')))).toBe(true);
      expect(readdirSync(join(runs[tag]!.out, 'dossier'))).not.toContain('attestation.dsse.json');
    }
  });

  it('chains both attestations in the ledger; each records the head it extends', () => {
    const a = attestation('v2.5.0').predicate['ledger'];
    const b = attestation('v2.5.1').predicate['ledger'];
    expect(a).toMatchObject({ sequence: 1, previous: null });
    expect(b).toMatchObject({ sequence: 2, previous: a.head });
    const v = shencha(['ledger', 'verify', join(repo, '.shencha/ledger'), '--public-key', PUB, '--head', b.head]);
    expect(v.code, v.stderr).toBe(0);
  });

  it('refuses bad baselines with exit 1 before any comparison', () => {
    const args = (baseline: string, extra: string[] = []) => ['attest', repo, '--baseline', baseline, '--public-key', PUB, '--no-ledger', '--no-cache', '--output', join(work, 'bad-out'), ...extra];
    // Tampered: one byte of a signed file changed.
    const tampered = join(work, 'tampered', 'acme-gateway');
    cpSync(cleared1, tampered, { recursive: true });
    const cls = join(tampered, 'classification.json');
    writeFileSync(cls, readFileSync(cls, 'utf8').replace('"O7"', '"O1"'));
    let r = shencha(args(tampered));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/ATTEST_BASELINE_UNUSABLE/);
    // Unsigned: the signature removed.
    const unsigned = join(work, 'unsigned', 'acme-gateway');
    cpSync(cleared1, unsigned, { recursive: true });
    rmSync(join(unsigned, 'manifest.dsse.json'));
    r = shencha(args(unsigned));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unusable.*signature/);
    // Another product: the bundle name and manifest say so.
    const other = join(work, 'other', 'tiny-tool');
    const d = shencha(dossierArgs(join(ROOT, 'test/fixtures/projects/no-lockfile'), other, ['--fail-on', 'none']));
    expect(d.code, d.stderr).toBe(0);
    r = shencha(args(other));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not of acme-gateway/);
    // An unknown schema major, properly signed: refused as unknown, not as "invalid".
    const future = join(work, 'future', 'acme-gateway');
    cpSync(cleared1, future, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(future, 'manifest.json'), 'utf8')) as { schemaVersion: number };
    manifest.schemaVersion = 2;
    const bytes = canonicalBytes(manifest);
    writeFileSync(join(future, 'manifest.json'), bytes);
    const env = JSON.parse(readFileSync(join(future, 'manifest.dsse.json'), 'utf8')) as { payload: string };
    const statement = JSON.parse(Buffer.from(env.payload, 'base64').toString('utf8')) as { subject: { name: string; digest: Record<string, string> }[]; predicate: { manifest: { sha256: string } } };
    for (const s of statement.subject) if (s.name === 'manifest.json') s.digest = { ...s.digest, sha256: sha256Hex(bytes) };
    delete statement.subject.find((s) => s.name === 'manifest.json')!.digest['sm3'];
    statement.predicate.manifest.sha256 = sha256Hex(bytes);
    const key = loadSigningKey(readFileSync(join(KEYS, 'demo-signing.key.pem'), 'utf8'));
    writeFileSync(join(future, 'manifest.dsse.json'), canonicalBytes(signEnvelope(IN_TOTO_PAYLOAD_TYPE, canonicalBytes(statement), key)));
    r = shencha(args(future));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/schema major 2/);
    // Signed by a key that is not trusted.
    r = shencha([...args(cleared1).filter((x) => x !== PUB && x !== '--public-key'), '--trust-root', join(ROOT, 'test/fixtures/attest/other-trust-root.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/ATTEST_BASELINE_UNUSABLE/);
    expect(existsSync(join(work, 'bad-out'))).toBe(false);
  });
});

describe('the CI templates', () => {
  it('run the script this test runs, on release tags, keep artifacts, the ledger and the cache, and fail on material', () => {
    for (const file of ['examples/ci/github-actions.yml', 'examples/ci/gitlab-ci.yml']) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      expect(text, file).toMatch(/sh ci\/shencha-release\.sh/);
      expect(text, file).toMatch(/FAIL_ON: material/);
      expect(text, file).toMatch(/\.shencha\/cache/);
      expect(text, file).toMatch(/shencha-ledger/);
      expect(text, file).toMatch(/summary\.md/);
      expect(text, file).toMatch(/attest\/[\s\S]*dossier\//);
      for (const v of ['BASELINE', 'PUBLIC_KEY', 'SIGNING_KEY', 'COMMITMENT_KEY', 'OUT']) expect(text, `${file} ${v}`).toMatch(new RegExp(`\\b${v}:`));
    }
    expect(readFileSync(join(ROOT, 'examples/ci/github-actions.yml'), 'utf8')).toMatch(/tags: \['v\*'\]/);
    expect(readFileSync(join(ROOT, 'examples/ci/gitlab-ci.yml'), 'utf8')).toMatch(/\$CI_COMMIT_TAG/);
  });
});

describe('shencha recheck', () => {
  it('finds no change against the knowledge base the dossier was built with', () => {
    const r = shencha(['recheck', cleared1, '--public-key', PUB, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { changes: unknown[] }).changes).toEqual([]);
  });

  it('reports the components a newer knowledge base would classify differently, without the source', () => {
    const kb = join(work, 'kb-next');
    cpSync(join(ROOT, 'packages/origin/kb'), kb, { recursive: true });
    const ns = join(kb, 'namespaces-npm.yaml');
    // The revised view: undici is now attributed to a PRC-based maintainer organisation.
    writeFileSync(ns, readFileSync(ns, 'utf8').replace('match: "undici", org: openjs', 'match: "undici", org: juneandgreen'));
    writeFileSync(join(kb, 'meta.yaml'), readFileSync(join(kb, 'meta.yaml'), 'utf8').replace('version: "2026.11.0"', 'version: "2026.12.0"'));
    const r = shencha(['recheck', cleared1, '--public-key', PUB, '--kb', kb, '--json']);
    expect(r.code, r.stderr).toBe(2);
    const report = JSON.parse(r.stdout) as { knowledgeBase: { current: { version: string } }; changes: { purl?: string; before: { class: string }; after: { class: string } }[] };
    expect(report.knowledgeBase.current.version).toBe('2026.12.0');
    const undici = report.changes.find((c) => c.purl?.startsWith('pkg:npm/undici@'));
    expect(undici, JSON.stringify(report.changes)).toBeDefined();
    expect(undici!.before.class).toBe('O7');
    expect(undici!.after.class).not.toBe('O7');
  });
});

describe('shencha export --dependency-track', () => {
  it('writes the signed SBOM unchanged and policies whose CEL conditions read shencha:* properties', () => {
    const out = join(work, 'dt');
    const r = shencha(['export', '--dependency-track', cleared1, '--public-key', PUB, '--output', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(out, 'bom.json')).equals(readFileSync(join(cleared1, 'sbom.cdx.json')))).toBe(true);
    const policies = JSON.parse(readFileSync(join(out, 'policies.json'), 'utf8')) as { policyConditions: { subject: string; value: string }[] }[];
    expect(policies.length).toBeGreaterThan(0);
    for (const p of policies) for (const c of p.policyConditions) {
      expect(c.subject).toBe('EXPRESSION');
      expect(c.value).toMatch(/p\.name == "shencha:tier"/);
    }
    const bom = JSON.parse(readFileSync(join(out, 'bom.json'), 'utf8')) as { components: { properties?: { name: string }[] }[] };
    expect(bom.components.some((c) => c.properties?.some((p) => p.name === 'shencha:tier'))).toBe(true);
  });
});
