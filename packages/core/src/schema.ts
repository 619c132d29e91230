import { createRequire } from 'node:module';
import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { allSchemas, getSchema } from '@shencha/schemas';

type AddFormats = (ajv: Ajv2020) => Ajv2020;

// ajv is about 90 modules: it loads on the first validation, not with every command that imports core.
const require = createRequire(import.meta.url);
let ajv: Ajv2020 | undefined;
const compiled = new Map<string, ValidateFunction>();

function instance(): Ajv2020 {
  if (ajv) return ajv;
  const { Ajv2020: Ajv } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const formats = require('ajv-formats') as { default?: AddFormats } & AddFormats;
  ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  (formats.default ?? formats)(ajv);
  for (const entry of allSchemas()) ajv.addSchema(entry.schema, entry.id);
  return ajv;
}

export interface SchemaError {
  /** JSON pointer into the document. */
  pointer: string;
  message: string;
}

function toErrors(errors: ErrorObject[] | null | undefined): SchemaError[] {
  return (errors ?? []).map((e) => ({
    pointer: e.instancePath || '/',
    message:
      e.keyword === 'additionalProperties'
        ? `unknown property "${(e.params as { additionalProperty: string }).additionalProperty}"`
        : e.keyword === 'required'
          ? `missing required property "${(e.params as { missingProperty: string }).missingProperty}"`
          : e.keyword === 'enum'
            ? `${e.message ?? 'invalid'}: ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`
            : (e.message ?? 'invalid'),
  }));
}

function validatorOf(name: string): ValidateFunction {
  let fn = compiled.get(name);
  if (!fn) {
    const entry = getSchema(name);
    fn = instance().getSchema(entry.id) ?? instance().compile(entry.schema);
    compiled.set(name, fn);
  }
  return fn;
}

/** Validates a document against one of shencha's own schemas (by name, e.g. `manifest`). */
export function validateAgainstSchema(name: string, doc: unknown): SchemaError[] {
  const fn = validatorOf(name);
  return fn(doc) ? [] : toErrors(fn.errors);
}

/**
 * Loads ajv and compiles a schema's validator now (a hundred milliseconds or more the first time),
 * for a caller that has idle time earlier than it has the document.
 */
export function prepareSchema(name: string): void {
  validatorOf(name);
}
