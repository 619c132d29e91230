import { createRequire } from 'node:module';
import type * as Fxp from 'fast-xml-parser';
import type * as Toml from 'smol-toml';
import type * as Yauzl from 'yauzl';

/**
 * Parsers most projects never need, loaded on the first file that needs them: an npm or pnpm project
 * should not pay for XML, TOML and zip readers at start-up. One module instance each (the CommonJS
 * builds), so classes and symbols (TomlError, the XML metadata symbol) always match.
 */
const require = createRequire(import.meta.url);

export const xml = (): typeof Fxp => require('fast-xml-parser') as typeof Fxp;
export const toml = (): typeof Toml => require('smol-toml') as typeof Toml;
export const zip = (): typeof Yauzl => require('yauzl') as typeof Yauzl;

/** An XMLParser with these options, built on first use. */
export function lazyXmlParser(options: Fxp.X2jOptions): () => Fxp.XMLParser {
  let parser: Fxp.XMLParser | undefined;
  return () => (parser ??= new (xml().XMLParser)(options));
}

/** The symbol under which fast-xml-parser keeps each node's position (captureMetaData). */
export const xmlMetaSymbol = (): symbol => xml().XMLParser.getMetaDataSymbol() as unknown as symbol;
