/** Programming language by file name; `undefined` for data, prose and unknown files. */
const BY_EXTENSION: Record<string, string> = {
  js: 'javascript', mjs: 'javascript', cjs: 'javascript', jsx: 'javascript',
  ts: 'typescript', mts: 'typescript', cts: 'typescript', tsx: 'tsx',
  py: 'python', pyi: 'python',
  java: 'java', kt: 'kotlin', kts: 'kotlin', scala: 'scala', groovy: 'groovy',
  go: 'go', rs: 'rust',
  c: 'c', h: 'c', cc: 'cpp', cpp: 'cpp', cxx: 'cpp', hpp: 'cpp', hh: 'cpp', hxx: 'cpp',
  cs: 'csharp', php: 'php', rb: 'ruby', swift: 'swift', m: 'objc', mm: 'objc',
  dart: 'dart', ex: 'elixir', exs: 'elixir', erl: 'erlang', lua: 'lua', pl: 'perl',
  sh: 'shell', bash: 'shell', zsh: 'shell', ps1: 'powershell', sql: 'sql', vue: 'vue', svelte: 'svelte',
};

export function languageOf(path: string): string | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return undefined;
  return BY_EXTENSION[base.slice(dot + 1).toLowerCase()];
}

/** Source languages count towards the self-developed ratio (DOMAIN.md). */
export function isProgrammingLanguage(language: string | undefined): boolean {
  return language !== undefined && language !== 'sql';
}

const VENDORED_DIRS = new Set(['third_party', 'third-party', 'thirdparty', '3rdparty', 'vendor', 'vendored', 'deps', 'external', 'extern']);

/** Code copied into the tree from elsewhere, by the folder convention that holds it. */
export function isVendoredPath(path: string): boolean {
  const parts = path.split('/');
  parts.pop();
  return parts.some((p) => VENDORED_DIRS.has(p.toLowerCase()));
}

const GENERATED_NAME = /(\.min\.(js|css)|\.pb\.go|_pb2\.py|\.g\.dart|\.designer\.cs|\.generated\.\w+|-lock\.json|\.lock)$/i;

/** Generated or minified by its name; the code stage refines this from content. */
export function isGeneratedPath(path: string): boolean {
  return GENERATED_NAME.test(path);
}
