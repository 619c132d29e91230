import {
  normalizeAny,
  normalizeCipher,
  normalizeHash,
  normalizeKdf,
  normalizeMac,
  normalizePublicKey,
  normalizeSignature,
  type Algorithm,
} from '../algorithms.js';
import { cryptoFact, hostPortText, listenerFact, outboundFact } from '../facts.js';
import { isHostname, isUrl } from '../endpoints.js';
import type { CryptoPrimitive } from '../types.js';
import { consume, importsAnyOf, skipNested, type Arg, type Call, type LangContext } from './engine.js';

export function emit(ctx: LangContext, call: Call, alg: Algorithm | undefined, api: string, library: string | undefined): boolean {
  if (!alg) return false;
  ctx.crypto.push(cryptoFact(alg, api, library, call.line, call.column));
  return true;
}

export function hashAlg(name: string | undefined): Algorithm | undefined {
  const h = name ? normalizeHash(name) : undefined;
  return h ? { ...h, primitive: 'hash' } : undefined;
}

export function lastSegment(s: string): string {
  const i = s.lastIndexOf('.');
  return i < 0 ? s : s.slice(i + 1);
}

/** `a.b.C.getInstance` → `C.getInstance`. */
export function tail2(s: string): string {
  const parts = s.split('.');
  return parts.slice(-2).join('.');
}

const JCA_FACTORIES: Record<string, (s: string) => Algorithm | undefined> = {
  Cipher: (s) => normalizeCipher(s) ?? normalizeAny(s),
  MessageDigest: (s) => hashAlg(s),
  Mac: (s) => normalizeMac(s) ?? normalizeAny(s),
  Signature: (s) => normalizeSignature(s) ?? normalizeAny(s, 'signature'),
  KeyPairGenerator: (s) => normalizePublicKey(s, undefined) ?? normalizeAny(s),
  KeyFactory: (s) => normalizePublicKey(s, undefined) ?? normalizeAny(s),
  KeyGenerator: (s) => normalizeCipher(s) ?? normalizeMac(s) ?? normalizeAny(s),
  SecretKeyFactory: (s) => normalizeKdf(s) ?? normalizeCipher(s) ?? normalizeAny(s),
  KeyAgreement: (s) => normalizePublicKey(s, undefined, 'key-agree') ?? normalizeAny(s, 'key-agree'),
  SecureRandom: (s) => normalizeAny(s) ?? { algorithm: s, family: 'DRBG', primitive: 'drbg' },
};

const JCA_PACKAGES: Record<string, string> = {
  Cipher: 'javax.crypto', Mac: 'javax.crypto', KeyGenerator: 'javax.crypto', SecretKeyFactory: 'javax.crypto', KeyAgreement: 'javax.crypto',
  MessageDigest: 'java.security', Signature: 'java.security', KeyPairGenerator: 'java.security', KeyFactory: 'java.security', SecureRandom: 'java.security',
};

/**
 * JCA (`Cipher.getInstance("AES/GCM/NoPadding")`, `MessageDigest.getInstance("SM3", "BC")`) and
 * BouncyCastle lightweight classes (`new SM3Digest()`, `new SM2Signer()`, `new GCMBlockCipher(new SM4Engine())`),
 * for Java and Kotlin. A class resolved to another package is not JCA.
 */
