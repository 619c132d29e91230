/**
 * stripe-key — Stripe secret and restricted API keys and webhook signing secrets.
 *
 * `sk_live_`, `sk_test_`, `rk_live_`, `rk_test_` + 24 or more alphanumerics, and `whsec_` webhook
 * secrets. Publishable keys (`pk_live_…`) are public by design and not reported.
 * Fixtures: test/fixtures/labelled/stripe-key.txt.
 */
import type { Detector, DetectorMatch } from '../src/types.js';
import { execBounded, hasTrigger, isPlaceholder, TOKEN_CHAR } from '../src/util.js';

const KEY = /(?:(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{24,247}|whsec_[0-9A-Za-z]{32,64})(?![A-Za-z0-9_])/g;

export const detector: Detector = {
  id: 'stripe-key',
  kind: 'credential',
  description: 'Stripe secret and restricted keys (sk_live_, rk_live_, sk_test_ …) and webhook secrets (whsec_)',
  detect(text) {
    const out: DetectorMatch[] = [];
    if (!hasTrigger(text, 'k_live_', 'k_test_', 'whsec_')) return out;
    for (const m of execBounded(KEY, text, TOKEN_CHAR)) {
      const body = m[0].slice(m[0].lastIndexOf('_') + 1);
      if (isPlaceholder(body) || /x{6,}|X{6,}/.test(body)) continue;
      out.push({ start: m.index, end: m.index + m[0].length, confidence: 0.97 });
    }
    return out;
  },
};
