import { createHash } from 'node:crypto';
import type { Component, ComponentHash, FileEntry, FileSource } from '@shencha/core';
import type { Cataloger, CatalogResult } from '../../src/cataloger.js';
import { catalogerIssue, emptyResult, makeComponent } from '../../src/component.js';
import { lockFiles } from '../../src/files.js';
import { makePurl } from '../../src/purl.js';
import './issues.js';
import { parseCoreMetadata, parseManifest, parseNuspec, parseProperties } from './metadata.js';
import { elfDynamic, peVersionStrings, sniffFormat } from './native.js';
import { readZip } from './zip.js';

const NAME = 'binary-cataloger';
/** Archives above this are listed by hash only (reading them whole would cost too much memory). */
const MAX_ARCHIVE_BYTES = 256 * 1024 * 1024;
const MAX_NESTED_BYTES = 64 * 1024 * 1024;
const MAX_META_BYTES = 4 * 1024 * 1024;
const MAX_NATIVE_READ = 64 * 1024 * 1024;
const JAVA_ARCHIVE = /\.(jar|war|ear|aar|hpi|jpi)$/i;
const NATIVE = /\.(so(\.\d+)*|dll|dylib|exe|a|lib)$/i;

/**
 * Binaries in the tree: Java archives (MANIFEST.MF, pom.properties, jars nested in war/ear/boot
 * jars), wheels (dist-info/METADATA), NuGet packages (.nuspec) and native libraries/executables
 * (ELF, PE with its version strings, Mach-O, ar) — each with its SHA-256.
 */
export const binaryCataloger: Cataloger = {
  name: NAME,
  ecosystem: 'binary',
  globs: [
    '**/*.jar', '**/*.war', '**/*.ear', '**/*.aar', '**/*.hpi', '**/*.jpi',
    '**/*.whl', '**/*.nupkg',
    '**/*.so', '**/*.so.*', '**/*.dll', '**/*.dylib', '**/*.exe', '**/*.a', '**/*.lib',
  ],
  async catalog(files: FileSource): Promise<CatalogResult> {
    const run = new Run(files);
    for (const path of lockFiles(files, this.globs)) {
      const entry = files.get(path);
      // A git-ignored binary is a local build output, not something the product ships in its tree.
      if (!entry || entry.excluded?.rule === 'gitignore') continue;
      const base = path.slice(path.lastIndexOf('/') + 1);
      if (/\.so\./i.test(base) && !NATIVE.test(base)) continue; // foo.so.txt is no library
      await run.file(entry);
    }
    return run.finish();
  },
};

function baseName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** `name-1.2.3.jar` → name + version; `libfoo.so.1.2` and `libz.1.3.dylib` likewise. */
export function nameVersionFromFile(file: string): { name: string; version?: string } {
  let stem = file.replace(/\.(jar|war|ear|aar|hpi|jpi|dll|exe|lib|a|nupkg)$/i, '');
  let m = /^(.+?)\.so((?:\.\d+)+)$/i.exec(stem);
  if (m) return { name: m[1]!, version: m[2]!.slice(1) };
  stem = stem.replace(/\.so$/i, '');
  m = /^(.+?)((?:\.\d+)+)\.dylib$/i.exec(stem);
  if (m) return { name: m[1]!, version: m[2]!.slice(1) };
  stem = stem.replace(/\.dylib$/i, '');
  m = /^(.+?)[-_](\d+(?:\.\d+)+(?:[-.][0-9A-Za-z.-]+)?)$/.exec(stem);
  if (m) return { name: m[1]!, version: m[2]! };
  return { name: stem };
}

const LICENSE_URLS: [RegExp, string][] = [
  [/apache\.org\/licenses\/LICENSE-2\.0/i, 'Apache-2.0'],
  [/opensource\.org\/licenses\/MIT/i, 'MIT'],
  [/eclipse\.org\/legal\/epl-2\.0/i, 'EPL-2.0'],
  [/eclipse\.org\/legal\/epl-v10/i, 'EPL-1.0'],
  [/opensource\.org\/licenses\/BSD-3-Clause/i, 'BSD-3-Clause'],
  [/gnu\.org\/licenses\/lgpl-2\.1/i, 'LGPL-2.1-only'],
];

