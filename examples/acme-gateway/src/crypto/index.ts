/*
 * Copyright (c) 2019-2025 Acme Network Technology (Beijing) Co., Ltd.
 * Proprietary and confidential.
 */
import { decrypt, encrypt, sha256Hex } from './aes.js';
import { sm3Digest, sm4Decrypt, sm4Encrypt } from './sm.js';

export type Suite = 'sm' | 'intl';

/** Digest used for request fingerprints in the audit log. */
export function digest(suite: Suite, data: string): string {
  return suite === 'sm' ? sm3Digest(data) : sha256Hex(data);
}

/** Seal a forwarded payload with the configured suite. `key` is 32 bytes (intl) or 16 bytes (sm). */
export function seal(suite: Suite, plaintext: string, key: Buffer): string {
  if (suite === 'sm') {
    return JSON.stringify({ alg: 'SM4-CBC', ...sm4Encrypt(plaintext, key.subarray(0, 16).toString('hex')) });
  }
  return JSON.stringify({ alg: 'A256GCM', ...encrypt(plaintext, key) });
}

export function open(suite: Suite, sealed: string, key: Buffer): string {
  const parsed = JSON.parse(sealed) as { alg: string; iv: string; tag?: string; data: string };
  if (suite === 'sm') {
    return sm4Decrypt({ iv: parsed.iv, data: parsed.data }, key.subarray(0, 16).toString('hex'));
  }
  return decrypt({ iv: parsed.iv, tag: parsed.tag ?? '', data: parsed.data }, key).toString('utf8');
}
