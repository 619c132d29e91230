/** A Gemfile.lock read line by line (Bundler's own format: sections, 2/4/6-space indentation). */

export interface GemSpec {
  name: string;
  version: string;
  /** e.g. `x86_64-linux` from `3.23.4-x86_64-linux`. */
  platform?: string;
  source: { type: 'GEM' | 'GIT' | 'PATH' | 'PLUGIN SOURCE'; remote?: string; remotes: string[]; revision?: string; branch?: string; tag?: string };
  /** Names of the specs it depends on (6-space lines). */
  dependencies: string[];
  line: number;
}

export interface GemLock {
  specs: GemSpec[];
  /** DEPENDENCIES: the Gemfile's direct dependencies. */
  direct: { name: string; pinnedSource: boolean; line: number }[];
  checksums: Map<string, { alg: string; hex: string }[]>;
  bundledWith?: string;
  unknownSections: { name: string; line: number }[];
}

export type GemParse = { ok: true; lock: GemLock } | { ok: false; message: string; line: number; column: number };

const SOURCE_SECTIONS = new Set(['GEM', 'GIT', 'PATH', 'PLUGIN SOURCE']);
const KNOWN = new Set([...SOURCE_SECTIONS, 'PLATFORMS', 'DEPENDENCIES', 'RUBY VERSION', 'BUNDLED WITH', 'CHECKSUMS']);

/** `3.23.4-x86_64-linux` → version + platform (RubyGems prereleases use dots, so a dash starts the platform). */
export function splitPlatform(v: string): { version: string; platform?: string } {
  const dash = v.indexOf('-');
  return dash > 0 ? { version: v.slice(0, dash), platform: v.slice(dash + 1) } : { version: v };
}

export function parseGemfileLock(text: string): GemParse {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const lock: GemLock = { specs: [], direct: [], checksums: new Map(), unknownSections: [] };
  let section: string | undefined;
  let source: GemSpec['source'] | undefined;
  let inSpecs = false;
  let current: GemSpec | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const no = i + 1;
    if (line.trim() === '') continue;
    if (/^(<<<<<<<|=======|>>>>>>>)/.test(line)) return { ok: false, message: 'merge conflict marker', line: no, column: 1 };
    if (!line.startsWith(' ')) {
      section = line.trim();
      inSpecs = false;
      current = undefined;
      if (SOURCE_SECTIONS.has(section)) source = { type: section as GemSpec['source']['type'], remotes: [] };
      else source = undefined;
      if (!KNOWN.has(section)) lock.unknownSections.push({ name: section, line: no });
      continue;
    }
    if (section === undefined) return { ok: false, message: 'indented line before any section', line: no, column: 1 };
    const indent = line.length - line.trimStart().length;
    const body = line.trim();
    if (source) {
      if (indent === 2) {
        inSpecs = body === 'specs:';
        const kv = /^(remote|revision|branch|tag|ref|glob|submodules):\s*(.*)$/.exec(body);
        if (kv) {
          const k = kv[1]!;
          if (k === 'remote') {
            source.remotes.push(kv[2]!);
            if (!source.remote) source.remote = kv[2]!;
          }
          else if (k === 'revision') source.revision = kv[2]!;
          else if (k === 'branch') source.branch = kv[2]!;
          else if (k === 'tag') source.tag = kv[2]!;
        }
        continue;
      }
      if (!inSpecs) continue;
      if (indent === 4) {
        const m = /^([^\s(]+) \(([^)\s]+)\)$/.exec(body);
        if (!m) return { ok: false, message: `expected "name (version)" in specs, found "${body}"`, line: no, column: indent + 1 };
        const { version, platform } = splitPlatform(m[2]!);
        current = { name: m[1]!, version, source: { ...source, remotes: [...source.remotes] }, dependencies: [], line: no };
        if (platform) current.platform = platform;
        lock.specs.push(current);
      } else if (indent === 6 && current) {
        const m = /^([^\s(]+)/.exec(body);
        if (m) current.dependencies.push(m[1]!);
      }
      continue;
    }
    if (section === 'DEPENDENCIES' && indent === 2) {
      const m = /^([^\s(!]+)(!)?/.exec(body);
      if (m) lock.direct.push({ name: m[1]!, pinnedSource: !!m[2], line: no });
    } else if (section === 'CHECKSUMS' && indent === 2) {
      // name (version[-platform]) sha256=hex[,sha512=hex]
      const m = /^([^\s(]+) \(([^)\s]+)\)\s*(.*)$/.exec(body);
      if (m) {
        const sums: { alg: string; hex: string }[] = [];
        for (const part of m[3]!.split(',')) {
          const kv = /^\s*(\w+)=([0-9a-fA-F]+)\s*$/.exec(part);
          if (kv) sums.push({ alg: kv[1]!.toLowerCase(), hex: kv[2]!.toLowerCase() });
        }
        lock.checksums.set(`${m[1]} ${m[2]}`, sums);
      }
    } else if (section === 'BUNDLED WITH') {
      lock.bundledWith = body;
    }
  }
  return { ok: true, lock };
}
