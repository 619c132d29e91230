import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileSource, scanProject, type ShenchaError } from '@shencha/core';
import { verifyOpening } from '@shencha/redact';
import { revealSpan, type PackResult } from '../src/index.js';
import { CANARIES, KEY, cleanup, fixtureTree, materialize, pack, tempDir } from './helpers.js';

describe('revealSpan', () => {
  let src: string;
  let out: string;
  let result: PackResult;
  let source: FileSource;

  beforeAll(async () => {
    src = await tempDir('reveal');
    out = await tempDir('reveal-out');
    const { files, links } = await fixtureTree();
    await materialize(src, files, links);
    result = await pack(src, out);
    source = new FileSource(await scanProject(src, { hashes: ['sha256'] }));
  });
  afterAll(() => cleanup(src, out));

  it('opens one span with its own key and value, checked against the log', async () => {
    const log = result.redactionLog;
    const span = log.spans.find((s) => s.path === 'src/index.ts' && s.detector === 'aws-credentials')!;
    const opening = await revealSpan({ source, log, spanId: span.id, commitmentKey: KEY });
    expect(opening.value).toBe(CANARIES[0]);
    expect(verifyOpening(opening, span.commitment)).toBe(true);
    // the opening of one span does not open another
    const other = log.spans.find((s) => s.id !== span.id)!;
    expect(verifyOpening({ ...opening, spanId: other.id, path: other.path, start: other.start, end: other.end }, other.commitment)).toBe(false);
  });

  it('opens a withheld file (its original digest) and rejects a wrong key or an unknown id', async () => {
    const log = result.redactionLog;
    const file = log.files.find((f) => f.state === 'withheld' && f.path === 'src/crypto/sm.ts')!;
    const opening = await revealSpan({ source, log, spanId: 'file:src/crypto/sm.ts', commitmentKey: KEY });
    expect(verifyOpening(opening, file.commitment)).toBe(true);
    const wrong = await revealSpan({ source, log, spanId: 'file:src/crypto/sm.ts', commitmentKey: Buffer.alloc(32, 9) }).catch((e: ShenchaError) => e);
    expect(wrong).toMatchObject({ code: 'PACK_REVEAL_MISMATCH' });
    const unknown = await revealSpan({ source, log, spanId: 'src/none.ts#1:1-1:2', commitmentKey: KEY }).catch((e: ShenchaError) => e);
    expect(unknown).toMatchObject({ code: 'PACK_REVEAL_UNKNOWN_SPAN' });
  });
});
