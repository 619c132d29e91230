import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalBytes, canonicalize, generateSigningKeyPair, loadSigningKey, signEnvelope } from '@shencha/core';
import { verifyPath, type Limits, type ValidationReport } from '../src/index.js';
import {
  buildDossier,
  classificationDoc,
  sbomDoc,
  SOURCE_FILES,
  tarBytes,
  tarGz,
  writeBundle,
  writeZipBundle,
  zipBytes,
  type BuiltDossier,
  type TarItem,
} from './helpers.js';

/**
 * The hostile-dossier generator: each case builds a tampered or hostile dossier (folder or bundle)
 * and names the issue code it must be rejected with. The untouched dossier passes.
 */
interface Case {
  name: string;
  code: string;
  /** Default: the dossier is invalid (an error with that code). 'warning': still valid, with that warning. */
  severity?: 'error' | 'warning';
  run: () => Promise<{ input: string; keys?: 'good' | 'other' | 'none'; limits?: Partial<Limits>; expectProduct?: string; profile?: string; d: BuiltDossier }>;
}

const P = 'acme-gateway';

async function flipped(path: string, at: 'middle' | 'first' = 'middle'): Promise<{ input: string; d: BuiltDossier }> {
  const d = await buildDossier();
  const bytes = Buffer.from(d.files.get(path)!);
  const pos = at === 'first' ? 0 : Math.floor(bytes.length / 2);
  bytes[pos] = bytes[pos]! ^ 0x04;
  await writeFile(join(d.dir, path), bytes);
  return { input: d.dir, d };
}

async function bundleWith(extra: TarItem[], opts: { drop?: string } = {}): Promise<{ input: string; d: BuiltDossier }> {
  const d = await buildDossier();
  if (opts.drop) d.files.delete(opts.drop);
  return { input: await writeBundle(d, extra), d };
}

async function rawBundle(d: BuiltDossier, gz: Buffer): Promise<string> {
  const p = join(d.dir, '..', `${P}-dossier.tar.gz`);
  await writeFile(p, gz);
  return p;
}

function sourceItems(extra: TarItem[] = [], without: string[] = []): TarItem[] {
  const base: TarItem[] = Object.entries(SOURCE_FILES)
    .filter(([name]) => !without.includes(name))
    .map(([name, data]) => ({ name, data: name === 'config/secret.yaml' ? 'withheld by shencha: rule secrets\n' : data }));
  return [...base, ...extra].sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
}

const bytes = (o: unknown): Buffer => canonicalBytes(o);

