import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const require = createRequire(import.meta.url);

/** The part of a syntax node both native tree-sitter and web-tree-sitter offer. */
export interface TsNode {
  readonly type: string;
  readonly text: string;
  readonly startPosition: { row: number; column: number };
  readonly startIndex: number;
  readonly endIndex: number;
  readonly namedChildren: (TsNode | null)[];
  readonly children: (TsNode | null)[];
  readonly namedChildCount: number;
  readonly hasError: boolean;
  readonly isMissing: boolean;
  readonly isNamed: boolean;
  readonly parent: TsNode | null;
  descendantForIndex(start: number, end?: number): TsNode | null;
  childForFieldName(name: string): TsNode | null;
  descendantsOfType(types: string | string[]): (TsNode | null)[];
}

export interface TsMatch {
  pattern: number;
  captures: { name: string; node: TsNode }[];
}

export interface TsTree {
  readonly rootNode: TsNode;
  delete?: () => void;
}

/** A loaded grammar with its query, on whichever binding loaded. */
export interface Grammar {
  backend: 'native' | 'wasm';
  parse(text: string): TsTree;
  /** Imports and calls. */
  matches(node: TsNode): TsMatch[];
  /** String literals only; run when the text may hold a URL or host name (most files do not). */
  stringMatches(node: TsNode): TsMatch[];
  /** Node types the query captures as `@string`. */
  stringTypes: ReadonlySet<string>;
}

/** Splits a query file into its string-literal patterns and the rest (one pattern per line in our files). */
export function splitQuery(source: string): { main: string; strings: string; stringTypes: Set<string> } {
  const main: string[] = [];
  const strings: string[] = [];
  const stringTypes = new Set<string>();
  for (const line of source.split('\n')) {
    if (!line.includes('@string')) {
      main.push(line);
      continue;
    }
    strings.push(line);
    // String patterns are plain `(type) @string`; anything else would need the query itself.
    const m = /^\s*\((\w+)\)\s*@string\s*$/.exec(line);
    if (!m) throw new Error(`unsupported @string pattern: ${line}`);
    stringTypes.add(m[1]!);
  }
  return { main: main.join('\n'), strings: strings.join('\n'), stringTypes };
}

export interface GrammarRef {
  /** npm package of the grammar. */
  module: string;
  /** Module to import for the native binding when not the package main (avoids deprecated main resolution). */
  entry?: string;
  /** Property of the package's export holding the language (`typescript`, `tsx`, `php`). */
  property?: string;
  /** `.wasm` file inside the package, for the web-tree-sitter fallback; absent when none is shipped. */
  wasm?: string;
}

export const QUERIES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'queries');

let nativeParserClass: Promise<NativeParserCtor | undefined> | undefined;
interface NativeParser {
  setLanguage(lang: unknown): void;
  parse(text: string, old?: unknown, options?: { bufferSize?: number }): TsTree;
}
interface NativeParserCtor {
  new (): NativeParser;
  Query: new (lang: unknown, source: string) => { matches(node: TsNode): TsMatch[] };
}

/** Forces the web-tree-sitter path (tests use it to check the fallback); `SHENCHA_TREE_SITTER=wasm` does the same. */
let forceWasm = process.env['SHENCHA_TREE_SITTER'] === 'wasm';
export function setForceWasm(v: boolean): void {
  forceWasm = v;
}

async function nativeParser(): Promise<NativeParserCtor | undefined> {
  nativeParserClass ??= import('tree-sitter').then(
    (m) => ((m as { default?: unknown }).default ?? m) as NativeParserCtor,
    () => undefined,
  );
  return nativeParserClass;
}

let webInit: Promise<typeof import('web-tree-sitter')> | undefined;
async function web(): Promise<typeof import('web-tree-sitter')> {
  webInit ??= (async () => {
    const mod = await import('web-tree-sitter');
    await mod.Parser.init();
    return mod;
  })();
  return webInit;
}

/**
 * node-tree-sitter frees a tree (and each syntax node handed to JS) in finalizers of their JS wrappers,
 * which only a full GC runs: minor GCs do not free them, and V8 does not see the native memory, so on
 * its own it lets trees pile up to gigabytes. Measured on the benchmark tree, the trees of 1 MiB of
 * source held 50-100 MB until collected. So after every 1 MiB of parsed source a full GC is requested
 * (the finalizers then run when the event loop next turns), unless the last GC was recent compared
 * with its own duration: with a large JS heap a full GC costs more, and forced GC time stays at most
 * about a quarter of the time spent between GCs.
 */
