import { parseJson, type ComponentHash } from '@shencha/core';
import {
  arr,
  lineFor,
  normalizeName,
  obj,
  packageLines,
  parseHash,
  parseTomlLocated,
  PyParseError,
  str,
  type DepKind,
  type PyDep,
  type PyLock,
  type PyPackage,
} from './model.js';
import { parseRequirement } from './pep508.js';

function hashesOf(files: unknown): ComponentHash[] {
  return arr(files).flatMap((f) => {
    const h = parseHash(obj(f)?.['hash']);
    return h ? [h] : [];
  });
}

function sourceProps(pkg: PyPackage, source: Record<string, unknown> | undefined): void {
  if (!source) return;
  const type = str(source['type']);
  const url = str(source['url']);
  if (type === 'git' && url) {
    pkg.vcsUrl = url + (str(source['resolved_reference']) ? `@${str(source['resolved_reference'])}` : '');
    pkg.properties['shencha:pypi:source'] = 'git';
  } else if (type && url) {
    pkg.properties['shencha:pypi:source'] = `${type}:${url}`;
    if (type === 'url') pkg.downloadUrl = url;
  }
}

/** poetry.lock: lock-version 1.x (hashes in [metadata.files], `category`) and 2.x (`files`, `groups`). */
export function parsePoetryLock(text: string, path: string): PyLock {
  const doc = parseTomlLocated(text);
  const lines = packageLines(text);
  const meta = obj(doc['metadata']) ?? {};
  const metaFiles = obj(meta['files']) ?? {};
  const metaFilesNorm = new Map(Object.entries(metaFiles).map(([k, v]) => [normalizeName(k), v]));
  const packages: PyPackage[] = [];
  for (const raw of arr(doc['package'])) {
    const p = obj(raw);
    const name = str(p?.['name']);
    if (!p || !name) continue;
    const version = str(p['version']);
    const pkg: PyPackage = {
      name,
      hashes: hashesOf(p['files'] ?? metaFilesNorm.get(normalizeName(name))),
      deps: [],
      properties: {},
    };
    if (version) pkg.version = version;
    const line = lineFor(lines, name, version);
    if (line) pkg.line = line;
    const groups = arr(p['groups']).filter((g): g is string => typeof g === 'string');
    const category = str(p['category']);
    if (p['optional'] === true) pkg.scope = 'optional';
    else if (groups.length > 0) pkg.scope = groups.includes('main') ? 'required' : 'excluded';
    else if (category) pkg.scope = category === 'main' ? 'required' : 'excluded';
    if (groups.length > 0) pkg.properties['shencha:pypi:groups'] = groups.join(',');
    if (category) pkg.properties['shencha:pypi:category'] = category;
    sourceProps(pkg, obj(p['source']));
    for (const [dep, spec] of Object.entries(obj(p['dependencies']) ?? {})) {
      const specs = Array.isArray(spec) ? spec : [spec];
      const optional = specs.every((s) => obj(s)?.['optional'] === true);
      pkg.deps.push({ name: normalizeName(dep), kind: optional ? 'optional' : 'required' });
    }
    packages.push(pkg);
  }
  const lockVersion = str(meta['lock-version']);
  return { path, format: `poetry.lock ${lockVersion ?? '(no lock-version)'}`, packages, complete: true };
}

/** uv.lock (version 1): workspace members, registry/git/path sources, sdist and wheel hashes. */
export function parseUvLock(text: string, path: string): PyLock {
  const doc = parseTomlLocated(text);
  const lines = packageLines(text);
  const members = new Set(arr(obj(doc['manifest'])?.['members']).flatMap((m) => (typeof m === 'string' ? [normalizeName(m)] : [])));
  const packages: PyPackage[] = [];
  const depList = (v: unknown, kind: DepKind): PyDep[] =>
    arr(v).flatMap((d) => {
      const n = str(obj(d)?.['name']);
      if (!n) return [];
      const dep: PyDep = { name: normalizeName(n), kind };
      const ver = str(obj(d)?.['version']);
      if (ver) dep.version = ver;
      return [dep];
    });
  for (const raw of arr(doc['package'])) {
    const p = obj(raw);
    const name = str(p?.['name']);
    if (!p || !name) continue;
    const version = str(p['version']);
    const source = obj(p['source']) ?? {};
    const sdist = obj(p['sdist']);
    const pkg: PyPackage = {
      name,
      hashes: hashesOf([...(sdist ? [sdist] : []), ...arr(p['wheels'])]),
      deps: depList(p['dependencies'], 'required'),
      properties: {},
    };
    if (version) pkg.version = version;
    const line = lineFor(lines, name, version);
    if (line) pkg.line = line;
    for (const list of Object.values(obj(p['optional-dependencies']) ?? {})) pkg.deps.push(...depList(list, 'optional'));
    for (const list of Object.values(obj(p['dev-dependencies']) ?? {})) pkg.deps.push(...depList(list, 'dev'));
    const local = str(source['editable']) ?? str(source['virtual']);
    if (local !== undefined || members.has(normalizeName(name))) {
      pkg.firstParty = true;
      if (local !== undefined) pkg.properties['shencha:pypi:path'] = local;
    } else if (str(source['git'])) {
      pkg.vcsUrl = str(source['git'])!;
      pkg.properties['shencha:pypi:source'] = 'git';
    } else if (str(source['path']) ?? str(source['directory'])) {
      pkg.properties['shencha:pypi:source'] = `path:${str(source['path']) ?? str(source['directory'])}`;
    } else if (str(source['url'])) {
      pkg.downloadUrl = str(source['url'])!;
    } else if (str(source['registry']) && str(source['registry']) !== 'https://pypi.org/simple') {
      pkg.properties['shencha:pypi:index'] = str(source['registry'])!;
    }
    packages.push(pkg);
  }
  return { path, format: `uv.lock ${String(doc['version'] ?? '')}`.trim(), packages, complete: true };
}

