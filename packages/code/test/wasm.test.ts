import { afterAll, describe, expect, it } from 'vitest';
import { analyzeBlob } from '../src/index.js';
import { loadGrammar, setForceWasm } from '../src/ts/loader.js';
import { analyzeFixture } from './helpers.js';

afterAll(() => setForceWasm(false));

describe('web-tree-sitter fallback', () => {
  it('gives the same facts as the native binding', async () => {
    const cases: [string, string][] = [['python/crypto.py', 'python'], ['java/Crypto.java', 'java'], ['go/main.go', 'go'], ['csharp/Crypto.cs', 'csharp'], ['php/crypto.php', 'php']];
    for (const [file, language] of cases) {
      setForceWasm(false);
      const native = await analyzeFixture(file, language);
      setForceWasm(true);
      const wasm = await analyzeFixture(file, language);
      expect(wasm, file).toEqual(native);
    }
  });

  it('reports CODE_GRAMMAR_UNAVAILABLE when no binding can load a grammar (kotlin has no .wasm)', async () => {
    setForceWasm(true);
    const r = await analyzeBlob(Buffer.from('fun main() { val x = 1 }\n'), 'kotlin');
    expect(r.parsed).toBe(false);
    expect(r.issues.map((i) => i.code)).toEqual(['CODE_GRAMMAR_UNAVAILABLE']);
    expect(r.lines.code).toBe(1);
  });

  it('rejects a grammar package that does not exist', async () => {
    setForceWasm(false);
    await expect(loadGrammar('nope', { module: 'tree-sitter-nope', wasm: 'x.wasm' }, '(x) @x')).rejects.toThrow(/native: .*wasm:/);
  });
});
