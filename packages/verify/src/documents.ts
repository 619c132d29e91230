import { canonicalBytes, makeIssue, validateAgainstSchema, type Issue } from '@shencha/core';
import { schemaNames } from '@shencha/schemas';
import { isSupportedVersion, validateCycloneDxJson, validateCycloneDxXml } from './cyclonedx.js';
import { SOURCE } from './issues.js';
import { notCanonicalIssue, readJson } from './json.js';
import type { Limits } from './limits.js';
import type { Collector } from './report-types.js';

export type DocKind = 'shencha' | 'envelope' | 'cyclonedx-json' | 'cyclonedx-xml' | 'spdx-json' | 'json' | 'other';

/** shencha documents by file name, as DESIGN.md's dossier table names them. */
const SHENCHA_FILES: Record<string, string> = {
  'manifest.json': 'manifest',
  'classification.json': 'classification',
  'package-manifest.json': 'package-manifest',
  'redactions.json': 'redactions',
  'vendor-profile.json': 'vendor-profile',
  'change-record.json': 'attestation',
};

export function kindOfPath(path: string): { kind: DocKind; schema?: string } {
  const base = path.split('/').pop() ?? path;
  const schema = SHENCHA_FILES[base];
  if (schema) return { kind: 'shencha', schema };
  if (base === 'manifest.dsse.json' || base.endsWith('.dsse.json')) return { kind: 'envelope' };
  if (base.endsWith('.cdx.json')) return { kind: 'cyclonedx-json' };
  if (base.endsWith('.cdx.xml')) return { kind: 'cyclonedx-xml' };
  if (base.endsWith('.spdx.json')) return { kind: 'spdx-json' };
  if (base.endsWith('.json')) return { kind: 'json' };
  return { kind: 'other' };
}

export interface DocResult {
  value?: unknown;
  /** True when no error was found in this document. */
  ok: boolean;
}

/** Validates a shencha document against its schema (by name), issues located by JSON pointer. */
export function checkShenchaSchema(c: Collector, path: string, schema: string, value: unknown): boolean {
  if (!schemaNames().includes(schema)) {
    c.check('schema', path, '', [
      makeIssue('VERIFY_SCHEMA_UNKNOWN', SOURCE, `no schema named "${schema}" is known to this shencha, so ${path} was not validated`, {
        location: { path },
      }),
    ]);
    return true;
  }
  const errors = validateAgainstSchema(schema, value);
  const issues = errors.slice(0, 20).map((e) =>
    makeIssue('VERIFY_SCHEMA_INVALID', SOURCE, `${path} ${e.pointer}: ${e.message}`, { location: { path, field: e.pointer } }),
  );
  return c.check('schema', path, `${path} matches schema ${schema}`, issues) === 'pass';
}

export function checkCycloneDxJson(c: Collector, path: string, value: unknown): boolean {
  const doc = value as { bomFormat?: unknown; specVersion?: unknown } | null;
  if (!doc || typeof doc !== 'object' || doc.bomFormat !== 'CycloneDX' || !isSupportedVersion(doc.specVersion)) {
    c.check('cyclonedx', path, '', [
      makeIssue(
        'VERIFY_CYCLONEDX_VERSION',
        SOURCE,
        `${path} is not a CycloneDX BOM of a supported version (bomFormat "${String(doc?.bomFormat)}", specVersion "${String(doc?.specVersion)}"; 1.2–1.7 are supported)`,
        { location: { path, field: '/specVersion' } },
      ),
    ]);
    return false;
  }
  const errors = validateCycloneDxJson(doc, doc.specVersion);
  const issues = errors.map((e) =>
    makeIssue('VERIFY_CYCLONEDX_INVALID', SOURCE, `${path} ${e.pointer ?? '/'}: ${e.message} (CycloneDX ${String(doc.specVersion)} schema)`, {
      location: { path, ...(e.pointer ? { field: e.pointer } : {}) },
    }),
  );
  return c.check('cyclonedx', path, `${path} is valid CycloneDX ${doc.specVersion} JSON`, issues) === 'pass';
}

export async function checkCycloneDxXml(c: Collector, path: string, bytes: Buffer): Promise<boolean> {
  const r = await validateCycloneDxXml(bytes);
  if (r.malformed) {
    const e = r.errors[0];
    c.check('cyclonedx', path, '', [
      makeIssue('VERIFY_XML_MALFORMED', SOURCE, `${path} is not well-formed XML: ${e?.message ?? 'parse error'}`, {
        location: { path, ...(e?.line ? { line: e.line } : {}), ...(e?.column ? { column: e.column } : {}) },
      }),
    ]);
    return false;
  }
  if (!r.version || !isSupportedVersion(r.version)) {
    c.check('cyclonedx', path, '', [
      makeIssue('VERIFY_CYCLONEDX_VERSION', SOURCE, `${path}: ${r.errors[0]?.message ?? 'not a supported CycloneDX version'}`, {
        location: { path, ...(r.errors[0]?.line ? { line: r.errors[0].line } : {}) },
      }),
    ]);
    return false;
  }
  const issues = r.errors.map((e) =>
    makeIssue('VERIFY_CYCLONEDX_INVALID', SOURCE, `${path}: ${e.message} (CycloneDX ${r.version} XSD)`, {
      location: { path, ...(e.line ? { line: e.line } : {}), ...(e.column ? { column: e.column } : {}) },
    }),
  );
  return c.check('cyclonedx', path, `${path} is valid CycloneDX ${r.version} XML`, issues) === 'pass';
}

/**
 * Checks one file's contents by its kind: JSON parse under limits, canonical form when shencha wrote
 * it, and the schema that applies. Returns the parsed value for the cross-file checks.
 */
export async function checkDocument(
  c: Collector,
  path: string,
  bytes: Buffer,
  limits: Limits,
  options: { requireCanonical: boolean; kind?: DocKind; schema?: string },
): Promise<DocResult> {
  const detected = kindOfPath(path);
  const kind = options.kind ?? detected.kind;
  const schema = options.schema ?? detected.schema;
  if (kind === 'cyclonedx-xml') return { ok: await checkCycloneDxXml(c, path, bytes) };
  if (kind === 'other') return { ok: true };
  const parsed = readJson(bytes, path, limits);
  if (!parsed.ok) {
    c.check('json', path, '', [parsed.issue]);
    return { ok: false };
  }
  let ok = true;
  if (options.requireCanonical) {
    const issues: Issue[] = parsed.canonical ? [] : [notCanonicalIssue(bytes, parsed.value, path, canonicalBytes)];
    ok = c.check('canonical', path, `${path} is canonical JSON`, issues) === 'pass' && ok;
  }
  if (kind === 'shencha' && schema) ok = checkShenchaSchema(c, path, schema, parsed.value) && ok;
  else if (kind === 'cyclonedx-json') ok = checkCycloneDxJson(c, path, parsed.value) && ok;
  else if (kind === 'spdx-json') c.skip('schema', path, `${path}: SPDX JSON schema validation is not available offline; parsed and canonical form checked`);
  return { value: parsed.value, ok };
}
