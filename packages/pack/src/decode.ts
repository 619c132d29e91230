import { isUtf8 } from 'node:buffer';
import { looksBinary } from '@shencha/core';

/**
 * How a file's bytes become text for the detectors; the packer, its workers and the post-check all
 * decode the same way. Binary and non-UTF-8 files are read as latin1, which maps each byte to one
 * code point, so masking keeps every other byte in place.
 */
export function decodeForScan(data: Uint8Array): { text: string; encoding: 'utf8' | 'latin1'; binary: boolean } {
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const binary = looksBinary(buf);
  if (binary || !isUtf8(buf)) return { text: buf.toString('latin1'), encoding: 'latin1', binary };
  return { text: buf.toString('utf8'), encoding: 'utf8', binary };
}
