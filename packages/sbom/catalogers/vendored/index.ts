import { createHash } from 'node:crypto';
import { parseJson, type Component, type ComponentEvidence, type FileEntry, type FileSource } from '@shencha/core';
import type { Cataloger, CatalogResult } from '../../src/cataloger.js';
import { emptyResult, makeComponent } from '../../src/component.js';
import { lockFiles } from '../../src/files.js';
import { makePurl } from '../../src/purl.js';
import { detectLicense, isLicenseFile } from './license.js';
import {
  fromBuildFile,
  fromCargoToml,
  fromHeader,
  fromKeyValue,
  fromMetadataProto,
  fromPackageJson,
  fromReadme,
  fromVersionFile,
  type VendoredMeta,
} from './metadata.js';

const NAME = 'vendored-code-cataloger';
const VENDOR_DIRS = ['third_party', 'third-party', 'thirdparty', '3rdparty', 'vendor', 'deps'];
const VENDOR_SET = new Set(VENDOR_DIRS);
/** Metadata files are small; anything bigger is not read. */
const MAX_META_BYTES = 512 * 1024;
const MAX_HEADERS = 8;

/**
 * Copied code: each folder under third_party/, vendor/ or deps/ becomes a component with its
 * evidence (path, licence text, version file). Package-manager install folders are left to their
 * catalogers: Go's vendor/ (vendor/modules.txt), Composer's vendor/ (vendor/composer/installed.json),
 * Bundler's vendor/bundle and vendor/cache.
 */
export const vendoredCataloger: Cataloger = {
  name: NAME,
  ecosystem: 'vendored',
  globs: VENDOR_DIRS.map((d) => `**/${d}/**`),
  async catalog(files: FileSource): Promise<CatalogResult> {
    const result = emptyResult();
    const groups = new Map<string, { vendorDir: string; files: FileEntry[]; loose: boolean }>();
    for (const path of lockFiles(files, this.globs)) {
      const place = componentRootOf(path);
      if (!place || isPackageManagerFolder(files, place.vendorDir, place.root)) continue;
      const entry = files.get(path);
      if (!entry) continue;
      let g = groups.get(place.root);
      if (!g) groups.set(place.root, (g = { vendorDir: place.vendorDir, files: [], loose: place.loose }));
      g.files.push(entry);
    }
    // Loose files directly in a vendor folder: only source files make a component (one per stem).
    for (const [root, g] of groups) if (g.loose && !g.files.some((f) => f.language)) groups.delete(root);
    // `cargo vendor` output (each crate has .cargo-checksum.json): Cargo.lock lists these crates.
    for (const [root, g] of groups) if (!g.loose && g.files.some((f) => f.path === `${root}/.cargo-checksum.json`)) groups.delete(root);

    const roots = [...groups.keys()].sort();
    const byVendorDir = new Map<string, string[]>();
    for (const root of roots) {
      const g = groups.get(root)!;
      const c = await describe(files, root, g.files, g.loose);
      result.components.push(c);
      byVendorDir.set(g.vendorDir, [...(byVendorDir.get(g.vendorDir) ?? []), c.bomRef]);
    }
    // A copy inside a copy (third_party/a/third_party/b): a depends on b.
    for (const root of roots) {
      const inner = roots.filter((r) => r !== root && !groups.get(root)!.loose && r.startsWith(`${root}/`));
      const direct = inner.filter((r) => !inner.some((o) => o !== r && r.startsWith(`${o}/`)));
      if (direct.length > 0) result.dependencies.push({ ref: refOf(root), dependsOn: direct.map(refOf).sort() });
    }
    for (const [dir, refs] of [...byVendorDir].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      // Found by folder convention, not declared anywhere: never a complete claim.
      result.compositions.push({ aggregate: 'incomplete', path: dir, refs: refs.sort() });
    }
    return result;
  },
};

function refOf(root: string): string {
  return `vendored:${root}`;
}

/** The component a vendored file belongs to: `<vendor dir>/<child>` (host/owner/repo for `github.com`-style trees). */
export function componentRootOf(path: string): { vendorDir: string; root: string; loose: boolean } | undefined {
  const parts = path.split('/');
  let at = -1;
  for (let i = parts.length - 2; i >= 0; i--) {
    if (VENDOR_SET.has(parts[i]!.toLowerCase())) {
      at = i;
      break;
    }
  }
  if (at < 0) return undefined;
  const vendorDir = parts.slice(0, at + 1).join('/');
  const rest = parts.slice(at + 1);
  if (rest.length === 1) {
    // A loose file: its stem names the component (sqlite3.c + sqlite3.h → sqlite3).
    const stem = rest[0]!.replace(/\..*$/, '') || rest[0]!;
    return { vendorDir, root: `${vendorDir}/${stem}`, loose: true };
  }
  let depth = 1;
  if (rest[0]!.includes('.') && rest.length > 3) depth = 3;
  return { vendorDir, root: parts.slice(0, at + 1 + depth).join('/'), loose: false };
}

function isPackageManagerFolder(files: FileSource, vendorDir: string, root: string): boolean {
  const last = vendorDir.slice(vendorDir.lastIndexOf('/') + 1).toLowerCase();
  const parent = vendorDir.includes('/') ? `${vendorDir.slice(0, vendorDir.lastIndexOf('/'))}/` : '';
  // Mix fetches dependencies into deps/ beside mix.lock: installed, not copied.
  if (last === 'deps') return !!files.get(`${parent}mix.lock`);
  if (last !== 'vendor') return false;
  if (files.get(`${vendorDir}/modules.txt`)) return true;
  if (files.get(`${vendorDir}/composer/installed.json`) || files.get(`${vendorDir}/autoload.php`)) return true;
  const child = root.slice(vendorDir.length + 1).split('/')[0];
  return child === 'bundle' || child === 'cache';
}