/** Bundle-License: an SPDX-like id as is, a well-known licence URL as its id. */
function bundleLicense(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const first = value.split(/[;,]/)[0]!.trim();
  for (const [re, id] of LICENSE_URLS) if (re.test(first)) return id;
  return /^[A-Za-z0-9.+-]+$/.test(first) && !/^https?:/.test(first) ? first : undefined;
}

function sha(alg: 'sha256' | 'sha1', data: Buffer): string {
  return createHash(alg).update(data).digest('hex');
}

interface JarCoordinates {
  groupId: string;
  artifactId: string;
  version: string;
  path: string;
}

class Run {
  private readonly result = emptyResult();
  private readonly components = new Map<string, Component>();
  private readonly edges = new Map<string, Set<string>>();

  constructor(private readonly files: FileSource) {}

  finish(): CatalogResult {
    this.result.components = [...this.components.values()];
    this.result.dependencies = [...this.edges]
      .filter(([, s]) => s.size > 0)
      .map(([ref, s]) => ({ ref, dependsOn: [...s].sort() }))
      .sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
    return this.result;
  }

  private add(c: Component): string {
    const known = this.components.get(c.bomRef);
    if (!known) this.components.set(c.bomRef, c);
    else {
      for (const e of c.evidence) if (!known.evidence.some((k) => k.path === e.path)) known.evidence.push(e);
      const hashes = [...(known.hashes ?? []), ...(c.hashes ?? [])];
      known.hashes = [...new Map(hashes.map((h) => [`${h.alg}:${h.content}`, h])).values()].sort((a, b) => (a.alg + a.content < b.alg + b.content ? -1 : 1));
    }
    return c.bomRef;
  }

  private edge(from: string, to: string): void {
    if (from === to) return;
    let s = this.edges.get(from);
    if (!s) this.edges.set(from, (s = new Set()));
    s.add(to);
  }

  private warn(path: string, message: string): void {
    this.result.issues.push(catalogerIssue('SBOM_BINARY_UNREADABLE', NAME, message, { path }));
  }

  async file(entry: FileEntry): Promise<void> {
    const path = entry.path;
    const base = baseName(path);
    const indexHash: ComponentHash[] = entry.sha256 ? [{ alg: 'SHA-256', content: entry.sha256 }] : [];
    const isArchive = JAVA_ARCHIVE.test(base) || /\.(whl|nupkg)$/i.test(base);
    const limit = isArchive ? MAX_ARCHIVE_BYTES : MAX_NATIVE_READ;
    let data: Buffer | undefined;
    if (entry.size <= limit) {
      try {
        data = await this.files.read(path);
      } catch (e) {
        this.warn(path, `cannot read ${path}: ${(e as Error).message}`);
      }
    } else if (isArchive) {
      this.warn(path, `${path} is larger than ${MAX_ARCHIVE_BYTES} bytes; listed by its hash, its contents not read`);
    }
    const hashes = indexHash.length > 0 ? indexHash : data ? [{ alg: 'SHA-256', content: sha('sha256', data) }] : [];

    if (JAVA_ARCHIVE.test(base)) {
      await this.javaArchive(path, path, base, data, hashes, undefined, 0);
    } else if (/\.whl$/i.test(base)) {
      await this.wheel(path, base, data, hashes);
    } else if (/\.nupkg$/i.test(base)) {
      await this.nupkg(path, base, data, hashes);
    } else {
      this.native(path, base, entry, data, hashes);
    }
  }

  private plain(path: string, evidencePath: string, base: string, format: string, hashes: ComponentHash[], properties: Record<string, string> = {}, type: Component['type'] = 'library'): string {
    const { name, version } = nameVersionFromFile(base);
    return this.add(
      makeComponent({
        ecosystem: 'binary',
        name,
        cataloger: NAME,
        path: evidencePath,
        bomRef: `binary:${path}`,
        type,
        ...(version ? { version } : {}),
        hashes,
        properties: { 'shencha:binary-format': format, ...properties },
      }),
    );
  }

