import { builtinModules } from 'node:module';
import { parse, type TSESTree } from '@typescript-eslint/typescript-estree';
import {
  normalizeAny,
  normalizeCipher,
  normalizeHash,
  normalizeKdf,
  normalizeMac,
  normalizePublicKey,
  normalizeSignature,
  type Algorithm,
} from './algorithms.js';
import { endpointsInLiteral, isHostname, isUrl } from './endpoints.js';
import { cryptoFact, listenerFact, outboundFact } from './facts.js';
import type { BlobIssue, CryptoFact, EndpointFact, ImportFact, ImportKind } from './types.js';

type Node = TSESTree.Node;

export interface Extracted {
  parsed: boolean;
  imports: ImportFact[];
  crypto: CryptoFact[];
  endpoints: EndpointFact[];
  issues: BlobIssue[];
}

const BUILTINS = new Set(builtinModules.filter((m) => !m.startsWith('_')));

/** `crypto` and `node:crypto` are one module; everything else keeps its specifier. */
function canonicalModule(spec: string): string {
  const bare = spec.startsWith('node:') ? spec.slice(5) : spec;
  return BUILTINS.has(bare) ? `node:${bare}` : spec;
}

/** A callee or value as a chain: a root (`mod:x`, `var:x`, `glob:x`) then members, `()` for a call result. */
type Chain = string[];

interface CallSite {
  chain: Chain;
  args: Node[];
  isNew: boolean;
  line: number;
  column: number;
}

const GLOBAL_OBJECTS = new Set(['window', 'globalThis', 'self', 'global']);
const GLOBALS = new Set(['crypto', 'fetch', 'Deno', 'Bun', 'WebSocket', 'EventSource', 'XMLHttpRequest', 'navigator', 'URL', 'Request']);

/**
 * Facts from one JavaScript/TypeScript file with typescript-estree: imports with their exact kind,
 * crypto calls resolved through imports and requires, listeners and outbound URLs.
 */
