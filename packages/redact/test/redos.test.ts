/**
 * No built-in pattern can hang the packager: every regular expression in the detectors and in src/
 * (found with the TypeScript parser, so a new pattern cannot be forgotten) and every pattern built at
 * run time is checked with recheck's automaton checker, which is exact and deterministic (its fuzz
 * checker is time-based and flaky on a loaded machine). The automaton checker cannot model look-around,
 * so look-around groups are removed first: ours are single-character boundary guards, and a failing
 * guard makes the engine give back at most the bounded repetition before it, which stays linear.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { check } from 'recheck';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { BUILTIN_DETECTORS } from '../src/builtin.js';
import { RUNTIME_PATTERNS } from '../src/util.js';

/** The pattern without its look-around groups (character classes and escapes respected). */
export function stripLookarounds(src: string): string {
  const skipClass = (j: number): number => {
    j++;
    if (src[j] === '^') j++;
    if (src[j] === ']') j++;
    while (j < src.length && src[j] !== ']') j += src[j] === '\\' ? 2 : 1;
    return j;
  };
  let out = '';
  for (let i = 0; i < src.length; ) {
    if (src[i] === '\\') {
      out += src.slice(i, i + 2);
      i += 2;
    } else if (src[i] === '[') {
      const j = skipClass(i);
      out += src.slice(i, j + 1);
      i = j + 1;
    } else if (/^\(\?(?:<[=!]|[=!])/.test(src.slice(i, i + 4))) {
      let depth = 0;
      let j = i;
      for (; j < src.length; j++) {
        if (src[j] === '\\') j++;
        else if (src[j] === '[') j = skipClass(j);
        else if (src[j] === '(') depth++;
        else if (src[j] === ')' && --depth === 0) break;
      }
      i = j + 1;
    } else {
      out += src[i++];
    }
  }
  return out;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function regexLiterals(file: string): { source: string; flags: string; where: string }[] {
  const text = readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const out: { source: string; flags: string; where: string }[] = [];
  const visit = (node: ts.Node): void => {
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const lit = node.getText(sf);
      const end = lit.lastIndexOf('/');
      const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
      out.push({ source: lit.slice(1, end), flags: lit.slice(end + 1), where: `${file.slice(ROOT.length)}:${line + 1}` });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

const files = [
  ...readdirSync(ROOT + 'detectors').map((f) => ROOT + 'detectors/' + f),
  ...readdirSync(ROOT + 'src').map((f) => ROOT + 'src/' + f),
].filter((f) => f.endsWith('.ts'));

const patterns = files.flatMap(regexLiterals);
for (const re of RUNTIME_PATTERNS) patterns.push({ source: re.source, flags: re.flags, where: 'src/util.ts (built at run time)' });
for (const base of BUILTIN_DETECTORS) {
  const d = base.withOptions ? base.withOptions({ internalDomains: ['acme.internal', 'corp.example.cn'] }) : base;
  for (const re of d.patterns ?? []) patterns.push({ source: re.source, flags: re.flags, where: `${d.id} (built at run time)` });
}

describe('ReDoS check of every built-in pattern', () => {
  it('finds the patterns, including those built at run time', () => {
    expect(patterns.length).toBeGreaterThan(60);
    for (const f of files) {
      if (readFileSync(f, 'utf8').includes('new RegExp(') && f.includes('/detectors/')) {
        const id = f.slice(f.lastIndexOf('/') + 1, -3);
        expect(patterns.some((p) => p.where.startsWith(id)), `${id} lists its run-time patterns`).toBe(true);
      }
    }
  });

  it('the checker itself flags a catastrophic pattern and strips look-around correctly', async () => {
    expect((await check('(a+)+$', '', { checker: 'automaton' })).status).toBe('vulnerable');
    expect(stripLookarounds('(?<![A-Z(])ab[)(?=]c(?!x|\\)y)d')).toBe('ab[)(?=]cd');
  });

  it('every pattern is safe', async () => {
    const unsafe: string[] = [];
    for (const p of patterns) {
      // Sticky/global flags do not change the automaton; recheck knows only the matching flags.
      const r = await check(stripLookarounds(p.source), p.flags.replace(/[gy]/g, ''), { checker: 'automaton', timeout: 5_000 });
      if (r.status !== 'safe') unsafe.push(`${p.where} /${p.source}/${p.flags}: ${r.status}${r.status === 'vulnerable' ? ` (${r.complexity.type}, attack ${JSON.stringify(r.attack.pattern)})` : r.status === 'unknown' ? ` (${r.error.kind})` : ''}`);
    }
    console.log(`recheck: ${patterns.length} patterns checked, ${unsafe.length} not proven safe`);
    expect(unsafe).toEqual([]);
  }, 120_000);
});
