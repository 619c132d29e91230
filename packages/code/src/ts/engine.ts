import { endpointsInLiteral } from '../endpoints.js';
import { intern } from '../facts.js';
import type { Extracted } from '../js.js';
import type { BlobIssue, CryptoFact, EndpointFact, ImportFact, ImportKind } from '../types.js';
import type { Grammar, GrammarRef, TsNode } from './loader.js';

/** One call or constructor found by a language's query, with its callee resolved through imports. */
export interface Call {
  /** Callee as written, separators normalised to `.` (`AES.new`, `Cipher.getInstance`, `sm3.New`). */
  callee: string;
  /** Callee with its first segment replaced by what the file imported under that name. */
  qualified: string;
  /** Callee source text as written (generic arguments kept: `Hmac::<Sha256>::new`). */
  raw: string;
  isNew: boolean;
  /** Offset of the call in the text (UTF-16 units), for ordering. */
  start: number;
  readonly line: number;
  readonly column: number;
  args(): Arg[];
}

export interface Arg {
  /** Keyword/named argument name (`port=`, `Port:`, `port =`). */
  name?: string;
  /** Value of a string literal argument. */
  str?: string;
  num?: number;
  /** Source text of the argument, separators normalised. */
  text: string;
  node: TsNode;
}

export interface LangContext {
  /** Local name → fully qualified name, from imports. */
  bindings: Map<string, string>;
  imports: ImportFact[];
  /** Start offsets of string literal nodes that a rule used, so they are not reported again. */
  consumed: Set<number>;
  /** Qualified modules/packages imported, including wildcard imports. */
  modules: Set<string>;
  text: string;
  crypto: CryptoFact[];
  endpoints: EndpointFact[];
  /** Offsets of calls already covered by an enclosing call's fact (`Cipher(algorithms.AES(k), …)`). */
  skip: Set<number>;
  /** Per-file memo for answers that depend only on the imports (asked once per call otherwise). */
  memo: Map<string, boolean>;
  addImport(specifier: string, kind: ImportKind, node: TsNode): void;
  bind(local: string, qualified: string): void;
}

export interface LangSpec {
  id: string;
  grammar: GrammarRef;
  /** Separators in callee text that stand for member access (`::`, `->`, `\`). */
  separators?: RegExp;
  stringValue(node: TsNode): string | undefined;
  stringTypes: ReadonlySet<string>;
  numberTypes: ReadonlySet<string>;
  /** Named-argument wrappers: returns the name and the value node. */
  namedArg?(node: TsNode): { name?: string; value: TsNode } | undefined;
  onImport(node: TsNode, ctx: LangContext): void;
  onCall(call: Call, ctx: LangContext): void;
  /** Called once after all calls, for file-level facts (C socket listeners, …). */
  finish?(ctx: LangContext, calls: Call[]): void;
}

export function position(node: TsNode): { line: number; column: number } {
  return { line: node.startPosition.row + 1, column: node.startPosition.column + 1 };
}