export function extractJs(text: string, language: string): Extracted {
  let ast: TSESTree.Program;
  try {
    ast = parse(text, { jsx: language !== 'typescript', loc: true, range: true, comment: false, tokens: false, suppressDeprecatedPropertyWarnings: true });
  } catch (first) {
    // `.js` files may use `<T>x` casts only when they are really TypeScript; `.ts` never has JSX. Retry the other way.
    try {
      ast = parse(text, { jsx: language === 'typescript', loc: true, range: true, comment: false, tokens: false, suppressDeprecatedPropertyWarnings: true });
    } catch {
      const e = first as { message?: string; lineNumber?: number; column?: number };
      const issue: BlobIssue = { code: 'CODE_PARSE_ERROR', message: `cannot parse as ${language}: ${String(e.message ?? first).split('\n')[0]}` };
      if (typeof e.lineNumber === 'number') issue.line = e.lineNumber;
      if (typeof e.column === 'number') issue.column = e.column + 1;
      return { parsed: false, imports: [], crypto: [], endpoints: [], issues: [issue] };
    }
  }
  const imports: ImportFact[] = [];
  const bindings = new Map<string, Chain>();
  const calls: CallSite[] = [];
  const literals: { value: string; node: Node }[] = [];
  const consumed = new Set<number>();

  const addImport = (spec: string, kind: ImportKind, node: Node): void => {
    imports.push({ specifier: spec, kind, line: node.loc.start.line, column: node.loc.start.column + 1 });
    consumed.add(node.range[0]);
  };

  const stack: Node[] = [ast];
  while (stack.length > 0) {
    const node = stack.pop()!;
    switch (node.type) {
      case 'ImportDeclaration': {
        const spec = node.source.value;
        const typeOnly = node.importKind === 'type' || (node.specifiers.length > 0 && node.specifiers.every((s) => s.type === 'ImportSpecifier' && s.importKind === 'type'));
        addImport(spec, typeOnly ? 'type-only' : 'static', node.source);
        if (!typeOnly) {
          const mod = `mod:${canonicalModule(spec)}`;
          for (const s of node.specifiers) {
            if (s.type === 'ImportSpecifier') {
              const imported = s.imported.type === 'Identifier' ? s.imported.name : s.imported.value;
              bindings.set(s.local.name, imported === 'default' ? [mod] : [mod, imported]);
            } else bindings.set(s.local.name, [mod]);
          }
        }
        continue;
      }
      case 'ExportNamedDeclaration':
        if (node.source) {
          addImport(node.source.value, node.exportKind === 'type' ? 'type-only' : 're-export', node.source);
          continue;
        }
        break;
      case 'ExportAllDeclaration':
        addImport(node.source.value, node.exportKind === 'type' ? 'type-only' : 're-export', node.source);
        continue;
      case 'ImportExpression': {
        const spec = staticString(node.source);
        if (spec !== undefined) addImport(spec, 'dynamic', node.source);
        break;
      }
      case 'TSImportEqualsDeclaration':
        if (node.moduleReference.type === 'TSExternalModuleReference') {
          const spec = staticString(node.moduleReference.expression);
          if (spec !== undefined) {
            addImport(spec, node.importKind === 'type' ? 'type-only' : 'require', node.moduleReference.expression);
            bindings.set(node.id.name, [`mod:${canonicalModule(spec)}`]);
          }
          continue;
        }
        break;
      case 'TSImportType': {
        const arg = node.argument;
        if (arg.type === 'TSLiteralType' && arg.literal.type === 'Literal' && typeof arg.literal.value === 'string') {
          addImport(arg.literal.value, 'type-only', arg.literal);
        }
        break;
      }
      case 'CallExpression': {
        const req = requireOf(node);
        if (req !== undefined) {
          addImport(req, 'require', node.arguments[0]!);
          break;
        }
        const chain = chainOf(node.callee);
        if (chain) calls.push({ chain, args: node.arguments, isNew: false, line: node.loc.start.line, column: node.loc.start.column + 1 });
        break;
      }
      case 'NewExpression': {
        const chain = chainOf(node.callee);
        if (chain) calls.push({ chain, args: node.arguments, isNew: true, line: node.loc.start.line, column: node.loc.start.column + 1 });
        break;
      }
      case 'VariableDeclarator':
        if (node.init) bind(node.id, node.init, bindings);
        break;
      case 'AssignmentExpression':
        if (node.left.type === 'Identifier') bind(node.left, node.right, bindings);
        break;
      case 'Literal':
        if (typeof node.value === 'string') literals.push({ value: node.value, node });
        continue;
      case 'TemplateLiteral': {
        const v = templatePrefix(node);
        if (v !== undefined) literals.push({ value: v, node });
        break;
      }
      default:
        break;
    }
    pushChildren(node, stack);
  }

  const crypto: CryptoFact[] = [];
  const endpoints: EndpointFact[] = [];
  const listenerModules = new Set<string>();
  for (const chain of bindings.values()) {
    const root = chain[0];
    if (root?.startsWith('mod:') && LISTENER_MODULES.has(root.slice(4))) listenerModules.add(root.slice(4));
  }
  for (const imp of imports) if (LISTENER_MODULES.has(canonicalModule(imp.specifier))) listenerModules.add(canonicalModule(imp.specifier));

  for (const call of calls) {
    const resolved = resolve(call.chain, bindings);
    if (!resolved) continue;
    const ctx: CallContext = { ...call, resolved, consumed, listenerFile: listenerModules.size > 0 };
    const c = jsCrypto(ctx);
    if (c) crypto.push(...c);
    const e = jsEndpoints(ctx, bindings);
    if (e) endpoints.push(...e);
  }
  for (const { value, node } of literals) {
    if (consumed.has(node.range[0])) continue;
    endpoints.push(...endpointsInLiteral(value, node.loc.start.line, node.loc.start.column + 1));
  }
  return { parsed: true, imports, crypto, endpoints, issues: [] };
}

function pushChildren(node: Node, stack: Node[]): void {
  const rec = node as unknown as Record<string, unknown>;
  for (const key in rec) {
    if (key === 'parent' || key === 'loc' || key === 'range' || key === 'type' || key === 'typeAnnotation' || key === 'returnType' || key === 'typeParameters') continue;
    const v = rec[key];
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) {
        const c = v[i] as Node | null;
        if (c && typeof c.type === 'string') stack.push(c);
      }
    } else if (typeof (v as Node).type === 'string') stack.push(v as Node);
  }
  // Type annotations hold `import('x')` types; walk them too, after the values.
  for (const key of ['typeAnnotation', 'returnType', 'typeParameters'] as const) {
    const v = rec[key] as Node | undefined;
    if (v && typeof v === 'object' && typeof v.type === 'string') stack.push(v);
  }
}

