import { normalizeCipher, normalizeKdf, normalizeMac, type Algorithm } from '../../algorithms.js';
import { jwsAlgorithm } from '../../js.js';
import { consume, type Arg, type Call, type LangContext, type LangSpec } from '../engine.js';
import type { TsNode } from '../loader.js';
import { emit, hashAlg, listener, outbound, pk } from '../shared.js';
import { fragmentsValue } from './java.js';

const RUBY_FRAGMENTS = new Set(['string_content']);

/** A Ruby argument's value as a name: 'sha256', :GCM, OpenSSL::Digest::SHA256.new → SHA256. */
function nameOf(a: Arg | undefined): string | undefined {
  if (!a) return undefined;
  if (a.str !== undefined) return a.str;
  if (a.node.type === 'simple_symbol') return a.node.text.slice(1);
  const m = /Digest\.(?:new\(['"]?)?(\w+)/.exec(a.text);
  return m?.[1];
}

function onCall(call: Call, ctx: LangContext): void {
  const q = call.qualified;
  const args = call.args();
  // `require 'openssl'` is a call in Ruby.
  if (/^(require|require_relative|load|gem)$/.test(q) && args[0]?.str !== undefined) {
    ctx.addImport(args[0].str, q === 'gem' ? 'use' : 'require', call.args()[0]!.node);
    consume(ctx, args[0]);
    return;
  }
  const parts = q.split('.');
  const fn = parts[parts.length - 1]!;
  const recv = parts.slice(0, -1).join('.');
  let alg: Algorithm | undefined;
  let lib = 'openssl';
  let m: RegExpExecArray | null;
  if (recv === 'OpenSSL.Cipher' && fn === 'new' && args[0]?.str) alg = normalizeCipher(args[0].str);
  else if ((m = /^OpenSSL\.Cipher\.(AES|AES128|AES192|AES256|SM4|DES|BF|CAST5|Camellia|RC4)$/.exec(recv)) && fn === 'new') {
    const size = args.find((a) => a.num !== undefined)?.num ?? (/\d{3}$/.exec(m[1]!)?.[0] ? Number(/\d{3}$/.exec(m[1]!)![0]) : undefined);
    const mode = args.map(nameOf).find((x) => x && /^[A-Za-z]+$/.test(x));
    const base = m[1]!.replace(/\d+$/, '');
    alg = normalizeCipher([base, base === 'SM4' ? undefined : size, mode?.toUpperCase()].filter(Boolean).join('-')) ?? normalizeCipher(base);
  } else if (recv === 'OpenSSL.Digest' && (fn === 'new' || fn === 'digest' || fn === 'hexdigest')) alg = hashAlg(nameOf(args[0]));
  else if ((m = /^(?:OpenSSL\.)?Digest\.(\w+)$/.exec(recv)) && /^(new|digest|hexdigest|base64digest|file)$/.test(fn)) {
    alg = hashAlg(m[1]);
    lib = recv.startsWith('OpenSSL') ? 'openssl' : 'digest';
  } else if (recv === 'OpenSSL.HMAC' && /^(digest|hexdigest|base64digest|new)$/.test(fn)) alg = normalizeMac('HMAC', nameOf(args[0]));
  else if (recv === 'OpenSSL.PKey.RSA' && (fn === 'new' || fn === 'generate')) alg = pk('RSA', args[0]?.num);
  else if (recv === 'OpenSSL.PKey.EC' && (fn === 'new' || fn === 'generate')) alg = args[0]?.str && /^sm2$/i.test(args[0].str) ? pk('SM2') : pk('ECDSA', args[0]?.str);
  else if (recv === 'OpenSSL.PKey' && fn === 'generate_key' && args[0]?.str) alg = pk(args[0].str.toUpperCase() === 'EC' ? 'ECDSA' : args[0].str, undefined);
  else if ((recv === 'OpenSSL.PKCS5' && fn === 'pbkdf2_hmac') || (recv === 'OpenSSL.KDF' && fn === 'pbkdf2_hmac')) {
    const h = args.find((a) => a.name === 'hash') ?? args[4];
    alg = normalizeKdf('PBKDF2', nameOf(h));
  } else if (recv === 'OpenSSL.PKCS5' && fn === 'pbkdf2_hmac_sha1') alg = normalizeKdf('PBKDF2', 'SHA1');
  else if (recv === 'OpenSSL.KDF' && (fn === 'scrypt' || fn === 'hkdf')) alg = normalizeKdf(fn === 'scrypt' ? 'scrypt' : 'HKDF', nameOf(args.find((a) => a.name === 'hash')));
  else if (recv === 'BCrypt.Password' && fn === 'create') {
    alg = normalizeKdf('bcrypt');
    lib = 'bcrypt';
  } else if (/^RbNaCl\.(SecretBox|SimpleBox)$/.test(recv) && fn === 'new') {
    alg = { algorithm: 'XSalsa20-Poly1305', family: 'Salsa20', primitive: 'stream-cipher', mode: 'AEAD' };
    lib = 'rbnacl';
  } else if (recv === 'JWT' && (fn === 'encode' || fn === 'decode')) {
    const a = fn === 'encode' ? args[2]?.str ?? 'HS256' : undefined;
    alg = a ? jwsAlgorithm(a) : undefined;
    lib = 'jwt';
  }
  if (alg) {
    consume(ctx, ...args);
    emit(ctx, call, alg, q, lib);
    return;
  }
  rubyEndpoints(call, ctx, recv, fn);
}

function rubyEndpoints(call: Call, ctx: LangContext, recv: string, fn: string): void {
  const args = call.args();
  const kw = (n: string): Arg | undefined => args.find((a) => a.name === n);
  if (/^(TCPServer|UDPServer|SSLServer|OpenSSL\.SSL\.SSLServer)$/.test(recv) && fn === 'new' && args.length > 0) {
    const port = args.find((a) => a.num !== undefined)?.num;
    const host = args.find((a) => a.str !== undefined)?.str;
    return listener(ctx, call, port !== undefined ? (host ? `${host}:${port}` : String(port)) : args[0]!.text, `${recv}.new`);
  }
  if (/^(WEBrick\.HTTPServer|Rack\.Handler\.\w+|Puma\.Server|Thin\.Server)$/.test(recv) && /^(new|run)$/.test(fn)) {
    const port = kw('Port') ?? kw('port');
    const host = kw('BindAddress') ?? kw('Host') ?? kw('host');
    return listener(ctx, call, port ? `${host?.str ? `${host.str}:` : ''}${port.num ?? port.text}` : undefined, `${recv}.${fn}`);
  }
  if (recv === '' && fn === 'set' && args[0]?.node.type === 'simple_symbol' && args[0].node.text === ':port') return listener(ctx, call, String(args[1]?.num ?? args[1]?.text), 'sinatra.set');
  if ((recv === 'Net.HTTP' && /^(get|get_response|post_form|start|new)$/.test(fn)) || (recv === '' && fn === 'URI') || (recv === 'URI' && /^(parse|open)$/.test(fn))) {
    outbound(ctx, call, recv ? `${recv}.${fn}` : 'URI');
    return;
  }
  if (/^(HTTParty|RestClient|Faraday|HTTP|Excon|Typhoeus)$/.test(recv) && /^(get|post|put|delete|patch|head|new)$/.test(fn)) {
    const url = kw('url');
    if (url?.str) {
      consume(ctx, url);
      outbound(ctx, call, `${recv}.${fn}`, args.indexOf(url));
    } else outbound(ctx, call, `${recv}.${fn}`);
  }
}

export const ruby: LangSpec = {
  id: 'ruby',
  grammar: { module: 'tree-sitter-ruby', wasm: 'tree-sitter-ruby.wasm' },
  separators: /::/g,
  stringValue: (node) => fragmentsValue(node, RUBY_FRAGMENTS),
  stringTypes: new Set(['string']),
  numberTypes: new Set(['integer', 'float']),
  namedArg(node) {
    if (node.type !== 'pair') return undefined;
    const key = node.childForFieldName('key');
    const value = node.childForFieldName('value');
    if (!key || !value) return undefined;
    return { name: key.text.replace(/^:|:$/g, '').replace(/^["']|["']$/g, ''), value };
  },
  onImport: () => undefined,
  onCall,
};
