import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { sm2 } from 'sm-crypto-v2';
import { describe, expect, it } from 'vitest';
import { sm2Sign, sm2Verify } from '../src/sm2.js';

// Independent implementation: sm-crypto-v2 signs and verifies with the GM/T 0009 default user id.
function rawKeys() {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'SM2' });
  const priv = createPrivateKey(privateKey.export({ type: 'pkcs8', format: 'pem' }));
  const pub = createPublicKey(priv);
  const pkcs8 = priv.export({ type: 'pkcs8', format: 'der' });
  const spki = pub.export({ type: 'spki', format: 'der' });
  const dHex = pkcs8.subarray(pkcs8.indexOf(Buffer.from('0420', 'hex'), 30) + 2).subarray(0, 32).toString('hex');
  const pubHex = spki.subarray(spki.length - 65).toString('hex');
  return { priv, pub, dHex, pubHex };
}

describe('SM2 with SM3 and the standard user id', () => {
  it('our signatures verify with sm-crypto-v2, and theirs with ours', () => {
    for (let i = 0; i < 5; i++) {
      const { priv, pub, dHex, pubHex } = rawKeys();
      const msg = Buffer.from(`message ${i} 审查`);
      const ours = sm2Sign(priv, msg);
      expect(sm2.doVerifySignature(new Uint8Array(msg), ours.toString('hex'), pubHex, { hash: true, der: true })).toBe(true);
      const theirs = sm2.doSignature(new Uint8Array(msg), dHex, { hash: true, der: true }) as string;
      expect(sm2Verify(pub, msg, Buffer.from(theirs, 'hex'))).toBe(true);
      expect(sm2Verify(pub, Buffer.from('other'), ours)).toBe(false);
    }
  });

  it('differs from an empty user id (what node:crypto would sign with)', () => {
    const { priv, pub } = rawKeys();
    const sig = sm2Sign(priv, Buffer.from('x'), '');
    expect(sm2Verify(pub, Buffer.from('x'), sig, '')).toBe(true);
    expect(sm2Verify(pub, Buffer.from('x'), sig)).toBe(false);
  });

  it('rejects malformed signatures without throwing', () => {
    const { pub } = rawKeys();
    expect(sm2Verify(pub, Buffer.from('x'), Buffer.from('3000', 'hex'))).toBe(false);
    expect(sm2Verify(pub, Buffer.from('x'), Buffer.from('deadbeef', 'hex'))).toBe(false);
  });
});
