import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The JSON Schemas (2020-12) of every document shencha reads or writes. They ship inside this
 * package (json/) so that validation works offline; `$id` is `urn:shencha:schema:<name>:<major>`.
 */
export interface SchemaEntry {
  /** File stem, e.g. `manifest` for json/manifest.schema.json. */
  name: string;
  id: string;
  major: number;
  schema: Record<string, unknown>;
}

const dir = fileURLToPath(new URL('../json/', import.meta.url));

let cache: Map<string, SchemaEntry> | undefined;

function load(): Map<string, SchemaEntry> {
  if (cache) return cache;
  cache = new Map();
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.schema.json')) continue;
    const schema = JSON.parse(readFileSync(dir + file, 'utf8')) as Record<string, unknown>;
    const id = String(schema['$id'] ?? '');
    const m = /^urn:shencha:schema:([a-z0-9-]+):(\d+)$/.exec(id);
    if (!m) throw new Error(`schema ${file} has no $id of the form urn:shencha:schema:<name>:<major>`);
    const name = file.slice(0, -'.schema.json'.length);
    if (m[1] !== name) throw new Error(`schema ${file}: $id names ${m[1]}`);
    cache.set(name, { name, id, major: Number(m[2]), schema });
  }
  return cache;
}

export function schemaNames(): string[] {
  return [...load().keys()];
}

export function getSchema(name: string): SchemaEntry {
  const entry = load().get(name);
  if (!entry) throw new Error(`no shencha schema named ${name}`);
  return entry;
}

export function allSchemas(): SchemaEntry[] {
  return [...load().values()];
}

/** Finds the schema a document declares through its `schemaVersion` and a known name. */
export function schemaIdFor(name: string, major: number): string {
  return `urn:shencha:schema:${name}:${major}`;
}
