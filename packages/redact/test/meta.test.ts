import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUILTIN_DETECTORS } from '../src/builtin.js';
import { loadLabelled } from './labelled.js';

const DIR = fileURLToPath(new URL('../detectors/', import.meta.url));
const files = readdirSync(DIR).filter((f) => f.endsWith('.ts')).sort();
const { cases } = loadLabelled();

describe('every detector file', () => {
  it('is registered, one detector per file, named after the file', () => {
    expect(BUILTIN_DETECTORS.map((d) => `${d.id}.ts`).sort()).toEqual(files);
  });

  for (const file of files) {
    const id = file.slice(0, -3);
    it(`${id}: has a docs comment, a description and labelled fixtures`, () => {
      const src = readFileSync(DIR + file, 'utf8');
      const doc = /^\/\*\*([\s\S]*?)\*\//.exec(src);
      expect(doc, `${file} starts with a /** docs comment */`).not.toBeNull();
      expect(doc![1]).toContain(`${id} —`);
      expect(doc![1]).toContain(`Fixtures: test/fixtures/labelled/${id}.txt`);
      expect(doc![1]!.length).toBeGreaterThan(150);
      const d = BUILTIN_DETECTORS.find((x) => x.id === id)!;
      expect(['credential', 'personal-data']).toContain(d.kind);
      expect(d.description.length).toBeGreaterThan(10);
      expect(existsSync(fileURLToPath(new URL(`./fixtures/labelled/${id}.txt`, import.meta.url)))).toBe(true);
      expect(cases.filter((c) => c.detector === id).length).toBeGreaterThanOrEqual(3);
      expect(cases.filter((c) => c.detector === undefined && c.file === `${id}.txt`).length).toBeGreaterThanOrEqual(3);
    });
  }
});
