import { LineIndex } from '../../src/files.js';

/**
 * Groovy and Kotlin build scripts read statically, never run: string-literal dependency
 * notations (`implementation("g:a:v")`, `api 'g:a'`, `group: 'g', name: 'a', version: 'v'`),
 * `platform(…)` BOMs, `project(":x")` edges, `libs.<alias>` catalog references, `plugins { id … version … }`,
 * with `$var`/`${var}` filled from string `val`/`def`/`ext` declarations and gradle.properties.
 * Anything computed at configuration time stays unresolved (and the result is marked incomplete).
 */
export interface ScriptDependency {
  configuration: string;
  group: string;
  name: string;
  version?: string;
  /** The notation as written, when something in it could not be resolved. */
  unresolved?: string;
  classifier?: string;
  platform: boolean;
  constraint: boolean;
  /** Declared inside a block whose name says test (`commonTest`, `jvmTest`, `testing {}`). */
  inTestBlock: boolean;
  line: number;
}

export interface ScriptFacts {
  dependencies: ScriptDependency[];
  projects: { configuration: string; path: string; line: number; constraint: boolean; inTestBlock: boolean }[];
  catalogRefs: { configuration: string; catalog: string; alias: string; line: number; inTestBlock: boolean; bundle: boolean }[];
  plugins: { id: string; version: string; line: number }[];
  group?: string;
  version?: string;
  rootProjectName?: string;
  /** Names passed to include(...) in settings scripts. */
  includes: string[];
}

/** Blanks out comments (keeping offsets, so lines and columns stay true) and notes string spans. */
function stripComments(src: string): string {
  const out = src.split('');
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '"' || c === "'") {
      const triple = src.startsWith(c.repeat(3), i);
      const q = triple ? c.repeat(3) : c;
      i += q.length;
      while (i < src.length && !src.startsWith(q, i)) {
        if (src[i] === '\\') i++;
        if (!triple && src[i] === '\n') break;
        i++;
      }
      i += q.length;
      continue;
    }
    if (c === '/' && src[i + 1] === '/') {
      while (i < src.length && src[i] !== '\n') out[i++] = ' ';
      continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      const stop = end < 0 ? src.length : end + 2;
      for (; i < stop; i++) if (src[i] !== '\n') out[i] = ' ';
      continue;
    }
    i++;
  }
  return out.join('');
}

interface Block {
  header: string;
  start: number;
  end: number;
  parent?: Block;
}

/** Brace blocks with the text that names them (`dependencies`, `constraints`, `val jvmTest by getting`). */
function blocks(src: string): Block[] {
  const out: Block[] = [];
  const stack: Block[] = [];
  let quote: string | undefined;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (src.startsWith(quote, i)) {
        i += quote.length - 1;
        quote = undefined;
      } else if (quote.length === 1 && c === '\n') quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = src.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      i += quote.length - 1;
      continue;
    }
    if (c === '{') {
      let h = i - 1;
      while (h >= 0 && /[ \t\r\n]/.test(src[h]!)) h--;
      let s = h;
      while (s >= 0 && src[s] !== '\n' && src[s] !== ';' && src[s] !== '{' && src[s] !== '}') s--;
      const b: Block = { header: src.slice(s + 1, h + 1).trim(), start: i, end: src.length };
      const parent = stack[stack.length - 1];
      if (parent) b.parent = parent;
      stack.push(b);
      out.push(b);
    } else if (c === '}') {
      const b = stack.pop();
      if (b) b.end = i;
    }
  }
  return out;
}

function innermost(bs: Block[], at: number): Block | undefined {
  let best: Block | undefined;
  for (const b of bs) if (b.start < at && at < b.end && (!best || b.start > best.start)) best = b;
  return best;
}

function chain(b: Block | undefined): Block[] {
  const out: Block[] = [];
  for (let x = b; x; x = x.parent) out.push(x);
  return out;
}

const isDepsHeader = (h: string) => /(^|[\s.])dependencies(\s*\(.*\))?$/.test(h) || /(^|[\s.])constraints$/.test(h);

