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

/**
 * node-tree-sitter hands nodes to JS as objects whose indexed fields 2-4 hold the start byte, row and
 * byte column (UTF-16 input: bytes are twice the string index); reading them saves a native call per
 * node. Used only once a node with a non-zero start has shown the layout agrees with the getters;
 * web-tree-sitter nodes and any other layout take the getters.
 */
let fieldLayout: 'unknown' | 'ok' | 'no' = 'unknown';
/** True while a native tree is being read (extraction is synchronous, so one flag is enough). */
let nativeTree = false;
function fields(node: TsNode): Record<number, number> | undefined {
  if (!nativeTree) return undefined;
  if (fieldLayout === 'ok') return node as unknown as Record<number, number>;
  if (fieldLayout === 'no') return undefined;
  const f = node as unknown as Record<number, unknown>;
  if (typeof f[2] !== 'number' || typeof f[3] !== 'number' || typeof f[4] !== 'number') {
    fieldLayout = 'no';
    return undefined;
  }
  const p = node.startPosition;
  if (p.row === 0 || p.column === 0) return undefined;
  fieldLayout = f[2] === node.startIndex * 2 && f[3] === p.row && f[4] === p.column * 2 ? 'ok' : 'no';
  return undefined;
}

export function startOf(node: TsNode): number {
  const f = fields(node);
  return f ? f[2]! / 2 : node.startIndex;
}

export function position(node: TsNode): { line: number; column: number } {
  const f = fields(node);
  if (f) return { line: f[3]! + 1, column: f[4]! / 2 + 1 };
  const p = node.startPosition;
  return { line: p.row + 1, column: p.column + 1 };
}

interface CallRule {
  /** Field that must hold a named node (`function`, `name`, `type`, `method`), of `headType` if given. */
  head: string;
  headType?: string;
  /** Type of the `arguments` field. */
  args: string;
  optionalArgs?: boolean;
  isNew: boolean;
}

interface NodePlan {
  types: string[];
  imports: ReadonlySet<string>;
  calls: ReadonlyMap<string, CallRule>;
}

function plan(imports: string[], calls: Record<string, CallRule>): NodePlan {
  return { types: [...imports, ...Object.keys(calls)], imports: new Set(imports), calls: new Map(Object.entries(calls)) };
}

const call = (head: string, args: string, isNew = false, headType?: string, optionalArgs?: boolean): CallRule => ({
  head,
  args,
  isNew,
  ...(headType ? { headType } : {}),
  ...(optionalArgs ? { optionalArgs } : {}),
});

/**
 * The imports and calls of queries/<language>.scm, as node types and field conditions: on the native
 * binding one `descendantsOfType` walk finds them at about half the cost of running the query
 * (it marshals one node per call instead of two, and skips the query machinery). Must say exactly
 * what the query says; kotlin and php patterns are positional and keep the query, as does the
 * web-tree-sitter fallback (its test compares both bindings' facts).
 */
const NODE_PLANS: Record<string, NodePlan | undefined> = {
  c: plan(['preproc_include'], { call_expression: call('function', 'argument_list') }),
  cpp: plan(['preproc_include'], { call_expression: call('function', 'argument_list'), new_expression: call('type', 'argument_list', true) }),
  csharp: plan(['using_directive'], { invocation_expression: call('function', 'argument_list'), object_creation_expression: call('type', 'argument_list', true) }),
  go: plan(['import_spec'], { call_expression: call('function', 'argument_list') }),
  java: plan(['import_declaration'], { method_invocation: call('name', 'argument_list', false, 'identifier'), object_creation_expression: call('type', 'argument_list', true) }),
  python: plan(['import_statement', 'import_from_statement'], { call: call('function', 'argument_list') }),
  rust: plan(['use_declaration', 'extern_crate_declaration'], { call_expression: call('function', 'arguments') }),
  ruby: plan([], { call: call('method', 'argument_list', false, undefined, true) }),
};

let useNodePlans = true;
/** Tests turn the node plans off to check that they find exactly what the queries find. */
export function setNodePlans(v: boolean): void {
  useNodePlans = v;
}

