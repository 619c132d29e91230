import { normalizeAny, normalizeCipher, normalizeKdf, normalizeMac, type Algorithm } from '../../algorithms.js';
import { consume, skipNested, type Call, type LangContext, type LangSpec } from '../engine.js';
import type { TsNode } from '../loader.js';
import { emit, hashAlg, lastSegment, listener, outbound, pk } from '../shared.js';
import { fragmentsValue } from './java.js';

const C_FRAGMENTS = new Set(['string_content', 'raw_string_content']);

function onImport(node: TsNode, ctx: LangContext): void {
  const path = node.childForFieldName('path');
  if (!path) return;
  const spec = path.type === 'system_lib_string' ? path.text.slice(1, -1) : fragmentsValue(path, C_FRAGMENTS) ?? path.text;
  ctx.addImport(spec, 'include', path);
  ctx.consumed.add(path.startIndex);
}

const EVP_HASH = /^EVP_(md5|md4|sha1|sha224|sha256|sha384|sha512|sha512_224|sha512_256|sha3_224|sha3_256|sha3_384|sha3_512|shake128|shake256|sm3|blake2b512|blake2s256|ripemd160|whirlpool)$/;
const EVP_CIPHER = /^EVP_(aes|sm4|des|camellia|aria|chacha20|bf|cast5|rc4|rc2|idea|seed)(_[a-z0-9_]+)?$/;
const NID_CURVE: Record<string, string> = { NID_X9_62_prime256v1: 'P-256', NID_secp384r1: 'P-384', NID_secp521r1: 'P-521', NID_secp256k1: 'secp256k1', NID_sm2: 'SM2' };
const PKEY_ID: Record<string, string> = { EVP_PKEY_RSA: 'RSA', EVP_PKEY_RSA_PSS: 'RSA-PSS', EVP_PKEY_EC: 'EC', EVP_PKEY_SM2: 'SM2', EVP_PKEY_ED25519: 'Ed25519', EVP_PKEY_X25519: 'X25519', EVP_PKEY_ED448: 'Ed448', EVP_PKEY_X448: 'X448', EVP_PKEY_DH: 'DH', EVP_PKEY_DSA: 'DSA', EVP_PKEY_HMAC: 'HMAC' };
const MBED_MD = /MBEDTLS_MD_(SHA\d+|MD5|SHA1|RIPEMD160|SHA3_\d+|SM3)/;

function evpCipher(fn: string): Algorithm | undefined {
  const name = fn.slice(4).replace(/_/g, '-');
  if (/^des-ede3/.test(name)) return normalizeCipher(name);
  return normalizeCipher(name.replace(/^bf/, 'bf')) ?? normalizeCipher(name.split('-')[0]!);
}

/** Digest named by an `EVP_sha256()` / `EVP_sm3()` call inside the arguments. */
function evpHashIn(text: string): string | undefined {
  return /EVP_(\w+?)\(\)/.exec(text)?.[1];
}

