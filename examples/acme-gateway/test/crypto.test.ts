import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decrypt, encrypt, sha256Hex } from '../src/crypto/aes.js';
import { generateSm2KeyPair, sm2Sign, sm2Verify, sm3Digest, sm4Decrypt, sm4Encrypt } from '../src/crypto/sm.js';
import { matchUpstream } from '../src/routes/gateway.js';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/customer.json', import.meta.url), 'utf8')) as {
  customers: { id: string; email: string; mobile: string; residentId: string }[];
};

describe('international suite', () => {
  it('AES-256-GCM round-trips a customer record', () => {
    const key = randomBytes(32);
    const record = JSON.stringify(fixture.customers[0]);
    const sealed = encrypt(record, key, Buffer.from('tenant:huaxin-logistics'));
    expect(decrypt(sealed, key, Buffer.from('tenant:huaxin-logistics')).toString('utf8')).toBe(record);
  });

  it('SHA-256 matches the known vector', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('commercial cryptography suite', () => {
  it('SM3 matches the GM/T 0004 vector', () => {
    expect(sm3Digest('abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });

  it('SM4-CBC round-trips the resident-id field', () => {
    const key = randomBytes(16).toString('hex');
    const residentId = fixture.customers[0]?.residentId ?? '';
    expect(residentId).toBe('11010519880512123X');
    expect(sm4Decrypt(sm4Encrypt(residentId, key), key)).toBe(residentId);
  });

  it('SM2 signs and verifies', () => {
    const { privateKey, publicKey } = generateSm2KeyPair();
    const msg = `contact:${fixture.customers[0]?.email}:${fixture.customers[0]?.mobile}`;
    const sig = sm2Sign(msg, privateKey);
    expect(sm2Verify(msg, sig, publicKey)).toBe(true);
    expect(sm2Verify(`${msg}!`, sig, publicKey)).toBe(false);
  });
});

describe('routing', () => {
  it('picks the longest matching prefix', () => {
    const upstreams = [
      { name: 'api', prefix: '/api', target: 'http://api.acme.internal' },
      { name: 'billing', prefix: '/api/billing', target: 'http://billing.acme.internal:9000' },
    ];
    expect(matchUpstream(upstreams, '/api/billing/invoices')?.name).toBe('billing');
    expect(matchUpstream(upstreams, '/apix')).toBeUndefined();
  });
});