/** Runs a grammar's query over one file and turns captures into facts through the language spec. */
export function extractWithTreeSitter(text: string, spec: LangSpec, grammar: Grammar): Extracted {
  const issues: BlobIssue[] = [];
  const tree = grammar.parse(text);
  try {
    const root = tree.rootNode;
    if (root.hasError) issues.push(partialParse(root, spec.id));
    const ctx = makeContext(text);
    const sep = spec.separators ?? /::|->/g;
    const norm = (s: string): string => s.replace(/\s+/g, '').replace(sep, '.');
    const callNodes: { match: Map<string, TsNode>; isNew: boolean }[] = [];
    const strings: TsNode[] = [];
    for (const m of grammar.matches(root)) {
      const caps = new Map<string, TsNode>();
      for (const c of m.captures) caps.set(c.name, c.node);
      const imp = caps.get('import');
      if (imp) {
        spec.onImport(imp, ctx);
        continue;
      }
      if (caps.has('call') || caps.has('new')) callNodes.push({ match: caps, isNew: caps.has('new') });
    }
    if (mayHoldEndpoint(text)) for (const m of grammar.stringMatches(root)) for (const c of m.captures) strings.push(c.node);
    const calls: Call[] = [];
    for (const { match, isNew } of callNodes) {
      const node = (match.get('call') ?? match.get('new'))!;
      const argsNode = match.get('args');
      // The callee is the source between the call's start and its argument list: one slice, no extra nodes.
      let raw = text.slice(node.startIndex, argsNode ? argsNode.startIndex : node.endIndex);
      if (!argsNode) raw = raw.split(/[{\n]| do\b/)[0]!;
      if (isNew) raw = raw.replace(/^new\b/, '');
      const callee = norm(raw).replace(/^[&*$@\\.]+/, '').replace(/\.?<[^()]*?>/g, '');
      if (!callee) continue;
      let memo: Arg[] | undefined;
      let pos: { line: number; column: number } | undefined;
      // Positions cost a native call each; most calls never become a fact, so they are read on demand.
      calls.push({
        callee,
        qualified: qualify(callee, ctx.bindings),
        raw,
        isNew,
        start: node.startIndex,
        get line() {
          return (pos ??= position(node)).line;
        },
        get column() {
          return (pos ??= position(node)).column;
        },
        args: () => (memo ??= argsNode ? readArgs(argsNode, spec, sep, ctx.bindings) : []),
      });
    }
    calls.sort((a, b) => a.start - b.start);
    for (const call of calls) if (!ctx.skip.has(call.start)) spec.onCall(call, ctx);
    spec.finish?.(ctx, calls);
    for (const s of strings) {
      if (ctx.consumed.has(s.startIndex)) continue;
      const v = spec.stringValue(s);
      if (v === undefined) continue;
      const pos = position(s);
      ctx.endpoints.push(...endpointsInLiteral(v, pos.line, pos.column));
    }
    return { parsed: true, imports: ctx.imports, crypto: ctx.crypto, endpoints: ctx.endpoints, issues };
  } finally {
    tree.delete?.();
  }
}

/** Cheap test over the whole text: a URL scheme or something shaped like a host name. */
function mayHoldEndpoint(text: string): boolean {
  return ENDPOINT_HINT.test(text);
}
const ENDPOINT_HINT = /:\/\/|[a-z0-9-]\.(?:com|net|org|io|cn|dev|cloud|co|ai|app|gov|edu|info|biz|me|us|uk|de|fr|jp|kr|ru|hk|tw|sg|eu|xyz|top|tech|site|online|local|internal|lan|corp|int|mil|in|br|au|ca|nl|se|ch|it|es|pl|tv|cc|ly|so|gg|sh|im|fm|vip|ltd|group|work|link|live|news)\b/i;

function makeContext(text: string): LangContext {
  const ctx: LangContext = {
    bindings: new Map(),
    imports: [],
    consumed: new Set(),
    modules: new Set(),
    text,
    crypto: [],
    endpoints: [],
    skip: new Set(),
    memo: new Map(),
    addImport(specifier, kind, node) {
      const pos = position(node);
      ctx.imports.push({ specifier: intern(specifier), kind, line: pos.line, column: pos.column });
      ctx.modules.add(specifier);
    },
    bind(local, qualified) {
      ctx.bindings.set(local, qualified);
    },
  };
  return ctx;
}

export function qualify(callee: string, bindings: Map<string, string>): string {
  const dot = callee.indexOf('.');
  const head = dot < 0 ? callee : callee.slice(0, dot);
  const q = bindings.get(head);
  if (q === undefined) return callee;
  return dot < 0 ? q : `${q}${callee.slice(dot)}`;
}

function readArgs(argsNode: TsNode, spec: LangSpec, sep: RegExp, bindings: Map<string, string>): Arg[] {
  const out: Arg[] = [];
  for (const child of argsNode.namedChildren) {
    if (!child || child.type === 'comment' || child.type === 'line_comment' || child.type === 'block_comment') continue;
    let node = child;
    let name: string | undefined;
    const named = spec.namedArg?.(child);
    if (named) {
      node = named.value;
      name = named.name;
    }
    const arg: Arg = { text: qualify(node.text.replace(/\s+/g, ' ').replace(sep, '.'), bindings), node };
    if (name !== undefined) arg.name = name;
    if (spec.stringTypes.has(node.type)) {
      const v = spec.stringValue(node);
      if (v !== undefined) arg.str = v;
    } else if (spec.numberTypes.has(node.type)) {
      const n = Number(node.text.replace(/[_lLuU]/g, ''));
      if (Number.isFinite(n)) arg.num = n;
    }
    out.push(arg);
  }
  return out;
}

function partialParse(root: TsNode, language: string): BlobIssue {
  const err = firstError(root);
  const issue: BlobIssue = { code: 'CODE_PARTIAL_PARSE', message: `the ${language} grammar could not parse part of the file; facts come from the parts it could` };
  if (err) {
    const pos = position(err);
    issue.line = pos.line;
    issue.column = pos.column;
  }
  return issue;
}

/** The first ERROR or MISSING node, found by descending into children that contain an error. */
function firstError(root: TsNode): TsNode | undefined {
  let node = root;
  for (let depth = 0; depth < 500; depth++) {
    let next: TsNode | undefined;
    for (const c of node.children) {
      if (!c) continue;
      if (c.type === 'ERROR' || c.isMissing) return c;
      if (c.hasError) {
        next = c;
        break;
      }
    }
    if (!next) return node === root ? undefined : node;
    node = next;
  }
  return node;
}

/**
 * True when any imported module starts with one of the prefixes (`segments`: is the module or one of
 * its dotted sub-modules, so `flask` does not match `flask_cors`); computed once per file.
 */
export function importsAnyOf(ctx: LangContext, prefixes: readonly string[], segments = false): boolean {
  const key = `${segments ? 's' : 'p'}:${prefixes.join('|')}`;
  let v = ctx.memo.get(key);
  if (v === undefined) {
    v = false;
    for (const m of ctx.modules) {
      if (prefixes.some((p) => (segments ? m === p || m.startsWith(`${p}.`) : m.startsWith(p)))) v = true;
    }
    ctx.memo.set(key, v);
  }
  return v;
}

/** Marks the calls nested in these arguments as covered by the enclosing call's fact. */
export function skipNested(ctx: LangContext, ...args: (Arg | undefined)[]): void {
  for (const a of args) if (a) ctx.skip.add(a.node.startIndex);
}

/** Marks string arguments as used by a rule. */
export function consume(ctx: LangContext, ...args: (Arg | undefined)[]): void {
  for (const a of args) if (a && a.str !== undefined) ctx.consumed.add(a.node.startIndex);
}

/** Strips matching quotes and a prefix like r, b, f, u, @, $ from a literal's text (fallback for simple literals). */
export function unquote(text: string): string | undefined {
  const m = /^[a-zA-Z@$]*("""|'''|"|'|`)([\s\S]*)\1$/.exec(text);
  return m ? m[2] : undefined;
}
