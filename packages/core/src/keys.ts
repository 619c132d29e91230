import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  sign as nodeSign,
  verify as nodeVerify,
  type KeyObject,
} from 'node:crypto';
import { sha256Hex } from './hash.js';
import { ShenchaError } from './issues.js';
import { isSm2Key, sm2Sign, sm2Verify } from './sm2.js';

/** Signature algorithms of DESIGN.md. ed25519 is deterministic; the others are randomised. */
export type SignatureAlgorithm = 'ed25519' | 'ecdsa-p256-sha256' | 'sm2-sm3';
export const SIGNATURE_ALGORITHMS: readonly SignatureAlgorithm[] = ['ed25519', 'ecdsa-p256-sha256', 'sm2-sm3'];

export interface SigningKey {
  alg: SignatureAlgorithm;
  keyid: string;
  privateKey: KeyObject;
  publicKeyPem: string;
}

export interface PublicKeyInfo {
  alg: SignatureAlgorithm;
  keyid: string;
  publicKeyPem: string;
}

export interface TrustRoot {
  keys: PublicKeyInfo[];
}

export interface GeneratedKeyPair {
  alg: SignatureAlgorithm;
  keyid: string;
  privateKeyPem: string;
  publicKeyPem: string;
}

/** key id = lowercase hex sha256 of the SPKI DER. */
export function keyIdOf(publicKey: KeyObject): string {
  return sha256Hex(publicKey.export({ type: 'spki', format: 'der' }));
}

export function generateSigningKeyPair(alg: SignatureAlgorithm = 'ed25519', passphrase?: string): GeneratedKeyPair {
  const enc = passphrase ? { cipher: 'aes-256-cbc', passphrase } : {};
  let privateKeyPem: string;
  let publicKeyPem: string;
  if (alg === 'ed25519') {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem', ...enc }) as string;
    publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }) as string;
  } else if (alg === 'ecdsa-p256-sha256') {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem', ...enc }) as string;
    publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }) as string;
  } else {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'SM2' });
    privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem', ...enc }) as string;
    publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }) as string;
  }
  return { alg, keyid: keyIdOf(createPublicKey(publicKeyPem)), privateKeyPem, publicKeyPem };
}

/** Detects the algorithm of a key from its type and curve. */
export function algorithmOf(key: KeyObject): SignatureAlgorithm {
  if (key.asymmetricKeyType === 'ed25519') return 'ed25519';
  if ((key.asymmetricKeyType as string) === 'sm2' || (key.asymmetricKeyType === undefined && isSm2Key(key))) return 'sm2-sm3';
  if (key.asymmetricKeyType === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (curve === 'prime256v1') return 'ecdsa-p256-sha256';
    if (curve === 'SM2') return 'sm2-sm3';
  }
  throw new ShenchaError(
    'CORE_KEY_UNSUPPORTED',
    `unsupported key type ${key.asymmetricKeyType ?? 'unknown'}`,
    { howToFix: 'use a key made by `shencha keygen` (ed25519, ecdsa-p256-sha256 or sm2-sm3)' },
  );
}

/** Loads a PKCS#8 PEM private key, decrypting it with SHENCHA_KEY_PASSPHRASE when it is encrypted. */
export function loadSigningKey(pem: string, passphrase = process.env['SHENCHA_KEY_PASSPHRASE']): SigningKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(passphrase ? { key: pem, format: 'pem', passphrase } : { key: pem, format: 'pem' });
  } catch (cause) {
    const encrypted = pem.includes('ENCRYPTED');
    throw new ShenchaError(
      'CORE_KEY_UNREADABLE',
      encrypted && !passphrase
        ? 'the signing key is encrypted and SHENCHA_KEY_PASSPHRASE is not set'
        : `the signing key could not be read: ${(cause as Error).message}`,
      { cause, howToFix: 'pass a PKCS#8 PEM private key made by `shencha keygen`' },
    );
  }
  const publicKey = createPublicKey(privateKey);
  return {
    alg: algorithmOf(privateKey),
    keyid: keyIdOf(publicKey),
    privateKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }) as string,
  };
}

export function loadPublicKey(pem: string): PublicKeyInfo {
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({ key: pem, format: 'pem' });
  } catch (cause) {
    throw new ShenchaError('CORE_KEY_UNREADABLE', `the public key could not be read: ${(cause as Error).message}`, {
      cause,
      howToFix: 'pass an SPKI PEM public key (the .pub.pem file written by `shencha keygen`)',
    });
  }
  return {
    alg: algorithmOf(publicKey),
    keyid: keyIdOf(publicKey),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }) as string,
  };
}

export function signBytes(key: SigningKey, data: Uint8Array): Buffer {
  switch (key.alg) {
    case 'ed25519':
      return nodeSign(null, data, key.privateKey);
    case 'ecdsa-p256-sha256':
      return nodeSign('sha256', data, key.privateKey);
    case 'sm2-sm3':
      // Node's own SM2 signs with an empty user id; the standard one needs sm2.ts.
      return sm2Sign(key.privateKey, data);
  }
}

export function verifyBytes(key: PublicKeyInfo, data: Uint8Array, signature: Uint8Array): boolean {
  const publicKey = createPublicKey(key.publicKeyPem);
  try {
    switch (key.alg) {
      case 'ed25519':
        return nodeVerify(null, data, publicKey, signature);
      case 'ecdsa-p256-sha256':
        return nodeVerify('sha256', data, publicKey, signature);
      case 'sm2-sm3':
        return sm2Verify(publicKey, data, signature);
    }
  } catch {
    return false;
  }
}

/** The commitment key: 32 random bytes for HMAC commitments of redacted spans. Never enters a dossier. */
export function generateCommitmentKey(): Buffer {
  return randomBytes(32);
}

const COMMITMENT_HEADER = '# shencha commitment key (HMAC, 32 bytes hex). Secret: keep it out of every dossier.';

export function formatCommitmentKey(key: Uint8Array): string {
  return `${COMMITMENT_HEADER}\n${Buffer.from(key).toString('hex')}\n`;
}

export function parseCommitmentKey(text: string): Buffer {
  const line = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l !== '' && !l.startsWith('#'));
  if (!line || !/^[0-9a-fA-F]{64}$/.test(line)) {
    throw new ShenchaError('CORE_KEY_UNREADABLE', 'the commitment key file does not hold 64 hex digits', {
      howToFix: 'make one with `shencha keygen`',
    });
  }
  return Buffer.from(line, 'hex');
}

export function parseTrustRoot(doc: unknown): TrustRoot {
  const keys = (doc as { keys?: unknown })?.keys;
  if (!Array.isArray(keys) || keys.length === 0) {
    throw new ShenchaError('CORE_TRUST_ROOT_INVALID', 'the trust root must be {keys: [{keyid, alg, publicKeyPem}]}');
  }
  return {
    keys: keys.map((k: { keyid?: unknown; publicKeyPem?: unknown }, i: number) => {
      if (typeof k?.publicKeyPem !== 'string') {
        throw new ShenchaError('CORE_TRUST_ROOT_INVALID', `trust root key ${i} has no publicKeyPem`);
      }
      const info = loadPublicKey(k.publicKeyPem);
      if (typeof k.keyid === 'string' && k.keyid !== info.keyid) {
        throw new ShenchaError('CORE_TRUST_ROOT_INVALID', `trust root key ${i}: keyid does not match its public key`);
      }
      return info;
    }),
  };
}