let parsedSinceGc = 0;
let lastGcEnd = 0;
let lastGcMs = 0;
let gcFn: (() => void) | undefined | null = null;
const GC_EVERY_BYTES = 1024 * 1024;
const GC_TIME_SHARE = 3;

function collectIfNeeded(textLength: number): void {
  parsedSinceGc += textLength;
  if (parsedSinceGc < GC_EVERY_BYTES) return;
  const now = performance.now();
  if (now - lastGcEnd < lastGcMs * GC_TIME_SHARE) return;
  parsedSinceGc = 0;
  if (gcFn === null) {
    try {
      setFlagsFromString('--expose-gc');
      gcFn = runInNewContext('gc') as () => void;
    } catch {
      gcFn = undefined;
    }
  }
  gcFn?.();
  lastGcEnd = performance.now();
  lastGcMs = lastGcEnd - now;
  collected = true;
}

let collected = false;
let analysed = 0;
const YIELD_EVERY = 8;

/**
 * Call once per file analysed. node-tree-sitter frees trees in finalizers that run only when the event
 * loop turns, some time after the collection requested above; a loop kept busy by queued work (a worker's
 * batches, or small files read synchronously in-process) never lets it, so every few files, and after each
 * requested collection, this yields. Measured on 25,000 generated files: in-process 904 → 305 MB peak,
 * 2 workers 1.1 GB → 580 MB.
 */
export async function letTreesBeFreed(): Promise<void> {
  const due = ++analysed % YIELD_EVERY === 0;
  if (collected || due) {
    collected = false;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

export async function loadNative(ref: GrammarRef, querySource: string): Promise<Grammar> {
  const Parser = await nativeParser();
  if (!Parser) throw new Error('the native tree-sitter binding did not load');
  const mod = (await import(ref.entry ?? ref.module)) as { default?: Record<string, unknown> } & Record<string, unknown>;
  const exp = (mod.default ?? mod) as Record<string, unknown>;
  const lang = ref.property ? exp[ref.property] : exp;
  if (!lang) throw new Error(`${ref.module} has no language ${ref.property ?? ''}`);
  const parser = new Parser();
  parser.setLanguage(lang);
  const q = splitQuery(querySource);
  const query = new Parser.Query(lang, q.main);
  const strings = new Parser.Query(lang, q.strings);
  return {
    backend: 'native',
    parse: (text) => {
      collectIfNeeded(text.length);
      return parser.parse(text);
    },
    matches: (node) => query.matches(node),
    stringMatches: (node) => strings.matches(node),
    stringTypes: q.stringTypes,
  };
}

export async function loadWasm(ref: GrammarRef, querySource: string): Promise<Grammar> {
  if (!ref.wasm) throw new Error(`${ref.module} ships no .wasm grammar`);
  const { Parser, Language, Query } = await web();
  const dir = dirname(require.resolve(`${ref.module}/package.json`));
  const lang = await Language.load(readFileSync(join(dir, ref.wasm)));
  const parser = new Parser();
  parser.setLanguage(lang);
  const q = splitQuery(querySource);
  const query = new Query(lang, q.main);
  const strings = new Query(lang, q.strings);
  return {
    backend: 'wasm',
    parse: (text) => {
      const tree = parser.parse(text);
      if (!tree) throw new Error('web-tree-sitter returned no tree');
      return tree as unknown as TsTree;
    },
    matches: (node) => query.matches(node as never) as unknown as TsMatch[],
    stringMatches: (node) => strings.matches(node as never) as unknown as TsMatch[],
    stringTypes: q.stringTypes,
  };
}

const cache = new Map<string, Promise<Grammar>>();

/** Loads a grammar once: native first, web-tree-sitter when the native binding or grammar fails. */
export function loadGrammar(key: string, ref: GrammarRef, querySource: string): Promise<Grammar> {
  const cacheKey = `${forceWasm ? 'wasm' : 'auto'}:${key}`;
  let p = cache.get(cacheKey);
  if (!p) {
    p = (async () => {
      if (!forceWasm) {
        try {
          return await loadNative(ref, querySource);
        } catch (nativeError) {
          try {
            return await loadWasm(ref, querySource);
          } catch (wasmError) {
            throw new Error(`native: ${(nativeError as Error).message}; wasm: ${(wasmError as Error).message}`);
          }
        }
      }
      return loadWasm(ref, querySource);
    })();
    cache.set(cacheKey, p);
  }
  return p;
}

export function readQuery(language: string): string {
  return readFileSync(join(QUERIES_DIR, `${language}.scm`), 'utf8');
}
