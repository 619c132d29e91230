
const jsonValidators = new Map<string, { validate(data: string): Promise<unknown> }>();

/**
 * Validates CycloneDX JSON against the official schema (strict variant, via ajv inside the
 * library). Returns the errors as readable lines; empty means valid. Loaded lazily by callers
 * that need it, so ajv stays off the generation path.
 */
export async function validateCycloneDx(json: string, specVersion: '1.6' | '1.7' = '1.6'): Promise<string[]> {
  let validator = jsonValidators.get(specVersion);
  if (!validator) {
    const { Spec, Validation } = await import('@cyclonedx/cyclonedx-library');
    // One validator per version: it compiles the schema on first use and keeps it.
    validator = new Validation.JsonStrictValidator(specVersion === '1.7' ? Spec.Version.v1dot7 : Spec.Version.v1dot6);
    jsonValidators.set(specVersion, validator);
  }
  const err = await validator.validate(json);
  if (err === null) return [];
  if (Array.isArray(err)) return err.map((e: unknown) => JSON.stringify(e));
  return [typeof err === 'string' ? err : JSON.stringify(err)];
}

/**
 * Validates CycloneDX XML against the official XSD with libxml2 compiled to WASM (no native
 * build). The XSD and the SPDX XSD it imports are served from memory, never the file system, and
 * the document is parsed without external entities or network, so hostile XML cannot read files.
 */
export async function validateCycloneDxXml(xml: string, specVersion: '1.6' | '1.7' = '1.6'): Promise<string[]> {
  const lx = await import('libxml2-wasm');
  const { readFile } = await import('node:fs/promises');
  const { createRequire } = await import('node:module');
  const { dirname, join } = await import('node:path');
  const require = createRequire(import.meta.url);
  const schemaDir = join(dirname(require.resolve('@cyclonedx/cyclonedx-library/package.json')), 'res', 'schema');
  const xsd = await readFile(join(schemaDir, `bom-${specVersion}.SNAPSHOT.xsd`));
  const spdx = await readFile(join(schemaDir, 'spdx.SNAPSHOT.xsd'));
  const provider = new lx.XmlBufferInputProvider({ 'spdx.SNAPSHOT.xsd': new Uint8Array(spdx) });
  lx.xmlRegisterInputProvider(provider);
  const safe = { option: lx.ParseOption.XML_PARSE_NONET | lx.ParseOption.XML_PARSE_NO_XXE };
  let schemaDoc: InstanceType<typeof lx.XmlDocument> | undefined;
  let validator: InstanceType<typeof lx.XsdValidator> | undefined;
  let doc: InstanceType<typeof lx.XmlDocument> | undefined;
  try {
    schemaDoc = lx.XmlDocument.fromBuffer(new Uint8Array(xsd), { url: 'bom.xsd', ...safe });
    validator = lx.XsdValidator.fromDoc(schemaDoc);
    try {
      doc = lx.XmlDocument.fromString(xml, safe);
    } catch (e) {
      return [`not well-formed XML: ${(e as Error).message}`];
    }
    try {
      validator.validate(doc);
      return [];
    } catch (e) {
      if (e instanceof lx.XmlValidateError) return e.details.map((d) => `${d.line}:${d.col ?? 0} ${d.message.trim()}`);
      return [`not valid: ${(e as Error).message}`];
    }
  } finally {
    doc?.dispose();
    validator?.dispose();
    schemaDoc?.dispose();
    lx.xmlCleanupInputProvider();
  }
}