function gmssl(fn: string): Algorithm | undefined {
  const f = fn.toLowerCase();
  if (/^sm2_(sign|verify|do_sign|do_verify|sign_init|verify_init|sign_finish|verify_finish)/.test(f)) return f.endsWith('update') ? undefined : pk('SM2', undefined, 'signature');
  if (/^sm2_(encrypt|decrypt|do_encrypt|do_decrypt)/.test(f)) return pk('SM2', undefined, 'pke');
  if (/^sm2_(key_generate|keygen|generate_key)/.test(f)) return pk('SM2', undefined, 'other');
  if (/^sm2_(ecdh|do_ecdh|compute_key|kap_)/.test(f)) return pk('SM2', undefined, 'key-agree');
  if (/^sm3_hmac(_init)?$/.test(f)) return normalizeMac('HMAC', 'SM3');
  if (/^sm3_pbkdf2$/.test(f)) return normalizeKdf('PBKDF2', 'SM3');
  if (/^sm3_kdf(_init)?$/.test(f)) return { algorithm: 'SM3-KDF', family: 'SM3', primitive: 'kdf' };
  if (/^sm3_(init|digest|hash)$|^sm3$/.test(f)) return hashAlg('SM3');
  const sm4 = /^sm4_(cbc|ctr|gcm|ecb|cfb|ofb|ccm|xts)_/.exec(f);
  if (sm4) return normalizeCipher(`SM4-${sm4[1]!.toUpperCase()}`);
  if (/^sm4_(set_encrypt_key|set_decrypt_key|encrypt|decrypt|setkey_enc|setkey_dec|crypt_ecb)$/.test(f)) return f.includes('ecb') ? normalizeCipher('SM4-ECB') : normalizeCipher('SM4');
  if (/^sm9_(sign|verify)/.test(f)) return pk('SM9', undefined, 'signature');
  if (/^sm9_(encrypt|decrypt)/.test(f)) return pk('SM9', undefined, 'pke');
  if (/^sm9_\w*(key_generate|extract)/.test(f)) return pk('SM9', undefined, 'other');
  if (/^zuc256_(init|generate|encrypt|mac_init)/.test(f)) return normalizeCipher('ZUC-256');
  if (/^zuc_mac_init$|^eia3/.test(f)) return { algorithm: 'ZUC-EIA3', family: 'ZUC', primitive: 'mac' };
  if (/^zuc_(init|generate_keystream|encrypt|encrypt_init)$|^eea3/.test(f)) return normalizeCipher('ZUC');
  return undefined;
}

