import { builtinModules, createRequire } from 'node:module';
import type * as TS from 'typescript';
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
import { cryptoFact, hostPortText, intern, listenerFact, outboundFact } from './facts.js';
import type { BlobIssue, CryptoFact, EndpointFact, ImportFact, ImportKind } from './types.js';

// Loaded as CommonJS on first use: an ESM import of typescript.js makes Node lex 9 MB for named exports.
const require = createRequire(import.meta.url);
let tsModule: typeof TS | undefined;
function typescript(): typeof TS {
  tsModule ??= require('typescript') as typeof TS;
  return tsModule;
}

type Node = TS.Node;
// Enum values are inlined by the compiler only for const enums; read them from the loaded module instead.
let K: typeof TS.SyntaxKind;
let ts: typeof TS;

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

/** A callee or value as a chain: a root (`mod:x`, `var:x`) then members, `()` for a call result. */
type Chain = string[];

interface CallSite {
  chain: Chain;
  args: readonly Node[];
  isNew: boolean;
  node: Node;
}

const GLOBAL_OBJECTS = new Set(['window', 'globalThis', 'self', 'global']);
const GLOBALS = new Set(['crypto', 'fetch', 'Deno', 'Bun', 'WebSocket', 'EventSource', 'XMLHttpRequest', 'navigator', 'URL', 'Request']);

function scriptKinds(language: string): [TS.ScriptKind, TS.ScriptKind] {
  const S = ts.ScriptKind;
  // `.js` may hold JSX; the retry covers `.js` that is really TypeScript and `.ts` written as TSX.
  return language === 'javascript' ? [S.JSX, S.TS] : language === 'tsx' ? [S.TSX, S.TS] : [S.TS, S.TSX];
}

function parseWith(text: string, kind: TS.ScriptKind): { sf: TS.SourceFile; error?: TS.DiagnosticWithLocation } {
  // TypeScript's own parser: the one typescript-estree wraps, without the ESTree conversion (5x the parse cost).
  const sf = ts.createSourceFile('file', text, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, false, kind);
  const diags = (sf as unknown as { parseDiagnostics?: TS.DiagnosticWithLocation[] }).parseDiagnostics;
  const error = diags?.find((d) => d.category === ts.DiagnosticCategory.Error);
  return error ? { sf, error } : { sf };
}

/**
 * Facts from one JavaScript/TypeScript file, from TypeScript's syntax tree: imports with their exact
 * kind (type-only, re-export, dynamic, require), crypto calls resolved through imports and requires,
 * listeners and outbound URLs.
 */
