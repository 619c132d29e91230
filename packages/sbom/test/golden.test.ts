import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bunCataloger } from '../catalogers/bun/index.js';
import { npmCataloger } from '../catalogers/npm/index.js';
import { pnpmCataloger } from '../catalogers/pnpm/index.js';
import { yarnCataloger } from '../catalogers/yarn/index.js';
import { toCycloneDx, toSpdx, validateCycloneDx, validateCycloneDxXml } from '../src/index.js';
import { FIXTURES, inventoryOf } from './helpers.js';

/**
 * Golden files: the exact bytes shencha writes for a few fixtures. Each golden file is first
 * validated against the official schema (so a wrong golden can never be blessed), then the fresh
 * output is compared byte for byte. `UPDATE_GOLDEN=1` rewrites them.
 */
const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), 'golden');
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';
const OPTS = { timestamp: '2026-01-01T00:00:00Z', toolVersion: '0.1.0' };
const CATALOGERS = [npmCataloger, pnpmCataloger, yarnCataloger, bunCataloger];

const CASES: { eco: string; name: string; format: 'json' | 'xml' | 'spdx'; specVersion: '1.6' | '1.7' }[] = [
  { eco: 'npm', name: 'lock-v3-express-mongoose-app', format: 'json', specVersion: '1.6' },
  { eco: 'pnpm', name: 'own-9.0-patched-workspace', format: 'json', specVersion: '1.6' },
  { eco: 'pnpm', name: 'lock-5.4-peer-suffix', format: 'json', specVersion: '1.7' },
  { eco: 'yarn-classic', name: 'v1-workspaces-same-version', format: 'json', specVersion: '1.6' },
  { eco: 'yarn-berry', name: 'metadata-v6-dev-deps', format: 'xml', specVersion: '1.6' },
  { eco: 'bun', name: 'text-lock', format: 'json', specVersion: '1.6' },
  { eco: 'bun', name: 'text-lock', format: 'spdx', specVersion: '1.6' },
];

async function valid(text: string, c: (typeof CASES)[number]): Promise<string[]> {
  if (c.format === 'json') return validateCycloneDx(text, c.specVersion);
  if (c.format === 'xml') return validateCycloneDxXml(text, c.specVersion);
  const doc = JSON.parse(text);
  return doc.spdxVersion === 'SPDX-2.3' && Array.isArray(doc.packages) && Array.isArray(doc.relationships) ? [] : ['not an SPDX 2.3 document'];
}

describe('golden files', () => {
  for (const c of CASES) {
    const file = join(GOLDEN, `${c.eco}-${c.name}.${c.format === 'spdx' ? 'spdx.json' : `cdx-${c.specVersion}.${c.format}`}`);
    it(`${c.eco}/${c.name} → ${file.slice(GOLDEN.length + 1)}`, async () => {
      const inv = await inventoryOf(join(FIXTURES, c.eco, c.name), CATALOGERS);
      const out = c.format === 'spdx' ? toSpdx(inv, OPTS) : toCycloneDx(inv, { ...OPTS, specVersion: c.specVersion, format: c.format });
      expect(await valid(out, c)).toEqual([]);
      if (UPDATE || !existsSync(file)) {
        if (!UPDATE) throw new Error(`missing golden file ${file}; run with UPDATE_GOLDEN=1`);
        writeFileSync(file, out);
      }
      const golden = readFileSync(file, 'utf8');
      expect(await valid(golden, c)).toEqual([]);
      expect(out).toBe(golden);
    });
  }
});
