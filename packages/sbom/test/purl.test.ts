import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dedupeHashes, hashesFromIntegrity, hexHash } from '../src/component.js';
import { makePurl, npmPurl, splitNpmName } from '../src/purl.js';

describe('purls and hashes', () => {
  it('the npm fast path gives the same bytes as packageurl-js', () => {
    const seg = fc.stringMatching(/^[a-z0-9][a-z0-9._~-]{0,20}$/);
    fc.assert(
      fc.property(fc.option(seg, { nil: undefined }), seg, fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._~+-]{0,20}$/), (scope, name, version) => {
        const full = scope ? `@${scope}/${name}` : name;
        const { namespace, name: n } = splitNpmName(full);
        expect(npmPurl(full, version)).toBe(makePurl('npm', namespace, n, version));
      }),
      { numRuns: 500 },
    );
    expect(npmPurl('@babel/core', '7.24.7')).toBe('pkg:npm/%40babel/core@7.24.7');
    expect(npmPurl('Foo Bar', '1.0.0')).toBe(makePurl('npm', undefined, 'Foo Bar', '1.0.0'));
    expect(npmPurl('x', '1.0.0', { vcs_url: 'git+https://h/x.git' })).toBe('pkg:npm/x@1.0.0?vcs_url=git%2Bhttps%3A%2F%2Fh%2Fx.git');
  });

  it('integrity strings become CycloneDX hashes; malformed ones are dropped', () => {
    const sha512 = Buffer.alloc(64, 7).toString('base64');
    const sha1 = Buffer.alloc(20, 9).toString('base64');
    expect(hashesFromIntegrity(`sha512-${sha512} sha1-${sha1}?x=1 md4-abc sha512-short`)).toEqual([
      { alg: 'SHA-1', content: '09'.repeat(20) },
      { alg: 'SHA-512', content: '07'.repeat(64) },
    ]);
    expect(hashesFromIntegrity(undefined)).toEqual([]);
    expect(hexHash('SHA-256', 'AB'.repeat(32))).toEqual({ alg: 'SHA-256', content: 'ab'.repeat(32) });
    expect(hexHash('SHA-256', 'ab')).toBeUndefined();
    expect(dedupeHashes([{ alg: 'MD5', content: 'a' }, { alg: 'MD5', content: 'a' }])).toHaveLength(1);
  });
});
