import type { CryptoPrimitive } from './types.js';

/** An algorithm as the CBOM wants it: normalised name, family, primitive, mode and key size when known. */
export interface Algorithm {
  algorithm: string;
  family: string;
  primitive: CryptoPrimitive;
  mode?: string;
  keySize?: number;
}

const HASHES: [RegExp, string, string][] = [
  [/^SHA-?(224|256|384|512)$/, 'SHA-$1', 'SHA-2'],
  [/^SHA-?512[-/](224|256)$/, 'SHA-512/$1', 'SHA-2'],
  [/^SHA-?1$|^SHA$/, 'SHA-1', 'SHA-1'],
  [/^SHA3-?(224|256|384|512)$/, 'SHA3-$1', 'SHA-3'],
  [/^SHAKE-?(128|256)$/, 'SHAKE$1', 'SHA-3'],
  [/^MD5$/, 'MD5', 'MD5'],
  [/^MD4$/, 'MD4', 'MD4'],
  [/^MD2$/, 'MD2', 'MD2'],
  [/^SM3$/, 'SM3', 'SM3'],
  [/^RIPEMD-?160$|^RMD160$/, 'RIPEMD-160', 'RIPEMD'],
  [/^BLAKE2B(-?512)?$/, 'BLAKE2b-512', 'BLAKE2'],
  [/^BLAKE2S(-?256)?$/, 'BLAKE2s-256', 'BLAKE2'],
  [/^BLAKE3$/, 'BLAKE3', 'BLAKE3'],
  [/^WHIRLPOOL$/, 'Whirlpool', 'Whirlpool'],
  [/^GOST-?R?-?34\.11/, 'GOST R 34.11', 'GOST'],
];

/** Hash name → normalised hash, or undefined. Accepts sha256, SHA-256, SHA_256, sm3, sha3_256, … */
export function normalizeHash(raw: string): { algorithm: string; family: string } | undefined {
  const u = canon(raw);
  for (const [re, name, family] of HASHES) {
    const m = re.exec(u);
    if (m) return { algorithm: name.replace('$1', m[1] ?? ''), family };
  }
  return undefined;
}

const BLOCK: [RegExp, string][] = [
  [/^AES$/, 'AES'],
  [/^SM4$|^SMS4$/, 'SM4'],
  [/^DES$/, 'DES'],
  [/^(3DES|DESEDE|DES-EDE3?|TRIPLEDES|TDEA|DES3)$/, '3DES'],
  [/^(BLOWFISH|BF)$/, 'Blowfish'],
  [/^CAST5?(-128)?$/, 'CAST5'],
  [/^RC2$/, 'RC2'],
  [/^IDEA$/, 'IDEA'],
  [/^SEED$/, 'SEED'],
  [/^ARIA$/, 'ARIA'],
  [/^CAMELLIA$/, 'Camellia'],
  [/^TWOFISH$/, 'Twofish'],
  [/^SERPENT$/, 'Serpent'],
  [/^GOST28147$|^KUZNYECHIK$|^MAGMA$/, 'GOST'],
];

const MODES = new Set(['ECB', 'CBC', 'CFB', 'CFB1', 'CFB8', 'CFB128', 'OFB', 'CTR', 'GCM', 'CCM', 'XTS', 'OCB', 'SIV', 'GCM-SIV', 'KW', 'KWP', 'WRAP', 'EAX', 'CTS', 'PCBC']);

function blockFamily(u: string): string | undefined {
  for (const [re, fam] of BLOCK) if (re.test(u)) return fam;
  return undefined;
}

function cipherName(family: string, keySize: number | undefined, mode: string | undefined): string {
  return [family, keySize, mode].filter((x) => x !== undefined && x !== '').join('-');
}

/**
 * A cipher spec in OpenSSL (`aes-256-gcm`, `sm4-cbc`, `des-ede3-cbc`), JCA (`AES/GCM/NoPadding`),
 * WebCrypto (`AES-GCM`) or bare (`AES`, `SM4`, `chacha20-poly1305`) form.
 */