export function readScript(src: string, props: Record<string, string>): ScriptFacts {
  const text = stripComments(src);
  const vars = new Map<string, string>(Object.entries(props));
  // String declarations first, so uses anywhere in the file can be filled in.
  for (const m of text.matchAll(/\b(?:val|var|def|String)\s+(\w+)\s*(?::\s*String\s*)?=\s*(["'])([^"'\n$]*)\2/g)) vars.set(m[1]!, m[3]!);
  for (const m of text.matchAll(/\bext\.(\w+)\s*=\s*(["'])([^"'\n$]*)\2/g)) vars.set(m[1]!, m[3]!);
  for (const m of text.matchAll(/\bextra\[\s*"(\w+)"\s*\]\s*=\s*"([^"\n$]*)"/g)) vars.set(m[1]!, m[2]!);
  for (const m of text.matchAll(/\bset\(\s*"(\w+)"\s*,\s*"([^"\n$]*)"\s*\)/g)) vars.set(m[1]!, m[2]!);
  // `val v = providers.gradleProperty("p").getOrElse(default)`: the property, else the default.
  for (const m of text.matchAll(/\b(?:val|var)\s+(\w+)\s*=\s*providers\.gradleProperty\(\s*"([^"]+)"\s*\)(?:\.(?:getOrElse|orElse)\(\s*(?:"([^"]*)"|(\w+))\s*\))?/g)) {
    const v = props[m[2]!] ?? m[3] ?? (m[4] ? vars.get(m[4]) : undefined);
    if (v !== undefined) vars.set(m[1]!, v);
  }
  const subst = (s: string): string =>
    s.replace(/\$\{\s*([\w.]+)\s*\}|\$(\w+)/g, (whole, a: string | undefined, b: string | undefined) => {
      const k = (a ?? b)!;
      return vars.get(k) ?? vars.get(k.replace(/^(project|rootProject|ext|extra)\./, '')) ?? whole;
    });

  const bs = blocks(text);
  const facts: ScriptFacts = { dependencies: [], projects: [], catalogRefs: [], plugins: [], includes: [] };
  const ctx = (at: number) => {
    const b = innermost(bs, at);
    const c = chain(b);
    const depBlock = c.find((x) => isDepsHeader(x.header));
    return {
      inDeps: depBlock !== undefined,
      constraint: c.some((x) => /(^|[\s.])constraints$/.test(x.header)),
      inTest: c.some((x) => /test/i.test(x.header)),
      buildscript: c.some((x) => /^buildscript$/.test(x.header)),
      inPlugins: b !== undefined && /^plugins$/.test(b.header),
    };
  };
  const lineIndex = new LineIndex(text);
  const lineAt = (at: number) => lineIndex.lineAt(at);

  // configuration ( [platform(] "notation" ...   — Groovy may omit the parentheses.
  const NOTATION =
    /(?<![\w.])([A-Za-z_]\w*)\s*(?:\(\s*|\s+)(?:(platform|enforcedPlatform|testFixtures)\s*\(\s*)?(["'])([^"'\n]+)\3/g;
  for (const m of text.matchAll(NOTATION)) {
    const at = m.index;
    const c = ctx(at);
    if (!c.inDeps) continue;
    const configuration = c.buildscript ? 'classpath' : m[1]!;
    if (['project', 'files', 'fileTree', 'kotlin', 'exclude', 'because', 'file', 'gradleApi', 'localGroovy', 'module', 'require', 'strictly', 'prefer', 'reject'].includes(configuration)) continue;
    const notation = m[4]!;
    const resolved = subst(notation);
    const parts = resolved.split('@')[0]!.split(':');
    if (parts.length < 2 || parts.length > 4 || parts.some((p) => p === '')) continue;
    const [group, name, version, classifier] = parts as [string, string, string | undefined, string | undefined];
    const dep: ScriptDependency = {
      configuration,
      group,
      name,
      platform: m[2] === 'platform' || m[2] === 'enforcedPlatform',
      constraint: c.constraint,
      inTestBlock: c.inTest,
      line: lineAt(at),
    };
    if (version) dep.version = version.replace(/!!$/, '');
    if (classifier) dep.classifier = classifier;
    if (resolved.includes('$')) dep.unresolved = notation;
    facts.dependencies.push(dep);
  }
  // Map notation: implementation group: 'g', name: 'a', version: 'v'
  const MAP = /(?<![\w.])([A-Za-z_]\w*)(?:\s*\(\s*|\s+)group\s*[:=]\s*["']([^"']+)["']\s*,\s*name\s*[:=]\s*["']([^"']+)["'](?:\s*,\s*version\s*[:=]\s*["']([^"']+)["'])?/g;
  for (const m of text.matchAll(MAP)) {
    const c = ctx(m.index);
    if (!c.inDeps) continue;
    const dep: ScriptDependency = {
      configuration: c.buildscript ? 'classpath' : m[1]!,
      group: subst(m[2]!),
      name: subst(m[3]!),
      platform: false,
      constraint: c.constraint,
      inTestBlock: c.inTest,
      line: lineAt(m.index),
    };
    if (m[4]) dep.version = subst(m[4]);
    if ([dep.group, dep.name, dep.version ?? ''].some((s) => s.includes('$'))) dep.unresolved = m[0];
    facts.dependencies.push(dep);
  }
  for (const m of text.matchAll(/(?<![\w.])([A-Za-z_]\w*)(?:\s*\(\s*|\s+)(?:platform\s*\(\s*)?project\s*\(\s*(?:path\s*[:=]\s*)?["'](:?[^"']*)["']/g)) {
    const c = ctx(m.index);
    if (!c.inDeps || m[1] === 'project') continue;
    facts.projects.push({ configuration: m[1]!, path: m[2]!, line: lineAt(m.index), constraint: c.constraint, inTestBlock: c.inTest });
  }
  // The separator after the configuration is mandatory, so a long identifier cannot backtrack quadratically.
  for (const m of text.matchAll(/(?<![\w.])([A-Za-z_]\w*)(?:\s*\(\s*|\s+)(?:(?:platform|enforcedPlatform)\s*\(\s*)?(libs|[a-z]\w*Libs)\.((?:bundles\.)?[\w.]+?)(?:\.get\(\))?(?=[\s),])/g)) {
    const c = ctx(m.index);
    if (!c.inDeps) continue;
    const bundle = m[3]!.startsWith('bundles.');
    const alias = bundle ? m[3]!.slice('bundles.'.length) : m[3]!;
    if (alias.startsWith('versions.') || alias.startsWith('plugins.')) continue;
    facts.catalogRefs.push({ configuration: m[1]!, catalog: m[2]!, alias, line: lineAt(m.index), inTestBlock: c.inTest, bundle });
  }
  for (const m of text.matchAll(/(?:\bid\s*\(?\s*["']([\w.-]+)["']\s*\)?|\bkotlin\s*\(\s*"([\w.-]+)"\s*\))\s*version\s*\(?\s*["']([^"']+)["']/g)) {
    const id = m[1] ?? `org.jetbrains.kotlin.${m[2]}`;
    facts.plugins.push({ id, version: subst(m[3]!), line: lineAt(m.index) });
  }
  // Only top-level assignments name the project (`group = …` inside a task or publication does not).
  const topLevel = (re: RegExp): string | undefined => {
    for (const m of text.matchAll(re)) if (!innermost(bs, m.index)) return m[1];
    return undefined;
  };
  const g = topLevel(/^\s*(?:project\.)?group\s*=\s*["']([^"'$]+)["']/gm);
  if (g) facts.group = g;
  const v = topLevel(/^\s*(?:project\.)?version\s*=\s*["']([^"'$]+)["']/gm);
  if (v) facts.version = v;
  const rp = /rootProject\.name\s*=\s*["']([^"']+)["']/.exec(text);
  if (rp) facts.rootProjectName = rp[1]!;
  for (const m of text.matchAll(/\binclude\s*\(?((?:\s*["'][^"']+["']\s*,?)+)\)?/g)) {
    for (const s of m[1]!.matchAll(/["']([^"']+)["']/g)) facts.includes.push(s[1]!);
  }
  return facts;
}

/** gradle.properties: `key=value` / `key: value` lines. */
export function parseGradleProperties(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const l = raw.trim();
    if (l === '' || l.startsWith('#') || l.startsWith('!')) continue;
    const m = /^([^=:\s]+)\s*[=:]\s*(.*)$/.exec(l);
    if (m) out[m[1]!] = m[2]!.trim();
  }
  return out;
}