function staticString(node: Node | undefined | null): string | undefined {
  if (!node) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/** A template's text with each `${…}` as `{}`, when its static start is a URL or host (else undefined). */
function templatePrefix(node: TSESTree.TemplateLiteral): string | undefined {
  if (node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  const first = node.quasis[0]?.value.cooked ?? '';
  if (!/^[a-z]+:\/\/[^/{$]+/i.test(first)) return undefined;
  return node.quasis.map((q) => q.value.cooked ?? '').join('{}');
}

function requireOf(node: TSESTree.CallExpression): string | undefined {
  if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments.length === 1) return staticString(node.arguments[0]);
  return undefined;
}

function unwrap(node: Node): Node {
  let n = node;
  for (;;) {
    if (n.type === 'AwaitExpression') n = n.argument;
    else if (n.type === 'TSNonNullExpression' || n.type === 'TSAsExpression' || n.type === 'ChainExpression' || n.type === 'TSSatisfiesExpression' || n.type === 'TSTypeAssertion') n = n.expression;
    else return n;
  }
}

function chainOf(node: Node): Chain | undefined {
  const n = unwrap(node);
  switch (n.type) {
    case 'Identifier':
      return [`var:${n.name}`];
    case 'ThisExpression':
      return ['this'];
    case 'MemberExpression': {
      const obj = chainOf(n.object);
      if (!obj) return undefined;
      if (!n.computed && n.property.type === 'Identifier') return [...obj, n.property.name];
      if (n.computed && n.property.type === 'Literal' && typeof n.property.value === 'string') return [...obj, n.property.value];
      return undefined;
    }
    case 'CallExpression': {
      const req = requireOf(n);
      if (req !== undefined) return [`mod:${canonicalModule(req)}`];
      const callee = chainOf(n.callee);
      return callee ? [...callee, '()'] : undefined;
    }
    case 'ImportExpression': {
      const spec = staticString(n.source);
      return spec !== undefined ? [`mod:${canonicalModule(spec)}`] : undefined;
    }
    case 'NewExpression': {
      const callee = chainOf(n.callee);
      return callee ? [...callee, '()'] : undefined;
    }
    default:
      return undefined;
  }
}

function bind(id: Node, init: Node, bindings: Map<string, Chain>): void {
  const chain = chainOf(init);
  if (!chain) return;
  if (id.type === 'Identifier') {
    if (chain.length === 1 && chain[0] === `var:${id.name}`) return;
    bindings.set(id.name, chain);
  } else if (id.type === 'ObjectPattern') {
    for (const p of id.properties) {
      if (p.type !== 'Property') continue;
      const key = p.key.type === 'Identifier' ? p.key.name : p.key.type === 'Literal' ? String(p.key.value) : undefined;
      const local = p.value.type === 'Identifier' ? p.value.name : p.value.type === 'AssignmentPattern' && p.value.left.type === 'Identifier' ? p.value.left.name : undefined;
      if (key && local) bindings.set(local, [...chain, key]);
    }
  }
}

/** Resolves a chain's root through bindings to a module (`node:crypto`) or a global (`crypto`). */
interface Resolved {
  mod: string;
  path: string[];
  global: boolean;
}

function resolve(chain: Chain, bindings: Map<string, Chain>): Resolved | undefined {
  let c = chain;
  for (let depth = 0; depth < 10; depth++) {
    const root = c[0]!;
    if (root.startsWith('mod:')) return { mod: root.slice(4), path: c.slice(1), global: false };
    if (!root.startsWith('var:')) return undefined;
    const name = root.slice(4);
    const b = bindings.get(name);
    if (b) {
      c = [...b, ...c.slice(1)];
      continue;
    }
    if (GLOBAL_OBJECTS.has(name) && c.length > 1 && GLOBALS.has(c[1]!)) return { mod: c[1]!, path: c.slice(2), global: true };
    if (GLOBALS.has(name)) return { mod: name, path: c.slice(1), global: true };
    return undefined;
  }
  return undefined;
}

interface CallContext extends CallSite {
  resolved: Resolved;
  consumed: Set<number>;
  listenerFile: boolean;
}

const SM_CRYPTO = new Set(['sm-crypto', 'sm-crypto-v2', 'miniprogram-sm-crypto', 'sm-crypto-js']);

function str(node: Node | undefined): string | undefined {
  return node ? staticString(unwrap(node)) : undefined;
}

function num(node: Node | undefined): number | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  return n.type === 'Literal' && typeof n.value === 'number' ? n.value : undefined;
}

function prop(node: Node | undefined, name: string): Node | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  if (n.type !== 'ObjectExpression') return undefined;
  for (const p of n.properties) {
    if (p.type !== 'Property') continue;
    const key = p.key.type === 'Identifier' ? p.key.name : p.key.type === 'Literal' ? String(p.key.value) : undefined;
    if (key === name) return p.value as Node;
  }
  return undefined;
}