const CASES: Case[] = [
  // ---- a single flipped byte in each artifact type
  ...['sbom.cdx.json', 'classification.json', 'package-manifest.json', 'redactions.json', 'source.tar.gz', 'report.html', 'report.md', 'evidence/iso27001.pdf'].map(
    (path): Case => ({ name: `flipped byte in ${path}`, code: 'VERIFY_SHA256_MISMATCH', run: () => flipped(path) }),
  ),
  { name: 'flipped byte in manifest.json', code: 'VERIFY_PREDICATE_MISMATCH', run: () => flipped('manifest.json') },
  { name: 'flipped first byte of manifest.json', code: 'VERIFY_JSON_SYNTAX', run: () => flipped('manifest.json', 'first') },
  { name: 'flipped byte in the signature envelope', code: 'VERIFY_SIGNATURE_INVALID', run: () => flipped('manifest.dsse.json') },

  // ---- authenticity
  { name: 'signature by another key', code: 'VERIFY_SIGNATURE_UNTRUSTED_KEY', run: async () => ({ input: (await buildDossier()).dir, keys: 'other', d: await buildDossier() }) },
  {
    name: 'forged signature under the trusted key id',
    code: 'VERIFY_SIGNATURE_INVALID',
    run: async () => {
      const d = await buildDossier();
      const env = JSON.parse(d.files.get('manifest.dsse.json')!.toString()) as { payload: string; signatures: { keyid: string; sig: string }[] };
      const other = loadSigningKey(generateSigningKeyPair('ed25519').privateKeyPem);
      const forged = signEnvelope('application/vnd.in-toto+json', Buffer.from(env.payload, 'base64'), other);
      env.signatures = [{ keyid: env.signatures[0]!.keyid, sig: forged.signatures[0]!.sig }];
      await writeFile(join(d.dir, 'manifest.dsse.json'), bytes(env));
      return { input: d.dir, d };
    },
  },
  {
    name: 'signature over another manifest (manifest swapped, envelope kept)',
    code: 'VERIFY_PREDICATE_MISMATCH',
    run: async () => {
      const d = await buildDossier();
      const m = JSON.parse(d.files.get('manifest.json')!.toString()) as { configSha256: string };
      m.configSha256 = 'f'.repeat(64);
      await writeFile(join(d.dir, 'manifest.json'), bytes(m));
      return { input: d.dir, d };
    },
  },
  {
    name: 'manifest replayed from another release',
    code: 'VERIFY_MANIFEST_REPLAYED',
    run: async () => {
      const old = await buildDossier({ product: { name: P, version: '1.0.0' } });
      const d = await buildDossier({
        product: { name: P, version: '1.1.0' },
        sourceItems: sourceItems([{ name: 'src/new.ts', data: 'export const y = 2;\n' }]),
      });
      // The old release's genuine, signed manifest pair, dropped into the new release.
      await writeFile(join(d.dir, 'manifest.json'), old.files.get('manifest.json')!);
      await writeFile(join(d.dir, 'manifest.dsse.json'), old.files.get('manifest.dsse.json')!);
      return { input: d.dir, d: { ...d, publicKey: old.publicKey } };
    },
  },
  {
    name: 'a required section missing from the sections table',
    code: 'VERIFY_SECTION_MISSING',
    run: async () => {
      const d = await buildDossier({ tamperManifest: (m) => ((m['sections'] as { id: string }[]).splice(3, 1), undefined) });
      return { input: d.dir, d };
    },
  },
  {
    name: 'a section naming a file the dossier does not hold',
    code: 'VERIFY_SECTION_INVALID',
    run: async () => {
      const d = await buildDossier({ tamperManifest: (m) => (((m['sections'] as { files: string[] }[])[5]!.files = ['sbom-old.cdx.json']), undefined) });
      return { input: d.dir, d };
    },
  },
  { name: 'dossier of another product', code: 'VERIFY_PRODUCT_MISMATCH', run: async () => ({ input: (await buildDossier()).dir, expectProduct: 'acme-router', d: await buildDossier() }) },
  {
    name: 'statement with a wrong predicate type',
    code: 'VERIFY_ENVELOPE_MALFORMED',
    run: async () => {
      const d = await buildDossier({ tamperStatement: (s) => void (s.predicateType = 'urn:example:other') });
      return { input: d.dir, d };
    },
  },
  {
    name: 'statement missing a subject',
    code: 'VERIFY_SUBJECT_MISMATCH',
    run: async () => {
      const d = await buildDossier({ tamperStatement: (s) => void s.subject.splice(0, 1) });
      return { input: d.dir, d };
    },
  },

  // ---- integrity
  {
    name: 'missing file',
    code: 'VERIFY_FILE_MISSING',
    run: async () => {
      const d = await buildDossier();
      await rm(join(d.dir, 'report.md'));
      return { input: d.dir, d };
    },
  },
  {
    name: 'extra file',
    code: 'VERIFY_FILE_EXTRA',
    run: async () => {
      const d = await buildDossier();
      await writeFile(join(d.dir, 'evidence', 'planted.txt'), 'x');
      return { input: d.dir, d };
    },
  },
  {
    name: 'extra file hidden in a folder the walk skips (node_modules)',
    code: 'VERIFY_FILE_EXTRA',
    run: async () => {
      const d = await buildDossier();
      await mkdir(join(d.dir, 'node_modules', 'x'), { recursive: true });
      await writeFile(join(d.dir, 'node_modules', 'x', 'index.js'), 'x');
      return { input: d.dir, d };
    },
  },
  {
    name: 'extra file hidden by a .gitignore inside the dossier',
    code: 'VERIFY_FILE_EXTRA',
    run: async () => {
      const d = await buildDossier();
      await writeFile(join(d.dir, '.gitignore'), 'hidden/\n*.secret\n');
      await mkdir(join(d.dir, 'hidden'));
      await writeFile(join(d.dir, 'hidden', 'payload.sh'), 'x');
      await writeFile(join(d.dir, 'evidence', 'a.secret'), 'x');
      return { input: d.dir, d };
    },
  },
  {
    name: 'bundle folder named after another product',
    code: 'VERIFY_BUNDLE_LAYOUT',
    run: async () => {
      const d = await buildDossier();
      return { input: await writeBundle({ ...d, product: 'acme-router' }), d };
    },
  },
  { name: 'manifest.json missing', code: 'VERIFY_MANIFEST_MISSING', run: async () => { const d = await buildDossier(); await rm(join(d.dir, 'manifest.json')); return { input: d.dir, d }; } },
  { name: 'signature envelope missing', code: 'VERIFY_ENVELOPE_MISSING', run: async () => { const d = await buildDossier(); await rm(join(d.dir, 'manifest.dsse.json')); return { input: d.dir, d }; } },
  {
    name: 'wrong size in a signed manifest',
    code: 'VERIFY_SIZE_MISMATCH',
    run: async () => {
      const d = await buildDossier({ tamperManifest: (m) => void ((m['files'] as { size: number }[])[0]!.size += 1) });
      return { input: d.dir, d };
    },
  },
  {
    name: 'Merkle root that does not recompute',
    code: 'VERIFY_MERKLE_MISMATCH',
    run: async () => {
      const d = await buildDossier({ tamperManifest: (m) => void (m['merkleRoot'] = '0'.repeat(64)) });
      return { input: d.dir, d };
    },
  },
  {
    name: 'a path listed twice',
    code: 'VERIFY_FILE_LISTED_TWICE',
    run: async () => {
      const d = await buildDossier({ tamperManifest: (m) => void (m['files'] as unknown[]).push((m['files'] as unknown[]).at(-1)) });
      return { input: d.dir, d };
    },
  },
  {
    name: 'sm3 declared, one sm3 digest wrong',
    code: 'VERIFY_SM3_MISMATCH',
    run: async () => {
      const d = await buildDossier({ hashes: ['sha256', 'sm3'], tamperManifest: (m) => void ((m['files'] as { sm3: string }[])[1]!.sm3 = 'a'.repeat(64)) });
      return { input: d.dir, d };
    },
  },
  {
    name: 'non-canonical JSON with a correct digest',
    code: 'VERIFY_NOT_CANONICAL',
    run: async () => {
      const d = await buildDossier({ mutate: (f) => void f.set('sbom.cdx.json', Buffer.from(JSON.stringify(sbomDoc(), null, 2))) });
      return { input: d.dir, d };
    },
  },
  {
    name: 'symbolic link in the dossier folder',
    code: 'VERIFY_FOLDER_SYMLINK',
    run: async () => {
      const d = await buildDossier();
      await symlink('/etc/passwd', join(d.dir, 'evidence', 'passwd'));
      return { input: d.dir, d };
    },
  },
  {
    name: 'dossier files that differ only in case (folder)',
    code: 'VERIFY_CASE_COLLISION',
    run: async () => {
      const d = await buildDossier({ mutate: (f) => void f.set('Report.md', Buffer.from('shadow\n')) });
      return { input: d.dir, d };
    },
  },

  {
    name: 'dossier files equal after Unicode normalisation (folder)',
    code: 'VERIFY_UNICODE_COLLISION',
    run: async () => {
      const d = await buildDossier({ mutate: (f) => void f.set('evidence/caf\u00e9.pdf', Buffer.from('nfc')) });
      await writeFile(join(d.dir, 'evidence', 'cafe\u0301.pdf'), 'nfd');
      return { input: d.dir, d };
    },
  },

  // ---- documents
  {
    name: 'JSON syntax error in a listed file',
    code: 'VERIFY_JSON_SYNTAX',
    run: async () => {
      const d = await buildDossier({ mutate: (f) => void f.set('vendor-profile.json', Buffer.from('{"schemaVersion":1,')) });
      return { input: d.dir, d };
    },
  },
  {
    name: 'JSON nested 10000 deep',
    code: 'VERIFY_JSON_TOO_DEEP',
    run: async () => {
      const d = await buildDossier({ mutate: (f) => void f.set('change-record.json', Buffer.from('['.repeat(10000) + ']'.repeat(10000))) });
      return { input: d.dir, d };
    },
  },
  {
    name: 'JSON over the size limit',
    code: 'VERIFY_JSON_TOO_LARGE',
    run: async () => ({ ...(await (async () => { const d = await buildDossier(); return { input: d.dir, d }; })()), limits: { maxJsonSize: 1024 } }),
  },
  {
    name: 'classification.json against its schema',
    code: 'VERIFY_SCHEMA_INVALID',
    run: async () => {
      const doc = classificationDoc({ name: P, version: '1.0.0' });
      delete doc['policy'];
      const d = await buildDossier({ mutate: (f) => void f.set('classification.json', bytes(doc)) });
      return { input: d.dir, d };
    },
  },
  {
    name: 'SBOM against the official CycloneDX schema',
    code: 'VERIFY_CYCLONEDX_INVALID',
    run: async () => {
      const doc = sbomDoc();
      (doc['components'] as { type: string }[])[0]!.type = 'gizmo';
      const d = await buildDossier({ mutate: (f) => void f.set('sbom.cdx.json', bytes(doc)) });
      return { input: d.dir, d };
    },
  },
  {
    name: 'SBOM of an unsupported spec version',
    code: 'VERIFY_CYCLONEDX_VERSION',
    run: async () => {
      const d = await buildDossier({ mutate: (f) => void f.set('sbom.cdx.json', bytes({ ...sbomDoc(), specVersion: '9.9' })) });
      return { input: d.dir, d };
    },
  },
  {
    name: 'XML SBOM with an external entity (XXE)',
    code: 'VERIFY_XML_MALFORMED',
    run: async () => {
      const xml = '<?xml version="1.0"?>\n<!DOCTYPE bom [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1"><components><component type="library"><name>&xxe;</name></component></components></bom>\n';
      const d = await buildDossier({ mutate: (f) => void f.set('sbom.cdx.xml', Buffer.from(xml)) });
      return { input: d.dir, d };
    },
  },

  // ---- consistency
  {
    name: 'SBOM component without a classification entry',
    code: 'VERIFY_CLASSIFICATION_MISSING',
    run: async () => {
      const doc = classificationDoc({ name: P, version: '1.0.0' });
      (doc['components'] as unknown[]).pop();
      const d = await buildDossier({ mutate: (f) => void f.set('classification.json', bytes(doc)) });
      return { input: d.dir, d };
    },
  },
  {
    name: 'classification entry without an SBOM component',
    code: 'VERIFY_CLASSIFICATION_ORPHAN',
    run: async () => {
      const sbom = sbomDoc();
      (sbom['components'] as unknown[]).pop();
      (sbom['dependencies'] as { dependsOn: string[] }[])[0]!.dependsOn.pop();
      (sbom['dependencies'] as unknown[]).pop();
      const d = await buildDossier({ mutate: (f) => void f.set('sbom.cdx.json', bytes(sbom)) });
      return { input: d.dir, d };
    },
  },
  {
    name: 'redaction log disagrees with the package manifest',
    code: 'VERIFY_REDACTION_MISMATCH',
    run: async () => {
      const d = await buildDossier({
        mutate: (f) => {
          const log = JSON.parse(f.get('redactions.json')!.toString()) as { files: { state: string; rule?: string }[] };
          log.files[1]!.state = 'withheld';
          log.files[1]!.rule = 'secrets';
          f.set('redactions.json', bytes(log));
        },
      });
      return { input: d.dir, d };
    },
  },
  {
    name: 'package manifest lists an entry the archive lacks',
    code: 'VERIFY_PACKAGE_ARCHIVE_MISMATCH',
    run: async () => {
      const d = await buildDossier({
        mutate: async (f) => {
          f.set('source.tar.gz', await tarGz(sourceItems([], ['src/util.ts'])));
          const pm = JSON.parse(f.get('package-manifest.json')!.toString()) as { archive: { sha256: string; size: number } };
          const src = f.get('source.tar.gz')!;
          pm.archive.size = src.length;
          pm.archive.sha256 = (await import('@shencha/core')).sha256Hex(src);
          f.set('package-manifest.json', bytes(pm));
        },
      });
      return { input: d.dir, d };
    },
  },
  {
    name: 'package manifest Merkle root',
    code: 'VERIFY_PACKAGE_MERKLE_MISMATCH',
    run: async () => {
      const d = await buildDossier({
        mutate: (f) => {
          const pm = JSON.parse(f.get('package-manifest.json')!.toString()) as { merkle: { root: string } };
          pm.merkle.root = 'b'.repeat(64);
          f.set('package-manifest.json', bytes(pm));
        },
      });
      return { input: d.dir, d };
    },
  },
  {
    name: 'NTIA gaps under --profile ntia',
    code: 'VERIFY_NTIA_GAP',
    run: async () => {
      const sbom = sbomDoc();
      delete (sbom['components'] as Record<string, unknown>[])[0]!['supplier'];
      const d = await buildDossier({ mutate: (f) => void f.set('sbom.cdx.json', bytes(sbom)) });
      return { input: d.dir, d, profile: 'ntia' };
    },
  },
  {
    name: 'NTIA gaps without a profile are a warning',
    code: 'VERIFY_NTIA_GAP',
    severity: 'warning',
    run: async () => {
      const sbom = sbomDoc();
      delete (sbom['components'] as Record<string, unknown>[])[0]!['supplier'];
      const d = await buildDossier({ mutate: (f) => void f.set('sbom.cdx.json', bytes(sbom)) });
      return { input: d.dir, d };
    },
  },
  { name: 'unknown profile', code: 'VERIFY_PROFILE_UNKNOWN', run: async () => { const d = await buildDossier(); return { input: d.dir, d, profile: 'fedramp' }; } },

  // ---- hostile bundles
  { name: 'bundle: absolute entry path', code: 'VERIFY_ARCHIVE_ABSOLUTE_PATH', run: () => bundleWith([{ name: '/etc/cron.d/evil', data: 'x' }]) },
  { name: 'bundle: climbing entry path', code: 'VERIFY_ARCHIVE_PATH_TRAVERSAL', run: () => bundleWith([{ name: `${P}/../../evil.sh`, data: 'x' }]) },
  { name: 'bundle: Windows-style climbing path', code: 'VERIFY_ARCHIVE_PATH_TRAVERSAL', run: () => bundleWith([{ name: `${P}/..\\..\\evil.bat`, data: 'x' }]) },
  { name: 'bundle: symbolic link', code: 'VERIFY_ARCHIVE_SYMLINK', run: () => bundleWith([{ name: `${P}/evidence/link`, type: 'symlink', linkname: '/etc/passwd' }]) },
  { name: 'bundle: hard link', code: 'VERIFY_ARCHIVE_HARDLINK', run: () => bundleWith([{ name: `${P}/evidence/hard`, type: 'link', linkname: '/etc/shadow' }]) },
  { name: 'bundle: duplicate entry', code: 'VERIFY_ARCHIVE_DUPLICATE_ENTRY', run: () => bundleWith([{ name: `${P}/report.md`, data: 'second copy\n' }]) },
  {
    name: 'bundle: names equal after Unicode normalisation',
    code: 'VERIFY_ARCHIVE_UNICODE_COLLISION',
    run: async () => {
      const d = await buildDossier({ mutate: (f) => void f.set('evidence/caf\u00e9.pdf', Buffer.from('nfc')) });
      return { input: await writeBundle(d, [{ name: `${P}/evidence/cafe\u0301.pdf`, data: 'nfd' }]), d };
    },
  },
  { name: 'bundle: dossier files differing only in case', code: 'VERIFY_ARCHIVE_CASE_COLLISION', run: () => bundleWith([{ name: `${P}/SBOM.cdx.json`, data: '{}' }]) },
  { name: 'bundle: control character in a name', code: 'VERIFY_ARCHIVE_BAD_NAME', run: () => bundleWith([{ name: `${P}/evidence/a\u0007b`, data: 'x' }]) },
  { name: 'bundle: entries outside <product>/', code: 'VERIFY_BUNDLE_LAYOUT', run: () => bundleWith([{ name: 'other/readme.txt', data: 'x' }]) },
  {
    name: 'bundle: gzip compression bomb',
    code: 'VERIFY_ARCHIVE_COMPRESSION_BOMB',
    run: () => bundleWith([{ name: `${P}/evidence/zeros.bin`, data: Buffer.alloc(24 * 1024 * 1024) }]),
  },
  {
    name: 'bundle: over the absolute size limit',
    code: 'VERIFY_ARCHIVE_SIZE_LIMIT',
    run: async () => ({ ...(await bundleWith([])), limits: { maxTotalSize: 16 * 1024 } }),
  },
  {
    name: 'bundle: larger than the input limit',
    code: 'VERIFY_ARCHIVE_SIZE_LIMIT',
    run: async () => ({ ...(await bundleWith([])), limits: { maxInputSize: 1024 } }),
  },
  {
    name: 'bundle: too many entries',
    code: 'VERIFY_ARCHIVE_TOO_MANY_ENTRIES',
    run: () =>
      bundleWith(Array.from({ length: 60 }, (_, i) => ({ name: `${P}/evidence/f${i}.txt`, data: '' }))).then((r) => ({ ...r, limits: { maxEntries: 40 } })),
  },
  {
    name: 'bundle: malformed tar header (checksum)',
    code: 'VERIFY_ARCHIVE_MALFORMED',
    run: async () => {
      const d = await buildDossier();
      const tar = await tarBytes([...[...d.files].map(([p, data]) => ({ name: `${P}/${p}`, data }))]);
      tar[148] = 0x37; // header checksum field of the first entry
      tar[149] = 0x37;
      return { input: await rawBundle(d, gzipSync(tar)), d };
    },
  },
  {
    name: 'bundle: truncated gzip stream',
    code: 'VERIFY_ARCHIVE_MALFORMED',
    run: async () => {
      const d = await buildDossier();
      const gz = await tarGz([...d.files].map(([p, data]) => ({ name: `${P}/${p}`, data })));
      return { input: await rawBundle(d, gz.subarray(0, Math.floor(gz.length / 2))), d };
    },
  },
  { name: 'zip bundle: zip-slip entry', code: 'VERIFY_ARCHIVE_PATH_TRAVERSAL', run: async () => { const d = await buildDossier(); return { input: await writeZipBundle(d, [{ name: `${P}/../../../tmp/evil`, data: 'x' }]), d }; } },
  { name: 'zip bundle: symbolic link', code: 'VERIFY_ARCHIVE_SYMLINK', run: async () => { const d = await buildDossier(); return { input: await writeZipBundle(d, [{ name: `${P}/evidence/l`, data: '/etc/passwd', mode: 0o120777 }]), d }; } },
  {
    name: 'zip bundle: compression bomb entry',
    code: 'VERIFY_ARCHIVE_COMPRESSION_BOMB',
    run: async () => { const d = await buildDossier(); return { input: await writeZipBundle(d, [{ name: `${P}/evidence/zeros.bin`, data: Buffer.alloc(32 * 1024 * 1024), deflate: true }]), d }; },
  },
  { name: 'zip bundle: encrypted entry', code: 'VERIFY_ARCHIVE_ENCRYPTED', run: async () => { const d = await buildDossier(); return { input: await writeZipBundle(d, [{ name: `${P}/evidence/secret.bin`, data: Buffer.alloc(14, 7), uncompressedSize: 2, flags: 1 }]), d }; } },

  // ---- hostile source archive inside the dossier
  {
    name: 'source archive: case-only collision is a warning',
    code: 'VERIFY_ARCHIVE_CASE_COLLISION',
    severity: 'warning',
    run: async () => {
      const d = await buildDossier({ sourceItems: sourceItems([{ name: 'README.MD', data: 'other\n' }]) });
      return { input: d.dir, d };
    },
  },
  {
    name: 'source archive: symbolic link',
    code: 'VERIFY_ARCHIVE_SYMLINK',
    run: async () => {
      const d = await buildDossier({ sourceItems: sourceItems([{ name: 'src/link', type: 'symlink', linkname: '../../etc/passwd' }]) });
      return { input: d.dir, d };
    },
  },
  {
    name: 'source archive: climbing path',
    code: 'VERIFY_ARCHIVE_PATH_TRAVERSAL',
    run: async () => {
      const d = await buildDossier({ sourceItems: sourceItems([{ name: '../outside.ts', data: 'x' }]) });
      return { input: d.dir, d };
    },
  },
  {
    name: 'source archive: archives nested too deep',
    code: 'VERIFY_ARCHIVE_NESTED_TOO_DEEP',
    run: async () => {
      const inner = zipBytes([{ name: 'c.txt', data: 'deep' }]);
      const middle = zipBytes([{ name: 'b.zip', data: inner }]);
      const d = await buildDossier({ sourceItems: sourceItems([{ name: 'vendor/a.zip', data: middle }]) });
      return { input: d.dir, d };
    },
  },
  {
    name: 'bundle: archives nested too deep in its source archive',
    code: 'VERIFY_ARCHIVE_NESTED_TOO_DEEP',
    run: async () => {
      const inner = zipBytes([{ name: 'c.txt', data: 'deep' }]);
      const middle = zipBytes([{ name: 'b.zip', data: inner }]);
      const d = await buildDossier({ sourceItems: sourceItems([{ name: 'vendor/a.zip', data: middle }]) });
      return { input: await writeBundle(d), d };
    },
  },
  {
    name: 'source archive: one archive inside it is fine, its hostile entry is not',
    code: 'VERIFY_ARCHIVE_PATH_TRAVERSAL',
    run: async () => {
      const jar = zipBytes([{ name: 'META-INF/MANIFEST.MF', data: 'Manifest-Version: 1.0\n' }, { name: '../../escape', data: 'x' }]);
      const d = await buildDossier({ sourceItems: sourceItems([{ name: 'lib/tool.jar', data: jar }]) });
      return { input: await writeBundle(d), d };
    },
  },
];

