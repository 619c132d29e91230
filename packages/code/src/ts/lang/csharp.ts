import { normalizeAny, normalizeCipher, normalizeKdf, normalizeMac, normalizeSignature, type Algorithm } from '../../algorithms.js';
import { consume, importsAnyOf, skipNested, type Call, type LangContext, type LangSpec } from '../engine.js';
import type { TsNode } from '../loader.js';
import { addressFrom, bcClass, emit, hashAlg, lastSegment, listener, outbound, pk } from '../shared.js';
import { fragmentsValue } from './java.js';

const CS_FRAGMENTS = new Set(['string_literal_content', 'string_content', 'raw_string_content', 'verbatim_string_literal_content']);

function onImport(node: TsNode, ctx: LangContext): void {
  const named = node.namedChildren.filter((c): c is TsNode => c !== null);
  const target = named[named.length - 1];
  if (!target) return;
  const ns = target.text.replace(/\s+/g, '');
  ctx.addImport(ns, 'use', node);
  const alias = node.childForFieldName('name');
  if (alias && alias.startIndex !== target.startIndex) ctx.bind(alias.text, ns);
}

const SSC = 'System.Security.Cryptography';
const HASHES = /^(SHA1|SHA256|SHA384|SHA512|MD5|SHA3_256|SHA3_384|SHA3_512)(Managed|Cng|CryptoServiceProvider)?$/;
const SYMMETRIC = /^(Aes|AesGcm|AesCcm|TripleDES|DES|RC2|Rijndael|ChaCha20Poly1305)(Managed|Cng|CryptoServiceProvider)?$/;
const HMACS = /^HMAC(SHA1|SHA256|SHA384|SHA512|MD5|SHA3_256|SHA3_384|SHA3_512)$/;
const ASYM = /^(RSA|ECDsa|ECDiffieHellman|DSA)(Cng|CryptoServiceProvider|OpenSsl)?$/;

function usesSsc(ctx: LangContext): boolean {
  return ctx.modules.has(SSC);
}

