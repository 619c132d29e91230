import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSource, scanProject, sha256Hex } from '@shencha/core';
import { describe, expect, it } from 'vitest';
import { binaryCataloger, nameVersionFromFile } from '../catalogers/binary/index.js';

const FIX = join(import.meta.dirname, 'fixtures', 'binary', 'tree');

async function run(dir: string) {
  return binaryCataloger.catalog(new FileSource(await scanProject(dir)), { options: {} });
}
type R = Awaited<ReturnType<typeof run>>;
const ref = (r: R, bomRef: string) => r.components.find((c) => c.bomRef === bomRef);
const edgesOf = (r: R, from: string) => r.dependencies.find((d) => d.ref === from)?.dependsOn ?? [];
const sha256Of = async (p: string) => sha256Hex(await readFile(join(FIX, p)));

describe('binary cataloger', () => {
  it('jar: pom.properties coordinates, MANIFEST.MF vendor and licence, SHA-256 of the file', async () => {
    const r = await run(FIX);
    const lang = ref(r, 'pkg:maven/org.apache.commons/commons-lang3@3.14.0')!;
    expect(lang).toMatchObject({ group: 'org.apache.commons', name: 'commons-lang3', version: '3.14.0', licenses: ['Apache-2.0'] });
    expect(lang.supplier).toEqual({ name: 'The Apache Software Foundation' });
    expect(lang.hashes?.find((h) => h.alg === 'SHA-256')?.content).toBe(await sha256Of('lib/commons-lang3-3.14.0.jar'));
    expect(lang.properties?.['shencha:manifest-bundle-symbolic-name']).toBe('org.apache.commons.lang3');
    expect(lang.evidence[0]?.path).toBe('lib/commons-lang3-3.14.0.jar');
  });

  it('shaded jar: the other pom.properties become contained components', async () => {
    const r = await run(FIX);
    expect(edgesOf(r, 'pkg:maven/com.acme/app-shaded@1.0.0')).toEqual(['pkg:maven/com.google.guava/guava@33.0.0-jre']);
    expect(ref(r, 'pkg:maven/com.google.guava/guava@33.0.0-jre')?.properties?.['shencha:shaded-in']).toBe('lib/app-shaded.jar');
  });

  it('war: the jar in WEB-INF/lib is read from memory with its own hash', async () => {
    const r = await run(FIX);
    const war = ref(r, 'binary:webapp/shop.war')!;
    expect(war).toMatchObject({ type: 'application', name: 'shop', version: '5.1', supplier: { name: 'Acme Corp' } });
    expect(edgesOf(r, war.bomRef)).toEqual(['pkg:maven/org.slf4j/slf4j-api@2.0.9']);
    const slf4j = ref(r, 'pkg:maven/org.slf4j/slf4j-api@2.0.9')!;
    const expected = (await readFile(join(FIX, 'webapp', 'slf4j-inner.sha256'), 'utf8')).trim();
    expect(slf4j.hashes?.find((h) => h.alg === 'SHA-256')?.content).toBe(expected);
    expect(slf4j.evidence[0]?.path).toBe('webapp/shop.war!/WEB-INF/lib/slf4j-api-2.0.9.jar');
  });

  it('wheel and nupkg: their metadata', async () => {
    const r = await run(FIX);
    const req = ref(r, 'pkg:pypi/requests@2.31.0')!;
    expect(req).toMatchObject({ ecosystem: 'pypi', version: '2.31.0', author: 'Kenneth Reitz', licenses: ['Apache 2.0'], description: 'Python HTTP for Humans.' });
    expect(req.hashes).toEqual([{ alg: 'SHA-256', content: await sha256Of('wheels/requests-2.31.0-py3-none-any.whl') }]);
    expect(req.properties?.['shencha:wheel-tags']).toBe('py3-none-any');
    const nj = ref(r, 'pkg:nuget/Newtonsoft.Json@13.0.3')!;
    expect(nj).toMatchObject({ licenses: ['MIT'], author: 'James Newton-King' });
  });

  it('native binaries: format by magic bytes, PE version strings, version from the file name', async () => {
    const r = await run(FIX);
    const exe = ref(r, 'binary:native/packer.exe')!;
    expect(exe).toMatchObject({ type: 'application', version: '7.2.0.15', supplier: { name: 'Acme Tools Ltd' }, description: 'Acme packer' });
    expect(exe.properties).toMatchObject({ 'shencha:binary-format': 'PE', 'shencha:pe-product-name': 'Acme Packer', 'shencha:pe-product-version': '7.2' });
    expect(ref(r, 'binary:native/plain.dll')?.version).toBeUndefined();
    expect(ref(r, 'binary:native/libfoo.so.1.2.3')).toMatchObject({
      name: 'libfoo',
      version: '1.2.3',
      properties: { 'shencha:binary-format': 'ELF', 'shencha:elf-soname': 'libfoo.so.1', 'shencha:elf-needed': 'libc.so.6,libz.so.1' },
    });
    expect(ref(r, 'binary:native/libz.1.3.1.dylib')).toMatchObject({ name: 'libz', version: '1.3.1', properties: { 'shencha:binary-format': 'Mach-O' } });
    expect(ref(r, 'binary:native/libbar.a')?.properties?.['shencha:binary-format']).toBe('ar');
    for (const c of r.components.filter((c) => !c.evidence[0]!.path.includes('!/'))) {
      expect(c.hashes?.find((h) => h.alg === 'SHA-256')?.content).toBe(await sha256Of(c.evidence[0]!.path));
    }
  });

  it('a truncated jar is still listed by hash, with a warning naming it', async () => {
    const r = await run(FIX);
    expect(r.issues.map((i) => [i.code, i.severity, i.location?.path])).toEqual([['SBOM_BINARY_UNREADABLE', 'warning', 'broken/corrupt.jar']]);
    expect(ref(r, 'binary:broken/corrupt.jar')?.hashes?.length).toBeGreaterThan(0);
    expect(r.components).toHaveLength(13);
  });

  it('git-ignored binaries (local build output) are left out', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shencha-binary-'));
    await writeFile(join(dir, '.gitignore'), '*.o.so\n');
    await writeFile(join(dir, 'built.o.so'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]));
    await writeFile(join(dir, 'shipped.so'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]));
    const r = await run(dir);
    expect(r.components.map((c) => c.bomRef)).toEqual(['binary:shipped.so']);
  });

  it('names and versions from file names', () => {
    expect(nameVersionFromFile('guava-33.0.0-jre.jar')).toEqual({ name: 'guava', version: '33.0.0-jre' });
    expect(nameVersionFromFile('libssl.so.3')).toEqual({ name: 'libssl', version: '3' });
    expect(nameVersionFromFile('libssl.so')).toEqual({ name: 'libssl' });
    expect(nameVersionFromFile('zlib1.dll')).toEqual({ name: 'zlib1' });
  });
});
