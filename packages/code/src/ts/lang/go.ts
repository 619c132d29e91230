import { normalizeCipher, normalizeKdf, normalizeMac, type Algorithm } from '../../algorithms.js';
import { skipNested, type Call, type LangContext, type LangSpec } from '../engine.js';
import type { TsNode } from '../loader.js';
import { addressFrom, emit, hashAlg, lastSegment, listener, outbound, pk } from '../shared.js';
import { fragmentsValue } from './java.js';

const GO_FRAGMENTS = new Set(['interpreted_string_literal_content', 'raw_string_literal_content']);

/** The name a Go import path binds by default: its last element, skipping `/vN` and `.vN` suffixes. */
export function goPackageName(path: string): string {
  const parts = path.split('/');
  let last = parts[parts.length - 1] ?? path;
  if (/^v\d+$/.test(last) && parts.length > 1) last = parts[parts.length - 2]!;
  return last.replace(/\.v\d+$/, '').replace(/^go-/, '').replace(/[-.]go$/, '').replace(/-/g, '_');
}

function onImport(node: TsNode, ctx: LangContext): void {
  const pathNode = node.childForFieldName('path');
  if (!pathNode) return;
  const path = fragmentsValue(pathNode, GO_FRAGMENTS) ?? '';
  if (!path) return;
  ctx.addImport(path, 'static', pathNode);
  const name = node.childForFieldName('name')?.text;
  if (name === '_' || name === '.') return;
  ctx.bind(name ?? goPackageName(path), path);
}

/** Hash constructors by package: crypto/sha256.New, x/crypto/sha3.Sum256, gmsm/sm3.New … */
const HASH_PACKAGES: Record<string, (fn: string) => string | undefined> = {
  'crypto/md5': () => 'MD5',
  'crypto/sha1': () => 'SHA-1',
  'crypto/sha256': (fn) => (/224/.test(fn) ? 'SHA-224' : 'SHA-256'),
  'crypto/sha512': (fn) => (/512_224/.test(fn) ? 'SHA-512/224' : /512_256/.test(fn) ? 'SHA-512/256' : /384/.test(fn) ? 'SHA-384' : 'SHA-512'),
  'crypto/sha3': (fn) => (/(224|256|384|512)/.exec(fn) ? `SHA3-${/(224|256|384|512)/.exec(fn)![1]}` : /Shake(128|256)/i.exec(fn) ? `SHAKE${/(128|256)/.exec(fn)![1]}` : undefined),
  'golang.org/x/crypto/sha3': (fn) => HASH_PACKAGES['crypto/sha3']!(fn),
  'golang.org/x/crypto/md4': () => 'MD4',
  'golang.org/x/crypto/ripemd160': () => 'RIPEMD-160',
  'golang.org/x/crypto/blake2b': () => 'BLAKE2b',
  'golang.org/x/crypto/blake2s': () => 'BLAKE2s',
  'lukechampine.com/blake3': () => 'BLAKE3',
  'github.com/zeebo/blake3': () => 'BLAKE3',
};

const HASH_FN = /^(New\d*|Sum\d*|New512_\d+|Sum512_\d+|NewShake\d+|ShakeSum\d+|NewLegacyKeccak\d+)$/;
const MODE_FN: Record<string, string> = { NewGCM: 'GCM', NewGCMWithNonceSize: 'GCM', NewGCMWithTagSize: 'GCM', NewCBCEncrypter: 'CBC', NewCBCDecrypter: 'CBC', NewCTR: 'CTR', NewCFBEncrypter: 'CFB', NewCFBDecrypter: 'CFB', NewOFB: 'OFB' };

function hashFromArg(text: string): string | undefined {
  // hmac.New(sha256.New, key) / pbkdf2.Key(…, sha256.New): the argument names the hash package.
  const m = /([\w./-]+)\.(New\w*|Sum\w*)$/.exec(text.trim());
  if (!m) return undefined;
  const pkg = m[1]!;
  const f = HASH_PACKAGES[pkg];
  if (f) return f(m[2]!);
  if (/gmsm\/sm3$/.test(pkg) || pkg === 'sm3') return 'SM3';
  return undefined;
}