/** Text of a member chain (`SM4.constants.CBC`, `CryptoJS.mode.CBC`) or a string, for mode options. */
function loose(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  const s = str(node);
  if (s !== undefined) return s;
  const c = chainOf(node);
  return c ? c[c.length - 1] : undefined;
}

function jsCrypto(ctx: CallContext): CryptoFact[] | undefined {
  const { mod, path, global } = ctx.resolved;
  const member = path.join('.');
  const api = `${mod}${member ? `.${member}` : ''}`.replace(/\.\(\)/g, '()');
  const a = ctx.args;
  const out = (alg: Algorithm | undefined, library: string | undefined, apiName = api): CryptoFact[] | undefined => {
    if (!alg) return undefined;
    for (const arg of a.slice(0, 1)) if (str(arg) !== undefined) ctx.consumed.add(arg.range[0]);
    return [cryptoFact(alg, apiName, library, ctx.line, ctx.column)];
  };
  const hashAlg = (s: string | undefined): Algorithm | undefined => {
    const h = s ? normalizeHash(s) : undefined;
    return h ? { ...h, primitive: 'hash' } : undefined;
  };

  if (mod === 'node:crypto' || (global && mod === 'crypto')) {
    const sub = path[0] === 'webcrypto' ? path.slice(1) : path;
    if (sub[0] === 'subtle' && sub.length === 2) return out(webCrypto(sub[1]!, a), global ? undefined : 'node:crypto');
    if (global) return undefined;
    const lib = 'node:crypto';
    const fn = path.length === 1 ? path[0]! : '';
    const s0 = str(a[0]);
    switch (fn) {
      case 'createCipheriv':
      case 'createDecipheriv':
      case 'createCipher':
      case 'createDecipher':
        return out(s0 ? normalizeCipher(s0) : undefined, lib);
      case 'createHash':
      case 'hash':
        return out(hashAlg(s0), lib);
      case 'createHmac':
        return out(s0 ? normalizeMac('HMAC', s0) : undefined, lib);
      case 'createSign':
      case 'createVerify':
      case 'sign':
      case 'verify':
        if (s0 && /^sm3$/i.test(s0)) return out(normalizePublicKey('SM2', undefined, 'signature'), lib);
        return out(s0 ? normalizeSignature(s0) ?? hashAlg(s0) : undefined, lib);
      case 'generateKeyPair':
      case 'generateKeyPairSync': {
        const size = num(prop(a[1], 'modulusLength')) ?? str(prop(a[1], 'namedCurve'));
        return out(s0 ? normalizePublicKey(s0 === 'ec' ? 'EC' : s0, size) : undefined, lib);
      }
      case 'generateKey':
      case 'generateKeySync': {
        const len = num(prop(a[1], 'length'));
        if (s0 === 'aes') return out({ algorithm: len ? `AES-${len}` : 'AES', family: 'AES', primitive: 'block-cipher', ...(len ? { keySize: len } : {}) }, lib);
        if (s0 === 'hmac') return out(normalizeMac('HMAC'), lib);
        return undefined;
      }
      case 'pbkdf2':
      case 'pbkdf2Sync':
        return out(normalizeKdf('PBKDF2', str(a[4])), lib);
      case 'scrypt':
      case 'scryptSync':
        return out(normalizeKdf('scrypt'), lib);
      case 'hkdf':
      case 'hkdfSync':
        return out(normalizeKdf('HKDF', s0), lib);
      case 'createECDH':
        return out(normalizePublicKey('ECDH', s0), lib);
      case 'createDiffieHellman':
      case 'getDiffieHellman':
      case 'createDiffieHellmanGroup':
        return out(normalizePublicKey('DH', undefined), lib);
      case 'publicEncrypt':
      case 'privateDecrypt':
      case 'privateEncrypt':
      case 'publicDecrypt':
        return out(normalizePublicKey('RSA', undefined, 'pke'), lib);
      default:
        return undefined;
    }
  }
  if (SM_CRYPTO.has(mod)) {
    const [obj, fn] = path;
    if (obj === 'sm2' && fn) {
      if (/^do(Verify)?Signature$/.test(fn)) return out(normalizePublicKey('SM2', undefined, 'signature'), mod);
      if (/^do(En|De)crypt$/.test(fn)) return out(normalizePublicKey('SM2', undefined, 'pke'), mod);
      if (/^(generateKeyPairHex|calculateSharedKey|ecdh)$/.test(fn)) return out(normalizePublicKey('SM2', undefined, fn === 'generateKeyPairHex' ? 'other' : 'key-agree'), mod);
      return undefined;
    }
    if (obj === 'sm3' && path.length === 1) {
      const opts = a[1];
      const isHmac = prop(opts, 'key') !== undefined || str(prop(opts, 'mode')) === 'hmac';
      return out(isHmac ? normalizeMac('HMAC', 'SM3') : hashAlg('SM3'), mod, `${mod}.sm3`);
    }
    if (obj === 'sm3' && fn === 'hmac') return out(normalizeMac('HMAC', 'SM3'), mod);
    if (obj === 'sm4' && fn && /^(en|de)crypt$/.test(fn)) {
      const mode = (str(prop(a[2], 'mode')) ?? 'ecb').toUpperCase();
      return out(normalizeCipher(`SM4-${mode}`) ?? normalizeCipher('SM4'), mod);
    }
    return undefined;
  }
  if (mod === 'gm-crypto') {
    const [obj, fn] = path;
    if (obj === 'SM2' && fn) {
      if (/^(sign|verify)$/.test(fn)) return out(normalizePublicKey('SM2', undefined, 'signature'), mod);
      if (/^(en|de)crypt$/.test(fn)) return out(normalizePublicKey('SM2', undefined, 'pke'), mod);
      if (fn === 'generateKeyPair') return out(normalizePublicKey('SM2', undefined, 'other'), mod);
    }
    if (obj === 'SM3' && fn === 'digest') return out(hashAlg('SM3'), mod);
    if (obj === 'SM4' && fn && /^(en|de)crypt$/.test(fn)) {
      const mode = (loose(prop(a[2], 'mode')) ?? 'ECB').toUpperCase();
      return out(normalizeCipher(`SM4-${mode}`) ?? normalizeCipher('SM4'), mod);
    }
    return undefined;
  }
  if (mod === 'crypto-js' || mod.startsWith('crypto-js/')) {
    const name = mod === 'crypto-js' ? path[0] : mod.slice('crypto-js/'.length).replace(/[-.]/g, '');
    const fn = mod === 'crypto-js' ? path[1] : path[0];
    if (!name) return undefined;
    if (/^(AES|DES|TripleDES|RC4|Rabbit|RC4Drop|aes|tripledes|des|rc4|rabbit)$/i.test(name) && (fn === 'encrypt' || fn === 'decrypt')) {
      const modeName = loose(prop(a[2], 'mode'));
      const base = /^tripledes$/i.test(name) ? '3DES' : /^rc4/i.test(name) ? 'RC4' : /^rabbit$/i.test(name) ? undefined : name.toUpperCase();
      if (!base) return out({ algorithm: 'Rabbit', family: 'Rabbit', primitive: 'stream-cipher' }, 'crypto-js');
      const mode = base === 'RC4' ? undefined : (modeName ?? 'CBC').toUpperCase();
      return out(normalizeCipher(mode ? `${base}-${mode}` : base) ?? normalizeCipher(base), 'crypto-js');
    }
    if (fn !== undefined) return undefined;
    if (/^Hmac/i.test(name)) return out(normalizeMac(name), 'crypto-js');
    if (/^PBKDF2$/i.test(name)) return out(normalizeKdf('PBKDF2', 'SHA1'), 'crypto-js');
    return out(hashAlg(name), 'crypto-js');
  }
  if (mod === 'node-forge') {
    if (path[0] === 'md' && path.length === 3 && path[2] === 'create') return out(hashAlg(path[1]), mod);
    if (path[0] === 'cipher' && /^create(De)?cipher$/i.test(path[1] ?? '')) return out(str(a[0]) ? normalizeCipher(str(a[0])!) : undefined, mod);
    if (member === 'pki.rsa.generateKeyPair') return out(normalizePublicKey('RSA', num(prop(a[0], 'bits')) ?? num(a[0])), mod);
    if (member === 'hmac.create') return out(normalizeMac('HMAC'), mod);
    return undefined;
  }
  if (mod === 'jsonwebtoken' && (member === 'sign' || member === 'verify')) {
    const opts = member === 'sign' ? a[2] : a[2];
    const alg = str(prop(opts, 'algorithm')) ?? (member === 'sign' ? 'HS256' : undefined);
    return out(alg ? jwsAlgorithm(alg) : undefined, mod);
  }
  if ((mod === 'bcrypt' || mod === 'bcryptjs') && /^(hash|hashSync|compare|compareSync)$/.test(member)) return out(normalizeKdf('bcrypt'), mod);
  if ((mod === 'argon2' || mod === '@node-rs/argon2') && /^(hash|verify)$/.test(member)) return out(normalizeKdf('argon2id'), mod);
  if (mod === 'tweetnacl') {
    if (path[0] === 'secretbox') return out({ algorithm: 'XSalsa20-Poly1305', family: 'Salsa20', primitive: 'stream-cipher', mode: 'AEAD' }, mod);
    if (path[0] === 'box' && path.length <= 2) return out(normalizePublicKey('X25519', undefined), mod);
    if (path[0] === 'sign' && path.length <= 2) return out(normalizePublicKey('Ed25519', undefined), mod);
    return undefined;
  }
  if (mod.startsWith('@noble/hashes')) {
    const name = path[0] ?? mod.split('/').pop();
    return name ? out(hashAlg(name.replace(/\.js$/, '')), '@noble/hashes') : undefined;
  }
  if (mod.startsWith('@noble/curves') && path.length === 2 && /^(sign|verify|getSharedSecret)$/.test(path[1]!)) {
    const curve = path[0]!;
    const dh = path[1] === 'getSharedSecret';
    if (curve === 'ed25519' || curve === 'ed448' || curve === 'x25519' || curve === 'x448') return out(normalizePublicKey(curve, undefined), '@noble/curves');
    return out(normalizePublicKey(dh ? 'ECDH' : 'ECDSA', curve), '@noble/curves');
  }
  if (mod.startsWith('@noble/ciphers') && path.length === 1) {
    const n = path[0]!;
    if (/^(gcm|cbc|ctr|ecb|siv|gcmsiv)$/.test(n)) return out(normalizeCipher(`AES-${n === 'gcmsiv' ? 'GCM-SIV' : n.toUpperCase()}`), '@noble/ciphers');
    return out(normalizeCipher(n.replace(/poly1305$/i, '-poly1305')), '@noble/ciphers');
  }
  if (mod === 'node-rsa' && ctx.isNew && path.length === 0) return out(normalizePublicKey('RSA', num(prop(a[0], 'b'))), mod);
  if (mod === 'elliptic' && ctx.isNew && (path[0] === 'ec' || path[0] === 'eddsa')) {
    const curve = str(a[0]);
    return out(path[0] === 'eddsa' ? normalizePublicKey('Ed25519', undefined) : normalizePublicKey('ECDSA', curve), mod);
  }
  return undefined;
}