export function jvmCrypto(call: Call, ctx: LangContext): boolean {
  const q = call.qualified;
  const t = tail2(q);
  const [cls = '', method = ''] = t.split('.');
  if (method === 'getInstance' && JCA_FACTORIES[cls] && (q === t || q === `${JCA_PACKAGES[cls]}.${t}`)) {
    const args = call.args();
    const s = args[0]?.str;
    if (s === undefined) return false;
    const provider = args[1]?.str;
    const library = provider && /^(BC|BCFIPS)$/.test(provider) ? 'org.bouncycastle' : provider ? provider : 'jdk';
    consume(ctx, args[0], args[1]);
    let alg = JCA_FACTORIES[cls]!(s);
    if (cls === 'KeyPairGenerator' && alg) {
      // The key size usually follows in `kpg.initialize(2048)`; take it when the file has exactly one.
      const sizes = [...ctx.text.matchAll(/\.initialize\(\s*(\d{3,5})\s*[,)]/g)].map((m) => Number(m[1]));
      if (sizes.length === 1 && alg.family === 'RSA') alg = normalizePublicKey('RSA', sizes[0]) ?? alg;
    }
    return emit(ctx, call, alg, q === t ? `${JCA_PACKAGES[cls]}.${t}` : q, library);
  }
  if (cls === 'SecretKeySpec' || lastSegment(q) === 'SecretKeySpec') {
    if (!(call.isNew || ctx.modules.has('javax.crypto.spec.SecretKeySpec') || ctx.modules.has('javax.crypto.spec.*'))) return false;
    const args = call.args();
    const s = args[1]?.str;
    if (s === undefined) return false;
    consume(ctx, args[1]);
    return emit(ctx, call, normalizeAny(s), 'javax.crypto.spec.SecretKeySpec', 'jdk');
  }
  return bouncyCastle(call, ctx);
}

function importsBouncyCastle(ctx: LangContext): boolean {
  return importsAnyOf(ctx, ['org.bouncycastle', 'Org.BouncyCastle']);
}

/** BouncyCastle class name → algorithm. */
export function bcClass(name: string, argText: string): Algorithm | undefined {
  let m = /^(\w+?)Digest$/.exec(name);
  if (m) {
    const n = m[1]!.replace(/^SHA(\d)$/, 'SHA-$1').replace(/^Keccak/, 'SHA3-').replace(/^Blake2b$/, 'BLAKE2b').replace(/^Blake2s$/, 'BLAKE2s');
    if (m[1] === 'SHA3') return hashAlg(`SHA3-${/\d{3}/.exec(argText)?.[0] ?? '256'}`);
    return hashAlg(n);
  }
  m = /^(\w+?)(?:Fast|Light)?Engine$/.exec(name);
  if (m) {
    const e = m[1]!;
    if (e === 'SM2') return normalizePublicKey('SM2', undefined, 'pke');
    if (/^RSA(Blinded)?$/.test(e)) return normalizePublicKey('RSA', undefined, 'pke');
    if (/^Zuc(128|256)$/i.test(e)) return normalizeCipher(`ZUC-${e.slice(3)}`);
    if (/^ChaCha(7539)?$/.test(e)) return normalizeCipher('ChaCha20');
    return normalizeCipher(e.replace(/^DESede$/, '3DES'));
  }
  m = /^(\w+?)Signer$/.exec(name);
  if (m) {
    const s = m[1]!;
    if (s === 'SM2') return normalizePublicKey('SM2', undefined, 'signature');
    if (/^(ECDSA|DSA|Ed25519|Ed448)$/.test(s)) return normalizePublicKey(s, undefined, 'signature');
    if (/^(RSADigest|PSS|ISO9796d2)$/.test(s)) return normalizePublicKey(s === 'PSS' ? 'RSA-PSS' : 'RSA', undefined, 'signature');
    return undefined;
  }
  m = /^(CBC|GCM|CTR|SIC|CFB|OFB|CCM|EAX|OCB|ECB|KCCM|KGCM)(?:Block|Mode)?Cipher$/.exec(name);
  if (m) {
    const engine = /\b([A-Z]\w*?)(?:Fast|Light)?Engine\b/.exec(argText)?.[1];
    if (!engine) return undefined;
    const mode = m[1] === 'SIC' ? 'CTR' : m[1]!;
    return normalizeCipher(`${engine.replace(/^DESede$/, '3DES')}-${mode}`) ?? normalizeCipher(engine);
  }
  if (name === 'HMac') {
    const d = /\b([A-Z]\w*?)Digest\b/.exec(argText)?.[1];
    return normalizeMac('HMAC', d);
  }
  if (name === 'SM2KeyPairGenerator' || name === 'SM2KeyExchange') return normalizePublicKey('SM2', undefined, name.endsWith('Exchange') ? 'key-agree' : 'other');
  if (/^SM9/.test(name)) return normalizePublicKey('SM9', undefined);
  if (name === 'PKCS5S2ParametersGenerator') return normalizeKdf('PBKDF2', /(\w+?)Digest\b/.exec(argText)?.[1]);
  if (name === 'SCrypt') return normalizeKdf('scrypt');
  if (name === 'Argon2BytesGenerator') return normalizeKdf('argon2id');
  if (name === 'HKDFBytesGenerator') return normalizeKdf('HKDF', /(\w+?)Digest\b/.exec(argText)?.[1]);
  return undefined;
}

