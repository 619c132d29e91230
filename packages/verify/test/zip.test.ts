import { describe, expect, it } from 'vitest';
import { verifyPath } from '../src/index.js';
import { buildDossier, writeZipBundle } from './helpers.js';

describe('zip bundles', () => {
  it('accepts an untouched zip bundle', async () => {
    const d = await buildDossier();
    const r = await verifyPath(await writeZipBundle(d), { trustedKeys: [d.publicKey] });
    expect(r.issues).toEqual([]);
    expect(r.subject.kind).toBe('bundle');
  });
});
