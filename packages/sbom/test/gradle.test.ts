import { fuzzCataloger } from './fuzz-helpers.js';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { FileSource, scanProject, type Component } from '@shencha/core';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import type { CatalogResult } from '../src/cataloger.js';
import { gradleCataloger } from '../catalogers/gradle/index.js';
import { classifyConfiguration } from '../catalogers/gradle/lockfile.js';
import { readScript } from '../catalogers/gradle/script.js';

const FIX = fileURLToPath(new URL('./fixtures/gradle/', import.meta.url));

async function run(dir: string): Promise<CatalogResult & { byRef: Map<string, Component>; gav: Set<string>; ga: Set<string> }> {
  const r = await gradleCataloger.catalog(new FileSource(await scanProject(dir)), { options: {} });
  return {
    ...r,
    byRef: new Map(r.components.map((c) => [c.bomRef, c])),
    gav: new Set(r.components.map((c) => `${c.group ?? ''}:${c.name}:${c.version ?? ''}`)),
    ga: new Set(r.components.map((c) => `${c.group ?? ''}:${c.name}`)),
  };
}

const edgesOf = (r: CatalogResult, ref: string) => r.dependencies.find((d) => d.ref === ref)?.dependsOn ?? [];

/** SOURCES.tsv rule for lockfiles: distinct group:name:version lines (comments and `empty=` left out). */
function lockCoordinates(file: string): string[] {
  return [
    ...new Set(
      readFileSync(file, 'utf8')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('#') && !l.startsWith('empty='))
        .map((l) => l.split('=')[0]!),
    ),
  ];
}

function files(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(dir + '/' + n).isDirectory() ? files(dir + '/' + n, prefix + n + '/') : [prefix + n]));
}

