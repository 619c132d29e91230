import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { afterAll } from 'vitest';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { crc32, deflateRawSync, gzipSync } from 'node:zlib';
import { pack as tarPack } from 'tar-stream';
import {
  canonicalBytes,
  comparePathBytes,
  digestsOf,
  generateSigningKeyPair,
  loadPublicKey,
  loadSigningKey,
  makeStatement,
  merkleRoot,
  signEnvelope,
  type HashAlgorithm,
  type PublicKeyInfo,
  type SignatureAlgorithm,
} from '@shencha/core';

/** A tar entry for the test archives; `type` other than file makes a link or folder. */
export interface TarItem {
  name: string;
  data?: string | Buffer;
  type?: 'file' | 'symlink' | 'link' | 'directory';
  linkname?: string;
}

export async function tarBytes(items: TarItem[]): Promise<Buffer> {
  const p = tarPack();
  for (const it of items) {
    const header = { name: it.name, mtime: new Date(0), mode: it.type === 'directory' ? 0o755 : 0o644, type: it.type ?? 'file', ...(it.linkname ? { linkname: it.linkname } : {}) };
    if ((it.type ?? 'file') === 'file') p.entry(header, it.data ?? '');
    else p.entry(header);
  }
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const c of p as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}

export async function tarGz(items: TarItem[]): Promise<Buffer> {
  return gzipSync(await tarBytes(items));
}

export const SOURCE_FILES: Record<string, string> = {
  'README.md': '# acme\n',
  'src/index.ts': 'export const token = "****************";\n',
  'src/util.ts': 'export const x = 1;\n',
  'config/secret.yaml': 'placeholder: withheld by rule\n',
};

export function sbomDoc(): Record<string, unknown> {
  return {
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79',
    version: 1,
    metadata: {
      timestamp: '2026-01-01T00:00:00Z',
      tools: { components: [{ type: 'application', name: 'shencha', version: '0.1.0' }] },
      component: { type: 'application', name: 'acme-gateway', version: '1.0.0', 'bom-ref': 'acme-gateway@1.0.0' },
    },
    components: [
      { type: 'library', name: 'left-pad', version: '1.3.0', 'bom-ref': 'pkg:npm/left-pad@1.3.0', purl: 'pkg:npm/left-pad@1.3.0', supplier: { name: 'left-pad authors' } },
      { type: 'library', name: 'sm-crypto', version: '0.3.13', 'bom-ref': 'pkg:npm/sm-crypto@0.3.13', purl: 'pkg:npm/sm-crypto@0.3.13', supplier: { name: 'JuneAndGreen' } },
    ],
    dependencies: [
      { ref: 'acme-gateway@1.0.0', dependsOn: ['pkg:npm/left-pad@1.3.0', 'pkg:npm/sm-crypto@0.3.13'] },
      { ref: 'pkg:npm/left-pad@1.3.0', dependsOn: [] },
      { ref: 'pkg:npm/sm-crypto@0.3.13', dependsOn: [] },
    ],
  };
}

function classified(bomRef: string, name: string, version: string): Record<string, unknown> {
  return {
    bomRef,
    name,
    version,
    purl: bomRef,
    firstParty: false,
    scope: 'required',
    class: 'O8',
    confidence: 0,
    tier: 'unscored',
    tierReason: 'no knowledge-base entry yet',
    capabilities: [],
    mlpsClasses: [],
    evidence: [],
    reasons: ['no knowledge-base entry yet'],
  };
}