/** JWS `alg` values (RFC 7518) to algorithms. */
export function jwsAlgorithm(alg: string): Algorithm | undefined {
  const m = /^(HS|RS|ES|PS)(256|384|512)$/.exec(alg);
  if (!m) return alg === 'EdDSA' ? normalizePublicKey('Ed25519', undefined) : alg === 'SM2' || alg === 'SM3withSM2' ? normalizePublicKey('SM2', undefined) : undefined;
  const h = `SHA${m[2]}`;
  if (m[1] === 'HS') return normalizeMac('HMAC', h);
  if (m[1] === 'RS') return normalizeSignature(`${h}withRSA`);
  if (m[1] === 'PS') return normalizeSignature(`${h}withRSA/PSS`);
  const curve = { '256': 'P-256', '384': 'P-384', '512': 'P-521' }[m[2]!];
  return normalizePublicKey('ECDSA', curve);
}

const WEBCRYPTO_ALG_ARG: Record<string, number> = {
  digest: 0, encrypt: 0, decrypt: 0, sign: 0, verify: 0, generateKey: 0, deriveKey: 0, deriveBits: 0, importKey: 2, wrapKey: 3, unwrapKey: 3,
};

function webCrypto(method: string, args: Node[]): Algorithm | undefined {
  const i = WEBCRYPTO_ALG_ARG[method];
  if (i === undefined) return undefined;
  const arg = args[i];
  const name = str(arg) ?? str(prop(arg, 'name'));
  if (!name) return undefined;
  const hashNode = prop(arg, 'hash');
  const hash = str(hashNode) ?? str(prop(hashNode, 'name'));
  const u = name.toUpperCase();
  if (u.startsWith('AES-')) {
    const len = num(prop(arg, 'length'));
    const c = normalizeCipher(len ? `AES-${len}-${u.slice(4)}` : name);
    return c;
  }
  if (u === 'HMAC') return normalizeMac('HMAC', hash);
  if (u === 'PBKDF2' || u === 'HKDF') return normalizeKdf(name, hash);
  if (u.startsWith('RSA')) return normalizePublicKey(name, num(prop(arg, 'modulusLength')), u === 'RSASSA-PKCS1-V1_5' ? 'signature' : undefined);
  if (u === 'ECDSA' || u === 'ECDH') return normalizePublicKey(name, str(prop(arg, 'namedCurve')));
  return normalizeAny(name, method === 'digest' ? 'hash' : undefined);
}