function onCall(call: Call, ctx: LangContext): void {
  const q = call.qualified.replace(/^global\./, '');
  const parts = q.split('.');
  const fn = parts[parts.length - 1]!;
  const args = call.args();
  let argTextMemo: string | undefined;
  // Joined on demand: only a few rules need it, and each argument's text costs a native call.
  const argText = (): string => (argTextMemo ??= args.map((a) => a.text).join(', '));
  // `new X(...)` names the class in fn; `X.Create(...)` in the segment before it.
  const cls = call.isNew ? fn : parts[parts.length - 2] ?? '';
  const qualifiedSsc = q.startsWith(`${SSC}.`);
  let alg: Algorithm | undefined;
  let lib: string | undefined = 'dotnet';
  if (qualifiedSsc || usesSsc(ctx)) {
    const factory = call.isNew || /^(Create|HashData|TryHashData|HashDataAsync)$/.test(fn);
    if (factory && HASHES.test(cls)) alg = hashAlg(cls.replace(/(Managed|Cng|CryptoServiceProvider)$/, '').replace('_', '-'));
    else if (factory && SYMMETRIC.test(cls)) {
      const base = cls.replace(/(Managed|Cng|CryptoServiceProvider)$/, '');
      alg = base === 'AesGcm' ? normalizeCipher('AES-GCM') : base === 'AesCcm' ? normalizeCipher('AES-CCM') : base === 'Rijndael' ? normalizeCipher('AES') : base === 'ChaCha20Poly1305' ? normalizeCipher('ChaCha20-Poly1305') : normalizeCipher(base === 'TripleDES' ? '3DES' : base);
    } else if ((call.isNew || fn === 'HashData') && HMACS.test(cls)) alg = normalizeMac(cls.replace('_', '-'));
    else if (factory && ASYM.test(cls)) {
      const base = cls.replace(/(Cng|CryptoServiceProvider|OpenSsl)$/, '');
      const curve = /NamedCurves\.(nistP256|nistP384|nistP521|brainpoolP\d+r1)/.exec(argText())?.[1];
      const c = curve ? curve.replace(/^nist/, '') : undefined;
      alg = base === 'RSA' ? pk('RSA', args[0]?.num) : base === 'ECDsa' ? pk('ECDSA', c) : base === 'ECDiffieHellman' ? pk('ECDH', c) : pk('DSA', args[0]?.num);
    } else if (call.isNew && cls === 'Rfc2898DeriveBytes') alg = normalizeKdf('PBKDF2', /HashAlgorithmName\.(\w+)/.exec(argText())?.[1] ?? 'SHA1');
    else if (cls === 'Rfc2898DeriveBytes' && fn === 'Pbkdf2') alg = normalizeKdf('PBKDF2', /HashAlgorithmName\.(\w+)/.exec(argText())?.[1]);
    else if (cls === 'HKDF' && /^(DeriveKey|Extract|Expand)$/.test(fn)) alg = normalizeKdf('HKDF', /HashAlgorithmName\.(\w+)/.exec(argText())?.[1]);
    else if (/^(HashAlgorithm|SymmetricAlgorithm|AsymmetricAlgorithm|KeyedHashAlgorithm|HMAC)$/.test(cls) && fn === 'Create' && args[0]?.str) alg = normalizeAny(args[0].str);
    else if (cls === 'CryptoConfig' && fn === 'CreateFromName' && args[0]?.str) alg = normalizeAny(args[0].str);
  }
  if (!alg) {
    // BouncyCastle .NET: string-keyed factories and lightweight classes.
    const bcResolved = q.startsWith('Org.BouncyCastle.') || importsAnyOf(ctx, ['Org.BouncyCastle']);
    if (bcResolved) {
      lib = 'BouncyCastle.Cryptography';
      const s = args[0]?.str;
      if (cls === 'DigestUtilities' && s) alg = hashAlg(s);
      else if (cls === 'CipherUtilities' && s) alg = normalizeCipher(s) ?? normalizeAny(s);
      else if (cls === 'SignerUtilities' && s) alg = normalizeSignature(s) ?? normalizeAny(s, 'signature');
      else if (cls === 'MacUtilities' && s) alg = normalizeMac(s) ?? normalizeAny(s);
      else if (cls === 'GeneratorUtilities' && s) alg = normalizeAny(s);
      else if (call.isNew) alg = bcClass(fn, argText());
    }
  }
  if (alg) {
    consume(ctx, ...args);
    skipNested(ctx, ...args);
    const api = qualifiedSsc || q.startsWith('Org.BouncyCastle.') ? q : lib === 'dotnet' ? `${SSC}.${cls}${call.isNew ? '' : `.${fn}`}` : `Org.BouncyCastle.${q}`;
    emit(ctx, call, alg, api, lib);
    return;
  }
  csEndpoints(call, ctx, cls, fn);
}

function csEndpoints(call: Call, ctx: LangContext, cls: string, fn: string): void {
  const args = call.args();
  if (call.isNew && /^(TcpListener|UdpClient|HttpListener)$/.test(cls) && args.length > 0) return listener(ctx, call, addressFrom(args), `System.Net.Sockets.${cls}`);
  if (/^(ListenAnyIP|ListenLocalhost|Listen)$/.test(fn) && args.some((a) => a.num !== undefined)) return listener(ctx, call, addressFrom(args), `Kestrel.${fn}`);
  if ((fn === 'UseUrls' || (fn === 'Run' && args[0]?.str?.includes('://')) || (fn === 'Add' && /Prefixes|Urls/.test(call.callee))) && args[0]?.str) {
    return listener(ctx, call, args[0].str, fn === 'Add' ? call.callee : fn);
  }
  if (call.isNew && (cls === 'Uri' || lastSegment(call.qualified) === 'Uri')) outbound(ctx, call, 'System.Uri');
  else if (/^(GetAsync|PostAsync|PutAsync|DeleteAsync|GetStringAsync|GetStreamAsync|GetByteArrayAsync|SendAsync|GetFromJsonAsync|PostAsJsonAsync)$/.test(fn)) outbound(ctx, call, `System.Net.Http.HttpClient.${fn}`);
}

export const csharp: LangSpec = {
  id: 'csharp',
  grammar: { module: 'tree-sitter-c-sharp', entry: 'tree-sitter-c-sharp/bindings/node/index.js', wasm: 'tree-sitter-c_sharp.wasm' },
  separators: /::|->/g,
  stringValue: (node) => fragmentsValue(node, CS_FRAGMENTS),
  stringTypes: new Set(['string_literal', 'verbatim_string_literal', 'raw_string_literal', 'interpolated_string_expression']),
  numberTypes: new Set(['integer_literal', 'real_literal']),
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
