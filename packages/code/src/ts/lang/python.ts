import { normalizeCipher, normalizeKdf, normalizeMac, type Algorithm } from '../../algorithms.js';
import { consume, importsAnyOf, skipNested, unquote, type Call, type LangContext, type LangSpec } from '../engine.js';
import type { TsNode } from '../loader.js';
import { addressFrom, emit, hashAlg, lastSegment, listener, outbound, pk } from '../shared.js';

const HASHLIB = /^(md5|sha1|sha224|sha256|sha384|sha512|sha3_224|sha3_256|sha3_384|sha3_512|shake_128|shake_256|blake2b|blake2s|sha512_224|sha512_256|sm3)$/;

function stringValue(node: TsNode): string | undefined {
  if (node.parent?.type === 'expression_statement') return undefined; // a docstring, which is prose
  let out = '';
  let sawContent = false;
  for (const c of node.namedChildren) {
    if (!c) continue;
    if (c.type === 'string_content' || c.type === 'escape_sequence') {
      out += c.type === 'escape_sequence' ? unescape(c.text) : c.text;
      sawContent = true;
    } else if (c.type === 'interpolation') {
      out += '{}';
      sawContent = true;
    }
  }
  if (!sawContent) return unquote(node.text) ?? '';
  return out;
}

function unescape(seq: string): string {
  return seq === '\\n' ? '\n' : seq === '\\t' ? '\t' : seq.length === 2 ? seq[1]! : seq;
}

function onImport(node: TsNode, ctx: LangContext): void {
  if (node.type === 'import_statement') {
    for (const c of node.namedChildren) {
      if (!c) continue;
      if (c.type === 'dotted_name') {
        ctx.addImport(c.text, 'static', c);
        const head = c.text.split('.')[0]!;
        ctx.bind(head, head);
      } else if (c.type === 'aliased_import') {
        const name = c.childForFieldName('name')?.text;
        const alias = c.childForFieldName('alias')?.text;
        if (name) ctx.addImport(name, 'static', c);
        if (name && alias) ctx.bind(alias, name);
      }
    }
    return;
  }
  const modNode = node.childForFieldName('module_name');
  if (!modNode) return;
  const mod = modNode.text;
  ctx.addImport(mod, 'static', modNode);
  for (const c of node.namedChildren) {
    if (!c || c === modNode || c.startIndex === modNode.startIndex) continue;
    if (c.type === 'dotted_name') {
      ctx.bind(c.text, `${mod}.${c.text}`);
      ctx.modules.add(`${mod}.${c.text}`);
    } else if (c.type === 'aliased_import') {
      const name = c.childForFieldName('name')?.text;
      const alias = c.childForFieldName('alias')?.text;
      if (name && alias) ctx.bind(alias, `${mod}.${name}`);
      if (name) ctx.modules.add(`${mod}.${name}`);
    } else if (c.type === 'wildcard_import') ctx.modules.add(`${mod}.*`);
  }
}

function importsAny(ctx: LangContext, prefix: string): boolean {
  return importsAnyOf(ctx, [prefix], true);
}

const PYCRYPTO = /^(?:Crypto|Cryptodome)\.(Cipher|Hash|PublicKey|Signature|Protocol\.KDF)\.(\w+)(?:\.(\w+))?$/;
const CRYPTOGRAPHY = 'cryptography.hazmat.primitives.';

