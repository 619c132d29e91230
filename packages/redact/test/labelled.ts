/** Parser for the labelled detector set in test/fixtures/labelled/ (format in each file's header). */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface LabelledCase {
  file: string;
  line: number;
  /** Detector id for a positive, undefined for a hard negative. */
  detector: string | undefined;
  path: string;
  text: string;
  /** UTF-16 spans of the marked secrets in `text` (markers removed). */
  spans: { start: number; end: number }[];
}

export const LABELLED_DIR = fileURLToPath(new URL('./fixtures/labelled/', import.meta.url));
const OPEN = '⟦';
const CLOSE = '⟧';

function unmark(raw: string): { text: string; spans: { start: number; end: number }[] } {
  let text = '';
  const spans: { start: number; end: number }[] = [];
  let open = -1;
  for (const ch of raw) {
    if (ch === OPEN) open = text.length;
    else if (ch === CLOSE) {
      if (open === -1) throw new Error(`unbalanced ${CLOSE}`);
      spans.push({ start: open, end: text.length });
      open = -1;
    } else text += ch;
  }
  if (open !== -1) throw new Error(`unbalanced ${OPEN}`);
  return { text, spans };
}

export function loadLabelled(): { cases: LabelledCase[]; lineCount: number } {
  const cases: LabelledCase[] = [];
  let lineCount = 0;
  for (const file of readdirSync(LABELLED_DIR).filter((f) => f.endsWith('.txt')).sort()) {
    const lines = readFileSync(LABELLED_DIR + file, 'utf8').split('\n');
    if (lines.at(-1) === '') lines.pop();
    lineCount += lines.length;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (line === '' || line.startsWith('#')) continue;
      const m = /^([+-])(?: ([a-z0-9/._-]+))?(?: @(\S+))? \|(>)?(?: (.*))?$/.exec(line);
      if (!m) throw new Error(`${file}:${i + 1}: bad labelled line`);
      const [, sign, det, path, block, rest] = m;
      if ((sign === '+') !== (det !== undefined)) throw new Error(`${file}:${i + 1}: a positive names its detector, a negative none`);
      let raw = rest ?? '';
      const at = i + 1;
      if (block) {
        const body: string[] = [];
        for (i++; i < lines.length && lines[i] !== '<|'; i++) body.push(lines[i]!);
        if (i >= lines.length) throw new Error(`${file}:${at}: block without <|`);
        raw = body.join('\n');
      }
      const { text, spans } = unmark(raw);
      if (sign === '+' && spans.length === 0) throw new Error(`${file}:${at}: positive without a marked span`);
      if (sign === '-' && spans.length !== 0) throw new Error(`${file}:${at}: negative with a marked span`);
      cases.push({ file, line: at, detector: det, path: path ?? 'fixture.txt', text, spans });
    }
  }
  return { cases, lineCount };
}
