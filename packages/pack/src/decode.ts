import { isUtf8 } from 'node:buffer';

/**
 * core's `looksBinary` (a NUL byte among the first 8,000 bytes, as the walk decides), by a native
 * search: the byte loop cost more than decoding the text. A test checks that the two agree.
 */
const SNIFF_BYTES = 8000;
function looksBinaryFast(buf: Buffer): boolean {
  return (buf.length > SNIFF_BYTES ? buf.subarray(0, SNIFF_BYTES) : buf).indexOf(0) !== -1;
}

/**
 * How a file's bytes become text for the detectors; the packer, its workers and the post-check all
 * decode the same way. Binary and non-UTF-8 files are read as latin1, which maps each byte to one
 * code point, so masking keeps every other byte in place.
 */
export function decodeForScan(data: Uint8Array): { text: string; encoding: 'utf8' | 'latin1'; binary: boolean } {
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const binary = looksBinaryFast(buf);
  if (binary || !isUtf8(buf)) return { text: buf.toString('latin1'), encoding: 'latin1', binary };
  return { text: buf.toString('utf8'), encoding: 'utf8', binary };
}