export function classificationDoc(product: { name: string; version: string }): Record<string, unknown> {
  return {
    schemaVersion: 1,
    knowledgeBase: { version: '0.1.0', sha256: '0'.repeat(64) },
    components: [classified('pkg:npm/left-pad@1.3.0', 'left-pad', '1.3.0'), classified('pkg:npm/sm-crypto@0.3.13', 'sm-crypto', '0.3.13')],
    product: {
      name: product.name,
      version: product.version,
      vendor: { entity: 'Acme Ltd', country: 'CN' },
      componentCount: 2,
      countsByClass: { O1: 0, O2: 0, O3: 0, O4: 0, O5: 0, O6: 0, O7: 0, O8: 2 },
      countsByTier: { T1: 0, T2: 0, T3: 0, unscored: 2 },
      t1t2Foreign: { count: 0, bomRefs: [] },
      selfDevelopedRatio: { firstPartyLines: 10, thirdPartyLines: 0, ratio: 1, method: 'lines', firstPartyFiles: 2, thirdPartyFiles: 0 },
      lockfileOnlyComponents: 2,
      domesticShareByMlpsClass: {},
      domesticEligible: { verdict: 'undetermined', reasons: ['no knowledge-base entry yet'] },
    },
    policy: { source: 'default', failOn: 'error', rules: [] },
    findings: [],
    issues: [],
  };
}

export interface BuiltDossier {
  dir: string;
  product: string;
  publicKey: PublicKeyInfo;
  otherKey: PublicKeyInfo;
  /** Every file as written, by dossier path. */
  files: Map<string, Buffer>;
}

export interface BuildOptions {
  alg?: SignatureAlgorithm;
  hashes?: HashAlgorithm[];
  product?: { name: string; version: string };
  /** Replace or add files before the manifest is made (undefined removes one). */
  mutate?: (files: Map<string, Buffer>) => void | Promise<void>;
  /** Replace source archive entries (raw, before packing). */
  sourceItems?: TarItem[];
  parent?: string;
  /** Changes the manifest object before it is written and signed. */
  tamperManifest?: (m: Record<string, unknown>) => void;
  /** Changes the in-toto statement before it is signed. */
  tamperStatement?: (s: { subject: { name: string; digest: Record<string, string> }[]; predicateType: string; predicate: Record<string, unknown> }) => void;
}

/** Every temporary folder the tests make, removed when the test file ends. */
const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.splice(0).map((t) => rm(t, { recursive: true, force: true })));
});

export async function tempDir(prefix = 'shencha-verify-'): Promise<string> {
  const t = await mkdtemp(join(tmpdir(), prefix));
  temps.push(t);
  return t;
}

const H = (s: string): string => digestsOf(Buffer.from(s)).sha256;

/**
 * Builds a complete dossier with core's functions, in exactly the format DESIGN.md and the
 * dossier assembler use: canonical JSON, manifest with the Merkle root, DSSE over an in-toto Statement.
 */