function onCall(call: Call, ctx: LangContext): void {
  const q = call.qualified;
  if (q.startsWith('hashlib.')) {
    const fn = q.slice(8);
    const args = call.args();
    if (HASHLIB.test(fn)) emit(ctx, call, hashAlg(fn), q, 'python-stdlib');
    else if (fn === 'new' && args[0]?.str) {
      consume(ctx, args[0]);
      emit(ctx, call, hashAlg(args[0].str), q, 'python-stdlib');
    } else if (fn === 'pbkdf2_hmac') {
      consume(ctx, args[0]);
      emit(ctx, call, normalizeKdf('PBKDF2', args[0]?.str), q, 'python-stdlib');
    } else if (fn === 'scrypt') emit(ctx, call, normalizeKdf('scrypt'), q, 'python-stdlib');
    return;
  }
  if (q === 'hmac.new' || q === 'hmac.digest' || q === 'hmac.HMAC') {
    const args = call.args();
    const d = args.find((a) => a.name === 'digestmod' || a.name === 'digest') ?? args[2];
    consume(ctx, d);
    const hashName = d?.str ?? (d ? lastSegment(d.text) : undefined);
    emit(ctx, call, normalizeMac('HMAC', hashName), q, 'python-stdlib');
    return;
  }
  const pc = PYCRYPTO.exec(q);
  if (pc) {
    pycryptodome(call, ctx, pc[1]!, pc[2]!, pc[3]);
    return;
  }
  if (q.startsWith('cryptography.')) {
    cryptography(call, ctx);
    return;
  }
  if (q.startsWith('gmssl.')) {
    gmssl(call, ctx);
    return;
  }
  // Instance methods of gmssl objects: crypt_sm4.crypt_cbc(iv, data), sm2_crypt.sign(data, k).
  const fn = lastSegment(q);
  if (/^crypt_(ecb|cbc)$/.test(fn) && importsAny(ctx, 'gmssl')) {
    emit(ctx, call, normalizeCipher(`SM4-${fn.slice(6).toUpperCase()}`), `gmssl.sm4.CryptSM4.${fn}`, 'gmssl');
    return;
  }
  if (/^(sign|verify|sign_with_sm3|verify_with_sm3)$/.test(fn) && (ctx.bindings.get('sm2') === 'gmssl.sm2' || importsAny(ctx, 'gmssl.sm2'))) {
    if (q.includes('.') && !q.startsWith('gmssl')) emit(ctx, call, pk('SM2', undefined, 'signature'), `gmssl.sm2.CryptSM2.${fn}`, 'gmssl');
    return;
  }
  pyEndpoints(call, ctx);
}

function pycryptodome(call: Call, ctx: LangContext, pkg: string, name: string, fn: string | undefined): void {
  const api = call.qualified;
  const library = api.startsWith('Cryptodome') ? 'pycryptodomex' : 'pycryptodome';
  const args = call.args();
  let alg: Algorithm | undefined;
  if (pkg === 'Cipher' && fn === 'new') {
    if (name === 'PKCS1_OAEP') alg = pk('RSA-OAEP', undefined);
    else if (name === 'PKCS1_v1_5') alg = pk('RSA', undefined, 'pke');
    else {
      const modeArg = args.find((a) => a.name === 'mode') ?? args[1];
      const mode = modeArg ? /MODE_(\w+)/.exec(modeArg.text)?.[1] : undefined;
      const base = name === 'DES3' ? '3DES' : name === 'ARC4' ? 'RC4' : name;
      alg = (mode && mode !== 'OPENPGP' ? normalizeCipher(`${base}-${mode}`) : undefined) ?? normalizeCipher(base);
    }
  } else if (pkg === 'Hash' && (fn === 'new' || fn === undefined)) {
    if (name === 'HMAC') {
      const d = args.find((a) => a.name === 'digestmod') ?? args[2];
      alg = normalizeMac('HMAC', d ? lastSegment(d.text).replace(/\.new$/, '') : undefined);
    } else if (name === 'CMAC') alg = normalizeMac('CMAC');
    else alg = hashAlg(name);
  } else if (pkg === 'PublicKey' && (fn === 'generate' || fn === 'construct')) {
    if (name === 'RSA') alg = pk('RSA', fn === 'generate' ? args[0]?.num ?? args.find((a) => a.name === 'bits')?.num : undefined);
    else if (name === 'ECC') alg = pk('ECDSA', args.find((a) => a.name === 'curve')?.str);
    else if (name === 'DSA') alg = pk('DSA', args[0]?.num);
  } else if (pkg === 'Signature' && fn === 'new') {
    if (name === 'pkcs1_15' || name === 'PKCS1_v1_5') alg = pk('RSA', undefined, 'signature');
    else if (name === 'pss' || name === 'PKCS1_PSS') alg = pk('RSA-PSS', undefined);
    else if (name === 'DSS') alg = pk('ECDSA', undefined);
    else if (name === 'eddsa') alg = pk('Ed25519', undefined);
  } else if (pkg === 'Protocol.KDF') {
    alg = normalizeKdf(name, args.find((a) => a.name === 'hmac_hash_module')?.text.split('.').slice(-1)[0]);
  }
  consume(ctx, ...args);
  emit(ctx, call, alg, api, library);
}