function onCall(call: Call, ctx: LangContext): void {
  const q = call.qualified;
  const dot = q.lastIndexOf('.');
  if (dot < 0) return;
  const pkg = q.slice(0, dot);
  const fn = q.slice(dot + 1);
  const args = call.args();
  let alg: Algorithm | undefined;
  let lib: string | undefined = pkg.startsWith('crypto/') ? 'go-stdlib' : pkg.split('/').slice(0, 3).join('/');

  const hashPkg = HASH_PACKAGES[pkg];
  if (hashPkg && HASH_FN.test(fn)) alg = hashAlg(hashPkg(fn));
  else if (pkg === 'crypto/aes' && fn === 'NewCipher') alg = normalizeCipher('AES');
  else if (pkg === 'crypto/des') alg = fn === 'NewTripleDESCipher' ? normalizeCipher('3DES') : fn === 'NewCipher' ? normalizeCipher('DES') : undefined;
  else if (pkg === 'crypto/rc4' && fn === 'NewCipher') alg = normalizeCipher('RC4');
  else if (pkg === 'crypto/cipher' && MODE_FN[fn]) {
    // The block cipher is whichever this file constructs; decided in finish().
    pendingModes.set(ctx, [...(pendingModes.get(ctx) ?? []), { call, mode: MODE_FN[fn]! }]);
    return;
  } else if (pkg === 'crypto/hmac' && fn === 'New') {
    alg = normalizeMac('HMAC', args[0] ? hashFromArg(args[0].text) : undefined);
  } else if (pkg === 'crypto/rsa') {
    if (fn === 'GenerateKey' || fn === 'GenerateMultiPrimeKey') alg = pk('RSA', args[args.length - 1]?.num);
    else if (/^Sign(PKCS1v15|PSS)$|^Verify(PKCS1v15|PSS)$/.test(fn)) alg = pk(fn.endsWith('PSS') ? 'RSA-PSS' : 'RSA', undefined, 'signature');
    else if (/^(En|De)crypt(OAEP|PKCS1v15)$/.test(fn)) alg = pk(fn.endsWith('OAEP') ? 'RSA-OAEP' : 'RSA', undefined, 'pke');
  } else if (pkg === 'crypto/ecdsa' && /^(GenerateKey|Sign|SignASN1|Verify|VerifyASN1)$/.test(fn)) {
    const curve = /elliptic\.(P\d+)\(\)/.exec(args[0]?.text ?? '')?.[1];
    alg = pk('ECDSA', curve);
  } else if (pkg === 'crypto/ecdh' && /^(P256|P384|P521|X25519)$/.test(fn)) {
    alg = fn === 'X25519' ? pk('X25519') : pk('ECDH', fn);
  } else if (pkg === 'crypto/ed25519' && /^(GenerateKey|Sign|Verify|NewKeyFromSeed)$/.test(fn)) alg = pk('Ed25519');
  else if ((pkg === 'golang.org/x/crypto/pbkdf2' || pkg === 'crypto/pbkdf2') && fn === 'Key') {
    const h = args.find((a) => /\.New\w*$/.test(a.text));
    alg = normalizeKdf('PBKDF2', h ? hashFromArg(h.text) : undefined);
  } else if ((pkg === 'golang.org/x/crypto/hkdf' || pkg === 'crypto/hkdf') && /^(New|Extract|Expand|Key)$/.test(fn)) {
    alg = normalizeKdf('HKDF', args[0] ? hashFromArg(args[0].text) : undefined);
  } else if (pkg === 'golang.org/x/crypto/scrypt' && fn === 'Key') alg = normalizeKdf('scrypt');
  else if (pkg === 'golang.org/x/crypto/argon2') alg = fn === 'IDKey' ? normalizeKdf('argon2id') : fn === 'Key' ? normalizeKdf('argon2i') : undefined;
  else if (pkg === 'golang.org/x/crypto/bcrypt' && /^(GenerateFromPassword|CompareHashAndPassword)$/.test(fn)) alg = normalizeKdf('bcrypt');
  else if (pkg === 'golang.org/x/crypto/chacha20poly1305' && /^New(X)?$/.test(fn)) alg = normalizeCipher(fn === 'NewX' ? 'XChaCha20-Poly1305' : 'ChaCha20-Poly1305');
  else if (pkg === 'golang.org/x/crypto/curve25519' && /^(X25519|ScalarMult|ScalarBaseMult)$/.test(fn)) alg = pk('X25519');
  else if (/(^|\/)gmsm\/(sm2|sm3|sm4|sm9|zuc)$/.test(pkg) || /(^|\/)(gmsm|gm)\/x509$/.test(pkg)) {
    alg = gmsm(pkg, fn, args.map((a) => a.text).join(','));
    lib = pkg.replace(/\/(sm2|sm3|sm4|sm9|zuc|x509)$/, '');
  } else {
    goEndpoints(call, ctx, pkg, fn);
    return;
  }
  if (alg) {
    skipNested(ctx, ...args);
    emit(ctx, call, alg, q, lib);
  }
}

