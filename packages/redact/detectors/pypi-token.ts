/**
 * pypi-token — PyPI and TestPyPI API tokens.
 *
 * Macaroon tokens `pypi-AgEIcHlwaS5vcmc…` (PyPI) and `pypi-AgENdGVzdC5weXBpLm9yZw…` (TestPyPI): the
 * base64 of the issuer follows `pypi-Ag`, then at least 50 more base64url characters.
 * Fixtures: test/fixtures/labelled/pypi-token.txt.
 */
import type { Detector, DetectorMatch } from '../src/types.js';
import { execBounded, hasTrigger, TOKEN_DASH_CHAR } from '../src/util.js';

const TOKEN = /pypi-Ag(?:EIcHlwaS5vcmc|ENdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,1000}(?![A-Za-z0-9_-])/g;

export const detector: Detector = {
  id: 'pypi-token',
  kind: 'credential',
  description: 'PyPI and TestPyPI API tokens (pypi-AgEIcHlwaS5vcmc…)',
  detect(text) {
    const out: DetectorMatch[] = [];
    if (!hasTrigger(text, 'pypi-ag')) return out;
    for (const m of execBounded(TOKEN, text, TOKEN_DASH_CHAR)) out.push({ start: m.index, end: m.index + m[0].length, confidence: 0.99 });
    return out;
  },
};