const LISTENER_MODULES = new Set([
  'node:http', 'node:https', 'node:http2', 'node:net', 'node:tls', 'node:dgram', 'express', 'koa', 'fastify', '@hapi/hapi', 'hapi', 'restify',
  'connect', 'polka', 'ws', 'socket.io', '@nestjs/core', 'hono', '@hono/node-server', 'micro', 'next',
]);

const HTTP_CLIENTS: Record<string, RegExp> = {
  'node:http': /^(request|get)$/,
  'node:https': /^(request|get)$/,
  'node:http2': /^connect$/,
  'node:net': /^(connect|createConnection)$/,
  'node:tls': /^connect$/,
  undici: /^(request|fetch|stream|connect)$|^Client$|^Pool$/,
  axios: /^$|^(get|post|put|patch|delete|head|options|request|create)$/,
  'node-fetch': /^$/,
  got: /^$|^(get|post|put|patch|delete|head|stream)$/,
  superagent: /^(get|post|put|patch|delete|head)$/,
  'cross-fetch': /^$/,
  ky: /^$|^(get|post|put|patch|delete|head)$/,
  request: /^$|^(get|post|put|patch|delete|head)$/,
  ws: /^$|^WebSocket$/,
  'socket.io-client': /^$|^(io|connect)$/,
  mqtt: /^connect$/,
};

