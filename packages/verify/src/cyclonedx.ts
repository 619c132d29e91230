import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Ajv, type ValidateFunction, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import addFormatsDraft2019Module from 'ajv-formats-draft2019';
import { canonicalize } from '@shencha/core';

/**
 * CycloneDX validation against the official schemas that ship inside @cyclonedx/cyclonedx-library
 * (res/schema), offline. JSON: ajv with the library's own options, except that `uniqueItems` is
 * replaced by a linear-time keyword (canonical JSON of each item into a Set): ajv's built-in check
 * compares every pair and dominates the run time on large BOMs. XML: libxml2-wasm with the XSDs fed
 * from memory and external entities and network access off.
 */

export const CYCLONEDX_VERSIONS = ['1.2', '1.3', '1.4', '1.5', '1.6', '1.7'] as const;
export type CycloneDxVersion = (typeof CYCLONEDX_VERSIONS)[number];

export interface CdxError {
  /** JSON pointer (JSON) or line (XML) of the problem. */
  pointer?: string;
  line?: number;
  column?: number;
  message: string;
}

const require = createRequire(import.meta.url);
const SCHEMA_DIR = join(dirname(require.resolve('@cyclonedx/cyclonedx-library/package.json')), 'res', 'schema');

function schemaFile(name: string): Buffer {
  return readFileSync(join(SCHEMA_DIR, name));
}

/** The same schema files the library's JsonStrictValidator uses (strict variants for 1.2 and 1.3). */
function jsonSchemaName(v: CycloneDxVersion): string {
  return v === '1.2' || v === '1.3' ? `bom-${v}-strict.SNAPSHOT.schema.json` : `bom-${v}.SNAPSHOT.schema.json`;
}

export function isSupportedVersion(v: unknown): v is CycloneDxVersion {
  return typeof v === 'string' && (CYCLONEDX_VERSIONS as readonly string[]).includes(v);
}

type AjvPlugin = (ajv: Ajv, opts?: unknown) => Ajv;
const addFormats = ((addFormatsModule as unknown as { default?: AjvPlugin }).default ?? addFormatsModule) as unknown as AjvPlugin;
const addFormatsDraft2019 = ((addFormatsDraft2019Module as unknown as { default?: AjvPlugin }).default ??
  addFormatsDraft2019Module) as unknown as AjvPlugin;

const UNIQUE = 'x-shencha-unique-items';

/** Copies a schema, renaming `uniqueItems: true` to the linear-time keyword. */
function rewriteUniqueItems(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteUniqueItems);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    if (k === 'uniqueItems') {
      if (v === true) out[UNIQUE] = true;
      continue;
    }
    out[k] = k === 'enum' || k === 'const' || k === 'examples' || k === 'default' ? v : rewriteUniqueItems(v);
  }
  return out;
}

function uniqueItemsLinear(_schema: unknown, data: unknown): boolean {
  if (!Array.isArray(data)) return true;
  const seen = new Set<string>();
  for (const item of data) {
    // Canonical JSON makes key order irrelevant, as JSON Schema equality requires.
    const key = typeof item === 'object' && item !== null ? canonicalize(item) : `${typeof item}:${String(item)}`;
    if (seen.has(key)) {
      (uniqueItemsLinear as unknown as { errors: Partial<ErrorObject>[] }).errors = [
        { keyword: 'uniqueItems', message: 'must NOT have duplicate items', params: {} },
      ];
      return false;
    }
    seen.add(key);
  }
  return true;
}

let ajv: Ajv | undefined;
const jsonValidators = new Map<CycloneDxVersion, ValidateFunction>();

function ajvInstance(): Ajv {
  if (ajv) return ajv;
  const side = {
    'http://cyclonedx.org/schema/spdx.SNAPSHOT.schema.json': 'spdx.SNAPSHOT.schema.json',
    'http://cyclonedx.org/schema/cryptography-defs.SNAPSHOT.schema.json': 'cryptography-defs.SNAPSHOT.schema.json',
    'http://cyclonedx.org/schema/jsf-0.82.SNAPSHOT.schema.json': 'jsf-0.82.SNAPSHOT.schema.json',
  };
  const schemas: Record<string, object> = {};
  for (const [id, file] of Object.entries(side)) {
    schemas[id] = rewriteUniqueItems(JSON.parse(schemaFile(file).toString('utf8'))) as object;
  }
  ajv = new Ajv({
    useDefaults: false,
    strict: false,
    strictSchema: false,
    addUsedSchema: false,
    allErrors: false,
    loadSchema: (uri: string) => {
      throw new Error(`remote schemas are disabled: ${uri}`);
    },
    schemas,
  });
  addFormats(ajv);
  addFormatsDraft2019(ajv, { formats: ['idn-email'] });
  ajv.addFormat('iri-reference', true);
  ajv.addKeyword({ keyword: UNIQUE, schemaType: 'boolean', errors: true, validate: uniqueItemsLinear });
  return ajv;
}

function jsonValidator(v: CycloneDxVersion): ValidateFunction {
  let fn = jsonValidators.get(v);
  if (!fn) {
    const schema = rewriteUniqueItems(JSON.parse(schemaFile(jsonSchemaName(v)).toString('utf8'))) as Record<string, unknown>;
    fn = ajvInstance().compile(schema);
    jsonValidators.set(v, fn);
  }
  return fn;
}