/** tjfoc/gmsm and emmansun/gmsm: the sub-package names the algorithm, the function its use. */
function gmsm(pkg: string, fn: string, argText: string): Algorithm | undefined {
  const sub = lastSegment(pkg.replace(/\//g, '.'));
  switch (sub) {
    case 'sm2':
      if (/Encrypt|Decrypt/.test(fn)) return pk('SM2', undefined, 'pke');
      if (/KeyExchange|NewKeyExchange|ECDH/i.test(fn)) return pk('SM2', undefined, 'key-agree');
      if (/Sign|Verify|GenerateKey/.test(fn)) return pk('SM2', undefined, 'signature');
      return undefined;
    case 'sm3':
      return /^(New|Sum|Sm3Sum|Kdf)$/.test(fn) ? (fn === 'Kdf' ? { algorithm: 'SM3-KDF', family: 'SM3', primitive: 'kdf' } : hashAlg('SM3')) : undefined;
    case 'sm4': {
      const m = /^Sm4(Cbc|Ecb|CFB|OFB|Gcm|Ctr)/i.exec(fn);
      if (m) return normalizeCipher(`SM4-${m[1]!.toUpperCase()}`);
      return /^(NewCipher|Encrypt|Decrypt)/.test(fn) ? normalizeCipher('SM4') : undefined;
    }
    case 'sm9':
      return /Encrypt|Decrypt|Wrap/.test(fn) ? pk('SM9', undefined, 'pke') : /Sign|Verify|Generate/.test(fn) ? pk('SM9', undefined, 'signature') : undefined;
    case 'zuc':
      if (/EIA|Hash|Mac/.test(fn)) return { algorithm: 'ZUC-EIA3', family: 'ZUC', primitive: 'mac' };
      return /^New/.test(fn) ? normalizeCipher(/256/.test(fn + argText) ? 'ZUC-256' : 'ZUC') : undefined;
    default:
      return undefined;
  }
}

const pendingModes = new WeakMap<LangContext, { call: Call; mode: string }[]>();

function finish(ctx: LangContext): void {
  const modes = pendingModes.get(ctx);
  if (!modes) return;
  const families = new Set(ctx.crypto.filter((c) => c.primitive === 'block-cipher' && c.api.endsWith('.NewCipher')).map((c) => c.family));
  const only = families.size === 1 ? [...families][0]! : undefined;
  for (const { call, mode } of modes) {
    // `block, err := aes.NewCipher(key)` … `cipher.NewGCM(block)`: follow the variable to its constructor.
    const v = call.args()[0]?.text;
    let family = only;
    if (v && /^\w+$/.test(v)) {
      const m = new RegExp(`\\b${v}\\s*(?:,\\s*\\w+)?\\s*:?=\\s*(\\w+)\\.(NewCipher|NewTripleDESCipher)\\b`).exec(ctx.text);
      const pkg = m ? ctx.bindings.get(m[1]!) : undefined;
      if (pkg === 'crypto/aes') family = 'AES';
      else if (pkg && /sm4$/.test(pkg)) family = 'SM4';
      else if (pkg === 'crypto/des') family = m![2] === 'NewTripleDESCipher' ? '3DES' : 'DES';
    }
    const alg = family ? normalizeCipher(`${family}-${mode}`) : undefined;
    emit(ctx, call, alg ?? { algorithm: `block-cipher-${mode}`, family: 'unknown', primitive: 'block-cipher', mode }, `crypto/cipher.${lastSegment(call.callee)}`, 'go-stdlib');
  }
}

function goEndpoints(call: Call, ctx: LangContext, pkg: string, fn: string): void {
  const args = call.args();
  if (pkg === 'net/http' && /^ListenAndServe(TLS)?$/.test(fn)) return listener(ctx, call, args[0]?.str ?? args[0]?.text, `${pkg}.${fn}`);
  if (pkg === 'net' && /^Listen(Packet|TCP|UDP|Unix)?$/.test(fn)) return listener(ctx, call, args[1]?.str ?? addressFrom(args.slice(1)), `${pkg}.${fn}`);
  if (pkg === 'crypto/tls' && fn === 'Listen') return listener(ctx, call, args[1]?.str, `${pkg}.${fn}`);
  // Frameworks: gin r.Run(":8080"), echo e.Start(":1323"), fiber app.Listen(":3000"), server.ListenAndServe().
  if ((fn === 'Run' || fn === 'Start' || fn === 'Listen' || fn === 'RunTLS' || fn === 'StartTLS') && args[0]?.str !== undefined && /^[\w.-]*:\d{1,5}$/.test(args[0].str)) {
    const frameworks = ['github.com/gin-gonic/gin', 'github.com/labstack/echo', 'github.com/gofiber/fiber', 'github.com/kataras/iris', 'github.com/beego'];
    if ([...ctx.modules].some((m) => frameworks.some((f) => m.startsWith(f)))) return listener(ctx, call, args[0].str, `${call.callee}`);
  }
  if (pkg === 'net/http' && /^(Get|Post|Head|PostForm)$/.test(fn)) {
    outbound(ctx, call, `${pkg}.${fn}`);
    return;
  }
  if (pkg === 'net/http' && /^NewRequest(WithContext)?$/.test(fn)) {
    outbound(ctx, call, `${pkg}.${fn}`, fn === 'NewRequest' ? 1 : 2);
    return;
  }
  if ((pkg === 'net' && /^Dial(Timeout)?$/.test(fn)) || (pkg === 'crypto/tls' && fn === 'Dial')) {
    outbound(ctx, call, `${pkg}.${fn}`, 1);
    return;
  }
  if (pkg === 'google.golang.org/grpc' && /^(Dial|DialContext|NewClient)$/.test(fn)) {
    outbound(ctx, call, `${pkg}.${fn}`, fn === 'DialContext' ? 1 : 0);
    return;
  }
}

export const go: LangSpec = {
  id: 'go',
  grammar: { module: 'tree-sitter-go', wasm: 'tree-sitter-go.wasm' },
  separators: /::|->/g,
  stringValue: (node) => fragmentsValue(node, GO_FRAGMENTS),
  stringTypes: new Set(['interpreted_string_literal', 'raw_string_literal']),
  numberTypes: new Set(['int_literal', 'float_literal']),
  onImport,
  onCall,
  finish,
};
