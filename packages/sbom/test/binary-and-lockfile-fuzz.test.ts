import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { FileSource, scanProject } from '@shencha/core';
import { describe, expect, it } from 'vitest';
import type { Cataloger } from '../src/cataloger.js';
import { binaryCataloger } from '../catalogers/binary/index.js';
import { cargoCataloger } from '../catalogers/cargo/index.js';
import { cocoapodsCataloger } from '../catalogers/cocoapods/index.js';
import { composerCataloger } from '../catalogers/composer/index.js';
import { conanCataloger } from '../catalogers/conan/index.js';
import { dartCataloger } from '../catalogers/dart/index.js';
import { gemCataloger } from '../catalogers/gem/index.js';
import { hexCataloger } from '../catalogers/hex/index.js';
import { nugetCataloger } from '../catalogers/nuget/index.js';
import { supplierSbomCataloger } from '../catalogers/supplier-sbom/index.js';
import { swiftCataloger } from '../catalogers/swift/index.js';
import { vcpkgCataloger } from '../catalogers/vcpkg/index.js';
import { vendoredCataloger } from '../catalogers/vendored/index.js';

const FIX = join(import.meta.dirname, 'fixtures');

/** Each cataloger with real files to mutate (fixture path → name it must have in the tree). */
const CASES: { cataloger: Cataloger; seeds: { from: string; as: string }[] }[] = [
  { cataloger: cargoCataloger, seeds: [{ from: 'cargo/lock-v3-git-deps/Cargo.lock', as: 'Cargo.lock' }, { from: 'cargo/lock-v1-metadata-checksums/Cargo.lock', as: 'Cargo.lock' }] },
  { cataloger: nugetCataloger, seeds: [{ from: 'nuget/lock-multi-target/packages.lock.json', as: 'packages.lock.json' }, { from: 'nuget/sdk-style-csproj/Logging.csproj', as: 'App.csproj' }] },
  { cataloger: composerCataloger, seeds: [{ from: 'composer/packages-and-dev/composer.lock', as: 'composer.lock' }] },
  { cataloger: gemCataloger, seeds: [{ from: 'gem/unknown-section/Gemfile.lock', as: 'Gemfile.lock' }] },
  { cataloger: swiftCataloger, seeds: [{ from: 'swift/resolved-v2/Package.resolved', as: 'Package.resolved' }] },
  { cataloger: dartCataloger, seeds: [{ from: 'dart/hosted-git-path-sources/pubspec.lock', as: 'pubspec.lock' }] },
  { cataloger: cocoapodsCataloger, seeds: [{ from: 'cocoapods/external-sources-with-podfile/Podfile.lock', as: 'Podfile.lock' }] },
  { cataloger: hexCataloger, seeds: [{ from: 'hex/mix-lock-relationships/mix.lock', as: 'mix.lock' }] },
  { cataloger: conanCataloger, seeds: [{ from: 'conan/lock-v1-graph-lock/conan.lock', as: 'conan.lock' }, { from: 'conan/lock-v2-0.5/conan.lock', as: 'conan.lock' }] },
  { cataloger: vcpkgCataloger, seeds: [{ from: 'vcpkg/manifest-features/vcpkg.json', as: 'vcpkg.json' }] },
  { cataloger: supplierSbomCataloger, seeds: [{ from: 'supplier-sbom/tree/vendor/acme-crypto/acme-crypto.cdx.json', as: 'x.cdx.json' }, { from: 'supplier-sbom/tree/libs/widget/bom.xml', as: 'bom.xml' }, { from: 'supplier-sbom/tree/sdk/widget.spdx.json', as: 'w.spdx.json' }] },
  { cataloger: vendoredCataloger, seeds: [{ from: 'vendored/basic/vendor/libyuv/README.chromium', as: 'third_party/lib/README.chromium' }, { from: 'vendored/basic/third_party/zlib/zlib.h', as: 'third_party/z/zlib.h' }] },
  { cataloger: binaryCataloger, seeds: [{ from: 'binary/tree/webapp/shop.war', as: 'shop.war' }, { from: 'binary/tree/native/packer.exe', as: 'packer.exe' }, { from: 'binary/tree/native/libfoo.so.1.2.3', as: 'libfoo.so.1' }, { from: 'binary/tree/wheels/requests-2.31.0-py3-none-any.whl', as: 'requests-2.31.0-py3-none-any.whl' }] },
];