function bouncyCastle(call: Call, ctx: LangContext): boolean {
  const q = call.qualified;
  const parts = q.split('.');
  const last = parts[parts.length - 1]!;
  // `new SM3Digest()`, Kotlin `SM3Digest()`, BC 1.7x `GCMBlockCipher.newInstance(AESEngine.newInstance())`.
  const cls = last === 'newInstance' ? parts[parts.length - 2] ?? '' : last;
  const resolvedBc = q.startsWith('org.bouncycastle.') || q.startsWith('Org.BouncyCastle.');
  const unresolved = !q.includes('.') || (last === 'newInstance' && parts.length === 2);
  if (!resolvedBc && !(unresolved && importsBouncyCastle(ctx))) return false;
  if (!/^[A-Z]/.test(cls)) return false;
  const args = call.args();
  const alg = bcClass(cls, args.map((a) => a.text).join(', '));
  if (!alg) return false;
  skipNested(ctx, ...args);
  const api = resolvedBc ? q.replace(/\.newInstance$/, '') : `org.bouncycastle.${cls}`;
  return emit(ctx, call, alg, api, 'org.bouncycastle');
}

/** Reads a port (`8080`, `:8080`, `host:8080`) out of argument text such as `new InetSocketAddress("0.0.0.0", 8080)`. */
export function addressFrom(args: Arg[]): string | undefined {
  const strs = args.filter((a) => a.str !== undefined).map((a) => a.str!);
  const nums = args.filter((a) => a.num !== undefined).map((a) => a.num!);
  if (nums.length > 0) return strs[0] !== undefined ? hostPortText(strs[0], nums[0]!) : String(nums[0]);
  if (strs.length > 0) return strs[0];
  const text = args.map((a) => a.text).join(', ');
  const m = /(?:"([^"]*)"\s*,\s*)?(\d{2,5})\b/.exec(text);
  if (m) return m[1] !== undefined ? `${m[1]}:${m[2]}` : m[2];
  return args[0]?.text;
}

export function listener(ctx: LangContext, call: Call, value: string | undefined, api: string): void {
  ctx.endpoints.push(listenerFact(value ?? '(unknown)', api, call.line, call.column));
  consume(ctx, ...call.args());
}

/** An outbound call whose first string argument (or named `url`) is a URL or host. */
export function outbound(ctx: LangContext, call: Call, api: string, index = 0): boolean {
  const args = call.args();
  const a = args.find((x) => x.name === 'url') ?? args[index];
  const v = a?.str;
  if (v === undefined) return false;
  if (!isUrl(v) && !isHostname(v.replace(/:\d+$/, ''))) return false;
  consume(ctx, a);
  ctx.endpoints.push(outboundFact(v, api, call.line, call.column));
  return true;
}

export function pk(name: string, size?: number | string, hint?: CryptoPrimitive): Algorithm | undefined {
  return normalizePublicKey(name, size, hint);
}