export async function buildDossier(options: BuildOptions = {}): Promise<BuiltDossier> {
  const hashes = options.hashes ?? ['sha256'];
  const product = options.product ?? { name: 'acme-gateway', version: '1.0.0' };
  const parent = options.parent ?? (await tempDir());
  const dir = join(parent, product.name);
  await mkdir(dir, { recursive: true });

  const files = new Map<string, Buffer>();
  files.set('sbom.cdx.json', canonicalBytes(sbomDoc()));
  files.set('classification.json', canonicalBytes(classificationDoc(product)));
  // Source archive and its package manifest.
  const withheldPlaceholder = 'withheld by shencha: rule secrets\n';
  const items: TarItem[] =
    options.sourceItems ??
    Object.entries(SOURCE_FILES)
      .map(([name, data]) => ({ name, data: name === 'config/secret.yaml' ? withheldPlaceholder : data }))
      .sort((a, b) => comparePathBytes(a.name, b.name));
  const source = await tarGz(items);
  files.set('source.tar.gz', source);
  const entries = items
    .filter((i) => (i.type ?? 'file') === 'file')
    .map((i) => {
      const bytes = Buffer.from(i.data ?? '');
      const d = digestsOf(bytes, hashes);
      const base = { path: i.name, size: bytes.length, ...d };
      if (i.name === 'src/index.ts') return { ...base, state: 'redacted', commitment: H('c1'), spans: 1 };
      if (i.name === 'config/secret.yaml') return { ...base, state: 'withheld', commitment: H('c2'), rule: 'secrets' };
      return { ...base, state: 'included' };
    });
  const allEntries = [...entries, { path: 'node_modules', state: 'excluded', rule: 'default:dependency-cache' }].sort((a, b) => comparePathBytes(a.path, b.path));
  const count = (s: string): number => entries.filter((e) => e.state === s).length;
  files.set(
    'package-manifest.json',
    canonicalBytes({
      schemaVersion: 1,
      archive: { file: 'source.tar.gz', format: 'tar.gz', size: source.length, ...digestsOf(source, hashes) },
      hashes,
      commitment: 'hmac-sha256',
      sourceDate: 1767225600,
      merkle: { root: merkleRoot(entries.map((e) => ({ path: e.path, sha256: e.sha256 }))), treeSize: entries.length },
      entries: allEntries,
      caseCollisions: [],
      counts: { included: count('included'), redacted: count('redacted'), withheld: count('withheld'), excluded: 1, symlinks: 0, spans: entries.some((e) => e.path === 'src/index.ts') ? 1 : 0 },
    }),
  );
  const hasIndex = entries.some((e) => e.path === 'src/index.ts');
  const hasSecret = entries.some((e) => e.path === 'config/secret.yaml');
  files.set(
    'redactions.json',
    canonicalBytes({
      schemaVersion: 1,
      commitment: { algorithm: 'hmac-sha256' },
      spans: hasIndex
        ? [{ id: 'src/index.ts#1:24-1:40', path: 'src/index.ts', start: { line: 1, column: 24 }, end: { line: 1, column: 40 }, detector: 'generic-token', kind: 'credential', commitment: H('s1') }]
        : [],
      files: [
        ...(hasSecret ? [{ path: 'config/secret.yaml', state: 'withheld', rule: 'secrets', commitment: H('c2') }] : []),
        ...(hasIndex ? [{ path: 'src/index.ts', state: 'redacted', commitment: H('c1') }] : []),
      ],
      counts: { spans: hasIndex ? 1 : 0, redactedFiles: hasIndex ? 1 : 0, withheldFiles: hasSecret ? 1 : 0, byDetector: hasIndex ? { 'generic-token': 1 } : {}, byKind: { credential: hasIndex ? 1 : 0, 'personal-data': 0 } },
    }),
  );
  files.set('report.md', Buffer.from(`# ${product.name} ${product.version}\n\nReview dossier.\n`));
  files.set('report.html', Buffer.from(`<!doctype html><title>${product.name}</title><p>Review dossier.</p>\n`));
  files.set('evidence/iso27001.pdf', Buffer.from('%PDF-1.4\n% not canonical anything\n'));
  await options.mutate?.(files);

  const paths = [...files.keys()].sort(comparePathBytes);
  const listed = paths.map((path) => {
    const bytes = files.get(path)!;
    return { path, mediaType: mediaTypeOf(path), size: bytes.length, ...digestsOf(bytes, hashes) };
  });
  const root = merkleRoot(listed.map((f) => ({ path: f.path, sha256: f.sha256 })));
  const manifest = {
    schemaVersion: 1,
    kind: 'shencha-dossier',
    product,
    tool: { name: 'shencha', version: '0.1.0' },
    configSha256: H('config'),
    sourceDate: { epoch: 1767225600, source: 'SOURCE_DATE_EPOCH', iso: '2026-01-01T00:00:00Z' },
    hashes,
    files: listed,
    merkleRoot: root,
    // D0–D13, each marked not applicable, so that the table is complete and names no file.
    sections: Array.from({ length: 14 }, (_, i) => ({ id: `D${i}`, title: `section ${i}`, status: 'not-applicable', required: true, reason: 'test dossier', files: [] as string[] })),
  };
  options.tamperManifest?.(manifest as unknown as Record<string, unknown>);
  const manifestBytes = canonicalBytes(manifest);
  files.set('manifest.json', manifestBytes);
  const subject = [...files.keys()]
    .sort(comparePathBytes)
    .map((name) => ({ name, digest: digestsOf(files.get(name)!, hashes) as Record<string, string> }));
  const statement = makeStatement(subject, 'urn:shencha:predicate:dossier:v1', {
    manifest: { path: 'manifest.json', sha256: digestsOf(manifestBytes).sha256 },
    merkleRoot: root,
    product,
    summary: { files: listed.length },
  });
  options.tamperStatement?.(statement as unknown as Parameters<NonNullable<BuildOptions['tamperStatement']>>[0]);
  const pair = generateSigningKeyPair(options.alg ?? 'ed25519');
  const other = generateSigningKeyPair(options.alg ?? 'ed25519');
  const key = loadSigningKey(pair.privateKeyPem);
  const envelope = signEnvelope('application/vnd.in-toto+json', canonicalBytes(statement), key);
  files.set('manifest.dsse.json', canonicalBytes(envelope));

  for (const [path, bytes] of files) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), bytes);
  }
  return { dir, product: product.name, publicKey: loadPublicKey(pair.publicKeyPem), otherKey: loadPublicKey(other.publicKeyPem), files };
}

