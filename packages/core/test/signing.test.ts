import { describe, expect, it } from 'vitest';
import { pae, signEnvelope, verifyEnvelope } from '../src/dsse.js';
import { formatCommitmentKey, generateCommitmentKey, generateSigningKeyPair, loadPublicKey, loadSigningKey, parseCommitmentKey, SIGNATURE_ALGORITHMS } from '../src/keys.js';

describe('DSSE envelopes', () => {
  it('encodes PAE as the DSSE spec says', () => {
    expect(pae('http://example.com/HelloWorld', Buffer.from('hello world')).toString()).toBe('DSSEv1 29 http://example.com/HelloWorld 11 hello world');
  });

  for (const alg of SIGNATURE_ALGORITHMS) {
    it(`signs and verifies with ${alg}, rejecting other keys and payloads`, () => {
      const pair = generateSigningKeyPair(alg);
      const key = loadSigningKey(pair.privateKeyPem);
      expect(key.alg).toBe(alg);
      expect(key.keyid).toBe(pair.keyid);
      const env = signEnvelope('application/vnd.in-toto+json', Buffer.from('{"a":1}'), key);
      const pub = loadPublicKey(pair.publicKeyPem);
      const ok = verifyEnvelope(env, [pub]);
      expect(ok.ok).toBe(true);
      const other = loadPublicKey(generateSigningKeyPair(alg).publicKeyPem);
      expect(verifyEnvelope(env, [other])).toMatchObject({ ok: false, reason: 'unknown-key' });
      const forged = { ...env, payload: Buffer.from('{"a":2}').toString('base64') };
      expect(verifyEnvelope(forged, [pub])).toMatchObject({ ok: false, reason: 'bad-signature' });
      expect(verifyEnvelope({ payload: 1 }, [pub])).toMatchObject({ ok: false, reason: 'malformed' });
    });
  }

  it('ed25519 signatures are deterministic', () => {
    const key = loadSigningKey(generateSigningKeyPair('ed25519').privateKeyPem);
    const a = signEnvelope('t', Buffer.from('x'), key);
    const b = signEnvelope('t', Buffer.from('x'), key);
    expect(a).toEqual(b);
  });

  it('reads encrypted private keys with the passphrase and refuses them without it', () => {
    const pair = generateSigningKeyPair('ed25519', 'correct horse');
    expect(pair.privateKeyPem).toContain('ENCRYPTED');
    expect(loadSigningKey(pair.privateKeyPem, 'correct horse').keyid).toBe(pair.keyid);
    expect(() => loadSigningKey(pair.privateKeyPem, '')).toThrow(/SHENCHA_KEY_PASSPHRASE/);
  });

  it('round-trips the commitment key file', () => {
    const k = generateCommitmentKey();
    expect(parseCommitmentKey(formatCommitmentKey(k)).equals(k)).toBe(true);
    expect(() => parseCommitmentKey('nothing')).toThrow();
  });
});
