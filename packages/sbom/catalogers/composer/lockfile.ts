/** The parts of a composer.lock / composer.json package entry shencha reads. */
export interface ComposerPackage {
  name: string;
  version?: string;
  dev: boolean;
  require: string[];
  /** Names this package stands in for (`replace` and `provide`). */
  provides: string[];
  sourceUrl?: string;
  sourceReference?: string;
  distUrl?: string;
  distShasum?: string;
  licenses: string[];
  authors: string[];
  description?: string;
  homepage?: string;
  issues?: string;
}

/** php, ext-*, lib-* and composer's own APIs are platform requirements, not packages. */
export function isPlatform(name: string): boolean {
  const n = name.toLowerCase();
  return n === 'php' || n.startsWith('php-') || n.startsWith('ext-') || n.startsWith('lib-') || n === 'composer' || n === 'composer-plugin-api' || n === 'composer-runtime-api' || n === 'hhvm';
}

function obj(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function s(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

export function readPackage(raw: unknown, dev: boolean): ComposerPackage | undefined {
  const p = obj(raw);
  const name = p ? s(p['name']) : undefined;
  if (!p || !name) return undefined;
  const source = obj(p['source']);
  const dist = obj(p['dist']);
  const support = obj(p['support']);
  const license = p['license'];
  const out: ComposerPackage = {
    name,
    dev,
    require: Object.keys(obj(p['require']) ?? {}).filter((n) => !isPlatform(n)),
    provides: [...Object.keys(obj(p['replace']) ?? {}), ...Object.keys(obj(p['provide']) ?? {})],
    licenses: (Array.isArray(license) ? license : [license]).map(s).filter((x): x is string => !!x),
    authors: (Array.isArray(p['authors']) ? p['authors'] : []).map((a) => s(obj(a)?.['name'])).filter((x): x is string => !!x),
  };
  const version = s(p['version']);
  if (version) out.version = version;
  const set = (k: 'sourceUrl' | 'sourceReference' | 'distUrl' | 'distShasum' | 'description' | 'homepage' | 'issues', v: string | undefined) => {
    if (v) out[k] = v;
  };
  set('sourceUrl', s(source?.['url']));
  set('sourceReference', s(source?.['reference']));
  set('distUrl', s(dist?.['url']));
  set('distShasum', s(dist?.['shasum']));
  set('description', s(p['description']));
  set('homepage', s(p['homepage']));
  set('issues', s(support?.['issues']));
  return out;
}

/** composer.json: its own name and the declared requirements (name → constraint). */
export interface ComposerManifest {
  name?: string;
  version?: string;
  require: Record<string, string>;
  requireDev: Record<string, string>;
}

export function readManifest(raw: unknown): ComposerManifest {
  const p = obj(raw) ?? {};
  const constraints = (v: unknown) => {
    const out: Record<string, string> = {};
    for (const [k, c] of Object.entries(obj(v) ?? {})) if (!isPlatform(k)) out[k] = typeof c === 'string' ? c : '';
    return out;
  };
  const m: ComposerManifest = { require: constraints(p['require']), requireDev: constraints(p['require-dev']) };
  const name = s(p['name']);
  if (name) m.name = name;
  const version = s(p['version']);
  if (version) m.version = version;
  return m;
}