export function normalizeCipher(raw: string): Algorithm | undefined {
  let u = canon(raw);
  if (u.includes('/')) {
    const [alg = '', mode = '', padding = ''] = u.split('/');
    if (alg === 'RSA' || alg === 'SM2' || alg === 'EC' || alg === 'ECIES') {
      const pk = normalizePublicKey(alg, undefined, 'pke');
      if (pk) return padding && padding !== 'NOPADDING' ? { ...pk, mode: padding.replace(/PADDING$/, '') } : pk;
    }
    const base = normalizeCipher(alg);
    if (!base) return undefined;
    if (base.primitive !== 'block-cipher' || !MODES.has(mode)) return base;
    return { ...base, algorithm: cipherName(base.family, base.family === 'SM4' ? undefined : base.keySize, mode), mode };
  }
  u = u.replace(/^ID-/, '');
  if (/^(CHACHA20-POLY1305|CHACHA20POLY1305|XCHACHA20-POLY1305)$/.test(u)) return { algorithm: u.startsWith('X') ? 'XChaCha20-Poly1305' : 'ChaCha20-Poly1305', family: 'ChaCha20', primitive: 'stream-cipher', mode: 'AEAD' };
  if (/^X?CHACHA(20)?$/.test(u)) return { algorithm: u.startsWith('X') ? 'XChaCha20' : 'ChaCha20', family: 'ChaCha20', primitive: 'stream-cipher' };
  if (/^(RC4|ARCFOUR|ARC4)(-\d+)?$/.test(u)) return { algorithm: 'RC4', family: 'RC4', primitive: 'stream-cipher' };
  if (/^SALSA20$/.test(u)) return { algorithm: 'Salsa20', family: 'Salsa20', primitive: 'stream-cipher' };
  const zuc = /^(?:ZUC|EEA3|128-EEA3)(?:-?(128|256))?$/.exec(u);
  if (zuc) return zuc[1] ? { algorithm: `ZUC-${zuc[1]}`, family: 'ZUC', primitive: 'stream-cipher', keySize: Number(zuc[1]) } : { algorithm: 'ZUC', family: 'ZUC', primitive: 'stream-cipher' };
  if (u === 'DES-EDE3' || u === 'DES-EDE') return { algorithm: '3DES', family: '3DES', primitive: 'block-cipher', keySize: u === 'DES-EDE3' ? 168 : 112 };
  const ede = /^DES-EDE3?-(\w+)$/.exec(u);
  if (ede && MODES.has(ede[1]!)) return { algorithm: `3DES-${ede[1]}`, family: '3DES', primitive: 'block-cipher', mode: ede[1]! };
  // AES-256-GCM, AES256-GCM, AES_256_GCM, AES-GCM, AES256, SM4-CBC, CAMELLIA-128-CBC, BF-CBC
  const m = /^([A-Z0-9]+?)-?(128|192|256)?(?:-([A-Z0-9-]+))?$/.exec(u);
  if (m) {
    const family = blockFamily(m[1]!);
    if (family) {
      const keySize = m[2] ? Number(m[2]) : family === 'SM4' ? 128 : undefined;
      const mode = m[3] && (MODES.has(m[3]) || MODES.has(m[3].replace(/-?(HMAC-)?SHA\d+$/, ''))) ? m[3] : undefined;
      if (m[3] && !mode) return undefined;
      const alg: Algorithm = { algorithm: cipherName(family, family === 'SM4' ? undefined : keySize, mode), family, primitive: 'block-cipher' };
      if (mode) alg.mode = mode;
      if (keySize !== undefined) alg.keySize = keySize;
      return alg;
    }
  }
  return undefined;
}

const CURVES: [RegExp, string][] = [
  [/^(P-?256|PRIME256V1|SECP256R1|NISTP256|ES256)$/, 'P256'],
  [/^(P-?384|SECP384R1|NISTP384|ES384)$/, 'P384'],
  [/^(P-?521|SECP521R1|NISTP521|ES512)$/, 'P521'],
  [/^(P-?224|SECP224R1)$/, 'P224'],
  [/^SECP256K1$/, 'secp256k1'],
  [/^(SM2|SM2P256V1|SM2P256)$/, 'SM2'],
  [/^BRAINPOOLP(\d+)[RT]1$/, 'brainpool'],
];

export function normalizeCurve(raw: string): string | undefined {
  const u = canon(raw);
  for (const [re, name] of CURVES) if (re.test(u)) return name === 'brainpool' ? raw : name;
  return undefined;
}

/**
 * Public-key algorithms: RSA, EC/ECDSA/ECDH, Ed25519, X25519, DSA, DH, SM2, SM9.
 * `size` is an RSA modulus length or a curve name.
 */
