import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, simpleTraverse, type TSESTree } from '@typescript-eslint/typescript-estree';
import { describe, expect, it } from 'vitest';
import { analyzeBlob } from '../src/index.js';
import { FIXTURES } from './helpers.js';

/**
 * The JS/TS extractor walks TypeScript's own syntax tree; typescript-estree (built on the same parser)
 * is the reference for import kinds here, so the two must agree on every import of these sources.
 */
function estreeImports(text: string, jsx: boolean): string[] {
  const ast = parse(text, { jsx, loc: true, range: true });
  const out: string[] = [];
  const lit = (n: TSESTree.Node | null | undefined): string | undefined =>
    n && n.type === 'Literal' && typeof n.value === 'string' ? n.value : n && n.type === 'TemplateLiteral' && n.expressions.length === 0 ? n.quasis[0]!.value.cooked ?? undefined : undefined;
  const add = (spec: string | undefined, kind: string, n: TSESTree.Node): void => {
    if (spec !== undefined) out.push(`${n.loc.start.line}:${n.loc.start.column + 1} ${kind} ${spec}`);
  };
  simpleTraverse(ast, {
    enter(node) {
      if (node.type === 'ImportDeclaration') {
        const allType = node.importKind === 'type' || (node.specifiers.length > 0 && node.specifiers.every((s) => s.type === 'ImportSpecifier' && s.importKind === 'type'));
        add(node.source.value, allType ? 'type-only' : 'static', node.source);
      } else if ((node.type === 'ExportNamedDeclaration' || node.type === 'ExportAllDeclaration') && node.source) {
        add(node.source.value, node.exportKind === 'type' ? 'type-only' : 're-export', node.source);
      } else if (node.type === 'ImportExpression') add(lit(node.source), 'dynamic', node.source);
      else if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments.length === 1) add(lit(node.arguments[0]), 'require', node.arguments[0]!);
      else if (node.type === 'TSImportEqualsDeclaration' && node.moduleReference.type === 'TSExternalModuleReference') add(lit(node.moduleReference.expression), node.importKind === 'type' ? 'type-only' : 'require', node.moduleReference.expression);
      else if (node.type === 'TSImportType' && node.argument.type === 'TSLiteralType') add(lit(node.argument.literal as TSESTree.Node), 'type-only', node.argument.literal as TSESTree.Node);
    },
  });
  return out.sort();
}

const SNIPPETS: [string, string][] = [
  ['javascript', readFileSync(join(FIXTURES, 'javascript/crypto.js'), 'utf8')],
  ['typescript', readFileSync(join(FIXTURES, 'typescript/imports.ts'), 'utf8')],
  ['typescript', "import def, { type A, b as c } from 'm1';\nimport type * as NS from 'm2';\nexport type * from 'm3';\nexport { type X } from 'm4';\nconst l = () => import(`m5`);\nimport type T = require('m6');\n"],
  ['tsx', "import React from 'react';\nexport const C = () => <div>{require('m7')}</div>;\n"],
];

describe('JS/TS imports agree with typescript-estree', () => {
  it.each(SNIPPETS.map((s, i) => [i, ...s] as const))('snippet %i (%s)', async (_i, language, text) => {
    const ours = await analyzeBlob(Buffer.from(text), language);
    const mine = ours.imports.map((i) => `${i.line}:${i.column} ${i.kind} ${i.specifier}`).sort();
    expect(mine).toEqual(estreeImports(text, language !== 'typescript'));
  });
});
