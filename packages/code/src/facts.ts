import type { Algorithm } from './algorithms.js';
import type { BlobAnalysis, CryptoFact, EndpointChannel, EndpointFact, ImportFact } from './types.js';
import { channelOf } from './endpoints.js';

/**
 * Facts repeat the same few strings (API names, algorithms, specifiers) hundreds of thousands of times
 * on large trees; one shared copy of each keeps the UsageIndex small. Bounded, so it cannot grow forever.
 */
const pool = new Map<string, string>();
export function intern(s: string): string {
  const v = pool.get(s);
  if (v !== undefined) return v;
  if (pool.size > 200_000) pool.clear();
  const own = detach(s);
  pool.set(own, own);
  return own;
}

/**
 * A copy of `s` that does not point into the string it was cut from. V8 keeps substrings of 13 or
 * more characters as slices of their parent, so one URL kept from a file would keep the whole file's
 * text alive: on 25,000 files that was most of the heap. Concatenation then slicing forces a flat copy.
 */
export function detach(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/**
 * Detaches every string of a blob's facts from the file text (see `detach`); called once per file
 * before the result outlives the text.
 */
export function detachBlob(blob: BlobAnalysis): BlobAnalysis {
  for (const c of blob.crypto) {
    c.algorithm = intern(c.algorithm);
    c.family = intern(c.family);
    c.api = intern(c.api);
    if (c.mode !== undefined) c.mode = intern(c.mode);
    if (c.library !== undefined) c.library = intern(c.library);
  }
  for (const i of blob.imports) i.specifier = intern(i.specifier);
  for (const e of blob.endpoints) {
    e.value = detach(e.value);
    if (e.api !== undefined) e.api = intern(e.api);
  }
  for (const c of blob.copyright) {
    c.holder = intern(c.holder);
    if (c.years !== undefined) c.years = intern(c.years);
  }
  for (const i of blob.issues) i.message = detach(i.message);
  return blob;
}

export function cryptoFact(alg: Algorithm, api: string, library: string | undefined, line: number, column: number): CryptoFact {
  const f: CryptoFact = { algorithm: intern(alg.algorithm), family: intern(alg.family), primitive: alg.primitive, api: intern(api), line, column };
  if (alg.mode !== undefined) f.mode = intern(alg.mode);
  if (alg.keySize !== undefined) f.keySize = alg.keySize;
  if (library !== undefined) f.library = intern(library);
  return f;
}

/** Re-shares the strings of a result that crossed a thread boundary (structured clone copies them). */
export function internBlob(blob: BlobAnalysis): BlobAnalysis {
  for (const c of blob.crypto) {
    c.algorithm = intern(c.algorithm);
    c.family = intern(c.family);
    c.primitive = intern(c.primitive) as CryptoFact['primitive'];
    c.api = intern(c.api);
    if (c.mode !== undefined) c.mode = intern(c.mode);
    if (c.library !== undefined) c.library = intern(c.library);
  }
  for (const i of blob.imports) {
    i.specifier = intern(i.specifier);
    i.kind = intern(i.kind) as ImportFact['kind'];
  }
  for (const e of blob.endpoints) {
    e.kind = intern(e.kind) as EndpointFact['kind'];
    if (e.api !== undefined) e.api = intern(e.api);
    if (e.channel !== undefined) e.channel = intern(e.channel) as EndpointChannel;
  }
  blob.language = intern(blob.language);
  return blob;
}

/** `host:port`, with an IPv6 host in brackets (`[::]:8080`). */
export function hostPortText(host: string, port: number | string): string {
  return `${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`;
}

export function listenerFact(value: string, api: string, line: number, column: number): EndpointFact {
  const f: EndpointFact = { kind: 'listener', value, api: intern(api), line, column };
  const channel: EndpointChannel = channelOf(value);
  if (channel !== 'other') f.channel = channel;
  return f;
}

export function outboundFact(value: string, api: string, line: number, column: number): EndpointFact {
  return { kind: value.includes('://') ? 'outbound-url' : 'hostname', value, channel: channelOf(value), api: intern(api), line, column };
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorts facts by position and drops exact duplicates, so output is deterministic. */
export function sortImports(list: ImportFact[]): ImportFact[] {
  return dedupe(list.sort((a, b) => a.line - b.line || a.column - b.column || cmpStr(a.specifier, b.specifier) || cmpStr(a.kind, b.kind)));
}

export function sortCrypto(list: CryptoFact[]): CryptoFact[] {
  return dedupe(list.sort((a, b) => a.line - b.line || a.column - b.column || cmpStr(a.api, b.api) || cmpStr(a.algorithm, b.algorithm)));
}

export function sortEndpoints(list: EndpointFact[]): EndpointFact[] {
  return dedupe(list.sort((a, b) => a.line - b.line || a.column - b.column || cmpStr(a.kind, b.kind) || cmpStr(a.value, b.value)));
}

function dedupe<T>(list: T[]): T[] {
  const out: T[] = [];
  let prev = '';
  for (const item of list) {
    const key = JSON.stringify(item);
    if (key !== prev) out.push(item);
    prev = key;
  }
  return out;
}