function jsEndpoints(ctx: CallContext, bindings: Map<string, Chain>): EndpointFact[] | undefined {
  const { mod, path, global } = ctx.resolved;
  const member = path.join('.');
  const api = `${mod}${member ? `.${member}` : ''}`.replace(/\.\(\)/g, '()');
  const a = ctx.args;
  const take = (arg: Node | undefined): string | undefined => {
    if (!arg) return undefined;
    const n = unwrap(arg);
    const v = n.type === 'TemplateLiteral' ? templatePrefix(n) : str(n);
    if (v !== undefined) ctx.consumed.add(n.range[0]);
    return v;
  };
  const outbound = (arg: Node | undefined): EndpointFact[] | undefined => {
    const v = take(arg) ?? take(prop(arg, 'url')) ?? hostPort(arg);
    if (v === undefined) return undefined;
    if (!isUrl(v) && !isHostname(v.replace(/:\d+$/, '')) && !v.includes('://')) return undefined;
    return [outboundFact(v, api, ctx.line, ctx.column)];
  };

  // Outbound: fetch(url), new WebSocket(url), navigator.sendBeacon(url), axios.get(url), http.request(url)…
  if (global) {
    if ((mod === 'fetch' && path.length === 0) || ((mod === 'WebSocket' || mod === 'EventSource') && ctx.isNew && path.length === 0)) return outbound(a[0]);
    if (mod === 'navigator' && member === 'sendBeacon') return outbound(a[0]);
    if (mod === 'Deno' && (member === 'serve' || member === 'listen' || member === 'listenTls')) return listener(a, api, ctx);
    if (mod === 'Bun' && (member === 'serve' || member === 'listen')) return listener(a, api, ctx);
    if (mod === 'Deno' && member === 'connect') return outbound(a[0]);
  }
  const client = HTTP_CLIENTS[mod];
  if (client && client.test(member)) {
    const r = outbound(a[0]);
    if (r) return r;
  }
  // Listeners: X.listen(port) where X comes from a server factory, or any .listen(port) in a file using a server module.
  if (path[path.length - 1] === 'listen' && a.length > 0) {
    const receiverFromServer = path.length >= 2 && path[path.length - 2] === '()';
    const serverish = receiverFromServer && (LISTENER_MODULES.has(mod) || mod === 'node:http' || mod === 'node:net');
    if (serverish || (ctx.listenerFile && looksLikePort(a[0]!))) return listener(a, api, ctx);
  }
  if ((mod === 'ws' && (member === 'Server' || member === 'WebSocketServer')) && ctx.isNew) return listener(a, api, ctx);
  if (mod === 'node:dgram' && member === 'createSocket.().bind') return listener(a, api, ctx);
  void bindings;
  return undefined;
}

