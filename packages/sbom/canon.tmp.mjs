import { canonicalize } from '@shencha/core';
import { readFileSync } from 'node:fs';
const doc = JSON.parse(readFileSync('/tmp/s20k.out.json', 'utf8'));
const sortReplacer = (_k, v) => {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
  const out = {};
  for (const k of Object.keys(v).sort()) out[k] = v[k];
  return out;
};
for (let i = 0; i < 3; i++) {
  let t = performance.now(); const a = canonicalize(doc); const ta = performance.now() - t;
  t = performance.now(); const b = JSON.stringify(doc, sortReplacer); const tb = performance.now() - t;
  console.log('core', ta.toFixed(0), 'replacer', tb.toFixed(0), a === b, a.length);
}