  /** A jar/war/ear: its own coordinates, shaded coordinates and nested jars. `path` may be `a.war!/WEB-INF/lib/b.jar`. */
  private async javaArchive(
    path: string,
    evidencePath: string,
    base: string,
    data: Buffer | undefined,
    hashes: ComponentHash[],
    parent: string | undefined,
    depth: number,
  ): Promise<void> {
    const format = base.slice(base.lastIndexOf('.') + 1).toLowerCase();
    const appType: Component['type'] = format === 'war' || format === 'ear' ? 'application' : 'library';
    if (!data) {
      const ref = this.plain(path, evidencePath, base, format, hashes, {}, appType);
      if (parent) this.edge(parent, ref);
      return;
    }
    const allHashes = [...hashes, { alg: 'SHA-1', content: sha('sha1', data) }];
    const nestedJar = (n: string) => depth === 0 && /^(WEB-INF\/lib|BOOT-INF\/lib|lib)\/[^/]+\.jar$|^[^/]+\.(jar|war)$/i.test(n);
    let zip;
    try {
      zip = await readZip(
        data,
        (n) => n === 'META-INF/MANIFEST.MF' || /^META-INF\/maven\/[^/]+\/[^/]+\/pom\.properties$/.test(n) || nestedJar(n),
        MAX_NESTED_BYTES,
      );
    } catch (e) {
      this.warn(evidencePath, `${evidencePath} is not a readable ${format} archive: ${(e as Error).message}`);
      const ref = this.plain(path, evidencePath, base, format, allHashes, {}, appType);
      if (parent) this.edge(parent, ref);
      return;
    }
    const manifestBytes = zip.entries.get('META-INF/MANIFEST.MF');
    const manifest = manifestBytes && manifestBytes.length <= MAX_META_BYTES ? parseManifest(manifestBytes.toString('utf8')) : new Map<string, string>();
    const coords: JarCoordinates[] = [];
    for (const [n, buf] of [...zip.entries].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      if (!n.endsWith('pom.properties')) continue;
      const p = parseProperties(buf.toString('utf8'));
      const groupId = p.get('groupId');
      const artifactId = p.get('artifactId');
      const version = p.get('version');
      if (groupId && artifactId && version) coords.push({ groupId, artifactId, version, path: n });
    }
    const fromFile = nameVersionFromFile(base);
    // The archive's own coordinates: the pom.properties whose artifactId names the file, else the only one.
    const own = coords.find((c) => fromFile.name === c.artifactId || base.startsWith(`${c.artifactId}-${c.version}`)) ?? (coords.length === 1 ? coords[0] : undefined);

    const properties: Record<string, string> = { 'shencha:binary-format': format };
    const attr = (k: string, prop: string) => {
      const v = manifest.get(k);
      if (v) properties[prop] = v.slice(0, 500);
    };
    attr('Implementation-Title', 'shencha:manifest-implementation-title');
    attr('Implementation-Version', 'shencha:manifest-implementation-version');
    attr('Implementation-Vendor', 'shencha:manifest-implementation-vendor');
    attr('Bundle-SymbolicName', 'shencha:manifest-bundle-symbolic-name');
    attr('Bundle-Version', 'shencha:manifest-bundle-version');
    attr('Automatic-Module-Name', 'shencha:manifest-automatic-module-name');
    if (parent) properties['shencha:nested-in'] = evidencePath.slice(0, evidencePath.indexOf('!/'));
    const vendor = manifest.get('Implementation-Vendor') ?? manifest.get('Bundle-Vendor');
    const license = bundleLicense(manifest.get('Bundle-License'));
    const version = own?.version ?? manifest.get('Implementation-Version') ?? manifest.get('Bundle-Version') ?? fromFile.version;
    const purl = own ? makePurl('maven', own.groupId, own.artifactId, own.version, format !== 'jar' ? { type: format } : undefined) : undefined;
    const ref = this.add(
      makeComponent({
        ecosystem: own ? 'maven' : 'binary',
        name: own?.artifactId ?? fromFile.name,
        ...(own ? { group: own.groupId } : {}),
        cataloger: NAME,
        path: evidencePath,
        type: appType,
        ...(purl ? { purl } : { bomRef: `binary:${path}` }),
        ...(version ? { version } : {}),
        hashes: allHashes,
        ...(license ? { licenses: [license] } : {}),
        ...(vendor ? { supplier: { name: vendor } } : {}),
        properties,
      }),
    );
    if (parent) this.edge(parent, ref);

    // Other pom.properties: classes shaded into this archive.
    for (const c of coords) {
      if (c === own) continue;
      const shadedPurl = makePurl('maven', c.groupId, c.artifactId, c.version);
      const shaded = this.add(
        makeComponent({
          ecosystem: 'maven',
          name: c.artifactId,
          group: c.groupId,
          version: c.version,
          cataloger: NAME,
          path: `${evidencePath}!/${c.path}`,
          ...(shadedPurl ? { purl: shadedPurl } : { bomRef: `binary:${path}!/${c.path}` }),
          properties: { 'shencha:shaded-in': evidencePath },
        }),
      );
      this.edge(ref, shaded);
    }
    for (const [n, buf] of [...zip.entries].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      if (!nestedJar(n)) continue;
      const inner = `${path}!/${n}`;
      await this.javaArchive(inner, inner, baseName(n), buf, [{ alg: 'SHA-256', content: sha('sha256', buf) }], ref, depth + 1);
    }
  }

