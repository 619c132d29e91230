/*
 * Copyright (c) 2019-2025 Acme Network Technology (Beijing) Co., Ltd.
 * Proprietary and confidential.
 *
 * Commercial cryptography (商用密码) suite:
 *   SM2 (GM/T 0003) signatures, SM3 (GM/T 0004) digests, SM4 (GM/T 0002) CBC encryption.
 */
import { sm2, sm3, sm4 } from 'sm-crypto';
import { randomBytes } from 'node:crypto';

const SIGN_OPTIONS = { hash: true, der: true } as const;

export interface Sm2KeyPair {
  privateKey: string;
  publicKey: string;
}

export function generateSm2KeyPair(): Sm2KeyPair {
  return sm2.generateKeyPairHex();
}

/** Keys are provisioned per appliance; the private key never leaves the host. */
export function loadSm2KeyPair(): Sm2KeyPair {
  const privateKey = process.env.ACME_SM2_PRIVATE_KEY;
  const publicKey = process.env.ACME_SM2_PUBLIC_KEY;
  if (!privateKey || !publicKey) {
    throw new Error('ACME_SM2_PRIVATE_KEY and ACME_SM2_PUBLIC_KEY must be provisioned');
  }
  return { privateKey, publicKey };
}

export function sm2Sign(message: string, privateKeyHex: string): string {
  return sm2.doSignature(message, privateKeyHex, SIGN_OPTIONS);
}

export function sm2Verify(message: string, signatureHex: string, publicKeyHex: string): boolean {
  return sm2.doVerifySignature(message, signatureHex, publicKeyHex, SIGN_OPTIONS);
}

export function sm3Digest(message: string): string {
  return sm3(message);
}

export interface Sm4Sealed {
  iv: string;
  data: string;
}

/** SM4-CBC with PKCS#7 padding; key and IV are 128-bit hex strings. */
export function sm4Encrypt(plaintext: string, keyHex: string): Sm4Sealed {
  if (!/^[0-9a-f]{32}$/i.test(keyHex)) throw new RangeError('SM4 key must be 16 bytes (hex)');
  const iv = randomBytes(16).toString('hex');
  const data = sm4.encrypt(plaintext, keyHex, { mode: 'cbc', iv, padding: 'pkcs#7' });
  return { iv, data };
}

export function sm4Decrypt(sealed: Sm4Sealed, keyHex: string): string {
  return sm4.decrypt(sealed.data, keyHex, { mode: 'cbc', iv: sealed.iv, padding: 'pkcs#7' });
}