const DEV_GROUP = /^(dev|develop|test|tests|testing|lint|linting|docs?|typing|ci)$/i;

/** pdm.lock 4.x: per-package `groups` (4.5) or none (4.2), PEP 508 dependency strings. */
export function parsePdmLock(text: string, path: string): PyLock {
  const doc = parseTomlLocated(text);
  const lines = packageLines(text);
  const meta = obj(doc['metadata']) ?? {};
  const metaFiles = obj(meta['files']) ?? {};
  const packages: PyPackage[] = [];
  for (const raw of arr(doc['package'])) {
    const p = obj(raw);
    const name = str(p?.['name']);
    if (!p || !name) continue;
    const version = str(p['version']);
    const pkg: PyPackage = {
      name,
      hashes: hashesOf(p['files'] ?? metaFiles[`${name} ${version ?? ''}`]),
      deps: [],
      properties: {},
    };
    if (version) pkg.version = version;
    const line = lineFor(lines, name, version);
    if (line) pkg.line = line;
    const groups = arr(p['groups']).filter((g): g is string => typeof g === 'string');
    if (groups.length > 0) {
      // `default` is the product; dev-like groups are not shipped; other groups are extras.
      pkg.scope = groups.includes('default') ? 'required' : groups.every((g) => DEV_GROUP.test(g)) ? 'excluded' : 'optional';
      pkg.properties['shencha:pypi:groups'] = groups.join(',');
    }
    const extras = arr(p['extras']).filter((g): g is string => typeof g === 'string');
    if (extras.length > 0) pkg.properties['shencha:pypi:extras'] = extras.join(',');
    if (str(p['marker'])) pkg.properties['shencha:pypi:marker'] = str(p['marker'])!;
    for (const d of arr(p['dependencies'])) {
      if (typeof d !== 'string') continue;
      const r = parseRequirement(d);
      if (r.ok && normalizeName(r.req.name) !== normalizeName(name)) pkg.deps.push({ name: normalizeName(r.req.name), kind: 'required' });
    }
    packages.push(pkg);
  }
  return { path, format: `pdm.lock ${str(meta['lock_version']) ?? ''}`.trim(), packages, complete: true };
}

/** Pipfile.lock (spec 6): `default` is the product, `develop` is dev-only. */
export function parsePipfileLock(text: string, path: string): PyLock {
  const parsed = parseJson<Record<string, unknown>>(text, path, 'sbom/pypi');
  if (!parsed.ok) {
    throw new PyParseError(parsed.issue.message, parsed.issue.location?.line ?? 1, parsed.issue.location?.column ?? 1);
  }
  const doc = obj(parsed.value);
  if (!doc) throw new PyParseError('Pipfile.lock is not a JSON object', 1, 1);
  const packages = new Map<string, PyPackage>();
  const roots: PyDep[] = [];
  for (const section of ['default', 'develop'] as const) {
    for (const [name, rawEntry] of Object.entries(obj(doc[section]) ?? {})) {
      const e = obj(rawEntry) ?? {};
      const version = str(e['version'])?.replace(/^===?/, '');
      const key = `${normalizeName(name)}@${version ?? ''}`;
      let pkg = packages.get(key);
      if (!pkg) {
        pkg = { name, hashes: arr(e['hashes']).flatMap((h) => (parseHash(h) ? [parseHash(h)!] : [])), deps: [], properties: {} };
        if (version) pkg.version = version;
        const at = text.indexOf(`"${name}": {`);
        if (at >= 0) pkg.line = text.slice(0, at).split('\n').length;
        if (str(e['git'])) pkg.vcsUrl = `${str(e['git'])}${str(e['ref']) ? `@${str(e['ref'])}` : ''}`;
        if (str(e['path'])) pkg.properties['shencha:pypi:source'] = `path:${str(e['path'])}`;
        if (str(e['markers'])) pkg.properties['shencha:pypi:marker'] = str(e['markers'])!;
        packages.set(key, pkg);
      }
      // A package in both sections is part of the product.
      pkg.scope = section === 'default' || pkg.scope === 'required' ? 'required' : 'excluded';
      roots.push({ name: normalizeName(name), kind: section === 'default' ? 'required' : 'dev', ...(version ? { version } : {}) });
    }
  }
  return { path, format: `Pipfile.lock spec ${String(obj(doc['_meta'])?.['pipfile-spec'] ?? '?')}`, packages: [...packages.values()], roots, complete: true };
}

