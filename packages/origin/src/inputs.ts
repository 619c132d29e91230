import { lineColumnAt, makeIssue, type FileSource, type Issue, type Location } from '@shencha/core';
import { isMap, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { SOURCE } from './issues.js';

/**
 * The user's policy and curations files, read through FileSource and parsed with the `yaml` library
 * because it keeps source ranges: a schema error at `/curations/3/class` is reported at its line and column.
 */
export interface SourceText {
  kind: 'source-text';
  /** Path relative to the project root. */
  path: string;
  text: string;
}

export type Locate = (pointer: string) => Location;

export interface ParsedSource {
  doc: unknown;
  locate: Locate;
  issues: Issue[];
}

export function isSourceText(v: unknown): v is SourceText {
  return typeof v === 'object' && v !== null && (v as SourceText).kind === 'source-text' && typeof (v as SourceText).text === 'string';
}

/** The node a JSON pointer names, or the deepest existing ancestor. */
function nodeAt(doc: Document, pointer: string): Node | undefined {
  const segs = pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node = doc.contents as Node | null;
  for (const s of segs) {
    if (!node) break;
    let next: unknown;
    if (isSeq(node)) next = node.items[Number(s)];
    else if (isMap(node)) next = node.get(s, true);
    if (!next || typeof next !== 'object') break;
    node = next as Node;
  }
  return node ?? undefined;
}

export function parseSourceText(st: SourceText, code: 'ORIGIN_POLICY_INVALID' | 'ORIGIN_CURATIONS_INVALID'): ParsedSource {
  const doc = parseDocument(st.text, { prettyErrors: false, uniqueKeys: true });
  const locate: Locate = (pointer) => {
    const node = nodeAt(doc, pointer);
    const at = node?.range?.[0];
    return at === undefined ? { path: st.path, field: pointer } : { path: st.path, ...lineColumnAt(st.text, at), field: pointer };
  };
  const issues: Issue[] = [];
  for (const e of doc.errors) {
    issues.push(
      makeIssue(code, SOURCE, `${st.path}: invalid YAML: ${e.message.split('\n')[0]}`, {
        location: { path: st.path, ...lineColumnAt(st.text, e.pos[0]) },
        howToFix: 'fix the YAML syntax at that place',
      }),
    );
  }
  if (issues.length > 0) return { doc: undefined, locate, issues };
  return { doc: doc.toJS({ maxAliasCount: 100 }) as unknown, locate, issues };
}

export interface OriginFiles {
  policy?: SourceText;
  curations?: SourceText;
  issues: Issue[];
}

/**
 * Reads `.shencha/policy.yaml` and `.shencha/curations.yaml` (or the paths shencha.yaml names).
 * A missing default file means "none"; a missing file the user named is an error issue.
 */
export async function readOriginFiles(source: FileSource, options: { policy?: string; curations?: string } = {}): Promise<OriginFiles> {
  const out: OriginFiles = { issues: [] };
  const read = async (named: string | undefined, fallback: string, code: 'ORIGIN_POLICY_INVALID' | 'ORIGIN_CURATIONS_INVALID'): Promise<SourceText | undefined> => {
    const path = named ?? fallback;
    if (!(await source.exists(path))) {
      if (named) out.issues.push(makeIssue(code, SOURCE, `${path} does not exist`, { location: { path }, howToFix: 'create the file or correct its path in shencha.yaml' }));
      return undefined;
    }
    try {
      return { kind: 'source-text', path, text: await source.readText(path) };
    } catch (cause) {
      out.issues.push(makeIssue(code, SOURCE, `${path} cannot be read: ${(cause as Error).message}`, { location: { path } }));
      return undefined;
    }
  };
  const policy = await read(options.policy, '.shencha/policy.yaml', 'ORIGIN_POLICY_INVALID');
  const curations = await read(options.curations, '.shencha/curations.yaml', 'ORIGIN_CURATIONS_INVALID');
  if (policy) out.policy = policy;
  if (curations) out.curations = curations;
  return out;
}
