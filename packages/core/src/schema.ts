import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { allSchemas, getSchema } from '@shencha/schemas';

type AddFormats = (ajv: Ajv2020) => Ajv2020;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ??
  addFormatsModule) as unknown as AddFormats;

let ajv: Ajv2020 | undefined;
const compiled = new Map<string, ValidateFunction>();

function instance(): Ajv2020 {
  if (ajv) return ajv;
  ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats(ajv);
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

/** Validates a document against one of shencha's own schemas (by name, e.g. `manifest`). */
export function validateAgainstSchema(name: string, doc: unknown): SchemaError[] {
  let fn = compiled.get(name);
  if (!fn) {
    const entry = getSchema(name);
    fn = instance().getSchema(entry.id) ?? instance().compile(entry.schema);
    compiled.set(name, fn);
  }
  return fn(doc) ? [] : toErrors(fn.errors);
}
