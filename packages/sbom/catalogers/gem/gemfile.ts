/**
 * Which gems a Gemfile puts only in non-production groups (`group :development, :test do … end`,
 * `gem "x", group: :test`). Read as text, never evaluated; blocks are followed by their
 * `do`/`end` nesting.
 */
const RUNTIME_GROUPS = new Set(['default', 'production', 'runtime']);

function groupsIn(text: string): string[] {
  return [...text.matchAll(/:(\w+)|["'](\w+)["']/g)].map((m) => (m[1] ?? m[2])!);
}

export function gemfileGroups(text: string): { devOnly: Set<string>; runtime: Set<string> } {
  const devOnly = new Set<string>();
  const runtime = new Set<string>();
  const stack: { dev: boolean }[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) continue;
    const group = /^group\s*\(?\s*(.+?)\)?\s+do\s*(\|.*\|)?$/.exec(line);
    if (group) {
      const names = groupsIn(group[1]!.replace(/,?\s*(optional|platforms?)\s*(:|=>).*$/, ''));
      stack.push({ dev: names.length > 0 && !names.some((n) => RUNTIME_GROUPS.has(n)) });
      continue;
    }
    if (/\bdo\s*(\|.*\|)?$/.test(line)) {
      // Another block (platforms, source, git, path…): inherits the enclosing group.
      stack.push({ dev: stack.length > 0 && stack[stack.length - 1]!.dev });
      continue;
    }
    if (/^end\b/.test(line)) {
      stack.pop();
      continue;
    }
    const gem = /^gem\s*\(?\s*["']([^"']+)["'](.*)$/.exec(line);
    if (!gem) continue;
    const name = gem[1]!;
    let dev = stack.length > 0 && stack[stack.length - 1]!.dev;
    const opt = /(?:\bgroups?:|:groups?\s*=>)\s*(\[[^\]]*\]|:\w+|["']\w+["'])/.exec(gem[2]!);
    if (opt) {
      const names = groupsIn(opt[1]!);
      dev = names.length > 0 && !names.some((n) => RUNTIME_GROUPS.has(n));
    }
    (dev ? devOnly : runtime).add(name);
  }
  for (const n of runtime) devOnly.delete(n);
  return { devOnly, runtime };
}
