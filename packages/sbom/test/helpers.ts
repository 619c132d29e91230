import { mkdtempSync, mkdirSync, writeFileSync, cpSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import { FileSource, scanProject, type Inventory } from '@shencha/core';
import { generateInventory } from '../src/index.js';
import type { Cataloger } from '../src/cataloger.js';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

export async function inventoryOf(dir: string, catalogers?: Cataloger[]): Promise<Inventory> {
  const index = await scanProject(dir);
  return generateInventory(new FileSource(index), {
    product: { name: 'test-product', version: '1.0.0' },
    ...(catalogers ? { catalogers } : {}),
  });
}

const temps: string[] = [];
// Every temp project of a test file goes when the file is done.
afterAll(() => {
  for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true });
});

/** A temp project from a map of relative path → content (strings) or fixture folders to copy. */
export function tempProject(files: Record<string, string>, copies: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'shencha-sbom-'));
  temps.push(root);
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), content);
  }
  for (const [rel, from] of Object.entries(copies)) cpSync(from, join(root, rel), { recursive: true });
  return root;
}

export function distinctNameVersion(inv: Inventory, filter: (c: Inventory['components'][number]) => boolean = () => true): number {
  return new Set(inv.components.filter(filter).map((c) => `${c.name}@${c.version ?? ''}`)).size;
}