export function extractJs(text: string, language: string): Extracted {
  ts = typescript();
  K = ts.SyntaxKind;
  const [kind, retryKind] = scriptKinds(language);
  let { sf, error } = parseWith(text, kind);
  if (error) {
    // `.js` files may really be TypeScript, `.ts` files never hold JSX: retry the other way once.
    const retry = parseWith(text, retryKind);
    if (retry.error) {
      const pos = sf.getLineAndCharacterOfPosition(error.start);
      const message = ts.flattenDiagnosticMessageText(error.messageText, ' ');
      return { parsed: false, imports: [], crypto: [], endpoints: [], issues: [{ code: 'CODE_PARSE_ERROR', message: `cannot parse as ${language}: ${message}`, line: pos.line + 1, column: pos.character + 1 }] };
    }
    sf = retry.sf;
  }
  const at = (node: Node): { line: number; column: number } => {
    const p = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    return { line: p.line + 1, column: p.character + 1 };
  };
  const imports: ImportFact[] = [];
  const bindings = new Map<string, Chain>();
  const calls: CallSite[] = [];
  const literals: { value: string; node: Node }[] = [];
  const consumed = new Set<Node>();

  const addImport = (spec: string, kind: ImportKind, node: Node): void => {
    imports.push({ specifier: intern(spec), kind, ...at(node) });
    consumed.add(node);
  };

  const stack: Node[] = [sf];
  const push = (child: Node): void => {
    stack.push(child);
  };
  while (stack.length > 0) {
    const node = stack.pop()!;
    switch (node.kind) {
      case K.ImportDeclaration: {
        const d = node as TS.ImportDeclaration;
        if (!ts.isStringLiteral(d.moduleSpecifier)) break;
        const spec = d.moduleSpecifier.text;
        const clause = d.importClause;
        const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
        const typeOnly =
          clause !== undefined &&
          (clause.phaseModifier === K.TypeKeyword || (!clause.name && named !== undefined && named.length > 0 && named.every((e) => e.isTypeOnly)));
        addImport(spec, typeOnly ? 'type-only' : 'static', d.moduleSpecifier);
        if (clause && !typeOnly) {
          const mod = `mod:${canonicalModule(spec)}`;
          if (clause.name) bindings.set(clause.name.text, [mod]);
          if (clause.namedBindings && ts.isNamespaceImport(clause.namedBindings)) bindings.set(clause.namedBindings.name.text, [mod]);
          for (const e of named ?? []) {
            if (e.isTypeOnly) continue;
            const imported = e.propertyName ? (ts.isIdentifier(e.propertyName) ? e.propertyName.text : e.propertyName.text) : e.name.text;
            bindings.set(e.name.text, imported === 'default' ? [mod] : [mod, imported]);
          }
        }
        continue;
      }
      case K.ExportDeclaration: {
        const d = node as TS.ExportDeclaration;
        if (d.moduleSpecifier && ts.isStringLiteral(d.moduleSpecifier)) {
          addImport(d.moduleSpecifier.text, d.isTypeOnly ? 'type-only' : 're-export', d.moduleSpecifier);
          continue;
        }
        break;
      }
      case K.ImportEqualsDeclaration: {
        const d = node as TS.ImportEqualsDeclaration;
        if (ts.isExternalModuleReference(d.moduleReference)) {
          const spec = staticString(d.moduleReference.expression);
          if (spec !== undefined) {
            addImport(spec, d.isTypeOnly ? 'type-only' : 'require', d.moduleReference.expression);
            bindings.set(d.name.text, [`mod:${canonicalModule(spec)}`]);
          }
          continue;
        }
        break;
      }
      case K.ImportType: {
        const t = node as TS.ImportTypeNode;
        if (ts.isLiteralTypeNode(t.argument) && ts.isStringLiteral(t.argument.literal)) addImport(t.argument.literal.text, 'type-only', t.argument.literal);
        break;
      }
      case K.CallExpression: {
        const c = node as TS.CallExpression;
        if (c.expression.kind === K.ImportKeyword) {
          const spec = staticString(c.arguments[0]);
          if (spec !== undefined) addImport(spec, 'dynamic', c.arguments[0]!);
          break;
        }
        const req = requireOf(c);
        if (req !== undefined) {
          addImport(req, 'require', c.arguments[0]!);
          break;
        }
        const chain = chainOf(c.expression);
        if (chain) calls.push({ chain, args: c.arguments, isNew: false, node: c });
        break;
      }
      case K.NewExpression: {
        const c = node as TS.NewExpression;
        const chain = chainOf(c.expression);
        if (chain) calls.push({ chain, args: c.arguments ?? [], isNew: true, node: c });
        break;
      }
      case K.VariableDeclaration: {
        const d = node as TS.VariableDeclaration;
        if (d.initializer) bind(d.name, d.initializer, bindings);
        break;
      }
      case K.BinaryExpression: {
        const b = node as TS.BinaryExpression;
        if (b.operatorToken.kind === K.EqualsToken && ts.isIdentifier(b.left)) bind(b.left, b.right, bindings);
        break;
      }
      case K.StringLiteral:
      case K.NoSubstitutionTemplateLiteral:
        literals.push({ value: (node as TS.StringLiteral).text, node });
        continue;
      case K.TemplateExpression: {
        const v = templatePrefix(node as TS.TemplateExpression);
        if (v !== undefined) literals.push({ value: v, node });
        break;
      }
      default:
        break;
    }
    ts.forEachChild(node, push);
  }

  const crypto: CryptoFact[] = [];
  const endpoints: EndpointFact[] = [];
  let listenerFile = false;
  for (const chain of bindings.values()) {
    const root = chain[0];
    if (root?.startsWith('mod:') && LISTENER_MODULES.has(root.slice(4))) listenerFile = true;
  }
  for (const imp of imports) if (LISTENER_MODULES.has(canonicalModule(imp.specifier))) listenerFile = true;

  for (const call of calls) {
    const resolved = resolve(call.chain, bindings);
    if (!resolved) continue;
    // Positions are computed only for calls that resolve to a module or global: most calls do not.
    const ctx: CallContext = { ...call, ...at(call.node), resolved, consumed, listenerFile };
    const c = jsCrypto(ctx);
    if (c) crypto.push(...c);
    const e = jsEndpoints(ctx);
    if (e) endpoints.push(...e);
  }
  for (const { value, node } of literals) {
    if (consumed.has(node)) continue;
    const p = at(node);
    endpoints.push(...endpointsInLiteral(value, p.line, p.column));
  }
  return { parsed: true, imports, crypto, endpoints, issues: [] };
}

