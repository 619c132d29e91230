import type { LangSpec } from './ts/engine.js';
import { c, cpp } from './ts/lang/c.js';
import { csharp } from './ts/lang/csharp.js';
import { go } from './ts/lang/go.js';
import { java } from './ts/lang/java.js';
import { kotlin } from './ts/lang/kotlin.js';
import { php } from './ts/lang/php.js';
import { python } from './ts/lang/python.js';
import { ruby } from './ts/lang/ruby.js';
import { rust } from './ts/lang/rust.js';

/** How each language is analysed: typescript-estree for JS/TS, a tree-sitter spec for the others. */
export type Extractor = { kind: 'estree' } | { kind: 'tree-sitter'; spec: LangSpec };

const ESTREE: Extractor = { kind: 'estree' };

export const EXTRACTORS: Record<string, Extractor> = {
  javascript: ESTREE,
  typescript: ESTREE,
  tsx: ESTREE,
  python: { kind: 'tree-sitter', spec: python },
  java: { kind: 'tree-sitter', spec: java },
  kotlin: { kind: 'tree-sitter', spec: kotlin },
  go: { kind: 'tree-sitter', spec: go },
  rust: { kind: 'tree-sitter', spec: rust },
  c: { kind: 'tree-sitter', spec: c },
  cpp: { kind: 'tree-sitter', spec: cpp },
  csharp: { kind: 'tree-sitter', spec: csharp },
  php: { kind: 'tree-sitter', spec: php },
  ruby: { kind: 'tree-sitter', spec: ruby },
};

export function extractorFor(language: string): Extractor | undefined {
  return EXTRACTORS[language];
}
