import { makeIssue, type Component, type ComponentHash, type Issue, type Location } from '@shencha/core';
import type { CatalogResult } from './cataloger.js';
import './issues.js';

/**
 * Helpers every cataloger uses so that bomRefs, hashes and issues look the same across ecosystems.
 */

/** bomRef = the purl when there is one, else `<ecosystem>:<path>#<name>` (stable, never random). */
export function componentRef(ecosystem: string, path: string, name: string, purl?: string): string {
  return purl ?? `${ecosystem}:${path}#${name}`;
}

export interface ComponentInit {
  ecosystem: string;
  name: string;
  /** Cataloger name, recorded in the evidence. */
  cataloger: string;
  /** The file it was found in. */
  path: string;
  line?: number;
  group?: string;
  version?: string;
  purl?: string;
  /** Override the default bomRef (purl, else ecosystem:path#name). */
  bomRef?: string;
  type?: Component['type'];
  scope?: Component['scope'];
  firstParty?: boolean;
  hashes?: ComponentHash[];
  licenses?: string[];
  supplier?: Component['supplier'];
  author?: string;
  description?: string;
  externalReferences?: Component['externalReferences'];
  properties?: Record<string, string>;
}

/** Builds a Component with only the fields that are set (exactOptionalPropertyTypes-safe). */
export function makeComponent(init: ComponentInit): Component {
  const c: Component = {
    bomRef: init.bomRef ?? componentRef(init.ecosystem, init.path, init.name, init.purl),
    type: init.type ?? (init.firstParty ? 'application' : 'library'),
    ecosystem: init.ecosystem,
    name: init.name,
    evidence: [
      init.line !== undefined
        ? { path: init.path, line: init.line, cataloger: init.cataloger }
        : { path: init.path, cataloger: init.cataloger },
    ],
  };
  if (init.group) c.group = init.group;
  if (init.version) c.version = init.version;
  if (init.purl) c.purl = init.purl;
  if (init.scope) c.scope = init.scope;
  if (init.firstParty) c.firstParty = true;
  if (init.hashes && init.hashes.length > 0) c.hashes = dedupeHashes(init.hashes);
  if (init.licenses && init.licenses.length > 0) c.licenses = [...new Set(init.licenses)].sort();
  if (init.supplier) c.supplier = init.supplier;
  if (init.author) c.author = init.author;
  if (init.description) c.description = init.description;
  if (init.externalReferences && init.externalReferences.length > 0) c.externalReferences = init.externalReferences;
  if (init.properties && Object.keys(init.properties).length > 0) c.properties = { ...init.properties };
  return c;
}

const SRI_ALGS: Record<string, string> = {
  sha1: 'SHA-1',
  sha256: 'SHA-256',
  sha384: 'SHA-384',
  sha512: 'SHA-512',
  md5: 'MD5',
};

/** Hex length each algorithm's digest must have; anything else is not a digest and is dropped. */
const HEX_LENGTH: Record<string, number> = {
  'SHA-1': 40,
  'SHA-256': 64,
  'SHA-384': 96,
  'SHA-512': 128,
  MD5: 32,
  'SHA3-256': 64,
  'SHA3-384': 96,
  'SHA3-512': 128,
  'BLAKE2b-256': 64,
  'BLAKE2b-384': 96,
  'BLAKE2b-512': 128,
  'BLAKE3': 64,
};

/**
 * Subresource-integrity strings (`sha512-<base64> sha1-<base64>`, as npm, pnpm, yarn and bun
 * write them) → CycloneDX hashes in lowercase hex. Unknown algorithms and malformed digests are skipped.
 */
export function hashesFromIntegrity(integrity: string | undefined): ComponentHash[] {
  if (!integrity || typeof integrity !== 'string') return [];
  const out: ComponentHash[] = [];
  for (const part of integrity.trim().split(/\s+/)) {
    const dash = part.indexOf('-');
    if (dash < 0) continue;
    const alg = SRI_ALGS[part.slice(0, dash).toLowerCase()];
    if (!alg) continue;
    // SRI allows `?options` after the digest.
    const b64 = part.slice(dash + 1).split('?')[0]!;
    if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(b64)) continue;
    const hex = Buffer.from(b64, 'base64').toString('hex');
    if (hex.length !== HEX_LENGTH[alg]) continue;
    out.push({ alg, content: hex });
  }
  return dedupeHashes(out);
}

/** A hex digest with a CycloneDX algorithm name; undefined when it is not well-formed. */
export function hexHash(alg: string, hex: string | undefined): ComponentHash | undefined {
  if (!hex) return undefined;
  const h = hex.trim().toLowerCase();
  const len = HEX_LENGTH[alg];
  if (len === undefined || h.length !== len || !/^[0-9a-f]+$/.test(h)) return undefined;
  return { alg, content: h };
}

export function dedupeHashes(hashes: ComponentHash[]): ComponentHash[] {
  const seen = new Map<string, ComponentHash>();
  for (const h of hashes) seen.set(`${h.alg}:${h.content}`, h);
  return [...seen.values()].sort((a, b) => cmp(a.alg, b.alg) || cmp(a.content, b.content));
}

/** An issue raised by a cataloger; `source` is `sbom/<cataloger>`. */
export function catalogerIssue(
  code: string,
  cataloger: string,
  message: string,
  location?: Location,
  howToFix?: string,
): Issue {
  const extra: { location?: Location; howToFix?: string } = {};
  if (location) extra.location = location;
  if (howToFix) extra.howToFix = howToFix;
  return makeIssue(code, `sbom/${cataloger}`, message, extra);
}

/**
 * Turns a core parse issue (from parseJson/parseYaml) or any located parse failure into the
 * SBOM stage's `SBOM_PARSE_ERROR`, naming the cataloger, file, line and column.
 */
export function parseErrorIssue(cataloger: string, path: string, detail: string, at?: { line?: number; column?: number }): Issue {
  const location: Location = { path };
  if (at?.line !== undefined) location.line = at.line;
  if (at?.column !== undefined) location.column = at.column;
  const where = at?.line !== undefined ? `${path}:${at.line}${at.column !== undefined ? `:${at.column}` : ''}` : path;
  return makeIssue('SBOM_PARSE_ERROR', `sbom/${cataloger}`, `${cataloger}: cannot parse ${where}: ${detail}`, {
    location,
    howToFix: 'fix the file at that place or regenerate it with its package manager',
  });
}

/** Converts an issue from core's parseJson/parseYaml into SBOM_PARSE_ERROR. */
export function fromCoreParseIssue(cataloger: string, path: string, issue: Issue): Issue {
  const at: { line?: number; column?: number } = {};
  if (issue.location?.line !== undefined) at.line = issue.location.line;
  if (issue.location?.column !== undefined) at.column = issue.location.column;
  return parseErrorIssue(cataloger, path, issue.message, at);
}

export function emptyResult(): CatalogResult {
  return { components: [], dependencies: [], compositions: [], issues: [] };
}

/** Appends `from` to `into` item by item: spreading 100,000+ items into push() overflows the stack. */
export function appendResult(into: CatalogResult, from: CatalogResult): void {
  for (const c of from.components) into.components.push(c);
  for (const d of from.dependencies) into.dependencies.push(d);
  for (const c of from.compositions) into.compositions.push(c);
  for (const i of from.issues) into.issues.push(i);
}

/** 1-based line of the first occurrence of `needle` in `text` (for evidence), or undefined. */
export function lineOf(text: string, needle: string, from = 0): number | undefined {
  const at = text.indexOf(needle, from);
  if (at < 0) return undefined;
  let line = 1;
  for (let i = 0; i < at; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
