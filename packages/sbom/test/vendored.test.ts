import { join } from 'node:path';
import { FileSource, scanProject } from '@shencha/core';
import { describe, expect, it } from 'vitest';
import { vendoredCataloger } from '../catalogers/vendored/index.js';
import { detectLicense } from '../catalogers/vendored/license.js';

const FIX = join(import.meta.dirname, 'fixtures', 'vendored');

async function run(dir: string) {
  return vendoredCataloger.catalog(new FileSource(await scanProject(dir)), { options: {} });
}
type R = Awaited<ReturnType<typeof run>>;
const at = (r: R, root: string) => r.components.find((c) => c.bomRef === `vendored:${root}`);

describe('vendored code cataloger', () => {
  it('one component per copied folder, with licence, version and where they were read', async () => {
    const r = await run(join(FIX, 'basic'));
    expect(r.issues).toEqual([]);
    expect(r.components.map((c) => c.bomRef).sort()).toEqual(
      [
        'deps/lua',
        'third_party/cjson',
        'third_party/mystery',
        'third_party/outer',
        'third_party/outer/third_party/inner',
        'third_party/smallvec',
        'third_party/sqlite3',
        'third_party/zlib',
        'vendor/libyuv',
      ].map((p) => `vendored:${p}`),
    );
    const zlib = at(r, 'third_party/zlib')!;
    expect(zlib).toMatchObject({ name: 'zlib', version: '1.3.1', purl: 'pkg:generic/zlib@1.3.1', licenses: ['Zlib'] });
    expect(zlib.properties?.['shencha:version-source']).toBe('third_party/zlib/zlib.h:4');
    expect(zlib.evidence.map((e) => e.path)).toEqual(['third_party/zlib', 'third_party/zlib/LICENSE', 'third_party/zlib/zlib.h']);
    expect(zlib.properties?.['shencha:tree-sha256']).toMatch(/^[0-9a-f]{64}$/);
    expect(zlib.properties?.['shencha:file-count']).toBe('3');

    expect(at(r, 'third_party/cjson')).toMatchObject({ version: '1.7.18', licenses: ['MIT'] });
    expect(at(r, 'vendor/libyuv')).toMatchObject({ name: 'libyuv', version: '1883', licenses: ['BSD-3-Clause'] });
    expect(at(r, 'vendor/libyuv')?.externalReferences).toEqual([{ type: 'website', url: 'https://chromium.googlesource.com/libyuv/libyuv/' }]);
    expect(at(r, 'deps/lua')).toMatchObject({ name: 'lua', version: '5.4.6' });
    // A copied crate: its Cargo.toml names it.
    expect(at(r, 'third_party/smallvec')).toMatchObject({ name: 'smallvec', version: '1.13.2', licenses: ['MIT OR Apache-2.0'] });
    // A licence text that matches no known licence is flagged, never guessed.
    const mystery = at(r, 'third_party/mystery')!;
    expect(mystery.licenses).toBeUndefined();
    expect(mystery.version).toBeUndefined();
    expect(mystery.properties?.['shencha:license-undetected']).toBeDefined();
    // Loose files directly in third_party/ group by stem.
    const sqlite = at(r, 'third_party/sqlite3')!;
    expect(sqlite.version).toBe('3.45.1');
    expect(sqlite.evidence.map((e) => e.path).sort()).toEqual(['third_party/sqlite3.c', 'third_party/sqlite3.h']);
    // A copy inside a copy.
    expect(r.dependencies).toEqual([{ ref: 'vendored:third_party/outer', dependsOn: ['vendored:third_party/outer/third_party/inner'] }]);
    expect(at(r, 'third_party/outer')?.licenses).toEqual(['Apache-2.0']);
    expect(r.compositions.map((c) => [c.path, c.aggregate, c.refs.length])).toEqual([
      ['deps', 'incomplete', 1],
      ['third_party', 'incomplete', 6],
      ['third_party/outer/third_party', 'incomplete', 1],
      ['vendor', 'incomplete', 1],
    ]);
  });

  it('leaves package-manager install folders (Go, Composer, Mix, cargo vendor) to their catalogers', async () => {
    const r = await run(join(FIX, 'package-manager-folders'));
    expect(r.components).toEqual([]);
  });

  it('detects common licences from their first lines', () => {
    expect(detectLicense('                                 Apache License\n                           Version 2.0, January 2004')).toBe('Apache-2.0');
    expect(detectLicense('                    GNU GENERAL PUBLIC LICENSE\n                       Version 2, June 1991')).toBe('GPL-2.0-only');
    expect(detectLicense('                   GNU LESSER GENERAL PUBLIC LICENSE\n                       Version 2.1, February 1999')).toBe('LGPL-2.1-only');
    expect(
      detectLicense(
        'Redistribution and use in source and binary forms, with or without modification, are permitted provided that:\n1. Redistributions of source code must retain the above copyright notice.\n2. Redistributions in binary form must reproduce the above copyright notice.',
      ),
    ).toBe('BSD-2-Clause');
    expect(detectLicense('// SPDX-License-Identifier: MIT OR Apache-2.0\n')).toBe('MIT OR Apache-2.0');
    expect(detectLicense('Boost Software License - Version 1.0 - August 17th, 2003')).toBe('BSL-1.0');
    expect(detectLicense('Proprietary. Do not distribute.')).toBeUndefined();
  });
});
