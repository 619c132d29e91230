import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { digitRuns, digitRunsByLoop } from '../src/util.js';
import { loadLabelled } from './labelled.js';

// Digits, near-digits (full-width and Arabic-Indic digits are not ASCII digits), separators, astral characters.
const PIECES = ['0', '1', '9', '12', '1234', '5678901234', ' ', '-', 'a', '\n', '０', '٣', '😀', 'é', '.', 'x9'];

describe('digitRuns', () => {
  test.prop([fc.array(fc.constantFrom(...PIECES), { maxLength: 60 })], { numRuns: 2000, seed: 11 })(
    'finds the same maximal runs of four or more ASCII digits as a plain loop',
    (parts) => {
      const text = parts.join('');
      expect([...digitRuns(text)]).toEqual([...digitRunsByLoop(text)]);
    },
  );

  it('agrees with the loop on every labelled case, and finds runs in them', () => {
    let runs = 0;
    for (const c of loadLabelled().cases) {
      const got = digitRuns(c.text);
      expect([...got]).toEqual([...digitRunsByLoop(c.text)]);
      runs += got.length / 2;
    }
    expect(runs).toBeGreaterThan(10);
  });
});