  private async wheel(path: string, base: string, data: Buffer | undefined, hashes: ComponentHash[]): Promise<void> {
    // {name}-{version}(-{build})?-{python}-{abi}-{platform}.whl
    const parts = base.replace(/\.whl$/i, '').split('-');
    const fileName = parts[0] ?? base;
    const fileVersion = parts[1];
    let meta = new Map<string, string[]>();
    if (data) {
      try {
        const zip = await readZip(data, (n) => /^[^/]+\.dist-info\/METADATA$/.test(n), MAX_META_BYTES);
        const buf = [...zip.entries.values()][0];
        if (buf) meta = parseCoreMetadata(buf.toString('utf8'));
      } catch (e) {
        this.warn(path, `${path} is not a readable wheel: ${(e as Error).message}`);
      }
    }
    const one = (k: string) => meta.get(k)?.[0];
    const name = one('Name') ?? fileName;
    const version = one('Version') ?? fileVersion;
    const normalised = name.toLowerCase().replace(/[-_.]+/g, '-');
    const purl = makePurl('pypi', undefined, normalised, version);
    const licenseExpr = one('License-Expression');
    const license = licenseExpr ?? (one('License') && one('License')!.length <= 80 && !one('License')!.includes('\n') ? one('License') : undefined);
    const home = one('Home-page');
    const summary = one('Summary');
    const author = one('Author') ?? one('Author-email');
    const properties: Record<string, string> = { 'shencha:binary-format': 'wheel', 'shencha:wheel-tags': parts.slice(-3).join('-') };
    const requires = meta.get('Requires-Dist');
    if (requires && requires.length > 0) properties['shencha:wheel-requires-dist'] = requires.join('; ').slice(0, 2000);
    this.add(
      makeComponent({
        ecosystem: 'pypi',
        name,
        cataloger: NAME,
        path,
        ...(purl ? { purl } : { bomRef: `binary:${path}` }),
        ...(version ? { version } : {}),
        hashes,
        ...(license ? { licenses: [license] } : {}),
        ...(author ? { author } : {}),
        ...(summary ? { description: summary } : {}),
        ...(home && /^https?:\/\//.test(home) ? { externalReferences: [{ type: 'website' as const, url: home }] } : {}),
        properties,
      }),
    );
  }

  private async nupkg(path: string, base: string, data: Buffer | undefined, hashes: ComponentHash[]): Promise<void> {
    let meta = new Map<string, string>();
    if (data) {
      try {
        const zip = await readZip(data, (n) => /^[^/]+\.nuspec$/i.test(n), MAX_META_BYTES);
        const buf = [...zip.entries.values()][0];
        if (buf) meta = parseNuspec(buf.toString('utf8'));
      } catch (e) {
        this.warn(path, `${path} is not a readable NuGet package: ${(e as Error).message}`);
      }
    }
    const fromFile = /^(.+?)\.(\d+(?:\.\d+)+(?:-[\w.-]+)?)\.nupkg$/i.exec(base);
    const name = meta.get('id') ?? fromFile?.[1] ?? base.replace(/\.nupkg$/i, '');
    const version = meta.get('version') ?? fromFile?.[2];
    const purl = makePurl('nuget', undefined, name, version);
    const license = meta.get('licenseType') === 'expression' ? meta.get('license') : undefined;
    const project = meta.get('projectUrl');
    this.add(
      makeComponent({
        ecosystem: 'nuget',
        name,
        cataloger: NAME,
        path,
        ...(purl ? { purl } : { bomRef: `binary:${path}` }),
        ...(version ? { version } : {}),
        hashes,
        ...(license ? { licenses: [license] } : {}),
        ...(meta.get('authors') ? { author: meta.get('authors')! } : {}),
        ...(meta.get('description') ? { description: meta.get('description')!.slice(0, 1000) } : {}),
        ...(project && /^https?:\/\//.test(project) ? { externalReferences: [{ type: 'website' as const, url: project }] } : {}),
        properties: { 'shencha:binary-format': 'nupkg' },
      }),
    );
  }

  private native(path: string, base: string, entry: FileEntry, data: Buffer | undefined, hashes: ComponentHash[]): void {
    const format = data ? sniffFormat(data.subarray(0, 16)) : 'unknown';
    // A text file that merely ends in .a or .lib is no binary.
    if (format === 'unknown' && (!data || entry.binary === false) && /\.(a|lib)$/i.test(base)) return;
    const properties: Record<string, string> = {};
    let supplier: string | undefined;
    let version: string | undefined;
    let description: string | undefined;
    if (format === 'PE' && data) {
      const strings = peVersionStrings(data);
      const map: [string, string][] = [
        ['CompanyName', 'shencha:pe-company-name'],
        ['ProductName', 'shencha:pe-product-name'],
        ['ProductVersion', 'shencha:pe-product-version'],
        ['FileVersion', 'shencha:pe-file-version'],
        ['FileDescription', 'shencha:pe-file-description'],
        ['LegalCopyright', 'shencha:pe-legal-copyright'],
        ['OriginalFilename', 'shencha:pe-original-filename'],
      ];
      for (const [k, p] of map) {
        const v = strings.get(k);
        if (v) properties[p] = v.slice(0, 500);
      }
      supplier = strings.get('CompanyName');
      version = strings.get('FileVersion') ?? strings.get('ProductVersion');
      description = strings.get('FileDescription');
    }
    if (format === 'ELF' && data) {
      let dyn: ReturnType<typeof elfDynamic>;
      try {
        dyn = elfDynamic(data);
      } catch {
        dyn = undefined; // a malformed header only costs the dynamic-section facts
      }
      if (dyn?.soname) properties['shencha:elf-soname'] = dyn.soname;
      if (dyn && dyn.needed.length > 0) properties['shencha:elf-needed'] = dyn.needed.join(',');
    }
    const fromFile = nameVersionFromFile(base);
    const c = makeComponent({
      ecosystem: 'binary',
      name: fromFile.name,
      cataloger: NAME,
      path,
      bomRef: `binary:${path}`,
      type: /\.exe$/i.test(base) ? 'application' : 'library',
      ...(version ?? fromFile.version ? { version: (version ?? fromFile.version)! } : {}),
      hashes,
      ...(supplier ? { supplier: { name: supplier } } : {}),
      ...(description ? { description } : {}),
      properties: { 'shencha:binary-format': format === 'unknown' ? base.slice(base.lastIndexOf('.') + 1).toLowerCase() : format, ...properties },
    });
    this.add(c);
  }
}