function onCall(call: Call, ctx: LangContext): void {
  const fn = lastSegment(call.qualified);
  const args = call.args();
  let argTextMemo: string | undefined;
  // Joined on demand: only a few rules need it, and each argument's text costs a native call.
  const argText = (): string => (argTextMemo ??= args.map((a) => a.text).join(', '));
  let alg: Algorithm | undefined;
  let lib: string | undefined = 'openssl';
  let m: RegExpExecArray | null;
  if (EVP_HASH.test(fn)) alg = hashAlg(fn.slice(4));
  else if (EVP_CIPHER.test(fn)) alg = evpCipher(fn);
  else if (/^(EVP_get_cipherbyname|EVP_get_digestbyname)$/.test(fn) && args[0]?.str) alg = fn.includes('digest') ? hashAlg(args[0].str) : normalizeCipher(args[0].str);
  else if (/^(EVP_CIPHER_fetch|EVP_MD_fetch|EVP_MAC_fetch|EVP_KDF_fetch|EVP_PKEY_CTX_new_from_name|EVP_SIGNATURE_fetch|EVP_KEM_fetch)$/.test(fn) && args[1]?.str) {
    const s = args[1].str;
    alg = fn === 'EVP_MD_fetch' ? hashAlg(s) : fn === 'EVP_CIPHER_fetch' ? normalizeCipher(s) : fn === 'EVP_MAC_fetch' ? normalizeMac(s) : fn === 'EVP_KDF_fetch' ? normalizeKdf(s) : normalizeAny(s);
  } else if (fn === 'EVP_PKEY_Q_keygen' && args[2]?.str) alg = pk(args[2].str, args[3]?.num ?? args[3]?.str);
  else if (/^(EVP_PKEY_CTX_new_id|EVP_PKEY_set_alias_type|EVP_PKEY_new_raw_private_key)$/.test(fn)) {
    const id = /EVP_PKEY_\w+/.exec(fn === 'EVP_PKEY_CTX_new_id' ? args[0]?.text ?? '' : args[1]?.text ?? args[0]?.text ?? '')?.[0];
    alg = id && PKEY_ID[id] ? (PKEY_ID[id] === 'HMAC' ? normalizeMac('HMAC') : pk(PKEY_ID[id]!)) : undefined;
  } else if (fn === 'EVP_PKEY_CTX_set_rsa_keygen_bits') alg = pk('RSA', args[1]?.num);
  else if (/^(EC_KEY_new_by_curve_name|EC_GROUP_new_by_curve_name|EVP_PKEY_CTX_set_ec_paramgen_curve_nid)$/.test(fn)) {
    const nid = /NID_\w+/.exec(argText())?.[0];
    const curve = nid ? NID_CURVE[nid] : undefined;
    alg = curve ? (curve === 'SM2' ? pk('SM2') : pk('ECDSA', curve)) : undefined;
  } else if (/^(SHA1|SHA224|SHA256|SHA384|SHA512|MD5|MD4|RIPEMD160)(_Init)?$/.test(fn)) alg = hashAlg(fn.replace(/_Init$/, ''));
  else if (/^AES_set_(en|de)crypt_key$/.test(fn)) alg = normalizeCipher(args[1]?.num ? `AES-${args[1].num}` : 'AES');
  else if ((m = /^AES_(cbc|ecb|cfb128|ofb128|ctr128|ige|wrap)_encrypt$/.exec(fn))) alg = normalizeCipher(`AES-${m[1]!.replace(/128$/, '').toUpperCase()}`) ?? normalizeCipher('AES');
  else if (/^DES_(ecb|ncbc|cbc|ede3_cbc)_encrypt$/.test(fn)) alg = normalizeCipher(fn.includes('ede3') ? '3DES-CBC' : fn.includes('ecb') ? 'DES-ECB' : 'DES-CBC');
  else if (fn === 'RC4' || fn === 'RC4_set_key') alg = normalizeCipher('RC4');
  else if (/^RSA_generate_key(_ex)?$/.test(fn)) alg = pk('RSA', fn.endsWith('_ex') ? args[1]?.num : args[0]?.num);
  else if (/^RSA_(public|private)_(en|de)crypt$/.test(fn)) alg = pk('RSA', undefined, 'pke');
  else if (/^RSA_(sign|verify)$/.test(fn)) alg = pk('RSA', undefined, 'signature');
  else if (/^ECDSA_(do_)?(sign|verify)$/.test(fn)) alg = pk('ECDSA');
  else if (/^(ECDH_compute_key|EVP_PKEY_derive_init)$/.test(fn)) alg = fn.startsWith('ECDH') ? pk('ECDH') : undefined;
  else if (fn === 'HMAC' || fn === 'HMAC_Init_ex') alg = normalizeMac('HMAC', evpHashIn(argText()));
  else if (fn === 'PKCS5_PBKDF2_HMAC' || fn === 'PKCS5_PBKDF2_HMAC_SHA1') alg = normalizeKdf('PBKDF2', fn.endsWith('SHA1') ? 'SHA1' : evpHashIn(argText()));
  else if (fn === 'EVP_PBE_scrypt') alg = normalizeKdf('scrypt');
  else if ((alg = gmssl(fn))) lib = 'gmssl';
  else if ((m = /^mbedtls_(aes|sm4|des3?|camellia|aria|chacha20|chachapoly|gcm|ccm|sha1|sha256|sha512|sha3|md5|ripemd160|rsa|ecdsa|ecdh|md|cipher|pkcs5|hkdf)_(\w+)$/.exec(fn))) {
    lib = 'mbedtls';
    alg = mbedtls(m[1]!, m[2]!, args.map((a) => a.num), argText());
  }
  if (alg) {
    skipNested(ctx, ...args);
    consume(ctx, ...args);
    emit(ctx, call, alg, fn, lib);
    return;
  }
  cEndpoints(call, ctx, fn);
}

