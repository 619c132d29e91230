import type { Algorithm } from './algorithms.js';
import type { CryptoFact, EndpointChannel, EndpointFact, ImportFact } from './types.js';
import { channelOf } from './endpoints.js';

export function cryptoFact(alg: Algorithm, api: string, library: string | undefined, line: number, column: number): CryptoFact {
  const f: CryptoFact = { algorithm: alg.algorithm, family: alg.family, primitive: alg.primitive, api, line, column };
  if (alg.mode !== undefined) f.mode = alg.mode;
  if (alg.keySize !== undefined) f.keySize = alg.keySize;
  if (library !== undefined) f.library = library;
  return f;
}

/** `host:port`, with an IPv6 host in brackets (`[::]:8080`). */
export function hostPortText(host: string, port: number | string): string {
  return `${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`;
}

export function listenerFact(value: string, api: string, line: number, column: number): EndpointFact {
  const f: EndpointFact = { kind: 'listener', value, api, line, column };
  const channel: EndpointChannel = channelOf(value);
  if (channel !== 'other') f.channel = channel;
  return f;
}

export function outboundFact(value: string, api: string, line: number, column: number): EndpointFact {
  return { kind: value.includes('://') ? 'outbound-url' : 'hostname', value, channel: channelOf(value), api, line, column };
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
