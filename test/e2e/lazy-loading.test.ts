import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXAMPLE, ROOT, tempDir } from './helpers.js';

const work = tempDir('e2e-lazy');
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs one verb in a fresh process and lists the heavy CommonJS modules it loaded. */
function heavyModulesLoadedBy(verb: string): string[] {
  const script = join(work, `${verb}.mjs`);
  writeFileSync(
    script,
    `import { createRequire } from 'node:module';
const { main } = await import(${JSON.stringify(join(ROOT, 'cli/dist/main.js'))});
const code = await main(['node', 'shencha', ${JSON.stringify(verb)}, ${JSON.stringify(EXAMPLE)}, '--output', ${JSON.stringify(join(work, `${verb}.out`))}, '-q']);
const loaded = Object.keys(createRequire(import.meta.url).cache);
console.log(JSON.stringify({ code, heavy: loaded.filter((p) => /node_modules\\/(typescript|tree-sitter[^/]*|web-tree-sitter|@secretlint|@typescript-eslint)\\//.test(p)) }));
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

  it('`shencha classify` does load the parsers it needs (the check can see them)', () => {
    expect(heavyModulesLoadedBy('classify').some((p) => p.includes('tree-sitter') || p.includes('typescript'))).toBe(true);
  });
});
