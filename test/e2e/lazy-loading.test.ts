import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXAMPLE, ROOT, tempDir } from './helpers.js';

const work = tempDir('e2e-lazy');
afterAll(() => rmSync(work, { recursive: true, force: true }));

const HEAVY = /node_modules\/(typescript|tree-sitter[^/]*|web-tree-sitter|@secretlint|@typescript-eslint)\//;
/** What an SBOM of a JavaScript-only project has no use for: schemas, XML, TOML, archives, progress bars. */
const NOT_FOR_JS_SBOM = /node_modules\/(ajv|ajv-formats|xmlbuilder2|@oozcitak\/[^/]+|fast-xml-parser|smol-toml|yauzl|tar-stream|lazystream|cli-progress)\//;

/** Runs one verb in a fresh process and lists the CommonJS modules it loaded that match `pattern`. */
function heavyModulesLoadedBy(verb: string, project = EXAMPLE, pattern = HEAVY): string[] {
  const script = join(work, `${verb}.mjs`);
  writeFileSync(
    script,
    `import { createRequire } from 'node:module';
const { main } = await import(${JSON.stringify(join(ROOT, 'cli/dist/main.js'))});
const code = await main(['node', 'shencha', ${JSON.stringify(verb)}, ${JSON.stringify(project)}, '--output', ${JSON.stringify(join(work, `${verb}.out`))}, '-q']);
const loaded = Object.keys(createRequire(import.meta.url).cache);
const pattern = new RegExp(${JSON.stringify(pattern.source)});
console.log(JSON.stringify({ code, heavy: loaded.filter((p) => pattern.test(p)) }));
`,
  );
  const r = spawnSync(process.execPath, [script], { encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: '1767225600' } });
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { code: number; heavy: string[] };
  expect(out.code).toBe(0);
  return out.heavy;
}

describe('heavy modules load lazily', () => {
  it('`shencha sbom` loads neither TypeScript, tree-sitter nor secretlint', () => {
    expect(heavyModulesLoadedBy('sbom')).toEqual([]);
  });

  it('`shencha sbom` of a pnpm project loads no schema validator, XML, TOML or archive reader', () => {
    const project = join(work, 'pnpm-project');
    mkdirSync(project, { recursive: true });
    cpSync(join(ROOT, 'packages/sbom/test/fixtures/pnpm/lock-6.0-vite/pnpm-lock.yaml'), join(project, 'pnpm-lock.yaml'));
    expect(heavyModulesLoadedBy('sbom', project, NOT_FOR_JS_SBOM)).toEqual([]);
    // …while the example, with a Maven pom and a shencha.yaml, does need the XML parser and ajv.
    const loaded = heavyModulesLoadedBy('sbom', EXAMPLE, NOT_FOR_JS_SBOM).join('\n');
    expect(loaded).toMatch(/fast-xml-parser/);
    expect(loaded).toMatch(/ajv/);
  });

  it('`shencha classify` does load the parsers it needs (the check can see them)', () => {
    expect(heavyModulesLoadedBy('classify').some((p) => p.includes('tree-sitter') || p.includes('typescript'))).toBe(true);
  });
});
