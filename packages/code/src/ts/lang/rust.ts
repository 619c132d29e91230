import { normalizeCipher, normalizeKdf, normalizeMac, type Algorithm } from '../../algorithms.js';
import { importsAnyOf, skipNested, type Call, type LangContext, type LangSpec } from '../engine.js';
import type { TsNode } from '../loader.js';
import { addressFrom, emit, hashAlg, listener, outbound, pk } from '../shared.js';
import { fragmentsValue } from './java.js';

const RUST_FRAGMENTS = new Set(['string_content']);

/** Flattens a `use` tree into (local name, full path) pairs; `self` and globs bind nothing. */
function flattenUse(node: TsNode, prefix: string, out: { local: string; path: string }[], globs: string[]): void {
  switch (node.type) {
    case 'identifier':
    case 'crate':
    case 'self':
    case 'super': {
      const path = prefix ? `${prefix}.${node.text}` : node.text;
      if (node.text === 'self') {
        if (prefix) out.push({ local: prefix.split('.').pop()!, path: prefix });
      } else out.push({ local: node.text, path });
      return;
    }
    case 'scoped_identifier': {
      const path = `${prefix ? `${prefix}.` : ''}${node.text.replace(/::/g, '.')}`;
      out.push({ local: path.split('.').pop()!, path });
      return;
    }
    case 'use_as_clause': {
      const p = node.childForFieldName('path');
      const alias = node.childForFieldName('alias');
      if (p && alias) out.push({ local: alias.text, path: `${prefix ? `${prefix}.` : ''}${p.text.replace(/::/g, '.')}` });
      return;
    }
    case 'use_wildcard': {
      const inner = node.namedChildren[0];
      globs.push(`${prefix ? `${prefix}.` : ''}${inner ? inner.text.replace(/::/g, '.') : ''}`);
      return;
    }
    case 'scoped_use_list': {
      const p = node.childForFieldName('path');
      const list = node.childForFieldName('list');
      const next = `${prefix ? `${prefix}.` : ''}${p ? p.text.replace(/::/g, '.') : ''}`;
      if (list) flattenUse(list, next, out, globs);
      return;
    }
    case 'use_list':
      for (const c of node.namedChildren) if (c) flattenUse(c, prefix, out, globs);
      return;
    default:
      return;
  }
}

function onImport(node: TsNode, ctx: LangContext): void {
  if (node.type === 'extern_crate_declaration') {
    const name = node.childForFieldName('name');
    if (name) ctx.addImport(name.text, 'use', node);
    return;
  }
  const arg = node.childForFieldName('argument');
  if (!arg) return;
  const root = arg.type === 'scoped_use_list' ? arg.childForFieldName('path')?.text ?? arg.text : arg.type === 'use_as_clause' ? arg.childForFieldName('path')?.text ?? arg.text : arg.text;
  ctx.addImport(root.replace(/::\*$/, ''), 'use', node);
  const out: { local: string; path: string }[] = [];
  const globs: string[] = [];
  flattenUse(arg, '', out, globs);
  for (const b of out) {
    ctx.bind(b.local, b.path);
    ctx.modules.add(b.path);
  }
  for (const g of globs) ctx.modules.add(`${g}.*`);
}

const HASH_TYPES: Record<string, string> = {
  Sha1: 'SHA-1', Sha224: 'SHA-224', Sha256: 'SHA-256', Sha384: 'SHA-384', Sha512: 'SHA-512', Sha512_256: 'SHA-512/256', Sha512_224: 'SHA-512/224',
  Sha3_224: 'SHA3-224', Sha3_256: 'SHA3-256', Sha3_384: 'SHA3-384', Sha3_512: 'SHA3-512', Keccak256: 'SHA3-256', Md5: 'MD5', Sm3: 'SM3',
  Blake2b512: 'BLAKE2b', Blake2s256: 'BLAKE2s', Ripemd160: 'RIPEMD-160', Sm3Hash: 'SM3',
};
const CIPHER_TYPES: Record<string, string> = {
  Aes128Gcm: 'AES-128-GCM', Aes256Gcm: 'AES-256-GCM', Aes128GcmSiv: 'AES-128-GCM-SIV', Aes256GcmSiv: 'AES-256-GCM-SIV', Aes128: 'AES-128', Aes192: 'AES-192', Aes256: 'AES-256',
  ChaCha20Poly1305: 'ChaCha20-Poly1305', XChaCha20Poly1305: 'XChaCha20-Poly1305', ChaCha20: 'ChaCha20', Sm4: 'SM4', Des: 'DES', TdesEde3: '3DES', Aes128Ccm: 'AES-128-CCM', Aes256Ccm: 'AES-256-CCM',
  Aes128SivAead: 'AES-128-SIV', Aes256SivAead: 'AES-256-SIV', Zuc128: 'ZUC-128', Zuc256: 'ZUC-256',
};
const CONSTRUCTORS = /^(new|new_from_slice|new_from_slices|default|digest|new_with_prefix|generate|generate_key|new_varkey|random|from_bytes|from_pkcs8|from_pkcs8_der|from_pkcs1_der|sign|verify|hash)$/;

