import { normalizeCipher, normalizeKdf, normalizeMac, normalizeSignature, type Algorithm } from '../../algorithms.js';
import { consume, type Call, type LangContext, type LangSpec } from '../engine.js';
import type { TsNode } from '../loader.js';
import { emit, hashAlg, lastSegment, listener, outbound, pk } from '../shared.js';
import { fragmentsValue } from './java.js';

const PHP_FRAGMENTS = new Set(['string_content', 'string_value']);

function onImport(node: TsNode, ctx: LangContext): void {
  if (node.type === 'namespace_use_declaration') {
    for (const clause of node.namedChildren) {
      if (!clause || clause.type !== 'namespace_use_clause') continue;
      const kids = clause.namedChildren.filter((c): c is TsNode => c !== null);
      const name = kids[0];
      if (!name) continue;
      const full = name.text.replace(/^\\/, '');
      ctx.addImport(full, 'use', clause);
      const alias = clause.childForFieldName('alias') ?? (kids.length > 1 ? kids[kids.length - 1] : undefined);
      ctx.bind(alias && alias.startIndex !== name.startIndex ? alias.text : lastSegment(full.replace(/\\/g, '.')), full.replace(/\\/g, '.'));
    }
    return;
  }
  // require/include with a literal path.
  const target = node.namedChildren.find((c) => c && (c.type === 'string' || c.type === 'encapsed_string'));
  if (target) {
    const v = fragmentsValue(target, PHP_FRAGMENTS);
    if (v) ctx.addImport(v, 'include', node);
    ctx.consumed.add(target.startIndex);
  }
}

const OPENSSL_ALGO: Record<string, string> = {
  OPENSSL_ALGO_SHA1: 'SHA1withRSA', OPENSSL_ALGO_SHA224: 'SHA224withRSA', OPENSSL_ALGO_SHA256: 'SHA256withRSA', OPENSSL_ALGO_SHA384: 'SHA384withRSA', OPENSSL_ALGO_SHA512: 'SHA512withRSA', OPENSSL_ALGO_MD5: 'MD5withRSA',
};

function sodium(fn: string): Algorithm | undefined {
  const f = fn.slice('sodium_crypto_'.length);
  if (/^secretbox/.test(f)) return { algorithm: 'XSalsa20-Poly1305', family: 'Salsa20', primitive: 'stream-cipher', mode: 'AEAD' };
  if (/^box/.test(f) || /^kx/.test(f) || /^scalarmult/.test(f)) return pk('X25519');
  if (/^sign/.test(f)) return pk('Ed25519');
  if (/^aead_aes256gcm/.test(f)) return normalizeCipher('AES-256-GCM');
  if (/^aead_xchacha20poly1305/.test(f)) return normalizeCipher('XChaCha20-Poly1305');
  if (/^aead_chacha20poly1305/.test(f)) return normalizeCipher('ChaCha20-Poly1305');
  if (/^generichash/.test(f)) return hashAlg('BLAKE2b');
  if (/^pwhash/.test(f)) return normalizeKdf('argon2id');
  if (/^auth/.test(f)) return normalizeMac('HMAC', 'SHA512');
  if (/^stream_xchacha20/.test(f)) return normalizeCipher('XChaCha20');
  return undefined;
}