/** A Poetry-style constraint written as an exact version (`"1.2.3"`, `"==1.2.3"`). */
function poetryPin(spec: unknown): string | undefined {
  const v = typeof spec === 'string' ? spec : str(obj(spec)?.['version']);
  const m = v ? /^\s*(?:===?)?\s*(\d[A-Za-z0-9.+!_-]*)\s*$/.exec(v) : null;
  return m?.[1];
}

export interface PyProject {
  project?: { name: string; version?: string };
  roots: (PyDep & { pinned?: string; line?: number; spec?: string })[];
  license?: string;
  description?: string;
}

/** pyproject.toml: PEP 621 [project], PEP 735 [dependency-groups], Poetry, PDM and uv dev groups. */
export function parsePyproject(text: string): PyProject {
  const doc = parseTomlLocated(text);
  const out: PyProject = { roots: [] };
  const lineOfDecl = (name: string): number | undefined => {
    const re = new RegExp(`(^|["'\\s])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*(=|[<>=!~\\[;@"']|$)`, 'im');
    const m = re.exec(text);
    return m ? text.slice(0, m.index).split('\n').length + (m[1] === '\n' ? 1 : 0) : undefined;
  };
  const add = (spec: string, kind: DepKind) => {
    const r = parseRequirement(spec);
    if (!r.ok) return;
    const d: PyProject['roots'][number] = { name: normalizeName(r.req.name), kind, spec };
    if (r.req.pinned) d.pinned = r.req.pinned;
    const line = lineOfDecl(r.req.name);
    if (line) d.line = line;
    out.roots.push(d);
  };
  const project = obj(doc['project']);
  if (project) {
    const name = str(project['name']);
    if (name) out.project = { name, ...(str(project['version']) ? { version: str(project['version'])! } : {}) };
    for (const d of arr(project['dependencies'])) if (typeof d === 'string') add(d, 'required');
    for (const list of Object.values(obj(project['optional-dependencies']) ?? {})) for (const d of arr(list)) if (typeof d === 'string') add(d, 'optional');
    const lic = project['license'];
    if (typeof lic === 'string') out.license = lic;
    else if (str(obj(lic)?.['text'])) out.license = str(obj(lic)?.['text'])!;
    if (str(project['description'])) out.description = str(project['description'])!;
  }
  for (const list of Object.values(obj(doc['dependency-groups']) ?? {})) for (const d of arr(list)) if (typeof d === 'string') add(d, 'dev');
  const tool = obj(doc['tool']) ?? {};
  const poetry = obj(tool['poetry']);
  if (poetry) {
    const name = str(poetry['name']);
    if (name && !out.project) out.project = { name, ...(str(poetry['version']) ? { version: str(poetry['version'])! } : {}) };
    if (!out.license && str(poetry['license'])) out.license = str(poetry['license'])!;
    if (!out.description && str(poetry['description'])) out.description = str(poetry['description'])!;
    const table = (t: unknown, kind: DepKind) => {
      for (const [n, spec] of Object.entries(obj(t) ?? {})) {
        if (n.toLowerCase() === 'python') continue;
        const optional = obj(spec)?.['optional'] === true;
        const d: PyProject['roots'][number] = { name: normalizeName(n), kind: optional && kind === 'required' ? 'optional' : kind };
        const pin = poetryPin(spec);
        if (pin) d.pinned = pin;
        if (typeof spec === 'string') d.spec = spec;
        const line = lineOfDecl(n);
        if (line) d.line = line;
        out.roots.push(d);
      }
    };
    table(poetry['dependencies'], 'required');
    table(poetry['dev-dependencies'], 'dev');
    for (const g of Object.values(obj(poetry['group']) ?? {})) table(obj(g)?.['dependencies'], 'dev');
  }
  for (const list of Object.values(obj(obj(tool['pdm'])?.['dev-dependencies']) ?? {})) for (const d of arr(list)) if (typeof d === 'string') add(d, 'dev');
  for (const d of arr(obj(tool['uv'])?.['dev-dependencies'])) if (typeof d === 'string') add(d, 'dev');
  return out;
}