function baseName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

async function readSmall(files: FileSource, entry: FileEntry): Promise<string | undefined> {
  if (entry.size > MAX_META_BYTES || entry.binary) return undefined;
  try {
    return await files.readText(entry.path);
  } catch {
    return undefined;
  }
}

async function describe(files: FileSource, root: string, entries: FileEntry[], loose: boolean): Promise<Component> {
  const meta: VendoredMeta = { licenses: [] };
  const licenseFiles: string[] = [];
  const detected: string[] = [];
  const direct = loose ? entries : entries.filter((e) => e.path.lastIndexOf('/') === root.length);
  const sorted = [...direct].sort((a, b) => (a.path < b.path ? -1 : 1));

  for (const e of sorted) {
    const name = baseName(e.path);
    const lower = name.toLowerCase();
    if (isLicenseFile(name)) {
      licenseFiles.push(e.path);
      const text = await readSmall(files, e);
      const id = text === undefined ? undefined : detectLicense(text);
      if (id) detected.push(id);
      continue;
    }
    if (lower === 'version' || lower === 'version.txt') {
      const text = await readSmall(files, e);
      if (text) fromVersionFile(text, e.path, meta);
    } else if (/^readme\.(chromium|third_party|thirdparty|google)$/.test(lower)) {
      const text = await readSmall(files, e);
      if (text) fromKeyValue(text, e.path, meta);
    } else if (name === 'METADATA') {
      const text = await readSmall(files, e);
      if (text) fromMetadataProto(text, e.path, meta);
    } else if (lower === 'cargo.toml') {
      const text = await readSmall(files, e);
      if (text) fromCargoToml(text, e.path, meta);
    } else if (lower === 'package.json') {
      const text = await readSmall(files, e);
      if (text) {
        const parsed = parseJson(text, e.path, `sbom/${NAME}`);
        if (parsed.ok) fromPackageJson(parsed.value, e.path, text, meta);
      }
    }
  }
  // Weaker sources only when the explicit ones said nothing.
  if (!meta.version) {
    for (const e of sorted) {
      const lower = baseName(e.path).toLowerCase();
      if (lower === 'cmakelists.txt' || lower === 'meson.build' || lower === 'configure.ac') {
        const text = await readSmall(files, e);
        if (text) fromBuildFile(text, e.path, meta);
      }
    }
  }
  if (!meta.version) {
    const headers = entries
      .filter((e) => /\.(h|hpp|hh)$/i.test(e.path) && (loose || e.path.lastIndexOf('/') === root.length || e.path.startsWith(`${root}/include/`)))
      .sort((a, b) => (a.path < b.path ? -1 : 1))
      .slice(0, MAX_HEADERS);
    for (const e of headers) {
      const text = await readSmall(files, e);
      if (text) fromHeader(text, e.path, meta);
      if (meta.version) break;
    }
  }
  if (!meta.version) {
    for (const e of sorted) {
      if (/^readme(\.\w+)?$/i.test(baseName(e.path))) {
        const text = await readSmall(files, e);
        if (text) fromReadme(text, e.path, meta, meta.name?.value ?? baseName(root));
        if (meta.version) break;
      }
    }
  }

  const name = meta.name?.value ?? baseName(root);
  const version = meta.version?.value;
  const licenses = [...new Set([...detected, ...meta.licenses.map((l) => l.value)])];
  const purl = version ? makePurl('generic', undefined, name, version, meta.url ? { download_url: meta.url.value } : undefined) : undefined;

  // A digest of the copied tree (path + sha256 of every file), so a changed copy shows.
  const tree = createHash('sha256');
  const hashed = [...entries].sort((a, b) => (a.path < b.path ? -1 : 1));
  for (const e of hashed) tree.update(`${e.sha256 ?? ''}  ${e.path.slice(root.length + 1) || baseName(e.path)}\n`);

  const properties: Record<string, string> = {
    'shencha:vendored-path': root,
    'shencha:file-count': String(entries.length),
    'shencha:tree-sha256': tree.digest('hex'),
  };
  if (licenseFiles.length > 0) properties['shencha:license-files'] = licenseFiles.join(',');
  if (meta.version) properties['shencha:version-source'] = `${meta.version.path}${meta.version.line ? `:${meta.version.line}` : ''}`;
  if (licenseFiles.length > 0 && detected.length === 0) properties['shencha:license-undetected'] = 'licence text present but not recognised';

  const c = makeComponent({
    ecosystem: 'vendored',
    name,
    cataloger: NAME,
    path: loose ? sorted[0]!.path : root,
    bomRef: refOf(root),
    ...(version ? { version } : {}),
    ...(purl ? { purl } : {}),
    licenses,
    ...(meta.url ? { externalReferences: [{ type: 'website' as const, url: meta.url.value }] } : {}),
    properties,
  });
  const extra: ComponentEvidence[] = [];
  for (const p of licenseFiles) extra.push({ path: p, cataloger: NAME });
  if (meta.version && !licenseFiles.includes(meta.version.path)) {
    extra.push(meta.version.line !== undefined ? { path: meta.version.path, line: meta.version.line, cataloger: NAME } : { path: meta.version.path, cataloger: NAME });
  }
  if (loose) for (const e of sorted.slice(1)) if (!extra.some((x) => x.path === e.path)) extra.push({ path: e.path, cataloger: NAME });
  c.evidence.push(...extra);
  return c;
}
