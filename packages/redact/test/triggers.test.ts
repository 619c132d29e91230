import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { detector as secretAssignment } from '../detectors/secret-assignment.js';
import { hasTrigger, TRIGGERS } from '../src/util.js';
import { loadLabelled } from './labelled.js';

/** The reference: each literal by itself, as `i` (without `u`) matches it. */
const REFERENCE = new Map(TRIGGERS.map((w) => [w, new RegExp(w.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&'), 'i')]));
function byRegExp(text: string, word: (typeof TRIGGERS)[number]): boolean {
  return REFERENCE.get(word)!.test(text);
}

// Pieces of triggers in mixed case, and characters that fold to ASCII letters only under Unicode
// rules (long s, Kelvin sign, dotted capital I), which `i` without `u` does not match.
const PIECES = ['gh', 'P_', 'aki', 'A', 'secr', 'ET', 'tok', 'En', '-----Begin ', 'api', '_', '-', 'Key', 'pass', 'W', 'ord', ':/', '/', 'q~', 'ſ', 'K', 'İ', 'é', '😀', ' ', '\n', 'x', 'sg', '.', 'hw'];

describe('hasTrigger', () => {
  test.prop([fc.array(fc.constantFrom(...PIECES), { maxLength: 40 })], { numRuns: 3000, seed: 7 })(
    'finds, case-insensitively, exactly the literals that a regular expression finds',
    (parts) => {
      const text = parts.join('');
      expect(TRIGGERS.filter((w) => hasTrigger(text, w))).toEqual(TRIGGERS.filter((w) => byRegExp(text, w)));
    },
  );

  it('agrees with the regular expressions on every labelled case', () => {
    for (const c of loadLabelled().cases) {
      expect([c.text.slice(0, 40), TRIGGERS.filter((w) => hasTrigger(c.text, w))]).toEqual([c.text.slice(0, 40), TRIGGERS.filter((w) => byRegExp(c.text, w))]);
    }
  });

  it('finds a literal at the very start and the very end of a text', () => {
    expect(hasTrigger('AKIA', 'akia')).toBe(true);
    expect(hasTrigger('x = AKIA', 'akia')).toBe(true);
    expect(hasTrigger('AKI', 'akia')).toBe(false);
    expect(hasTrigger('q', 'q~')).toBe(false);
  });
});

describe('secret-assignment behind its trigger', () => {
  // Every spelling of a key name its pattern accepts must pass the trigger gate.
  const names = ['password', 'PASSWD', 'dbPwd', 'client_secret', 'authToken', 'API_KEY', 'api-key', 'ApiKey', 'access_key', 'ACCESS-KEY', 'accessKey', 'auth_key', 'Auth-Key', 'authkey', 'private_key', 'PRIVATE-KEY', 'privateKey', 'credential'];
  it.each(names)('finds the value assigned to %s', (name) => {
    const found = secretAssignment.detect(`const ${name} = "Xk29fLq81ZpQ";\n`, 'src/a.ts');
    expect(found.map((m) => m.end - m.start)).toEqual([12]);
  });
});
