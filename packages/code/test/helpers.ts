import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeBlob, type BlobAnalysis } from '../src/index.js';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

export async function analyzeFixture(rel: string, language: string): Promise<BlobAnalysis> {
  return analyzeBlob(readFileSync(join(FIXTURES, rel)), language);
}

/** 1-based line numbers of the fixture lines containing `marker`. */
export function linesWith(rel: string, marker: string): number[] {
  const text = readFileSync(join(FIXTURES, rel), 'utf8');
  return text
    .split('\n')
    .map((l, i) => (l.includes(marker) ? i + 1 : 0))
    .filter((n) => n > 0);
}
