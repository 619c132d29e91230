import { LineIndex } from '../../src/files.js';
import { lazyXmlParser, xml, xmlMetaSymbol } from '../../src/parsers.js';

/**
 * One pom.xml as written (nothing inherited, nothing interpolated), with the line of every
 * dependency so that evidence points at the declaration a reviewer can open.
 */
export interface RawDependency {
  groupId?: string;
  artifactId?: string;
  version?: string;
  type?: string;
  classifier?: string;
  scope?: string;
  optional?: string;
  exclusions: { groupId: string; artifactId: string }[];
  /** The pom that declares it and the line of its `<dependency>` tag. */
  path: string;
  line: number;
}

export interface RawProfile {
  id: string;
  activeByDefault: boolean;
  /** Its activation condition holds with no command-line input (e.g. `!property`). */
  activeByCondition: boolean;
  properties: Record<string, string>;
  dependencies: RawDependency[];
  managed: RawDependency[];
  modules: string[];
}

export interface RawParent {
  groupId?: string;
  artifactId?: string;
  version?: string;
  /** undefined = Maven's default `../pom.xml`; '' = look only in repositories. */
  relativePath?: string;
  line: number;
}

export interface RawPom {
  /** Path of the pom: relative to the project root for tree poms, absolute for local-repo poms. */
  path: string;
  groupId?: string;
  artifactId?: string;
  version?: string;
  packaging?: string;
  name?: string;
  description?: string;
  url?: string;
  licenses: string[];
  parent?: RawParent;
  properties: Record<string, string>;
  dependencies: RawDependency[];
  managed: RawDependency[];
  modules: string[];
  profiles: RawProfile[];
}

export type PomParse = { ok: true; pom: RawPom } | { ok: false; message: string; line: number; column: number };

const ARRAYS = new Set(['dependency', 'module', 'profile', 'exclusion', 'license']);

const parser = lazyXmlParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  captureMetaData: true,
  // Entities declared in a DOCTYPE are never expanded (no billion-laughs, no external reads).
  processEntities: true,
  htmlEntities: false,
  isArray: (name) => ARRAYS.has(name),
});

/** Decodes by the XML declaration's encoding (Maven poms are often ISO-8859-1). */
export function decodePom(buf: Buffer): string {
  const head = buf.subarray(0, 200).toString('latin1');
  const enc = /^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1]?.toLowerCase();
  if (enc === 'iso-8859-1' || enc === 'latin1' || enc === 'latin-1' || enc === 'windows-1252' || enc === 'cp1252') {
    return buf.toString('latin1');
  }
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString('utf16le');
  const text = buf.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

type Node = Record<string | symbol, unknown>;

function obj(v: unknown): Node | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Node) : undefined;
}
function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}
function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined || v === '' ? [] : [v];
}

/**
 * A condition that holds without any command-line input: a negated property test
 * (`<property><name>!skipTests</name></property>`) holds while the property is unset.
 */
function isActiveByCondition(activation: Node | undefined): boolean {
  if (!activation) return false;
  const prop = obj(activation['property']);
  const name = str(prop?.['name'])?.trim();
  const others = Object.keys(activation).filter((k) => k !== 'property' && k !== 'activeByDefault');
  return !!name && name.startsWith('!') && str(prop?.['value']) === undefined && others.length === 0;
}

/** Maven's rule: activeByDefault profiles apply only when no other profile of the pom is activated. */
export function activeProfiles(pom: RawPom): RawProfile[] {
  const byCondition = pom.profiles.filter((p) => p.activeByCondition);
  return byCondition.length > 0 ? byCondition : pom.profiles.filter((p) => p.activeByDefault);
}

export function parsePom(text: string, path: string): PomParse {
  const valid = xml().XMLValidator.validate(text, { allowBooleanAttributes: true });
  if (valid !== true) {
    return { ok: false, message: valid.err.msg, line: valid.err.line, column: valid.err.col };
  }
  let doc: Node;
  try {
    doc = parser().parse(text) as Node;
  } catch (e) {
    return { ok: false, message: (e as Error).message, line: 1, column: 1 };
  }
  const project = obj(doc['project']);
  if (!project) {
    const root = Object.keys(doc).find((k) => !k.startsWith('?')) ?? '(none)';
    return { ok: false, message: `not a Maven POM: the root element is <${root}>, not <project>`, line: 1, column: 1 };
  }
  const lines = new LineIndex(text);
  const lineAt = (n: unknown): number => {
    const meta = obj(n)?.[xmlMetaSymbol()] as { startIndex?: number } | undefined;
    return meta?.startIndex !== undefined ? lines.lineAt(meta.startIndex) : 1;
  };
  const deps = (container: unknown): RawDependency[] =>
    arr(obj(container)?.['dependency']).flatMap((d) => {
      const n = obj(d);
      if (!n) return [];
      const dep: RawDependency = {
        exclusions: arr(obj(n['exclusions'])?.['exclusion']).flatMap((x) => {
          const e = obj(x);
          const g = str(e?.['groupId']);
          const a = str(e?.['artifactId']);
          return g !== undefined && a !== undefined ? [{ groupId: g, artifactId: a }] : [];
        }),
        path,
        line: lineAt(n),
      };
      for (const k of ['groupId', 'artifactId', 'version', 'type', 'classifier', 'scope', 'optional'] as const) {
        const v = str(n[k]);
        if (v !== undefined && v !== '') dep[k] = v;
      }
      return [dep];
    });
  const props = (v: unknown): Record<string, string> => {
    const out: Record<string, string> = {};
    const n = obj(v);
    if (!n) return out;
    for (const k of Object.keys(n)) {
      const s = str(n[k]);
      out[k] = s ?? '';
    }
    return out;
  };
  const modules = (v: unknown): string[] => arr(obj(v)?.['module']).flatMap((m) => (str(m) ? [str(m)!] : []));

  const pom: RawPom = {
    path,
    licenses: arr(obj(project['licenses'])?.['license']).flatMap((l) => {
      const name = str(obj(l)?.['name']);
      return name ? [name] : [];
    }),
    properties: props(project['properties']),
    dependencies: deps(project['dependencies']),
    managed: deps(obj(project['dependencyManagement'])?.['dependencies']),
    modules: modules(project['modules']),
    profiles: arr(obj(project['profiles'])?.['profile']).flatMap((p) => {
      const n = obj(p);
      if (!n) return [];
      return [
        {
          id: str(n['id']) ?? 'default',
          activeByDefault: str(obj(n['activation'])?.['activeByDefault'])?.trim() === 'true',
          activeByCondition: isActiveByCondition(obj(n['activation'])),
          properties: props(n['properties']),
          dependencies: deps(n['dependencies']),
          managed: deps(obj(n['dependencyManagement'])?.['dependencies']),
          modules: modules(n['modules']),
        },
      ];
    }),
  };
  for (const k of ['groupId', 'artifactId', 'version', 'packaging', 'name', 'description', 'url'] as const) {
    const v = str(project[k]);
    if (v !== undefined && v !== '') pom[k] = v;
  }
  const parent = obj(project['parent']);
  if (parent) {
    const p: RawParent = { line: lineAt(parent) };
    for (const k of ['groupId', 'artifactId', 'version'] as const) {
      const v = str(parent[k]);
      if (v) p[k] = v;
    }
    // `<relativePath/>` parses as '' (repository lookup only); absent means the default.
    if ('relativePath' in parent) p.relativePath = str(parent['relativePath']) ?? '';
    pom.parent = p;
  }
  return { ok: true, pom };
}
