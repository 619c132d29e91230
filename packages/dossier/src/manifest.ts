import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  canonicalBytes,
  comparePathBytes,
  digestsOf,
  IN_TOTO_PAYLOAD_TYPE,
  isoDate,
  makeStatement,
  merkleRoot,
  signEnvelope,
  type DsseEnvelope,
  type HashAlgorithm,
  type ProductIdentity,
  type SigningKey,
  type SourceDate,
} from '@shencha/core';
import type { SectionEntry } from './sections.js';

export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'manifest.dsse.json';
export const DOSSIER_PREDICATE_TYPE = 'urn:shencha:predicate:dossier:v1';

export interface ManifestFile {
  path: string;
  mediaType: string;
  size: number;
  sha256: string;
  sm3?: string;
  section?: string;
}

export interface DossierManifest {
  schemaVersion: 1;
  kind: 'shencha-dossier';
  product: ProductIdentity;
  vcs?: { type: 'git'; commit: string };
  tool: { name: 'shencha'; version: string };
  knowledgeBase?: { version: string; sha256: string };
  configSha256: string;
  sourceDate: { epoch: number; iso: string; source: SourceDate['source'] };
  hashes: HashAlgorithm[];
  files: ManifestFile[];
  merkleRoot: string;
  summary: Record<string, string | number | boolean>;
  sections: SectionEntry[];
}

const MEDIA_TYPES: [RegExp, string][] = [
  [/\.cdx\.json$/, 'application/vnd.cyclonedx+json'],
  [/\.cdx\.xml$/, 'application/vnd.cyclonedx+xml'],
  [/\.spdx\.json$/, 'application/spdx+json'],
  [/\.dsse\.json$/, 'application/vnd.dsse.envelope.v1+json'],
  [/\.json$/, 'application/json'],
  [/\.tar\.gz$/, 'application/gzip'],
  [/\.zip$/, 'application/zip'],
  [/\.html$/, 'text/html'],
  [/\.md$/, 'text/markdown'],
  [/\.(txt|log)$/, 'text/plain'],
  [/\.pdf$/, 'application/pdf'],
  [/\.ya?ml$/, 'application/yaml'],
];

export function mediaTypeOf(path: string): string {
  for (const [re, type] of MEDIA_TYPES) if (re.test(path)) return type;
  return 'application/octet-stream';
}

/** Lists every file under the staging folder (POSIX relative paths, sorted by bytes). */
export async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const d of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${d.name}` : d.name;
    if (d.isDirectory()) out.push(...(await listFiles(dir, rel)));
    else if (d.isFile()) out.push(rel);
  }
  return out.sort(comparePathBytes);
}

/** Describes every file of the folder (manifest and signature excluded) with size and digests. */
export async function describeFiles(dir: string, hashes: HashAlgorithm[], sectionOf: (path: string) => string | undefined): Promise<ManifestFile[]> {
  const files: ManifestFile[] = [];
  for (const path of await listFiles(dir)) {
    if (path === MANIFEST_FILE || path === SIGNATURE_FILE) continue;
    const data = await readFile(join(dir, path));
    const entry: ManifestFile = { path, mediaType: mediaTypeOf(path), size: data.length, ...digestsOf(data, hashes) };
    const section = sectionOf(path);
    if (section) entry.section = section;
    files.push(entry);
  }
  return files;
}

export function buildManifest(input: Omit<DossierManifest, 'schemaVersion' | 'kind' | 'merkleRoot' | 'sourceDate'> & { sourceDate: SourceDate }): DossierManifest {
  const manifest: DossierManifest = {
    schemaVersion: 1,
    kind: 'shencha-dossier',
    product: input.product,
    tool: input.tool,
    configSha256: input.configSha256,
    sourceDate: { epoch: input.sourceDate.epoch, iso: isoDate(input.sourceDate.epoch), source: input.sourceDate.source },
    hashes: input.hashes,
    files: input.files,
    merkleRoot: merkleRoot(input.files.map((f) => ({ path: f.path, sha256: f.sha256 }))),
    summary: input.summary,
    sections: input.sections,
  };
  if (input.vcs) manifest.vcs = input.vcs;
  if (input.knowledgeBase) manifest.knowledgeBase = input.knowledgeBase;
  return manifest;
}

/**
 * The signature: a DSSE envelope over an in-toto Statement whose subjects are every file of the
 * dossier (manifest.json included) and whose predicate binds the manifest digest and Merkle root.
 */
export function signManifest(manifest: DossierManifest, manifestBytes: Buffer, key: SigningKey): DsseEnvelope {
  const manifestDigests = digestsOf(manifestBytes, manifest.hashes);
  const subject = [
    { name: MANIFEST_FILE, digest: { ...manifestDigests } as Record<string, string> },
    ...manifest.files.map((f) => ({ name: f.path, digest: (f.sm3 ? { sha256: f.sha256, sm3: f.sm3 } : { sha256: f.sha256 }) as Record<string, string> })),
  ].sort((a, b) => comparePathBytes(a.name, b.name));
  const statement = makeStatement(subject, DOSSIER_PREDICATE_TYPE, {
    manifest: { path: MANIFEST_FILE, sha256: manifestDigests.sha256 },
    merkleRoot: manifest.merkleRoot,
    product: manifest.product,
    summary: manifest.summary,
  });
  return signEnvelope(IN_TOTO_PAYLOAD_TYPE, canonicalBytes(statement), key);
}