export function normalizePublicKey(raw: string, size: number | string | undefined, hint?: CryptoPrimitive): Algorithm | undefined {
  const u = canon(raw);
  if (u === 'SM2' || u === 'SM2DSA' || u === 'SM2SIGN' || u === 'SM3WITHSM2' || u === 'SM2-WITH-SM3') return { algorithm: 'SM2', family: 'SM2', primitive: hint ?? 'signature', keySize: 256 };
  if (u === 'SM9') return { algorithm: 'SM9', family: 'SM9', primitive: hint ?? 'signature' };
  if (/^RSA(-PSS|-OAEP|SSA-PKCS1-V1-5|SSA-PSS|-PKCS1)?$|^RSA-?\d{3,5}$/.test(u)) {
    const bits = typeof size === 'number' ? size : /(\d{3,5})$/.exec(u) ? Number(/(\d{3,5})$/.exec(u)![1]) : undefined;
    const primitive: CryptoPrimitive = u.includes('OAEP') ? 'pke' : u.includes('PSS') || u.startsWith('RSASSA') ? 'signature' : hint ?? 'pke';
    const alg: Algorithm = { algorithm: bits ? `RSA-${bits}` : 'RSA', family: 'RSA', primitive };
    if (u.includes('OAEP')) alg.mode = 'OAEP';
    else if (u.includes('PSS')) alg.mode = 'PSS';
    if (bits) alg.keySize = bits;
    return alg;
  }
  if (/^(EC|ECDSA|ECDH|ECDHE|ECC|ELLIPTICCURVE)$/.test(u)) {
    const curve = typeof size === 'string' ? normalizeCurve(size) : undefined;
    if (curve === 'SM2') return { algorithm: 'SM2', family: 'SM2', primitive: u.startsWith('ECDH') ? 'key-agree' : hint ?? 'signature', keySize: 256 };
    const isDh = u.startsWith('ECDH');
    const name = isDh ? 'ECDH' : 'ECDSA';
    const alg: Algorithm = { algorithm: curve ? `${name}-${curve}` : name, family: 'EC', primitive: isDh ? 'key-agree' : hint ?? 'signature' };
    const bits = curve ? /(\d{3})/.exec(curve)?.[1] : undefined;
    if (bits) alg.keySize = Number(bits);
    return alg;
  }
  if (u === 'ED25519' || u === 'EDDSA') return { algorithm: 'Ed25519', family: 'EdDSA', primitive: 'signature', keySize: 256 };
  if (u === 'ED448') return { algorithm: 'Ed448', family: 'EdDSA', primitive: 'signature', keySize: 448 };
  if (u === 'X25519') return { algorithm: 'X25519', family: 'ECDH', primitive: 'key-agree', keySize: 256 };
  if (u === 'X448') return { algorithm: 'X448', family: 'ECDH', primitive: 'key-agree', keySize: 448 };
  if (u === 'DSA') {
    const alg: Algorithm = { algorithm: typeof size === 'number' ? `DSA-${size}` : 'DSA', family: 'DSA', primitive: 'signature' };
    if (typeof size === 'number') alg.keySize = size;
    return alg;
  }
  if (u === 'DH' || u === 'DIFFIEHELLMAN' || u === 'FFDH') return { algorithm: 'DH', family: 'DH', primitive: 'key-agree' };
  return undefined;
}

/** `SHA256withRSA`, `SM3withSM2`, `SHA256withECDSA`, `RSA-SHA256`, `ecdsa-with-SHA256`. */
export function normalizeSignature(raw: string): Algorithm | undefined {
  const u = canon(raw);
  const m = /^([A-Z0-9-]+?)WITH([A-Z0-9]+)(?:\/PSS|ANDMGF1)?$/.exec(u);
  if (m) {
    const hash = normalizeHash(m[1]!);
    const key = m[2]!;
    if (key === 'SM2') return { algorithm: 'SM2', family: 'SM2', primitive: 'signature', keySize: 256 };
    const pk = normalizePublicKey(key, undefined, 'signature');
    if (!pk) return undefined;
    const hashPart = hash ? hash.algorithm.replace('SHA-', 'SHA') : m[1]!;
    const alg: Algorithm = { algorithm: `${pk.algorithm}-${hashPart}`, family: pk.family, primitive: 'signature' };
    if (u.endsWith('/PSS') || u.includes('ANDMGF1')) alg.mode = 'PSS';
    return alg;
  }
  const r = /^(RSA|ECDSA|DSA)-(?:WITH-)?(SHA-?\d+|SM3|MD5)$/.exec(u);
  if (r) {
    const hash = normalizeHash(r[2]!);
    if (r[2] === 'SM3' && r[1] === 'ECDSA') return undefined;
    const family = r[1] === 'ECDSA' ? 'EC' : r[1]!;
    return { algorithm: `${r[1]}-${(hash?.algorithm ?? r[2]!).replace('SHA-', 'SHA')}`, family, primitive: 'signature' };
  }
  return undefined;
}

