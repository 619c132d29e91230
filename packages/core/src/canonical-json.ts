/**
 * RFC 8785 (JSON Canonicalization Scheme). Every JSON file shencha writes goes through here, and
 * `verify` rejects a file that is not byte-equal to its own canonical form.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export function canonicalize(value: unknown): string {
  return serialize(value, new Set());
}

function serialize(value: unknown, seen: Set<object>): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonical JSON cannot hold NaN or Infinity');
      // ECMAScript Number-to-String is exactly the JCS number form.
      return Object.is(value, -0) ? '0' : String(value);
    case 'string':
      return JSON.stringify(value);
    case 'object': {
      if (seen.has(value as object)) throw new TypeError('canonical JSON cannot hold a cycle');
      seen.add(value as object);
      let out: string;
      if (Array.isArray(value)) {
        out = `[${value.map((v) => (v === undefined ? 'null' : serialize(v, seen))).join(',')}]`;
      } else {
        const obj = value as Record<string, unknown>;
        // JCS sorts keys by UTF-16 code units, which is what the default sort compares.
        const keys = Object.keys(obj)
          .filter((k) => obj[k] !== undefined && typeof obj[k] !== 'function')
          .sort();
        out = `{${keys.map((k) => `${JSON.stringify(k)}:${serialize(obj[k], seen)}`).join(',')}}`;
      }
      seen.delete(value as object);
      return out;
    }
    default:
      throw new TypeError(`canonical JSON cannot hold a ${typeof value}`);
  }
}

/** Canonical JSON as UTF-8 bytes, with no trailing newline (RFC 8785 has none). */
export function canonicalBytes(value: unknown): Buffer {
  return Buffer.from(canonicalize(value), 'utf8');
}

/** True when `bytes` is valid JSON and byte-identical to its canonical form. */
export function isCanonicalJson(bytes: Uint8Array): boolean {
  const text = Buffer.from(bytes).toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return false;
  }
  return canonicalBytes(parsed).equals(Buffer.from(bytes));
}