/** `ring` and `openssl` name algorithms with constants or constructor functions. */
const RING_CONST = /\b(AES_128_GCM|AES_256_GCM|CHACHA20_POLY1305|SHA1_FOR_LEGACY_USE_ONLY|SHA256|SHA384|SHA512|SHA512_256|HMAC_SHA256|HMAC_SHA384|HMAC_SHA512|PBKDF2_HMAC_SHA1|PBKDF2_HMAC_SHA256|PBKDF2_HMAC_SHA384|PBKDF2_HMAC_SHA512|ECDSA_P256_SHA256_\w+|ECDSA_P384_SHA384_\w+|ED25519|RSA_PKCS1_\w+|RSA_PSS_\w+|X25519|ECDH_P256|ECDH_P384|HKDF_SHA256|HKDF_SHA384|HKDF_SHA512)\b/;

function ringConstant(c: string): Algorithm | undefined {
  if (/^AES_(128|256)_GCM$/.test(c)) return normalizeCipher(`AES-${c.slice(4, 7)}-GCM`);
  if (c === 'CHACHA20_POLY1305') return normalizeCipher('ChaCha20-Poly1305');
  if (c === 'SHA1_FOR_LEGACY_USE_ONLY') return hashAlg('SHA1');
  if (/^SHA\d+(_256)?$/.test(c)) return hashAlg(c.replace('_', '/'));
  if (/^HMAC_/.test(c)) return normalizeMac('HMAC', c.slice(5));
  if (/^PBKDF2_HMAC_/.test(c)) return normalizeKdf('PBKDF2', c.slice(12));
  if (/^HKDF_/.test(c)) return normalizeKdf('HKDF', c.slice(5));
  if (/^ECDSA_P(256|384)/.test(c)) return pk('ECDSA', `P-${c.slice(7, 10)}`);
  if (c === 'ED25519') return pk('Ed25519');
  if (/^RSA_PKCS1/.test(c)) return pk('RSA', undefined, 'signature');
  if (/^RSA_PSS/.test(c)) return pk('RSA-PSS');
  if (c === 'X25519') return pk('X25519');
  if (/^ECDH_P(256|384)$/.test(c)) return pk('ECDH', `P-${c.slice(6)}`);
  return undefined;
}