function onCall(call: Call, ctx: LangContext): void {
  const fn = call.qualified.replace(/^\\/, '');
  const args = call.args();
  const s = (i: number): string | undefined => args[i]?.str;
  let alg: Algorithm | undefined;
  let lib = 'php';
  if (/^openssl_(encrypt|decrypt)$/.test(fn) && s(1)) alg = normalizeCipher(s(1)!);
  else if (/^(hash|hash_init|hash_file)$/.test(fn) && s(0)) alg = hashAlg(s(0));
  else if (/^hash_hmac(_file)?$/.test(fn) && s(0)) alg = normalizeMac('HMAC', s(0));
  else if (fn === 'hash_pbkdf2' && s(0)) alg = normalizeKdf('PBKDF2', s(0));
  else if (fn === 'hash_hkdf' && s(0)) alg = normalizeKdf('HKDF', s(0));
  else if (/^(md5|md5_file)$/.test(fn)) alg = hashAlg('MD5');
  else if (/^(sha1|sha1_file)$/.test(fn)) alg = hashAlg('SHA1');
  else if (fn === 'openssl_digest' && s(1)) alg = hashAlg(s(1));
  else if (fn === 'openssl_pbkdf2') alg = normalizeKdf('PBKDF2', s(4) ?? 'SHA1');
  else if (/^openssl_(sign|verify)$/.test(fn)) {
    const a = args[3];
    alg = a ? (a.str ? normalizeSignature(a.str) ?? (/^sm3$/i.test(a.str) ? pk('SM2') : hashAlg(a.str)) : OPENSSL_ALGO[lastSegment(a.text)] ? normalizeSignature(OPENSSL_ALGO[lastSegment(a.text)]!) : undefined) : normalizeSignature('SHA1withRSA');
  } else if (/^openssl_(public|private)_(en|de)crypt$/.test(fn)) alg = pk('RSA', undefined, 'pke');
  else if (fn === 'openssl_pkey_new') {
    const text = args[0]?.text ?? '';
    const bits = /['"]private_key_bits['"]\s*=>\s*(\d+)/.exec(text)?.[1];
    const curve = /['"]curve_name['"]\s*=>\s*['"]([\w-]+)['"]/.exec(text)?.[1];
    if (/OPENSSL_KEYTYPE_EC/.test(text) || curve) alg = curve && /^sm2$/i.test(curve) ? pk('SM2') : pk('ECDSA', curve);
    else if (/OPENSSL_KEYTYPE_DSA/.test(text)) alg = pk('DSA', bits ? Number(bits) : undefined);
    else alg = pk('RSA', bits ? Number(bits) : undefined);
  } else if (fn === 'password_hash') alg = /ARGON2ID/.test(args[1]?.text ?? '') ? normalizeKdf('argon2id') : /ARGON2I/.test(args[1]?.text ?? '') ? normalizeKdf('argon2i') : normalizeKdf('bcrypt');
  else if (/^sodium_crypto_/.test(fn)) alg = sodium(fn);
  else if (fn === 'mcrypt_encrypt' || fn === 'mcrypt_decrypt') {
    const c = /MCRYPT_(\w+)/.exec(args[0]?.text ?? '')?.[1];
    const mode = /MCRYPT_MODE_(\w+)/.exec(args[3]?.text ?? '')?.[1]?.toUpperCase() ?? s(3)?.toUpperCase();
    const base = c?.startsWith('RIJNDAEL') ? 'AES' : c === 'TRIPLEDES' ? '3DES' : c;
    alg = base ? (mode ? normalizeCipher(`${base}-${mode}`) : undefined) ?? normalizeCipher(base) : undefined;
    lib = 'mcrypt';
  }
  if (alg) {
    consume(ctx, ...args);
    emit(ctx, call, alg, fn, lib);
    return;
  }
  phpEndpoints(call, ctx, fn);
}

function phpEndpoints(call: Call, ctx: LangContext, fn: string): void {
  const args = call.args();
  if (fn === 'socket_bind' && args[1]) return listener(ctx, call, `${args[1].str ?? args[1].text}${args[2] ? `:${args[2].num ?? args[2].text}` : ''}`, fn);
  if (fn === 'stream_socket_server' && args[0]?.str) return listener(ctx, call, args[0].str, fn);
  if (call.isNew && /(^|\.)(Swoole\.(Http\.|WebSocket\.)?Server|Server)$/.test(call.qualified.replace(/\\/g, '.')) && args[0]?.str && args[1]?.num !== undefined) {
    return listener(ctx, call, `${args[0].str}:${args[1].num}`, call.qualified);
  }
  if (call.isNew && /SocketServer$/.test(call.qualified) && args[0]?.str) return listener(ctx, call, args[0].str, call.qualified);
  if (/^(curl_init|file_get_contents|fopen|fsockopen|get_headers)$/.test(fn)) outbound(ctx, call, fn);
  else if (/^(get|post|put|delete|patch|head|request|getAsync|postAsync|requestAsync)$/.test(lastSegment(fn))) outbound(ctx, call, `GuzzleHttp.Client.${lastSegment(fn)}`, /^request/.test(lastSegment(fn)) ? 1 : 0);
}

export const php: LangSpec = {
  id: 'php',
  grammar: { module: 'tree-sitter-php', property: 'php', wasm: 'tree-sitter-php.wasm' },
  separators: /::|->|\\/g,
  stringValue: (node) => fragmentsValue(node, PHP_FRAGMENTS),
  stringTypes: new Set(['string', 'encapsed_string']),
  numberTypes: new Set(['integer', 'float']),
  namedArg(node) {
    if (node.type !== 'argument') return undefined;
    const kids = node.namedChildren.filter((c): c is TsNode => c !== null);
    const value = kids[kids.length - 1];
    if (!value) return undefined;
    const name = node.childForFieldName('name');
    return name && name.startIndex !== value.startIndex ? { name: name.text, value } : { value };
  },
  onImport,
  onCall,
};