/** Validates a parsed CycloneDX JSON document against the schema of the version it declares. */
export function validateCycloneDxJson(doc: unknown, version: CycloneDxVersion): CdxError[] {
  const fn = jsonValidator(version);
  if (fn(doc)) return [];
  return (fn.errors ?? []).slice(0, 20).map((e) => ({
    pointer: e.instancePath || '/',
    message:
      e.keyword === 'additionalProperties'
        ? `unknown property "${(e.params as { additionalProperty?: string }).additionalProperty ?? ''}"`
        : (e.message ?? 'invalid'),
  }));
}

// ---------------------------------------------------------------- XML

type Libxml = typeof import('libxml2-wasm');
let libxml: Promise<Libxml> | undefined;
const xsdValidators = new Map<CycloneDxVersion, import('libxml2-wasm').XsdValidator>();

async function loadLibxml(): Promise<Libxml> {
  libxml ??= import('libxml2-wasm').then((mod) => {
    // Only these in-memory files can ever be opened by the parser: no file system, no network.
    const files: Record<string, Uint8Array> = { 'spdx.SNAPSHOT.xsd': schemaFile('spdx.SNAPSHOT.xsd') };
    for (const v of CYCLONEDX_VERSIONS) files[`bom-${v}.SNAPSHOT.xsd`] = schemaFile(`bom-${v}.SNAPSHOT.xsd`);
    mod.xmlRegisterInputProvider(new mod.XmlBufferInputProvider(files));
    return mod;
  });
  return libxml;
}

/**
 * Finds a `<!DOCTYPE` in the prolog (before the root element), where XML allows it. CycloneDX has
 * no DTD, so any declaration is refused before the parser sees it.
 */
export function findDoctype(bytes: Uint8Array): { line: number; column: number } | undefined {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text =
    buf[0] === 0xff && buf[1] === 0xfe ? buf.toString('utf16le') : buf[0] === 0xfe && buf[1] === 0xff ? Buffer.from(buf).swap16().toString('utf16le') : buf.toString('latin1');
  let i = text.charCodeAt(0) === 0xfeff || text.charCodeAt(0) === 0xef ? text.indexOf('<') : 0;
  if (i < 0) return undefined;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i);
      if (end < 0) return undefined;
      i = end + 2;
    } else if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i);
      if (end < 0) return undefined;
      i = end + 3;
    } else if (text.startsWith('<!', i)) {
      const before = text.slice(0, i);
      const line = before.split('\n').length;
      return { line, column: i - before.lastIndexOf('\n') };
    } else return undefined;
  }
}

function parseOptions(mod: Libxml): number {
  return mod.ParseOption.XML_PARSE_NO_XXE | mod.ParseOption.XML_PARSE_NONET;
}

async function xsdValidator(v: CycloneDxVersion): Promise<import('libxml2-wasm').XsdValidator> {
  const known = xsdValidators.get(v);
  if (known) return known;
  const mod = await loadLibxml();
  const name = `bom-${v}.SNAPSHOT.xsd`;
  const xsdDoc = mod.XmlDocument.fromBuffer(schemaFile(name), { url: name, option: parseOptions(mod) });
  try {
    const validator = mod.XsdValidator.fromDoc(xsdDoc);
    xsdValidators.set(v, validator);
    return validator;
  } finally {
    xsdDoc.dispose();
  }
}

export interface XmlInspection {
  /** The spec version from the root element's namespace `http://cyclonedx.org/schema/bom/<v>`. */
  version?: string;
  rootName?: string;
  errors: CdxError[];
  /** True when the bytes are not well-formed XML (errors then describe the parse failure). */
  malformed: boolean;
}

function detailsOf(e: unknown): CdxError[] {
  const details = (e as { details?: { message: string; line?: number; col?: number }[] }).details;
  if (Array.isArray(details) && details.length > 0) {
    return details.slice(0, 20).map((d) => {
      const err: CdxError = { message: d.message.trim() };
      if (d.line) err.line = d.line;
      if (d.col) err.column = d.col;
      return err;
    });
  }
  return [{ message: (e as Error).message }];
}

/** Parses untrusted XML safely and validates it against the CycloneDX XSD its namespace names. */
export async function validateCycloneDxXml(bytes: Uint8Array, expectVersion?: CycloneDxVersion): Promise<XmlInspection> {
  const doctype = findDoctype(bytes);
  if (doctype) {
    return {
      errors: [{ ...doctype, message: 'a document type declaration (DTD, entities) is refused: CycloneDX needs none, and entities are how XXE and billion-laughs attacks work' }],
      malformed: true,
    };
  }
  const mod = await loadLibxml();
  let doc: import('libxml2-wasm').XmlDocument;
  try {
    doc = mod.XmlDocument.fromBuffer(bytes, { option: parseOptions(mod) });
  } catch (e) {
    return { errors: detailsOf(e), malformed: true };
  }
  try {
    const root = doc.root;
    const ns = root.namespaceUri;
    const m = /^http:\/\/cyclonedx\.org\/schema\/bom\/(\d+\.\d+)$/.exec(ns);
    const out: XmlInspection = { rootName: root.name, errors: [], malformed: false };
    if (!m) {
      out.errors.push({ line: root.line, message: `the root element is not in a CycloneDX namespace (found "${ns}")` });
      return out;
    }
    out.version = m[1]!;
    const version = expectVersion ?? out.version;
    if (!isSupportedVersion(version)) {
      out.errors.push({ line: root.line, message: `CycloneDX ${out.version} is not supported (1.2–1.7)` });
      return out;
    }
    try {
      (await xsdValidator(version)).validate(doc);
    } catch (e) {
      out.errors.push(...detailsOf(e));
    }
    return out;
  } finally {
    doc.dispose();
  }
}