describe('gradle cataloger on SOURCES.tsv fixtures', () => {
  it.each([
    ['jabref-2022-gradle-lockfile', 199],
    ['syft-gradle-lockfile', 4],
    ['trivy-empty-gradle-lockfile', 0],
  ])('%s: every locked module (%i)', async (fixture, count) => {
    const want = lockCoordinates(FIX + fixture + '/gradle.lockfile');
    expect(want).toHaveLength(count);
    const r = await run(FIX + fixture);
    expect(want.filter((w) => !r.gav.has(w))).toEqual([]);
    expect(r.compositions.find((c) => c.path === 'gradle.lockfile')?.aggregate).toBe('complete');
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const again = await run(FIX + fixture);
    expect(JSON.stringify(again.components)).toBe(JSON.stringify(r.components));
  });

  it('bitcoin-kmp: all 132 verification-metadata components, with the binary checksums', async () => {
    const xml = readFileSync(FIX + 'bitcoin-kmp-verification-metadata/gradle/verification-metadata.xml', 'utf8');
    const want = [...new Set([...xml.matchAll(/<component group="([^"]*)" name="([^"]*)" version="([^"]*)"/g)].map((m) => `${m[1]}:${m[2]}:${m[3]}`))];
    expect(want).toHaveLength(132);
    const r = await run(FIX + 'bitcoin-kmp-verification-metadata');
    expect(want.filter((w) => !r.gav.has(w))).toEqual([]);
    const core = r.byRef.get('pkg:maven/com.fasterxml.jackson.core/jackson-core@2.12.7')!;
    expect(core.hashes).toEqual([{ alg: 'SHA-256', content: '3987a6a335046e226e56b81d69668fb5a91b155ea7fd96b0851adbb7d4ac1ca6' }]);
    const parent = r.byRef.get('pkg:maven/com.fasterxml/oss-parent@38')!;
    expect(parent.scope).toBe('excluded');
    expect(parent.properties?.['shencha:scope-reason']).toBe('metadata-only');
    const root = r.byRef.get('pkg:maven/fr.acinq.bitcoin/bitcoin-kmp@0.22.0-SNAPSHOT')!;
    expect(root.firstParty).toBe(true);
    expect(edgesOf(r, root.bomRef)).toContain(core.bomRef);
    // The script's own declaration meets the verified module: same component, now known to be required.
    expect(r.byRef.get('pkg:maven/fr.acinq.secp256k1/secp256k1-kmp@0.16.0')!.scope).toBe('required');
    expect(r.compositions.find((c) => c.path === 'gradle/verification-metadata.xml')?.aggregate).toBe('complete');
  });

  it('ort: all 105 [libraries] aliases of the version catalog, versions through version.ref', async () => {
    const toml = parseToml(readFileSync(FIX + 'ort-version-catalog/gradle/libs.versions.toml', 'utf8')) as { libraries: Record<string, unknown> };
    const aliases = Object.keys(toml.libraries);
    expect(aliases).toHaveLength(105);
    const r = await run(FIX + 'ort-version-catalog');
    const byAlias = new Map(r.components.flatMap((c) => (c.properties?.['shencha:gradle:catalog-alias'] ? [[c.properties['shencha:gradle:catalog-alias'], c] as const] : [])));
    // Two aliases may name the same module@version (one component); every alias resolves to one.
    for (const a of aliases) {
      const def = toml.libraries[a] as { module?: string } | string;
      const module = typeof def === 'string' ? def.split(':').slice(0, 2).join(':') : def.module;
      expect(r.ga.has(module!) || byAlias.has(a)).toBe(true);
    }
    const clikt = r.components.find((c) => c.name === 'clikt')!;
    expect(clikt.purl).toBe('pkg:maven/com.github.ajalt.clikt/clikt@5.1.0');
    expect(r.components.filter((c) => c.properties?.['shencha:gradle:declared-as'] === 'plugin').every((c) => c.scope === 'excluded')).toBe(true);
    expect(r.compositions.find((c) => c.path === 'gradle/libs.versions.toml')?.aggregate).toBe('incomplete');
  });

  it('jabref kts: 131 of the 133 counted literals are dependencies; the other 2 are SCM URLs', async () => {
    const dir = FIX + 'jabref-kts-java-platform-multiproject/';
    const counted = new Set<string>();
    for (const f of files(dir).filter((f) => f.endsWith('.kts'))) {
      const t = readFileSync(dir + f, 'utf8');
      const vals = new Map([...t.matchAll(/\bval\s+(\w+)\s*=\s*"([^"$]*)"/g)].map((m) => [m[1]!, m[2]!]));
      for (const m of t.matchAll(/"([\w.-]+):([\w.-]+):([^"\s]+)"/g)) counted.add(m[0].slice(1, -1).replace(/\$\{?(\w+)\}?/g, (w, k: string) => vals.get(k) ?? w));
    }
    expect(counted.size).toBe(133);
    // `pom { scm { connection = "scm:git:…" } }` in jablib: version-control URLs, not dependencies.
    const NOT_DEPENDENCIES = ['scm:git:https://github.com/JabRef/jabref', 'scm:git:git@github.com:JabRef/jabref.git'];
    const r = await run(dir);
    const missing = [...counted].filter((c) => {
      if (NOT_DEPENDENCIES.includes(c)) return false;
      const [g, a, v] = c.split(':') as [string, string, string];
      // `$javafx` is a gradle property with a default; the cataloger resolves it, the count did not.
      return v.includes('$') ? !r.ga.has(`${g}:${a}`) : !r.gav.has(`${g}:${a}:${v.replace(/!!$/, '')}`);
    });
    expect(missing).toEqual([]);
    expect(r.byRef.get('pkg:maven/org.openjfx/javafx-base@26.0.2')?.properties?.['shencha:gradle:declared-as']).toBe('constraint');
    const bom = r.byRef.get('pkg:maven/org.junit/junit-bom@6.1.3')!;
    expect(bom.scope).toBe('excluded');
    expect(bom.properties?.['shencha:scope-reason']).toBe('bom-import');
    expect(r.components.filter((c) => c.firstParty)).toHaveLength(10);
    const root = r.components.find((c) => c.firstParty && c.name === 'JabRef')!;
    expect(edgesOf(r, root.bomRef).filter((d) => r.byRef.get(d)?.firstParty)).toHaveLength(9);
    expect(r.compositions.every((c) => c.aggregate === 'incomplete')).toBe(true);
  });

  it('jabref 2022 lockfile: scopes from configurations', async () => {
    const r = await run(FIX + 'jabref-2022-gradle-lockfile');
    const guava = r.byRef.get('pkg:maven/com.google.guava/guava@31.1-jre')!;
    expect(guava.scope).toBe('required');
    expect(guava.properties?.['shencha:gradle:configurations']).toContain('runtimeClasspath');
    const xmlunit = r.byRef.get('pkg:maven/org.xmlunit/xmlunit-core@2.9.0')!;
    expect(xmlunit.scope).toBe('excluded');
    expect(xmlunit.properties?.['shencha:scope-reason']).toBe('test-configuration');
    const cw = r.byRef.get('pkg:maven/classworlds/classworlds@1.1-alpha-2')!;
    expect(cw.properties?.['shencha:scope-reason']).toBe('build-tool-configuration');
    // The lockfile covers the project: its script is not read for dependencies again.
    expect(r.components.filter((c) => !c.firstParty && c.evidence.every((e) => e.path === 'build.gradle') && c.properties?.['shencha:gradle:declared-as'] !== 'plugin')).toEqual([]);
  });

  it('syft lockfile: compileClasspath-only is optional', async () => {
    const r = await run(FIX + 'syft-gradle-lockfile');
    expect(r.byRef.get('pkg:maven/org.apache.commons/commons-text@1.8')!.scope).toBe('optional');
    expect(r.byRef.get('pkg:maven/joda-time/joda-time@2.2')!.scope).toBe('required');
    expect(r.byRef.get('pkg:maven/junit/junit@4.12')!.scope).toBe('excluded');
  });
});

describe('gradle cataloger on own cases', () => {
  it('malformed lockfile: SBOM_PARSE_ERROR with cataloger, file, line and column', async () => {
    const dir = mkdtempSync(tmpdir() + '/shencha-gradle-');
    writeFileSync(dir + '/gradle.lockfile', '# comment\njunit:junit:4.12=testRuntimeClasspath\nthis is not a lock line\nempty=\n');
    const r = await run(dir);
    const err = r.issues.find((i) => i.code === 'SBOM_PARSE_ERROR')!;
    expect(err.location).toEqual({ path: 'gradle.lockfile', line: 3, column: 1 });
    expect(err.message).toContain('gradle-cataloger');
    expect(r.gav.has('junit:junit:4.12')).toBe(true);
  });

  it('groovy script without a lock: map notation, project edges, catalog refs, test source sets', async () => {
    const dir = mkdtempSync(tmpdir() + '/shencha-gradle-');
    mkdirSync(dir + '/gradle');
    mkdirSync(dir + '/core');
    writeFileSync(dir + '/settings.gradle', "rootProject.name = 'acme'\ninclude 'core'\n");
    writeFileSync(dir + '/gradle.properties', 'slf4jVersion=2.0.13\n');
    writeFileSync(dir + '/gradle/libs.versions.toml', '[versions]\nguava = "33.2.1-jre"\n[libraries]\nguava = { module = "com.google.guava:guava", version.ref = "guava" }\nunused-lib = "org.example:unused:1.0"\n');
    writeFileSync(
      dir + '/build.gradle',
      "group = 'com.acme'\nversion = '1.0.0'\ndef jacksonVersion = '2.17.1'\ndependencies {\n  implementation project(':core')\n  implementation \"com.fasterxml.jackson.core:jackson-databind:${jacksonVersion}\"\n  implementation group: 'org.slf4j', name: 'slf4j-api', version: \"$slf4jVersion\"\n  testImplementation 'org.junit.jupiter:junit-jupiter:5.10.2' // tests\n  /* compileOnly 'ignored:in-comment:1' */\n  compileOnly 'org.projectlombok:lombok:1.18.32'\n}\n",
    );
    writeFileSync(dir + '/core/build.gradle.kts', 'dependencies {\n    implementation(libs.guava)\n}\nkotlin { sourceSets { val jvmTest by getting { dependencies { implementation("io.mockk:mockk:1.13.11") } } } }\n');
    const r = await run(dir);
    const root = r.byRef.get('pkg:maven/com.acme/acme@1.0.0')!;
    expect(root.firstParty).toBe(true);
    expect(r.byRef.get('pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.17.1')!.scope).toBe('required');
    expect(r.byRef.get('pkg:maven/org.slf4j/slf4j-api@2.0.13')!.scope).toBe('required');
    expect(r.byRef.get('pkg:maven/org.junit.jupiter/junit-jupiter@5.10.2')!.scope).toBe('excluded');
    expect(r.byRef.get('pkg:maven/org.projectlombok/lombok@1.18.32')!.scope).toBe('optional');
    expect(r.gav.has('ignored:in-comment:1')).toBe(false);
    expect(r.byRef.get('pkg:maven/io.mockk/mockk@1.13.11')!.scope).toBe('excluded');
    const core = r.components.find((c) => c.firstParty && c.name === 'core')!;
    expect(edgesOf(r, root.bomRef)).toContain(core.bomRef);
    expect(edgesOf(r, core.bomRef)).toContain('pkg:maven/com.google.guava/guava@33.2.1-jre');
    expect(r.byRef.get('pkg:maven/com.google.guava/guava@33.2.1-jre')!.scope).toBe('required');
    const unused = r.byRef.get('pkg:maven/org.example/unused@1.0')!;
    expect(unused.scope).toBe('excluded');
    expect(unused.properties?.['shencha:scope-reason']).toBe('version-catalog-only');
    expect(r.compositions.some((c) => c.aggregate === 'incomplete' && c.path === 'build.gradle')).toBe(true);
  });

  it('a 2 MB identifier or string is read in linear time (no regex backtracking blow-up)', () => {
    const src = `dependencies {\n  implementation "${'a'.repeat(2_000_000)}"\n  implementation ${'b'.repeat(2_000_000)}\n  implementation libs.foo\n}\n`;
    const started = Date.now();
    const f = readScript(src, {});
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(f.catalogRefs.map((r) => r.alias)).toEqual(['foo']);
  });

  it('configuration classes and script reading', () => {
    expect(classifyConfiguration('releaseRuntimeClasspath')).toBe('runtime');
    expect(classifyConfiguration('debugUnitTestRuntimeClasspath')).toBe('test');
    expect(classifyConfiguration('kapt')).toBe('build-tool');
    expect(classifyConfiguration('compileClasspath')).toBe('compile-only');
    const f = readScript('plugins {\n  id("org.jetbrains.dokka") version "1.9.20"\n}\nval v = "1.2"\ndependencies {\n  api("a.b:c:$v")\n  api("x.y:z:${unknown}")\n}\n', {});
    expect(f.plugins).toEqual([{ id: 'org.jetbrains.dokka', version: '1.9.20', line: 2 }]);
    expect(f.dependencies.map((d) => [d.group, d.name, d.version, d.unresolved])).toEqual([
      ['a.b', 'c', '1.2', undefined],
      ['x.y', 'z', '${unknown}', 'x.y:z:${unknown}'],
    ]);
  });
});

describe('gradle cataloger: hostile and mutated input', () => {
  it('mutated fixtures never crash or hang, and every issue is located', () => fuzzCataloger(FUZZ_CATALOGER_GRADLE, FUZZ_ROOT_GRADLE, FUZZ_CASES_GRADLE));
});
const FUZZ_ROOT_GRADLE = FIX;
const FUZZ_CATALOGER_GRADLE = gradleCataloger;
const FUZZ_CASES_GRADLE: [string, string][] = [
  ['syft-gradle-lockfile', 'gradle.lockfile'],
  ['syft-gradle-lockfile', 'build.gradle'],
  ['ort-version-catalog', 'gradle/libs.versions.toml'],
  ['jabref-kts-java-platform-multiproject', 'versions/build.gradle.kts'],
];