/** HMAC over a named hash: `HMAC-SHA256`, `HmacSHA256`, `hmac-sm3`, or HMAC with a separate hash name. */
export function normalizeMac(raw: string, hashName?: string): Algorithm | undefined {
  const u = canon(raw);
  if (u === 'HMAC' || u === 'HMAC-') {
    const h = hashName ? normalizeHash(hashName) : undefined;
    return { algorithm: h ? `HMAC-${h.algorithm.replace('SHA-', 'SHA')}` : 'HMAC', family: 'HMAC', primitive: 'mac' };
  }
  const m = /^HMAC-?(.+)$/.exec(u);
  if (m) {
    const h = normalizeHash(m[1]!);
    if (h) return { algorithm: `HMAC-${h.algorithm.replace('SHA-', 'SHA')}`, family: 'HMAC', primitive: 'mac' };
  }
  if (/^(AES-?)?CMAC$|^CMAC-AES/.test(u)) return { algorithm: 'AES-CMAC', family: 'CMAC', primitive: 'mac' };
  if (u === 'GMAC' || u === 'AES-GMAC') return { algorithm: 'AES-GMAC', family: 'GMAC', primitive: 'mac' };
  if (u === 'POLY1305') return { algorithm: 'Poly1305', family: 'Poly1305', primitive: 'mac' };
  if (u === 'SM4-CMAC' || u === 'SM4CMAC') return { algorithm: 'SM4-CMAC', family: 'SM4', primitive: 'mac' };
  return undefined;
}

export function normalizeKdf(raw: string, hashName?: string): Algorithm | undefined {
  const u = canon(raw);
  const pb = /^PBKDF2(?:WITHHMAC-?(.+))?$/.exec(u);
  if (pb) {
    const h = normalizeHash(pb[1] ?? hashName ?? '');
    return { algorithm: h ? `PBKDF2-HMAC-${h.algorithm.replace('SHA-', 'SHA')}` : 'PBKDF2', family: 'PBKDF2', primitive: 'kdf' };
  }
  if (u === 'SCRYPT') return { algorithm: 'scrypt', family: 'scrypt', primitive: 'kdf' };
  if (/^ARGON2(I|D|ID)?$/.test(u)) return { algorithm: u === 'ARGON2' ? 'Argon2' : `Argon2${u.slice(6).toLowerCase()}`, family: 'Argon2', primitive: 'kdf' };
  if (u === 'BCRYPT') return { algorithm: 'bcrypt', family: 'bcrypt', primitive: 'kdf' };
  if (u === 'HKDF') {
    const h = hashName ? normalizeHash(hashName) : undefined;
    return { algorithm: h ? `HKDF-${h.algorithm.replace('SHA-', 'SHA')}` : 'HKDF', family: 'HKDF', primitive: 'kdf' };
  }
  return undefined;
}

/** Any algorithm name found as a string argument of a crypto API, tried in the order that avoids ambiguity. */
export function normalizeAny(raw: string, hint?: CryptoPrimitive): Algorithm | undefined {
  if (raw.length > 60 || !/^[\w./ -]+$/.test(raw)) return undefined;
  const u = canon(raw);
  if (hint === 'hash') {
    const h = normalizeHash(raw);
    if (h) return { ...h, primitive: 'hash' };
  }
  const sig = normalizeSignature(raw);
  if (sig) return sig;
  const mac = normalizeMac(raw);
  if (mac && u !== 'HMAC') return mac;
  const kdf = normalizeKdf(raw);
  if (kdf) return kdf;
  const h = normalizeHash(raw);
  if (h) return { ...h, primitive: 'hash' };
  const c = normalizeCipher(raw);
  if (c) return c;
  const pk = normalizePublicKey(raw, undefined, hint);
  if (pk) return pk;
  if (u === 'HMAC') return { algorithm: 'HMAC', family: 'HMAC', primitive: 'mac' };
  if (/^(SHA1PRNG|DRBG|CTR-DRBG|HASH-DRBG|HMAC-DRBG|NATIVEPRNG)$/.test(u)) return { algorithm: raw, family: 'DRBG', primitive: 'drbg' };
  return undefined;
}

/** Upper case with `_` and spaces as `-`; keeps `/` (JCA transformations) and `.`. */
function canon(raw: string): string {
  return raw.trim().toUpperCase().replace(/[_ ]/g, '-');
}