function cryptography(call: Call, ctx: LangContext): void {
  const q = call.qualified;
  const args = call.args();
  const lib = 'cryptography';
  const sub = q.startsWith(CRYPTOGRAPHY) ? q.slice(CRYPTOGRAPHY.length) : q;
  let m: RegExpExecArray | null;
  if (sub === 'ciphers.Cipher' || sub === 'ciphers.base.Cipher') {
    const alg = /algorithms\.(\w+)\(/.exec(args[0]?.text ?? '')?.[1];
    const mode = /modes\.(\w+)\(/.exec(args[1]?.text ?? '')?.[1];
    if (!alg) return;
    skipNested(ctx, args[0], args[1]);
    const base = alg === 'TripleDES' ? '3DES' : alg;
    emit(ctx, call, (mode ? normalizeCipher(`${base}-${mode.toUpperCase()}`) : undefined) ?? normalizeCipher(base), q, lib);
  } else if ((m = /^ciphers\.algorithms\.(\w+)$/.exec(sub))) {
    emit(ctx, call, normalizeCipher(m[1] === 'TripleDES' ? '3DES' : m[1]!), q, lib);
  } else if ((m = /^ciphers\.aead\.(AESGCM|AESCCM|AESOCB3|AESSIV|ChaCha20Poly1305|AESGCMSIV)$/.exec(sub))) {
    const map: Record<string, string> = { AESGCM: 'AES-GCM', AESCCM: 'AES-CCM', AESOCB3: 'AES-OCB', AESSIV: 'AES-SIV', ChaCha20Poly1305: 'ChaCha20-Poly1305', AESGCMSIV: 'AES-GCM-SIV' };
    emit(ctx, call, normalizeCipher(map[m[1]!]!), q, lib);
  } else if ((m = /^hashes\.(\w+)$/.exec(sub))) {
    emit(ctx, call, hashAlg(m[1]!), q, lib);
  } else if (sub === 'hmac.HMAC') {
    skipNested(ctx, args[1]);
    emit(ctx, call, normalizeMac('HMAC', /hashes\.(\w+)\(/.exec(args[1]?.text ?? '')?.[1]), q, lib);
  } else if ((m = /^kdf\.\w+\.(PBKDF2HMAC|HKDF|Scrypt|ConcatKDFHash|X963KDF)$/.exec(sub))) {
    const a = args.find((x) => x.name === 'algorithm') ?? args[0];
    skipNested(ctx, a);
    const h = /hashes\.(\w+)\(/.exec(a?.text ?? '')?.[1];
    emit(ctx, call, m[1] === 'PBKDF2HMAC' ? normalizeKdf('PBKDF2', h) : m[1] === 'Scrypt' ? normalizeKdf('scrypt') : normalizeKdf('HKDF', h), q, lib);
  } else if (/^asymmetric\.rsa\.generate_private_key$/.test(sub)) {
    emit(ctx, call, pk('RSA', (args.find((a) => a.name === 'key_size') ?? args[1])?.num), q, lib);
  } else if (/^asymmetric\.ec\.generate_private_key$/.test(sub)) {
    const curve = /ec\.(\w+)\(/.exec(args[0]?.text ?? '')?.[1];
    skipNested(ctx, args[0]);
    emit(ctx, call, pk('ECDSA', curve), q, lib);
  } else if ((m = /^asymmetric\.(ed25519|ed448|x25519|x448)\.\w+PrivateKey\.generate$/.exec(sub))) {
    emit(ctx, call, pk(m[1]!, undefined), q, lib);
  } else if (q === 'cryptography.fernet.Fernet') {
    emit(ctx, call, { algorithm: 'AES-128-CBC', family: 'AES', primitive: 'block-cipher', mode: 'CBC', keySize: 128 }, q, lib);
  }
}

function gmssl(call: Call, ctx: LangContext): void {
  const q = call.qualified;
  const lib = 'gmssl';
  let alg: Algorithm | undefined;
  if (/^gmssl\.sm3\.sm3_(hash|kdf)$/.test(q)) alg = q.endsWith('kdf') ? { algorithm: 'SM3-KDF', family: 'SM3', primitive: 'kdf' } : hashAlg('SM3');
  else if (/^gmssl\.sm4\.CryptSM4$/.test(q)) alg = normalizeCipher('SM4');
  else if (/^gmssl\.sm2\.CryptSM2$/.test(q)) alg = pk('SM2', undefined, 'pke');
  else if (/^gmssl\.sm9\.\w+$/.test(q)) alg = pk('SM9', undefined, /encrypt|decrypt/.test(q) ? 'pke' : 'signature');
  else if (/^gmssl\.Sm3(Hmac)?$/.test(q)) alg = q.endsWith('Hmac') ? normalizeMac('HMAC', 'SM3') : hashAlg('SM3');
  else if (/^gmssl\.Sm4(Cbc|Ctr|Gcm)?$/.test(q)) alg = normalizeCipher(q.length > 9 ? `SM4-${q.slice(9).toUpperCase()}` : 'SM4');
  else if (/^gmssl\.Sm2(Key|Signature|Encryption)$/.test(q)) alg = pk('SM2', undefined, q.endsWith('Encryption') ? 'pke' : 'signature');
  else if (/^gmssl\.Zuc$/.test(q)) alg = normalizeCipher('ZUC');
  else if (/^gmssl\.Sm9\w+$/.test(q)) alg = pk('SM9', undefined);
  emit(ctx, call, alg, q, lib);
}

const HTTP_METHODS = /^(get|post|put|patch|delete|head|options|request|stream)$/;

function pyEndpoints(call: Call, ctx: LangContext): void {
  const q = call.qualified;
  const fn = lastSegment(q);
  if ((q.startsWith('requests.') || q.startsWith('httpx.')) && HTTP_METHODS.test(fn)) {
    outbound(ctx, call, q, fn === 'request' || fn === 'stream' ? 1 : 0);
    return;
  }
  if (q === 'urllib.request.urlopen' || q === 'urllib.request.Request' || q === 'urllib2.urlopen' || q === 'websocket.create_connection' || q === 'websockets.connect') {
    outbound(ctx, call, q);
    return;
  }
  if (/^http\.client\.HTTPS?Connection$/.test(q) || q === 'socket.create_connection') {
    outbound(ctx, call, q);
    return;
  }
  // Listeners.
  const args = call.args();
  const kw = (n: string): string | number | undefined => {
    const a = args.find((x) => x.name === n);
    return a?.num ?? a?.str ?? a?.text;
  };
  if ((fn === 'run' && (importsAny(ctx, 'flask') || q.startsWith('uvicorn') || importsAny(ctx, 'uvicorn') || importsAny(ctx, 'sanic'))) || q === 'aiohttp.web.run_app' || q === 'web.run_app') {
    const port = kw('port');
    if (port === undefined && !q.startsWith('uvicorn')) {
      if (fn === 'run' && args.length === 0 && importsAny(ctx, 'flask')) listener(ctx, call, '5000', 'flask.Flask.run');
      return;
    }
    const host = kw('host');
    const api = q.startsWith('uvicorn') || q.includes('run_app') ? q : importsAny(ctx, 'flask') ? 'flask.Flask.run' : importsAny(ctx, 'sanic') ? 'sanic.Sanic.run' : q;
    listener(ctx, call, port === undefined ? undefined : host !== undefined ? `${host}:${port}` : String(port), api);
    return;
  }
  if (/^(http\.server\.(HTTPServer|ThreadingHTTPServer)|socketserver\.(TCPServer|UDPServer|ThreadingTCPServer)|wsgiref\.simple_server\.make_server|xmlrpc\.server\.SimpleXMLRPCServer)$/.test(q)) {
    const tuple = args[0]?.node;
    listener(ctx, call, tuple ? tupleAddress(tuple) ?? addressFrom(args) : addressFrom(args), q);
    return;
  }
  if (q === 'asyncio.start_server' || q === 'websockets.serve') {
    const host = args[1]?.str ?? kw('host');
    const port = args[2]?.num ?? kw('port');
    listener(ctx, call, port !== undefined ? (host !== undefined ? `${host}:${port}` : String(port)) : undefined, q);
    return;
  }
  if (fn === 'bind' && importsAny(ctx, 'socket') && args[0]?.node.type === 'tuple') {
    listener(ctx, call, tupleAddress(args[0].node), 'socket.socket.bind');
  }
}

function tupleAddress(node: TsNode): string | undefined {
  if (node.type !== 'tuple') return undefined;
  const parts = node.namedChildren.filter((c): c is TsNode => c !== null);
  const host = parts[0] && parts[0].type === 'string' ? stringValue(parts[0]) : parts[0]?.text;
  const port = parts[1]?.text;
  if (port === undefined) return host;
  return host ? `${host}:${port}` : port;
}

export const python: LangSpec = {
  id: 'python',
  grammar: { module: 'tree-sitter-python', wasm: 'tree-sitter-python.wasm' },
  separators: /::|->/g,
  stringValue,
  stringTypes: new Set(['string', 'concatenated_string']),
  numberTypes: new Set(['integer', 'float']),
  namedArg(node) {
    if (node.type !== 'keyword_argument') return undefined;
    const value = node.childForFieldName('value');
    if (!value) return undefined;
    const name = node.childForFieldName('name')?.text;
    return name !== undefined ? { name, value } : { value };
  },
  onImport,
  onCall,
};
