import { createHash } from 'node:crypto';

/** shencha's UUID v5 namespace (a fixed, random v4 UUID), so serial numbers are content-derived. */
export const SHENCHA_UUID_NAMESPACE = '3f0c5b7e-2a7d-4c4e-9a55-8f3b8e1d6c21';

/** RFC 9562 UUID version 5 (SHA-1, name-based) of `name` (text, or UTF-8 bytes in pieces) in `namespace`. */
export function uuidV5(name: string | Uint8Array[], namespace: string = SHENCHA_UUID_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const sha1 = createHash('sha1').update(ns);
  if (typeof name === 'string') sha1.update(name, 'utf8');
  else for (const piece of name) sha1.update(piece);
  const hash = sha1.digest();
  const b = Buffer.from(hash.subarray(0, 16));
  b[6] = (b[6]! & 0x0f) | 0x50;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