function onCall(call: Call, ctx: LangContext, raw: string): void {
  const q = call.qualified;
  const parts = q.split('.');
  const fn = parts[parts.length - 1]!;
  const type = parts[parts.length - 2] ?? '';
  const crate = parts[0]!;
  const args = call.args();
  let alg: Algorithm | undefined;
  let lib: string | undefined = crate;
  // Hmac::<Sha256>::new_from_slice(key), type HmacSha256 = Hmac<Sha256>.
  const hmacGeneric = /Hmac::<\s*(\w+)\s*>/.exec(raw)?.[1];
  if ((type === 'Hmac' || /^Hmac(Sha\d+|Sm3)$/.test(type)) && CONSTRUCTORS.test(fn)) {
    alg = normalizeMac('HMAC', HASH_TYPES[hmacGeneric ?? type.slice(4)] ?? hmacGeneric ?? type.slice(4));
    if (crate !== 'hmac') lib = 'hmac';
  } else if (HASH_TYPES[type] && CONSTRUCTORS.test(fn) && !raw.includes('Hmac')) {
    alg = hashAlg(HASH_TYPES[type]);
    if (parts.length <= 2) lib = undefined;
  } else if (CIPHER_TYPES[type] && CONSTRUCTORS.test(fn)) {
    alg = normalizeCipher(CIPHER_TYPES[type]!);
    if (parts.length <= 2) lib = undefined;
  } else if (crate === 'ring') {
    const c = RING_CONST.exec(args.map((a) => a.text).join(' '))?.[1];
    alg = c ? ringConstant(c) : undefined;
  } else if (crate === 'openssl') {
    // openssl::symm::Cipher::aes_256_gcm(), openssl::hash::MessageDigest::sm3(), Rsa::generate(2048).
    if (type === 'Cipher') alg = normalizeCipher(fn.replace(/_/g, '-'));
    else if (type === 'MessageDigest') alg = hashAlg(fn);
    else if (type === 'Rsa' && fn === 'generate') alg = pk('RSA', args[0]?.num);
    else if (type === 'EcKey' && fn === 'generate') alg = pk('ECDSA', undefined);
  } else if (crate === 'rsa' && /^RsaPrivateKey$/.test(type) && /^new$/.test(fn)) {
    alg = pk('RSA', args[1]?.num);
  } else if (/^(p256|p384|k256|sm2)$/.test(crate) && /SigningKey|SecretKey|EncryptingKey|DecryptingKey/.test(type) && /^(random|from_bytes|from_slice|new)$/.test(fn)) {
    alg = crate === 'sm2' ? pk('SM2', undefined, /crypt/i.test(type) ? 'pke' : 'signature') : crate === 'k256' ? pk('ECDSA', 'secp256k1') : pk('ECDSA', crate.toUpperCase());
  } else if (crate === 'ed25519_dalek' && /SigningKey|Keypair/.test(type)) alg = pk('Ed25519');
  else if (crate === 'x25519_dalek') alg = /Secret/.test(type) ? pk('X25519') : undefined;
  else if ((crate === 'libsm' || crate === 'smcrypto' || crate === 'gm_sm2' || crate === 'gm_sm3' || crate === 'gm_sm4') && parts.length >= 2) {
    const m = /sm([2349])/i.exec(q)?.[1];
    if (m === '3') alg = hashAlg('SM3');
    else if (m === '4') {
      const mode = /(cbc|ecb|ctr|cfb|ofb|gcm)/i.exec(fn + args.map((a) => a.text).join(''))?.[1];
      alg = (mode ? normalizeCipher(`SM4-${mode.toUpperCase()}`) : undefined) ?? normalizeCipher('SM4');
    } else if (m === '2') alg = pk('SM2', undefined, /crypt/i.test(q) ? 'pke' : 'signature');
    else if (m === '9') alg = pk('SM9');
  } else if (crate === 'pbkdf2' && /^pbkdf2/.test(fn)) {
    alg = normalizeKdf('PBKDF2', HASH_TYPES[/<\s*(?:Hmac<\s*)?(\w+)/.exec(raw)?.[1] ?? ''] ?? undefined);
  } else if (crate === 'argon2' && /^Argon2$/.test(type)) alg = normalizeKdf('argon2id');
  else if (crate === 'bcrypt' && /^(hash|verify|hash_with_result)$/.test(fn)) alg = normalizeKdf('bcrypt');
  else if (crate === 'scrypt' && fn === 'scrypt') alg = normalizeKdf('scrypt');
  else if (crate === 'md5' && fn === 'compute') alg = hashAlg('MD5');
  else if (crate === 'sha1_smol' || (crate === 'sha1' && fn === 'new')) alg = hashAlg('SHA1');
  if (alg) {
    skipNested(ctx, ...args);
    emit(ctx, call, alg, q, lib);
    return;
  }
  rustEndpoints(call, ctx, parts, fn);
}

const SERVER_CRATES = ['actix_web', 'axum', 'hyper', 'tokio', 'std.net', 'warp', 'rocket', 'tide', 'poem', 'async_std'];

function rustEndpoints(call: Call, ctx: LangContext, parts: string[], fn: string): void {
  const q = call.qualified;
  const usesServer = importsAnyOf(ctx, SERVER_CRATES, true);
  if (fn === 'bind' && (/(TcpListener|UdpSocket|HttpServer|Server)$/.test(parts[parts.length - 2] ?? '') || /HttpServer|TcpListener|UdpSocket/.test(call.callee) || usesServer)) {
    const args = call.args();
    if (args.length === 0) return;
    const tuple = /^\(\s*"([^"]*)"\s*,\s*(\d+)\s*\)$/.exec(args[0]!.text);
    listener(ctx, call, tuple ? `${tuple[1]}:${tuple[2]}` : addressFrom(args), q.includes('TcpListener') ? q : call.callee.replace(/\(.*\)/, '()'));
    return;
  }
  if (fn === 'run' && parts[0] === 'warp' && /serve/.test(call.callee)) return listener(ctx, call, call.args()[0]?.text, 'warp.serve.run');
  if (/^(reqwest|ureq|isahc|surf)$/.test(parts[0]!) && /^(get|post|put|delete|head|patch|request)$/.test(fn)) {
    outbound(ctx, call, q, fn === 'request' ? 1 : 0);
    return;
  }
  if (/(TcpStream|TlsConnector)$/.test(parts[parts.length - 2] ?? '') && fn === 'connect') outbound(ctx, call, q);
  else if ((fn === 'get' || fn === 'post' || fn === 'put' || fn === 'delete') && importsAnyOf(ctx, ['reqwest'])) outbound(ctx, call, `reqwest.Client.${fn}`);
}

export const rust: LangSpec = {
  id: 'rust',
  grammar: { module: 'tree-sitter-rust', wasm: 'tree-sitter-rust.wasm' },
  separators: /::/g,
  stringValue: (node) => fragmentsValue(node, RUST_FRAGMENTS),
  stringTypes: new Set(['string_literal', 'raw_string_literal']),
  numberTypes: new Set(['integer_literal', 'float_literal']),
  onImport,
  onCall: (call, ctx) => onCall(call, ctx, call.raw),
};