describe('hostile and tampered dossiers', () => {
  let clean: BuiltDossier;
  beforeAll(async () => {
    clean = await buildDossier();
  });

  it('the generator has at least 40 cases, with distinct names', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  it('the untouched dossier passes, as a folder, a tar.gz and a zip bundle', async () => {
    for (const input of [clean.dir, await writeBundle(clean), await writeZipBundle(clean)]) {
      const r = await verifyPath(input, { trustedKeys: [clean.publicKey] });
      expect(r.issues).toEqual([]);
      expect(r.valid).toBe(true);
    }
  });

  for (const c of CASES) {
    it(`${c.name} → ${c.code}`, async () => {
      const { input, keys = 'good', limits, expectProduct, profile, d } = await c.run();
      const trustedKeys = keys === 'none' ? [] : keys === 'other' ? [d.otherKey] : [d.publicKey];
      const r: ValidationReport = await verifyPath(input, {
        trustedKeys,
        ...(limits ? { limits } : {}),
        ...(expectProduct ? { expectProduct } : {}),
        ...(profile ? { profile } : {}),
      });
      const severity = c.severity ?? 'error';
      const hit = r.issues.filter((i) => i.code === c.code && i.severity === severity);
      expect(hit.length, canonicalize(r.issues.map((i) => `${i.severity} ${i.code} ${i.message}`))).toBeGreaterThan(0);
      expect(r.valid).toBe(severity !== 'error');
      // Every finding about the input names the file (or archive entry) it is about.
      if (c.code !== 'VERIFY_PROFILE_UNKNOWN') for (const i of hit) expect(i.location?.path, i.message).toBeTruthy();
    });
  }
});