export function mediaTypeOf(path: string): string {
  if (path.endsWith('.cdx.json')) return 'application/vnd.cyclonedx+json';
  if (path.endsWith('.json')) return 'application/json';
  if (path.endsWith('.tar.gz')) return 'application/gzip';
  if (path.endsWith('.md')) return 'text/markdown';
  if (path.endsWith('.html')) return 'text/html';
  if (path.endsWith('.pdf')) return 'application/pdf';
  return 'application/octet-stream';
}

/** Writes a bundle `<product>-dossier.tar.gz` of a dossier's files, entries under `<product>/`. */
export async function writeBundle(d: BuiltDossier, extra: TarItem[] = [], where?: string): Promise<string> {
  const items: TarItem[] = [
    { name: `${d.product}/`, type: 'directory' },
    ...[...d.files.entries()].sort((a, b) => comparePathBytes(a[0], b[0])).map(([p, data]) => ({ name: `${d.product}/${p}`, data })),
    ...extra,
  ];
  const path = join(where ?? dirname(d.dir), `${d.product}-dossier.tar.gz`);
  await writeFile(path, await tarGz(items));
  return path;
}

export interface ZipItem {
  name: string;
  data?: string | Buffer;
  /** Unix mode including the file type bits (0o120644 for a symlink). */
  mode?: number;
  deflate?: boolean;
  /** General purpose flags (bit 0: encrypted). */
  flags?: number;
  /** Overrides the uncompressed size written in the headers. */
  uncompressedSize?: number;
}

/** A minimal zip writer, so that tests can craft entries real tools refuse to make. */
export function zipBytes(items: ZipItem[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const it of items) {
    const name = Buffer.from(it.name, 'utf8');
    const raw = Buffer.from(it.data ?? '');
    const body = it.deflate ? deflateRawSync(raw) : raw;
    const crc = crc32(raw);
    const flags = (it.flags ?? 0) | 0x800;
    const method = it.deflate ? 8 : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(it.uncompressedSize ?? raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(it.uncompressedSize ?? raw.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((it.mode ?? (it.name.endsWith('/') ? 0o40755 : 0o100644)) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(items.length, 8);
  end.writeUInt16LE(items.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** Writes a zip bundle `<product>-dossier.zip` of a dossier's files. */
export async function writeZipBundle(d: BuiltDossier, extra: ZipItem[] = []): Promise<string> {
  const items: ZipItem[] = [
    ...[...d.files.entries()].sort((a, b) => comparePathBytes(a[0], b[0])).map(([p, data]) => ({ name: `${d.product}/${p}`, data, deflate: true })),
    ...extra,
  ];
  const path = join(dirname(d.dir), `${d.product}-dossier.zip`);
  await writeFile(path, zipBytes(items));
  return path;
}
