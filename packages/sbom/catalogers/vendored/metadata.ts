/**
 * Name and version of a copied library, from the metadata files such copies usually carry:
 * VERSION files, README.chromium / README.third_party, Google's METADATA, package.json,
 * CMake/meson/autoconf project declarations and `#define …VERSION "x.y.z"` in headers.
 */

export interface Found {
  value: string;
  /** File and line the value was read from. */
  path: string;
  line?: number;
}

export interface VendoredMeta {
  name?: Found;
  version?: Found;
  url?: Found;
  licenses: Found[];
}

const VERSION_RE = /^v?\d+(\.\d+){0,3}([-.+]?[0-9A-Za-z][0-9A-Za-z.-]*)?$/;

function clean(v: string): string {
  return v.trim().replace(/^["']|["']$/g, '');
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function found(value: string, path: string, text: string, index: number): Found {
  return { value, path, line: lineAt(text, index) };
}

/** `Name:` / `Version:` / `License:` / `URL:` lines (README.chromium, README.third_party…). */
export function fromKeyValue(text: string, path: string, meta: VendoredMeta): void {
  for (const m of text.matchAll(/^(Name|Short Name|Version|License|URL):[ \t]*(.+)$/gim)) {
    const key = m[1]!.toLowerCase();
    const value = clean(m[2]!);
    if (!value || /^(n\/a|unknown|none)$/i.test(value)) continue;
    if (key === 'name' && !meta.name) meta.name = found(value, path, text, m.index);
    else if (key === 'version' && !meta.version) meta.version = found(value, path, text, m.index);
    else if (key === 'url' && !meta.url) meta.url = found(value, path, text, m.index);
    else if (key === 'license') meta.licenses.push(found(value, path, text, m.index));
  }
}

/** Google's third_party METADATA (text proto): `name: "x"`, `version: "1.2"`, `value: "https://…"`. */
export function fromMetadataProto(text: string, path: string, meta: VendoredMeta): void {
  const name = /^\s*name:\s*"([^"]+)"/m.exec(text);
  if (name && !meta.name) meta.name = found(name[1]!, path, text, name.index);
  const version = /^\s*version:\s*"([^"]+)"/m.exec(text);
  if (version && !meta.version) meta.version = found(version[1]!, path, text, version.index);
  const url = /^\s*value:\s*"(https?:\/\/[^"]+)"/m.exec(text);
  if (url && !meta.url) meta.url = found(url[1]!, path, text, url.index);
}

export function fromVersionFile(text: string, path: string, meta: VendoredMeta): void {
  const first = text.split('\n').find((l) => l.trim() !== '')?.trim();
  if (first && VERSION_RE.test(first) && !meta.version) meta.version = { value: first.replace(/^v/, ''), path, line: 1 };
}

export function fromPackageJson(value: unknown, path: string, text: string, meta: VendoredMeta): void {
  if (!value || typeof value !== 'object') return;
  const p = value as Record<string, unknown>;
  if (typeof p['name'] === 'string' && !meta.name) meta.name = found(p['name'], path, text, text.indexOf('"name"'));
  if (typeof p['version'] === 'string' && !meta.version) meta.version = found(p['version'], path, text, text.indexOf('"version"'));
  if (typeof p['license'] === 'string') meta.licenses.push(found(p['license'], path, text, text.indexOf('"license"')));
}

/** A copied Rust crate: `[package]` name, version and license of its Cargo.toml. */
export function fromCargoToml(text: string, path: string, meta: VendoredMeta): void {
  const pkg = /^\[package\]\s*$/m.exec(text);
  if (!pkg) return;
  const next = text.slice(pkg.index + pkg[0].length).search(/^\[/m);
  const body = next < 0 ? text.slice(pkg.index) : text.slice(pkg.index, pkg.index + pkg[0].length + next);
  const field = (k: string) => new RegExp(`^${k}\\s*=\\s*"([^"]+)"`, 'm').exec(body);
  const name = field('name');
  if (name && !meta.name) meta.name = found(name[1]!, path, text, pkg.index + name.index);
  const version = field('version');
  if (version && !meta.version) meta.version = found(version[1]!, path, text, pkg.index + version.index);
  const license = field('license');
  if (license) meta.licenses.push(found(license[1]!, path, text, pkg.index + license.index));
}

/** project(name VERSION x.y.z) in CMakeLists.txt; project('name', version: 'x') in meson.build; AC_INIT. */
export function fromBuildFile(text: string, path: string, meta: VendoredMeta): void {
  const patterns = [
    /\bproject\s*\(\s*([\w.+-]+)[^)]*?\bVERSION\s+(\d+(?:\.\d+)+)/i,
    /\bproject\s*\(\s*'([\w.+-]+)'[^)]*?\bversion\s*:\s*'([^']+)'/,
    /\bAC_INIT\s*\(\s*\[?([\w .+-]+?)\]?\s*,\s*\[?(\d+(?:\.\d+)+[\w.-]*)\]?/,
  ];
  for (const re of patterns) {
    const m = re.exec(text);
    if (m && !meta.version && VERSION_RE.test(m[2]!)) {
      meta.version = found(m[2]!, path, text, m.index);
      return;
    }
  }
}

/** `#define ZLIB_VERSION "1.3.1"`, `#define SQLITE_VERSION "3.45.0"` in a header. */
export function fromHeader(text: string, path: string, meta: VendoredMeta): void {
  const m = /^#\s*define\s+\w*VERSION(?:_STRING|_STR|_TEXT)?\s+"v?(\d+(?:\.\d+)+[\w.-]*)"/m.exec(text);
  if (m && !meta.version) meta.version = found(m[1]!, path, text, m.index);
}

/** A README's first lines: "version 1.2.3" / "release 1.2" / "<name> 1.2.3" / "<name> v1.2.3". */
export function fromReadme(text: string, path: string, meta: VendoredMeta, name: string): void {
  const head = text.split('\n').slice(0, 15).join('\n');
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m =
    /\b(?:version|release)\s*:?\s*v?(\d+\.\d+(?:\.\d+){0,2})\b/i.exec(head) ??
    new RegExp(`\\b${escaped}\\s+v?(\\d+\\.\\d+(?:\\.\\d+){0,2})\\b`, 'i').exec(head);
  if (m && !meta.version) meta.version = found(m[1]!, path, text, m.index);
}
