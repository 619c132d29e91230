import { closeSync, constants, openSync, readSync } from 'node:fs';

/**
 * Files up to this size are read with synchronous calls. For a source file of a few KB, the
 * thread-pool round trips of an async open/fstat/read/close cost ~100 µs of CPU each, the read
 * itself a few µs: on a 25,000-file tree that was seconds. Larger files keep the async path.
 */
export const SMALL_FILE_LIMIT = 256 * 1024;

/**
 * Reads a regular file expected to hold `expected` bytes, never through a symlink (O_NOFOLLOW).
 * Returns undefined when the file turns out larger than SMALL_FILE_LIMIT (it grew since it was
 * listed): the caller then takes the async path, which reads any size.
 */
export function readSmallFileSync(abs: string, expected: number): Buffer | undefined {
  const fd = openSync(abs, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    // One byte more than expected, to see growth without an fstat.
    let buf = Buffer.allocUnsafe(Math.min(expected, SMALL_FILE_LIMIT) + 1);
    let n = 0;
    for (;;) {
      if (n === buf.length) {
        if (buf.length > SMALL_FILE_LIMIT) return undefined;
        const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, SMALL_FILE_LIMIT + 1));
        buf.copy(bigger, 0, 0, n);
        buf = bigger;
      }
      const r = readSync(fd, buf, n, buf.length - n, null);
      if (r === 0) break;
      n += r;
    }
    // A copy of exactly the file's bytes: a slice of a pooled or oversized buffer would pin it.
    return Buffer.from(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
}