/** Runs a grammar's query over one file and turns captures into facts through the language spec. */
export function extractWithTreeSitter(text: string, spec: LangSpec, grammar: Grammar): Extracted {
  const issues: BlobIssue[] = [];
  const tree = grammar.parse(text);
  const wasNative = nativeTree;
  nativeTree = grammar.backend === 'native';
  try {
    const root = tree.rootNode;
    if (root.hasError) issues.push(partialParse(root, spec.id));
    const ctx = makeContext(text);
    const sep = spec.separators ?? /::|->/g;
    const norm = (s: string): string => s.replace(/\s+/g, '').replace(sep, '.');
    const callNodes: { node: TsNode; argsNode: TsNode | undefined; isNew: boolean; start: number }[] = [];
    const strings: TsNode[] = [];
    const plan = grammar.backend === 'native' && useNodePlans ? NODE_PLANS[spec.id] : undefined;
    if (plan) {
      // One native walk collecting the query's node types, then the query's field conditions checked here.
      for (const node of root.descendantsOfType(plan.types)) {
        if (!node) continue;
        const type = node.type;
        if (plan.imports.has(type)) {
          spec.onImport(node, ctx);
          continue;
        }
        const rule = plan.calls.get(type);
        if (!rule) continue;
        const head = node.childForFieldName(rule.head);
        if (!head || (rule.headType ? head.type !== rule.headType : !head.isNamed)) continue;
        let argsNode: TsNode | undefined = node.childForFieldName('arguments') ?? undefined;
        if (argsNode && argsNode.type !== rule.args) argsNode = undefined;
        if (!argsNode && !rule.optionalArgs) continue;
        callNodes.push({ node, argsNode, isNew: rule.isNew, start: startOf(node) });
      }
      // Query order for calls starting at the same place (a chain `a.b().c()`): the inner one first.
      callNodes.sort((a, b) => a.start - b.start || a.node.endIndex - b.node.endIndex);
    } else {
      for (const m of grammar.matches(root)) {
        const caps = new Map<string, TsNode>();
        for (const c of m.captures) caps.set(c.name, c.node);
        const imp = caps.get('import');
        if (imp) {
          spec.onImport(imp, ctx);
          continue;
        }
        const node = caps.get('call') ?? caps.get('new');
        if (node) callNodes.push({ node, argsNode: caps.get('args'), isNew: caps.has('new'), start: startOf(node) });
      }
      callNodes.sort((a, b) => a.start - b.start);
    }
    if (mayHoldEndpoint(text)) endpointStrings(root, text, grammar.stringTypes, strings);
    const calls: Call[] = [];
    for (const { node, argsNode, isNew, start } of callNodes) {
      // The callee is the source between the call's start and its argument list: one slice, no extra nodes.
      let raw = text.slice(start, argsNode ? startOf(argsNode) : node.endIndex);
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
        start,
        get line() {
          return (pos ??= position(node)).line;
        },
        get column() {
          return (pos ??= position(node)).column;
        },
        args: () => (memo ??= argsNode ? lazyArgs(() => readArgs(argsNode, spec, sep, ctx.bindings)) : []),
      });
    }
    for (const call of calls) if (!ctx.skip.has(call.start)) spec.onCall(call, ctx);
    spec.finish?.(ctx, calls);
    for (const s of strings) {
      if (ctx.consumed.has(startOf(s))) continue;
      const v = spec.stringValue(s);
      if (v === undefined) continue;
      const pos = position(s);
      ctx.endpoints.push(...endpointsInLiteral(v, pos.line, pos.column));
    }
    return { parsed: true, imports: ctx.imports, crypto: ctx.crypto, endpoints: ctx.endpoints, issues };
  } finally {
    nativeTree = wasNative;
    tree.delete?.();
  }
}

/** Cheap test over the whole text: a URL scheme or something shaped like a host name. */
function mayHoldEndpoint(text: string): boolean {
  return ENDPOINT_HINT.test(text);
}
const ENDPOINT_HINT = /:\/\/|[a-z0-9-]\.(?:com|net|org|io|cn|dev|cloud|co|ai|app|gov|edu|info|biz|me|us|uk|de|fr|jp|kr|ru|hk|tw|sg|eu|xyz|top|tech|site|online|local|internal|lan|corp|int|mil|in|br|au|ca|nl|se|ch|it|es|pl|tv|cc|ly|so|gg|sh|im|fm|vip|ltd|group|work|link|live|news)\b/i;
const ENDPOINT_HINT_ALL = new RegExp(ENDPOINT_HINT.source, 'gi');

/**
 * The string literals (of the query's `@string` types) that may hold an endpoint: those containing a
 * match of ENDPOINT_HINT. Every literal that yields a URL or host name holds one (a scheme, or a
 * common top-level domain), so only these need their value read; found from the matches in the text
 * instead of a query over every literal, which cost as much as the calls query.
 */
function endpointStrings(root: TsNode, text: string, types: ReadonlySet<string>, out: TsNode[]): void {
  const seen = new Set<number>();
  const re = ENDPOINT_HINT_ALL;
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    let node = root.descendantForIndex(m.index, m.index + m[0].length - 1);
    while (node && !types.has(node.type)) node = node.parent;
    if (!node) continue;
    const start = startOf(node);
    if (seen.has(start)) continue;
    seen.add(start);
    out.push(node);
  }
}

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

/**
 * An argument list read on first use. Rules fetch a call's arguments before looking at its callee,
 * and most calls never need them; reading them costs a native call per argument node.
 */
function lazyArgs(read: () => Arg[]): Arg[] {
  let real: Arg[] | undefined;
  const get = (): Arg[] => (real ??= read());
  return new Proxy([] as Arg[], {
    get(_target, key) {
      const r = get();
      const v: unknown = Reflect.get(r, key, r);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(r) : v;
    },
    has: (_target, key) => Reflect.has(get(), key),
    ownKeys: () => Reflect.ownKeys(get()),
    getOwnPropertyDescriptor: (_target, key) => Reflect.getOwnPropertyDescriptor(get(), key),
  });
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
  for (const a of args) if (a) ctx.skip.add(startOf(a.node));
}

/** Marks string arguments as used by a rule. */
export function consume(ctx: LangContext, ...args: (Arg | undefined)[]): void {
  for (const a of args) if (a && a.str !== undefined) ctx.consumed.add(startOf(a.node));
}

/** Strips matching quotes and a prefix like r, b, f, u, @, $ from a literal's text (fallback for simple literals). */
export function unquote(text: string): string | undefined {
  const m = /^[a-zA-Z@$]*("""|'''|"|'|`)([\s\S]*)\1$/.exec(text);
  return m ? m[2] : undefined;
}
