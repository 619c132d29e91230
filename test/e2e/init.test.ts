import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { shencha, tempDir } from './helpers.js';

const dir = tempDir('e2e-init');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('shencha init', () => {
  it('writes a bilingual vendor.yaml template and a shencha.yaml, and never overwrites them', () => {
    const r = shencha(['init', dir, '--name', 'my-product', '--product-version', '1.2.3']);
    expect(r.code, r.stderr).toBe(0);
    const profile = readFileSync(join(dir, 'vendor.yaml'), 'utf8');
    expect(profile).toContain('供应商及股权结构 / Supplier and ownership chain');
    const doc = load(profile) as { product: { name: string; version: string } };
    expect(doc.product).toMatchObject({ name: 'my-product', version: '1.2.3' });
    writeFileSync(join(dir, 'vendor.yaml'), 'edited: true\n');
    expect(shencha(['init', dir]).code).toBe(0);
    expect(readFileSync(join(dir, 'vendor.yaml'), 'utf8')).toBe('edited: true\n');
  });

  it('an unfilled template is reported, never published as if it were statements', () => {
    const project = tempDir('e2e-init-project');
    shencha(['init', project, '--name', 'draft']);
    writeFileSync(join(project, 'main.py'), 'print("hi")\n');
    const r = shencha(['classify', project, '--json'], {});
    // classify runs without a filled profile; the template's placeholders fail the profile schema
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/DOSSIER_VENDOR_PROFILE_(INVALID|PLACEHOLDER)/);
    rmSync(project, { recursive: true, force: true });
  });
});
