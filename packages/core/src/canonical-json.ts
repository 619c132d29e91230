/**
 * RFC 8785 (JSON Canonicalization Scheme). Every JSON file shencha writes goes through here, and
 * `verify` rejects a file that is not byte-equal to its own canonical form.
 *
 * The writer encodes straight into one growing UTF-8 buffer: a 20,000-component SBOM is ~16 MB of
 * JSON, and building it from nested joined strings allocated ~25× that in garbage (sorted key
 * copies, per-level strings), which is what set the peak memory of `shencha sbom`.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export function canonicalize(value: unknown): string {
  const w = new CanonicalWriter();
  w.value(value);
  return w.toString();
}

/** Canonical JSON as UTF-8 bytes, with no trailing newline (RFC 8785 has none). */
export function canonicalBytes(value: unknown): Buffer {
  const w = new CanonicalWriter();
  w.value(value);
  return w.toBuffer();
}

/** True when `bytes` is valid JSON and byte-identical to its canonical form. */
export function isCanonicalJson(bytes: Uint8Array): boolean {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return false;
  }
  return canonicalBytes(parsed).equals(bytes);
}

// A string needs JSON escaping (or is not plain UTF-16) when it holds a control character, a quote,
// a backslash or any surrogate; everything else is written as it is.
const NEEDS_ESCAPE = /[\u0000-\u001f"\\\ud800-\udfff]/;
const QUOTE = 0x22;

class CanonicalWriter {
  private buf = Buffer.allocUnsafe(1024);
  private pos = 0;
  /** Objects being written, for cycle detection (depth is small, so an array beats a Set). */
  private readonly open: object[] = [];

  value(value: unknown): void {
    if (value === null) return this.ascii('null');
    switch (typeof value) {
      case 'boolean':
        return this.ascii(value ? 'true' : 'false');
      case 'number':
        if (!Number.isFinite(value)) throw new TypeError('canonical JSON cannot hold NaN or Infinity');
        // ECMAScript Number-to-String is exactly the JCS number form.
        return this.ascii(Object.is(value, -0) ? '0' : String(value));
      case 'string':
        return this.string(value);
      case 'object':
        break;
      default:
        throw new TypeError(`canonical JSON cannot hold a ${typeof value}`);
    }
    const obj = value as object;
    if (this.open.includes(obj)) throw new TypeError('canonical JSON cannot hold a cycle');
    this.open.push(obj);
    if (Array.isArray(obj)) {
      this.byte(0x5b);
      for (let i = 0; i < obj.length; i++) {
        if (i > 0) this.byte(0x2c);
        const v: unknown = obj[i];
        if (v === undefined) this.ascii('null');
        else this.value(v);
      }
      this.byte(0x5d);
    } else {
      const record = obj as Record<string, unknown>;
      const keys = sortedKeys(record);
      this.byte(0x7b);
      for (let i = 0; i < keys.length; i++) {
        if (i > 0) this.byte(0x2c);
        const k = keys[i]!;
        this.string(k);
        this.byte(0x3a);
        this.value(record[k]);
      }
      this.byte(0x7d);
    }
    this.open.pop();
  }

  toString(): string {
    return this.buf.toString('utf8', 0, this.pos);
  }

  toBuffer(): Buffer {
    // Hand the buffer over when it is mostly full; copy a small result out of a large buffer.
    return this.pos * 4 >= this.buf.length * 3 ? this.buf.subarray(0, this.pos) : Buffer.from(this.buf.subarray(0, this.pos));
  }

  private string(s: string): void {
    if (NEEDS_ESCAPE.test(s)) return this.utf8(JSON.stringify(s));
    this.reserve(s.length * 3 + 2);
    this.buf[this.pos++] = QUOTE;
    this.pos += this.buf.write(s, this.pos, 'utf8');
    this.buf[this.pos++] = QUOTE;
  }

  private ascii(s: string): void {
    this.reserve(s.length);
    this.pos += this.buf.write(s, this.pos, 'latin1');
  }

  private utf8(s: string): void {
    this.reserve(s.length * 3);
    this.pos += this.buf.write(s, this.pos, 'utf8');
  }

  private byte(b: number): void {
    this.reserve(1);
    this.buf[this.pos++] = b;
  }

  private reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }
}

/** Own keys with a defined, non-function value, sorted by UTF-16 code units (what `<` compares). */
function sortedKeys(record: Record<string, unknown>): string[] {
  const all = Object.keys(record);
  let n = 0;
  for (let i = 0; i < all.length; i++) {
    const v = record[all[i]!];
    if (v !== undefined && typeof v !== 'function') all[n++] = all[i]!;
  }
  all.length = n;
  // Most objects have a handful of keys: an insertion sort allocates nothing.
  if (n > 16) return all.sort(byCodeUnits);
  for (let i = 1; i < n; i++) {
    const k = all[i]!;
    let j = i - 1;
    while (j >= 0 && all[j]! > k) {
      all[j + 1] = all[j]!;
      j--;
    }
    all[j + 1] = k;
  }
  return all;
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