function mbedtls(family: string, fn: string, nums: (number | undefined)[], argText: string): Algorithm | undefined {
  if (family === 'aes' && /^setkey_(enc|dec)$/.test(fn)) return normalizeCipher(nums[2] ? `AES-${nums[2]}` : 'AES');
  if (family === 'gcm' && fn === 'setkey') return normalizeCipher(/CIPHER_ID_(\w+)/.exec(argText)?.[1] === 'AES' ? `AES-${nums[3] ?? ''}-GCM`.replace('--', '-') : 'AES-GCM');
  if (family === 'ccm' && fn === 'setkey') return normalizeCipher('AES-CCM');
  if (family === 'chachapoly' && fn === 'setkey') return normalizeCipher('ChaCha20-Poly1305');
  if (/^sha(1|256|512|3)$/.test(family) && /^(starts(_ret)?|ret|init)?$|^sha\d+$/.test(fn)) return /^(starts|starts_ret)$/.test(fn) || fn === 'ret' ? hashAlg(family === 'sha256' && nums[1] === 1 ? 'SHA224' : family === 'sha512' && nums[1] === 1 ? 'SHA384' : family) : undefined;
  if (family === 'md5' && /^(starts|starts_ret|ret)$/.test(fn)) return hashAlg('MD5');
  if (family === 'rsa' && fn === 'gen_key') return pk('RSA', nums[3]);
  if (family === 'ecdsa' && /^(genkey|sign|write_signature)$/.test(fn)) return pk('ECDSA', /MBEDTLS_ECP_DP_(\w+)/.exec(argText)?.[1]?.replace(/^SECP(\d+)R1$/, 'P-$1'));
  if (family === 'md' && fn === 'info_from_type') return hashAlg(MBED_MD.exec(argText)?.[1]);
  if (family === 'md' && fn === 'info_from_string') return undefined;
  if (family === 'cipher' && fn === 'info_from_type') {
    const c = /MBEDTLS_CIPHER_(\w+)/.exec(argText)?.[1];
    return c ? normalizeCipher(c.replace(/_/g, '-')) : undefined;
  }
  if (family === 'pkcs5' && fn === 'pbkdf2_hmac_ext') return normalizeKdf('PBKDF2', MBED_MD.exec(argText)?.[1]);
  if (family === 'hkdf' && fn === 'hkdf') return normalizeKdf('HKDF');
  return undefined;
}

function cEndpoints(call: Call, ctx: LangContext, fn: string): void {
  const args = call.args();
  // POSIX sockets: the port is whatever htons() gets in this file; listen() marks the listener.
  if (call.qualified === 'listen' && args.length === 2 && /socket|winsock/.test([...ctx.modules].join(' '))) {
    const ports = [...ctx.text.matchAll(/htons\s*\(\s*(\d{1,5})\s*\)/g)].map((x) => x[1]);
    return listener(ctx, call, ports.length === 1 ? ports[0] : '(socket)', 'listen');
  }
  if (fn === 'listen' && call.qualified !== 'listen' && args.some((a) => a.num !== undefined && a.num > 0)) {
    return listener(ctx, call, String(args.find((a) => a.num !== undefined)!.num), `${call.callee}`);
  }
  if (fn === 'MHD_start_daemon' && args[1]) return listener(ctx, call, String(args[1].num ?? args[1].text), fn);
  if (fn === 'evhttp_bind_socket' || fn === 'evhttp_bind_socket_with_handle') return listener(ctx, call, args[1]?.str && args[2] ? `${args[1].str}:${args[2].num ?? args[2].text}` : undefined, fn);
  if (fn === 'curl_easy_setopt' && /CURLOPT_URL/.test(args[1]?.text ?? '')) {
    outbound(ctx, call, 'libcurl.curl_easy_setopt', 2);
  }
}

const common = {
  separators: /::|->/g,
  stringValue: (node: TsNode) => fragmentsValue(node, C_FRAGMENTS),
  stringTypes: new Set(['string_literal', 'raw_string_literal', 'concatenated_string']),
  numberTypes: new Set(['number_literal']),
  onImport,
  onCall,
};

export const c: LangSpec = { id: 'c', grammar: { module: 'tree-sitter-c', wasm: 'tree-sitter-c.wasm' }, ...common };
export const cpp: LangSpec = { id: 'cpp', grammar: { module: 'tree-sitter-cpp', wasm: 'tree-sitter-cpp.wasm' }, ...common };
