import { createHash, createHmac, getHashes } from 'node:crypto';
import { createReadStream } from 'node:fs';

export type HashAlgorithm = 'sha256' | 'sm3';
export type Digests = { sha256: string; sm3?: string };

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function sm3Hex(data: string | Uint8Array): string {
  return createHash('sm3').update(data).digest('hex');
}

export function sm3Available(): boolean {
  return getHashes().includes('sm3');
}

export function digestsOf(data: Uint8Array, algorithms: readonly HashAlgorithm[] = ['sha256']): Digests {
  const d: Digests = { sha256: sha256Hex(data) };
  if (algorithms.includes('sm3')) d.sm3 = sm3Hex(data);
  return d;
}

/** Streams a file once through every requested hash; returns digests and byte count. */
export async function digestFile(
  path: string,
  algorithms: readonly HashAlgorithm[] = ['sha256'],
): Promise<Digests & { size: number }> {
  const sha = createHash('sha256');
  const sm = algorithms.includes('sm3') ? createHash('sm3') : undefined;
  let size = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    sha.update(chunk);
    sm?.update(chunk);
    size += chunk.length;
  }
  const out: Digests & { size: number } = { sha256: sha.digest('hex'), size };
  if (sm) out.sm3 = sm.digest('hex');
  return out;
}

export type MacAlgorithm = 'hmac-sha256' | 'hmac-sm3';

export function hmac(alg: MacAlgorithm, key: Uint8Array, data: string | Uint8Array): Buffer {
  return createHmac(alg === 'hmac-sm3' ? 'sm3' : 'sha256', key).update(data).digest();
}
