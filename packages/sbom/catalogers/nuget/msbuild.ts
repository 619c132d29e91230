import { lazyXmlParser, xml } from '../../src/parsers.js';

/** What a project file (csproj/fsproj/vbproj), Directory.Packages.props or packages.config declares. */
export interface PackageRef {
  name: string;
  version?: string;
  privateAssets?: string;
}

export interface AssemblyRef {
  name: string;
  /** Assembly version from `Include="Name, Version=…"`. */
  version: string;
  publicKeyToken?: string;
  hintPath?: string;
}

export interface ProjectFile {
  packageRefs: PackageRef[];
  assemblyRefs: AssemblyRef[];
  projectRefs: string[];
  /** Central package management: `<PackageVersion Include Version>`. */
  packageVersions: Map<string, string>;
  /** packages.config `<package id version developmentDependency>`. */
  configPackages: { name: string; version: string; dev: boolean; targetFramework?: string }[];
}

export type XmlParse = { ok: true; project: ProjectFile } | { ok: false; message: string; line?: number; column?: number };

const ARRAYS = new Set(['ItemGroup', 'PackageReference', 'Reference', 'ProjectReference', 'PackageVersion', 'package', 'PropertyGroup']);

const parser = lazyXmlParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // No entity expansion: project files never need it and it is how XML bombs work.
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => ARRAYS.has(name),
});

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  if (v && typeof v === 'object' && typeof (v as Record<string, unknown>)['#text'] === 'string') return ((v as Record<string, string>)['#text'] ?? '').trim() || undefined;
  return undefined;
}

function list(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => !!x && typeof x === 'object') : [];
}

export function parseProjectXml(text: string): XmlParse {
  const valid = xml().XMLValidator.validate(text);
  if (valid !== true) return { ok: false, message: valid.err.msg, line: valid.err.line, column: valid.err.col };
  let doc: Record<string, unknown>;
  try {
    doc = parser().parse(text) as Record<string, unknown>;
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
  const project: ProjectFile = { packageRefs: [], assemblyRefs: [], projectRefs: [], packageVersions: new Map(), configPackages: [] };
  const root = (doc['Project'] ?? doc['packages']) as Record<string, unknown> | undefined;
  if (!root || typeof root !== 'object') return { ok: true, project };

  for (const p of list(root['package'])) {
    const name = str(p['@_id']);
    const version = str(p['@_version']);
    if (!name || !version) continue;
    const tf = str(p['@_targetFramework']);
    project.configPackages.push({ name, version, dev: str(p['@_developmentDependency']) === 'true', ...(tf ? { targetFramework: tf } : {}) });
  }
  for (const group of list(root['ItemGroup'])) {
    for (const r of list(group['PackageReference'])) {
      const name = str(r['@_Include']) ?? str(r['@_Update']);
      if (!name) continue;
      const version = str(r['@_Version']) ?? str(r['Version']) ?? str(r['@_VersionOverride']) ?? str(r['VersionOverride']);
      const privateAssets = str(r['@_PrivateAssets']) ?? str(r['PrivateAssets']);
      project.packageRefs.push({ name, ...(version ? { version } : {}), ...(privateAssets ? { privateAssets } : {}) });
    }
    for (const r of list(group['PackageVersion'])) {
      const name = str(r['@_Include']) ?? str(r['@_Update']);
      const version = str(r['@_Version']) ?? str(r['Version']);
      if (name && version) project.packageVersions.set(name.toLowerCase(), version);
    }
    for (const r of list(group['Reference'])) {
      const include = str(r['@_Include']);
      if (!include) continue;
      const parts = include.split(',').map((s) => s.trim());
      const fields = new Map<string, string>();
      for (const part of parts.slice(1)) {
        const eq = part.indexOf('=');
        if (eq > 0) fields.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
      }
      const version = fields.get('version');
      // Without a version the reference names a framework assembly (System, System.Core…).
      if (!version) continue;
      const hintPath = str(r['HintPath']);
      const token = fields.get('publickeytoken');
      project.assemblyRefs.push({
        name: parts[0]!,
        version,
        ...(token && token !== 'null' ? { publicKeyToken: token } : {}),
        ...(hintPath ? { hintPath } : {}),
      });
    }
    for (const r of list(group['ProjectReference'])) {
      const include = str(r['@_Include']);
      if (include) project.projectRefs.push(include);
    }
  }
  return { ok: true, project };
}

/** `..\packages\Name.1.2.3\lib\…` → the NuGet package version 1.2.3 (packages.config layout). */
export function nugetVersionFromHintPath(name: string, hintPath: string | undefined): string | undefined {
  if (!hintPath) return undefined;
  const parts = hintPath.split(/[\\/]/);
  const i = parts.findIndex((p) => p.toLowerCase() === 'packages');
  const folder = i >= 0 ? parts[i + 1] : undefined;
  if (!folder || !folder.toLowerCase().startsWith(`${name.toLowerCase()}.`)) return undefined;
  const v = folder.slice(name.length + 1);
  return /^\d+(\.\d+)*(-[\w.-]+)?$/.test(v) ? v : undefined;
}

/** A plain version (not a range, wildcard or MSBuild property). */
export function isPlainVersion(v: string | undefined): v is string {
  return !!v && /^\d+(\.\d+)*(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.test(v);
}

/** `[1.2.3]` (exact range) → 1.2.3; anything else as is. */
export function exactFromRange(v: string | undefined): string | undefined {
  if (!v) return undefined;
  const m = /^\[\s*([^,\]\s]+)\s*\]$/.exec(v);
  return m ? m[1] : v;
}
