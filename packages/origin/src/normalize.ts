/** YAML 1.1 turns `2026-11-28` into a Date; documents we validate want the written string back. */
export function normalizeYamlValue(v: unknown): unknown {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? String(v) : v.toISOString().slice(0, 10);
  if (Array.isArray(v)) return v.map(normalizeYamlValue);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = normalizeYamlValue(x);
    return out;
  }
  return v;
}
