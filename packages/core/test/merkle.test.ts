import { createHash } from 'node:crypto';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { comparePathBytes, inclusionProof, leafHash, merkleRoot, verifyInclusion, type MerkleLeaf } from '../src/merkle.js';

const leaf = (i: number): MerkleLeaf => ({ path: `f${String(i).padStart(3, '0')}`, sha256: createHash('sha256').update(String(i)).digest('hex') });

describe('RFC 6962 Merkle tree', () => {
  it('hashes a leaf as SHA-256(0x00 ‖ path ‖ 0x00 ‖ hex digest)', () => {
    const l = { path: 'a.txt', sha256: 'ab'.repeat(32) };
    const expected = createHash('sha256').update(Buffer.concat([Buffer.from([0]), Buffer.from('a.txt'), Buffer.from([0]), Buffer.from('ab'.repeat(32))])).digest();
    expect(leafHash(l).equals(expected)).toBe(true);
  });

  it('has the empty-tree root of RFC 6962 and a single leaf as its own root', () => {
    expect(merkleRoot([])).toBe(createHash('sha256').digest('hex'));
    expect(merkleRoot([leaf(1)])).toBe(leafHash(leaf(1)).toString('hex'));
  });

  it('splits at the largest power of two below n', () => {
    const [a, b, c] = [leaf(0), leaf(1), leaf(2)].map(leafHash) as [Buffer, Buffer, Buffer];
    const node = (x: Buffer, y: Buffer) => createHash('sha256').update(Buffer.from([1])).update(x).update(y).digest();
    expect(merkleRoot([leaf(2), leaf(0), leaf(1)])).toBe(node(node(a, b), c).toString('hex'));
  });

  it('is independent of input order', () => {
    const leaves = Array.from({ length: 13 }, (_, i) => leaf(i));
    expect(merkleRoot([...leaves].reverse())).toBe(merkleRoot(leaves));
  });

  it('proves and verifies inclusion for every leaf of trees of many sizes', () => {
    for (let n = 1; n <= 33; n++) {
      const leaves = Array.from({ length: n }, (_, i) => leaf(i));
      const root = merkleRoot(leaves);
      for (const l of leaves) {
        const proof = inclusionProof(leaves, l.path)!;
        expect(verifyInclusion(l, proof, root)).toBe(true);
        expect(verifyInclusion({ ...l, sha256: 'cd'.repeat(32) }, proof, root)).toBe(false);
        if (proof.path.length) {
          const tampered = { ...proof, path: [...proof.path] };
          tampered.path[0] = 'ee'.repeat(32);
          expect(verifyInclusion(l, tampered, root)).toBe(false);
        }
      }
    }
  });

  it('rejects proofs with a wrong index or size', () => {
    const leaves = Array.from({ length: 7 }, (_, i) => leaf(i));
    const root = merkleRoot(leaves);
    const proof = inclusionProof(leaves, 'f006')!;
    expect(verifyInclusion(leaf(6), proof, root)).toBe(true);
    expect(verifyInclusion(leaf(6), { ...proof, leafIndex: 5 }, root)).toBe(false);
    expect(verifyInclusion(leaf(6), { ...proof, treeSize: 8 }, root)).toBe(false);
    expect(verifyInclusion(leaf(6), { ...proof, leafIndex: 7 }, root)).toBe(false);
    expect(verifyInclusion(leaf(6), { ...proof, leafIndex: -1 }, root)).toBe(false);
  });
});

describe('comparePathBytes', () => {
  // ASCII, Latin-1, the top of the BMP (above the surrogates), U+FFFD, lone surrogate halves and astral pairs.
  const PIECES = ['a', 'b', '/', '.', 'é', '\u00ff', '\ue000', '\uffff', '\ufffd', '\ud83d', '\ude00', '\ud83d\ude00', '\ud800\udc00', '中'];
  const byBytes = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

  test.prop([fc.array(fc.constantFrom(...PIECES), { maxLength: 8 }), fc.array(fc.constantFrom(...PIECES), { maxLength: 8 })], { numRuns: 20000, seed: 5 })(
    'orders any two strings exactly as Buffer.compare orders their UTF-8 encodings',
    (x, y) => {
      const a = x.join('');
      const b = y.join('');
      expect(comparePathBytes(a, b)).toBe(byBytes(a, b));
      expect(comparePathBytes(b, a)).toBe(byBytes(b, a));
    },
  );

  it('puts a code point above U+FFFF after U+E000..U+FFFF, as UTF-8 does', () => {
    expect(comparePathBytes('\ud83d\ude00', '\uffff')).toBe(1);
    expect(comparePathBytes('a/b', 'a.txt')).toBe(1);
    expect(comparePathBytes('a', 'a')).toBe(0);
  });
});