const STRUCTURAL = [...'{}[]()<>"\':,=#%\n \t-/\\@!'];

/** Mutations a broken or hostile file shows: truncation, flipped bytes, runaway nesting, huge strings, repeated blocks. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), ch: fc.constantFrom(...STRUCTURAL) }),
  fc.record({ kind: fc.constant('nest' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), open: fc.constantFrom('[', '{', '<a>', '%{', '  - ', '{:x, ['), n: fc.integer({ min: 100, max: 20_000 }) }),
  fc.record({ kind: fc.constant('huge' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), n: fc.integer({ min: 100_000, max: 2_000_000 }) }),
  fc.record({ kind: fc.constant('repeat' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), len: fc.integer({ min: 1, max: 400 }), times: fc.integer({ min: 2, max: 200 }) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(data: Buffer, m: Mutation): Buffer {
  const at = Math.floor(m.at * data.length);
  switch (m.kind) {
    case 'truncate':
      return data.subarray(0, at);
    case 'flip': {
      const out = Buffer.from(data);
      if (out.length > 0) out[Math.min(at, out.length - 1)] = m.ch.charCodeAt(0);
      return out;
    }
    case 'nest':
      return Buffer.concat([data.subarray(0, at), Buffer.from(m.open.repeat(m.n)), data.subarray(at)]);
    case 'huge':
      return Buffer.concat([data.subarray(0, at), Buffer.from('"' + 'x'.repeat(m.n) + '"'), data.subarray(at)]);
    case 'repeat': {
      const slice = data.subarray(at, at + m.len);
      return Buffer.concat([data.subarray(0, at), ...Array.from({ length: m.times }, () => slice), data.subarray(at)]);
    }
  }
}

describe('hostile input never crashes nor hangs a cataloger', () => {
  for (const { cataloger, seeds } of CASES) {
    it(`${cataloger.name}`, async () => {
      const originals = await Promise.all(seeds.map(async (s) => ({ ...s, data: await readFile(join(FIX, s.from)) })));
      const root = await mkdtemp(join(tmpdir(), `shencha-fuzz-${cataloger.ecosystem}-`));
      let run = 0;
      try {
        await fc.assert(
          fc.asyncProperty(fc.nat({ max: originals.length - 1 }), mutation, async (which, m) => {
            const seed = originals[which]!;
            const dir = join(root, String(run++));
            await mkdir(join(dir, seed.as, '..'), { recursive: true });
            await writeFile(join(dir, seed.as), mutate(seed.data, m));
            const started = performance.now();
            const result = await cataloger.catalog(new FileSource(await scanProject(dir)), { options: {} });
            expect(performance.now() - started).toBeLessThan(5_000);
            for (const issue of result.issues) {
              expect(issue.source).toBe(`sbom/${cataloger.name}`);
              expect(issue.location?.path).toBeTruthy();
            }
            // Every edge joins components the result holds.
            const refs = new Set(result.components.map((c) => c.bomRef));
            for (const d of result.dependencies) {
              expect(refs.has(d.ref)).toBe(true);
              for (const t of d.dependsOn) expect(refs.has(t)).toBe(true);
            }
          }),
          { numRuns: 20, seed: 20261128 },
        );
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    });
  }
});

describe('native binary readers on arbitrary bytes', () => {
  it('elfDynamic and peVersionStrings never throw', async () => {
    const { elfDynamic, peVersionStrings } = await import('../catalogers/binary/native.js');
    const elf = await readFile(join(FIX, 'binary/tree/native/libfoo.so.1.2.3'));
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.nat({ max: elf.length }), (bytes, at) => {
        // Real header, then garbage: offsets and counts point anywhere.
        const buf = Buffer.concat([elf.subarray(0, at), Buffer.from(bytes)]);
        elfDynamic(buf);
        peVersionStrings(Buffer.concat([Buffer.from('MZ'), buf]));
      }),
      { numRuns: 300, seed: 7 },
    );
    // Flipped bytes anywhere in a well-formed file: offsets, counts and sizes turn hostile.
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat({ max: elf.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), (flips) => {
        const buf = Buffer.from(elf);
        for (const [i, b] of flips) buf[i] = b;
        elfDynamic(buf);
      }),
      { numRuns: 500, seed: 11 },
    );
  });
});