function looksLikePort(node: Node): boolean {
  const n = unwrap(node);
  if (n.type === 'Literal') return typeof n.value === 'number' || (typeof n.value === 'string' && /^\d{2,5}$/.test(n.value));
  if (n.type === 'Identifier') return /port/i.test(n.name);
  if (n.type === 'MemberExpression') return /port/i.test(!n.computed && n.property.type === 'Identifier' ? n.property.name : '');
  if (n.type === 'ObjectExpression') return prop(n, 'port') !== undefined;
  if (n.type === 'LogicalExpression') return looksLikePort(n.left) || looksLikePort(n.right);
  return false;
}

/** `{ hostname: 'x', port: 1 }` as `x:1`; `{ host }` as `x`. */
function hostPort(node: Node | undefined): string | undefined {
  const host = str(prop(node, 'hostname')) ?? str(prop(node, 'host'));
  if (!host) return undefined;
  const port = num(prop(node, 'port'));
  return port !== undefined ? `${host}:${port}` : host;
}

function listener(args: Node[], api: string, ctx: CallContext): EndpointFact[] {
  const first = args[0];
  let value: string | undefined;
  if (first) {
    const n = unwrap(first);
    const port = num(n) ?? num(prop(n, 'port'));
    const host = str(args[1]) ?? str(prop(n, 'hostname')) ?? str(prop(n, 'host'));
    if (port !== undefined) value = host ? `${host}:${port}` : String(port);
    else if (typeof str(n) === 'string') value = str(n);
    else value = exprText(prop(n, 'port') ?? n);
  }
  return [listenerFact(value ?? '(unknown)', api, ctx.line, ctx.column)];
}

/** Short text of a non-literal expression, e.g. `process.env.PORT || 3000`. */
function exprText(node: Node): string {
  const n = unwrap(node);
  if (n.type === 'LogicalExpression') {
    const l = exprText(n.left);
    const r = exprText(n.right);
    return `${l} ${n.operator} ${r}`;
  }
  if (n.type === 'Literal') return String(n.value);
  const c = chainOf(n);
  if (c) return c.map((s) => s.replace(/^(var|mod):/, '')).join('.').replace(/\.\(\)/g, '()');
  return '(expression)';
}
