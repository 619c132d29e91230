import { loadAll, YAMLException } from 'js-yaml';
import type { Issue } from '@shencha/core';
import { parseErrorIssue } from './component.js';

/**
 * Every YAML document of a file (pnpm may write two into one lock), or a located
 * SBOM_PARSE_ERROR. Aliases are capped so that an alias bomb cannot blow up memory; nesting is
 * capped by js-yaml's own maxDepth.
 */
export function loadYamlDocuments(text: string, path: string, cataloger: string): { ok: true; docs: unknown[] } | { ok: false; issue: Issue } {
  try {
    const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    return { ok: true, docs: loadAll(body, { filename: path, json: true, maxAliases: 100 }) };
  } catch (e) {
    if (e instanceof YAMLException) {
      const mark = (e as YAMLException & { mark?: { line?: number; column?: number } }).mark;
      const at = mark && typeof mark.line === 'number' ? { line: mark.line + 1, column: (mark.column ?? 0) + 1 } : undefined;
      return { ok: false, issue: parseErrorIssue(cataloger, path, `invalid YAML: ${e.reason}`, at) };
    }
    return { ok: false, issue: parseErrorIssue(cataloger, path, `invalid YAML: ${(e as Error).message}`) };
  }
}
