import type { LangContext, LangSpec } from '../engine.js';
import type { TsNode } from '../loader.js';
import { jvmCrypto, lastSegment } from '../shared.js';
import { fragmentsValue, jvmEndpoints } from './java.js';

const KOTLIN_FRAGMENTS = new Set(['string_content']);

function onImport(node: TsNode, ctx: LangContext): void {
  const id = node.namedChildren.find((c) => c?.type === 'identifier');
  if (!id) return;
  const name = id.text.replace(/\s+/g, '');
  const wildcard = node.namedChildren.some((c) => c?.type === 'wildcard_import');
  ctx.addImport(wildcard ? `${name}.*` : name, 'static', node);
  if (wildcard) return;
  const alias = node.namedChildren.find((c) => c?.type === 'import_alias');
  const local = alias?.namedChildren[0]?.text ?? lastSegment(name);
  ctx.bind(local, name);
}

export const kotlin: LangSpec = {
  id: 'kotlin',
  // tree-sitter-kotlin ships no .wasm of its own; only the native binding is available.
  grammar: { module: 'tree-sitter-kotlin' },
  separators: /::|\?\./g,
  stringValue: (node) => fragmentsValue(node, KOTLIN_FRAGMENTS),
  stringTypes: new Set(['string_literal', 'multiline_string_literal']),
  numberTypes: new Set(['integer_literal', 'long_literal', 'real_literal', 'hex_literal']),
  namedArg(node) {
    if (node.type !== 'value_argument') return undefined;
    const kids = node.namedChildren.filter((c): c is TsNode => c !== null);
    const value = kids[kids.length - 1];
    if (!value) return undefined;
    if (kids.length >= 2 && kids[0]!.type === 'simple_identifier' && /=/.test(node.text.slice(0, node.text.indexOf(value.text)))) return { name: kids[0]!.text, value };
    return { value };
  },
  onImport,
  onCall(call, ctx) {
    if (jvmCrypto(call, ctx)) return;
    jvmEndpoints(call, ctx);
  },
};