function staticString(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  if (node.kind === K.StringLiteral || node.kind === K.NoSubstitutionTemplateLiteral) return (node as TS.StringLiteral).text;
  return undefined;
}

/** A template's text with each `${…}` as `{}`, when its static start is a URL or host (else undefined). */
function templatePrefix(node: TS.TemplateExpression): string | undefined {
  const first = node.head.text;
  if (!/^[a-z]+:\/\/[^/{$]+/i.test(first)) return undefined;
  return [first, ...node.templateSpans.map((s) => s.literal.text)].join('{}');
}

function requireOf(node: TS.CallExpression): string | undefined {
  if (ts.isIdentifier(node.expression) && node.expression.text === 'require' && node.arguments.length === 1) return staticString(node.arguments[0]);
  return undefined;
}

function unwrap(node: Node): Node {
  let n = node;
  for (;;) {
    switch (n.kind) {
      case K.AwaitExpression:
      case K.NonNullExpression:
      case K.AsExpression:
      case K.SatisfiesExpression:
      case K.TypeAssertionExpression:
      case K.ParenthesizedExpression:
        n = (n as TS.AwaitExpression).expression;
        break;
      default:
        return n;
    }
  }
}

function chainOf(node: Node): Chain | undefined {
  const n = unwrap(node);
  switch (n.kind) {
    case K.Identifier:
      return [`var:${(n as TS.Identifier).text}`];
    case K.ThisKeyword:
      return ['this'];
    case K.PropertyAccessExpression: {
      const p = n as TS.PropertyAccessExpression;
      const obj = chainOf(p.expression);
      return obj ? [...obj, p.name.text] : undefined;
    }
    case K.ElementAccessExpression: {
      const e = n as TS.ElementAccessExpression;
      const key = staticString(e.argumentExpression);
      const obj = key !== undefined ? chainOf(e.expression) : undefined;
      return obj ? [...obj, key!] : undefined;
    }
    case K.CallExpression: {
      const c = n as TS.CallExpression;
      if (c.expression.kind === K.ImportKeyword) {
        const spec = staticString(c.arguments[0]);
        return spec !== undefined ? [`mod:${canonicalModule(spec)}`] : undefined;
      }
      const req = requireOf(c);
      if (req !== undefined) return [`mod:${canonicalModule(req)}`];
      const callee = chainOf(c.expression);
      return callee ? [...callee, '()'] : undefined;
    }
    case K.NewExpression: {
      const callee = chainOf((n as TS.NewExpression).expression);
      return callee ? [...callee, '()'] : undefined;
    }
    default:
      return undefined;
  }
}

function bind(id: TS.BindingName | TS.Identifier, init: Node, bindings: Map<string, Chain>): void {
  const chain = chainOf(init);
  if (!chain) return;
  if (ts.isIdentifier(id)) {
    if (chain.length === 1 && chain[0] === `var:${id.text}`) return;
    bindings.set(id.text, chain);
  } else if (ts.isObjectBindingPattern(id)) {
    for (const el of id.elements) {
      if (!ts.isIdentifier(el.name)) continue;
      const key = el.propertyName ? (ts.isIdentifier(el.propertyName) || ts.isStringLiteral(el.propertyName) ? el.propertyName.text : undefined) : el.name.text;
      if (key) bindings.set(el.name.text, [...chain, key]);
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
  line: number;
  column: number;
  resolved: Resolved;
  consumed: Set<Node>;
  listenerFile: boolean;
}

const SM_CRYPTO = new Set(['sm-crypto', 'sm-crypto-v2', 'miniprogram-sm-crypto', 'sm-crypto-js']);

function str(node: Node | undefined): string | undefined {
  return node ? staticString(unwrap(node)) : undefined;
}

function num(node: Node | undefined): number | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  return n.kind === K.NumericLiteral ? Number((n as TS.NumericLiteral).text) : undefined;
}

function prop(node: Node | undefined, name: string): Node | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  if (!ts.isObjectLiteralExpression(n)) return undefined;
  for (const p of n.properties) {
    if (ts.isPropertyAssignment(p)) {
      const key = ts.isIdentifier(p.name) || ts.isStringLiteral(p.name) ? p.name.text : undefined;
      if (key === name) return p.initializer;
    } else if (ts.isShorthandPropertyAssignment(p) && p.name.text === name) return p.name;
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
    for (const arg of a.slice(0, 1)) if (str(arg) !== undefined) ctx.consumed.add(unwrap(arg));
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

function webCrypto(method: string, args: readonly Node[]): Algorithm | undefined {
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

function jsEndpoints(ctx: CallContext): EndpointFact[] | undefined {
  const { mod, path, global } = ctx.resolved;
  const member = path.join('.');
  const api = `${mod}${member ? `.${member}` : ''}`.replace(/\.\(\)/g, '()');
  const a = ctx.args;
  const take = (arg: Node | undefined): string | undefined => {
    if (!arg) return undefined;
    const n = unwrap(arg);
    const v = ts.isTemplateExpression(n) ? templatePrefix(n) : str(n);
    if (v !== undefined) ctx.consumed.add(n);
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
  return undefined;
}

function looksLikePort(node: Node): boolean {
  const n = unwrap(node);
  if (ts.isNumericLiteral(n)) return true;
  if (ts.isStringLiteral(n)) return /^\d{2,5}$/.test(n.text);
  if (ts.isIdentifier(n)) return /port/i.test(n.text);
  if (ts.isPropertyAccessExpression(n)) return /port/i.test(n.name.text);
  if (ts.isObjectLiteralExpression(n)) return prop(n, 'port') !== undefined;
  if (ts.isBinaryExpression(n) && isLogical(n)) return looksLikePort(n.left) || looksLikePort(n.right);
  if (ts.isCallExpression(n)) return n.arguments.some((a) => looksLikePort(a));
  return false;
}

function isLogical(n: TS.BinaryExpression): boolean {
  const k = n.operatorToken.kind;
  return k === K.BarBarToken || k === K.QuestionQuestionToken || k === K.AmpersandAmpersandToken;
}

/** `{ hostname: 'x', port: 1 }` as `x:1`; `{ host }` as `x`. */
function hostPort(node: Node | undefined): string | undefined {
  const host = str(prop(node, 'hostname')) ?? str(prop(node, 'host'));
  if (!host) return undefined;
  const port = num(prop(node, 'port'));
  return port !== undefined ? `${host}:${port}` : host;
}

function listener(args: readonly Node[], api: string, ctx: CallContext): EndpointFact[] {
  const first = args[0];
  let value: string | undefined;
  if (first) {
    const n = unwrap(first);
    const port = num(n) ?? num(prop(n, 'port'));
    const host = str(args[1]) ?? str(prop(n, 'hostname')) ?? str(prop(n, 'host'));
    if (port !== undefined) value = host ? hostPortText(host, port) : String(port);
    else if (typeof str(n) === 'string') value = str(n);
    else value = exprText(prop(n, 'port') ?? n);
  }
  return [listenerFact(value ?? '(unknown)', api, ctx.line, ctx.column)];
}

/** Short text of a non-literal expression, e.g. `process.env.PORT || 3000`. */
function exprText(node: Node): string {
  const n = unwrap(node);
  if (ts.isBinaryExpression(n) && isLogical(n)) return `${exprText(n.left)} ${ts.tokenToString(n.operatorToken.kind) ?? '||'} ${exprText(n.right)}`;
  if (ts.isNumericLiteral(n) || ts.isStringLiteral(n)) return n.text;
  const c = chainOf(n);
  if (c) return c.map((s) => s.replace(/^(var|mod):/, '')).join('.').replace(/\.\(\)/g, '()');
  return '(expression)';
}
