import { describe, expect, it } from 'vitest';
import { createRedactor, maskText } from '../src/index.js';

describe('dotenv: every assignment of a line', () => {
  it('masks both values of `export A="…" B="…"` (found by the masking property test, seed -691664523)', async () => {
    const redactor = await createRedactor({});
    const secret = 'L+qT+bQ0arsqUARNw8ySu7SgZuN0sJzJZ+v6mbzaIwdZ';
    const text = `export SESSION_KEY_MATERIAL="${secret}" export SESSION_KEY_MATERIAL="${secret}"\nA=${secret} B='${secret}' PORT=8443\n`;
    const findings = await redactor.detect(text, 'config/app.env');
    expect(findings.filter((f) => f.detector === 'dotenv')).toHaveLength(4);
    const masked = maskText(text, findings);
    expect(masked).not.toContain(secret);
    expect(masked).toContain('PORT=8443');
  });
});
