import { fuzzCataloger } from './fuzz-helpers.js';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FileSource, scanProject, type Component } from '@shencha/core';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { CatalogResult } from '../src/cataloger.js';
import { mavenCataloger } from '../catalogers/maven/index.js';

const FIX = fileURLToPath(new URL('./fixtures/maven/', import.meta.url));

async function run(fixture: string, options: { mavenRepo?: string } = {}): Promise<CatalogResult & { byRef: Map<string, Component> }> {
  const index = await scanProject(FIX + fixture);
  const r = await mavenCataloger.catalog(new FileSource(index), { options });
  return { ...r, byRef: new Map(r.components.map((c) => [c.bomRef, c])) };
}

/**
 * SOURCES.tsv's count, recomputed independently of the cataloger: distinct raw groupId:artifactId
 * declared in <dependencies>/<dependencyManagement> (profiles included, plugin dependencies not).
 */
function declared(fixture: string, files: string[]): Set<string> {
  const p = new XMLParser({ parseTagValue: false, isArray: (n) => n === 'dependency' || n === 'profile' });
  const out = new Set<string>();
  const take = (deps: unknown) => {
    for (const d of ((deps as { dependency?: { groupId: string; artifactId: string }[] })?.dependency ?? [])) out.add(`${d.groupId}:${d.artifactId}`);
  };
  for (const f of files) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const prj: any = p.parse(readFileSync(FIX + fixture + '/' + f, 'latin1')).project;
    take(prj.dependencies);
    take(prj.dependencyManagement?.dependencies);
    for (const pr of prj.profiles?.profile ?? []) {
      take(pr.dependencies);
      take(pr.dependencyManagement?.dependencies);
    }
  }
  return out;
}

/** Every declared coordinate (with `${…}` as a wildcard) is some component of the inventory. */
function expectAllDeclaredPresent(r: CatalogResult, decl: Set<string>): void {
  const have = r.components.map((c) => `${c.group}:${c.name}`);
  const missing = [...decl].filter((ga) => {
    const re = new RegExp('^' + ga.split(/\$\{[^}]*\}/).map((s) => s.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&')).join('.+') + '$');
    return !have.some((h) => re.test(h) || h === ga);
  });
  expect(missing).toEqual([]);
}

function pomFiles(fixture: string): string[] {
  return readdirRecursive(FIX + fixture).filter((f) => f.endsWith('.xml'));
}

function readdirRecursive(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((n) =>
    statSync(dir + '/' + n).isDirectory() ? readdirRecursive(dir + '/' + n, prefix + n + '/') : [prefix + n],
  );
}

const edgesOf = (r: CatalogResult, ref: string) => r.dependencies.find((d) => d.ref === ref)?.dependsOn ?? [];

describe('maven cataloger on SOURCES.tsv fixtures', () => {
  it.each([
    ['seatunnel-multimodule', 382],
    ['inlong-multimodule', 368],
    ['local-parent-chain-relativepath', 5],
    ['single-pom-literal-versions', 13],
    ['quarkus-bom-import-profiles', 47],
  ])('%s holds all %i declared coordinates', async (fixture, count) => {
    const decl = declared(fixture, pomFiles(fixture));
    expect(decl.size).toBe(count);
    const r = await run(fixture);
    expectAllDeclaredPresent(r, decl);
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
    // Deterministic and sorted.
    const again = await run(fixture);
    expect(JSON.stringify(again.components)).toBe(JSON.stringify(r.components));
    expect(r.components.map((c) => c.bomRef)).toEqual([...r.components.map((c) => c.bomRef)].sort());
  });

  it('seatunnel: ${revision} modules, inter-module edges, managed versions, scopes', async () => {
    const r = await run('seatunnel-multimodule');
    const modules = r.components.filter((c) => c.firstParty);
    expect(modules).toHaveLength(229);
    const api = modules.find((c) => c.name === 'seatunnel-api')!;
    expect(api.purl).toMatch(/^pkg:maven\/org\.apache\.seatunnel\/seatunnel-api@\d/);
    expect(api.version).not.toContain('${');
    // Every module version came from ${revision}, resolved.
    expect(modules.every((m) => m.version === api.version)).toBe(true);
    const engine = modules.find((c) => c.name === 'seatunnel-engine-core');
    if (engine) expect(edgesOf(r, engine.bomRef).some((d) => d.startsWith('pkg:maven/org.apache.seatunnel/'))).toBe(true);
    // The root aggregator reaches its modules.
    const root = modules.find((c) => c.evidence[0]!.path === 'pom.xml')!;
    expect(edgesOf(r, root.bomRef).length).toBeGreaterThan(5);
    // junit-jupiter is a test dependency → excluded; a managed-only entry keeps its reason.
    const junit = r.components.filter((c) => c.name === 'junit-jupiter' || c.name === 'junit-jupiter-engine');
    expect(junit.length).toBeGreaterThan(0);
    expect(junit.every((c) => c.scope === 'excluded')).toBe(true);
    const dmOnly = r.components.filter((c) => c.properties?.['shencha:scope-reason']?.includes('dependency-management-only'));
    expect(dmOnly.length).toBeGreaterThan(0);
    expect(dmOnly.every((c) => c.scope === 'excluded')).toBe(true);
    // The external apache parent is reported once, at the root pom, not at every module.
    const parents = r.issues.filter((i) => i.code === 'SBOM_MAVEN_PARENT_NOT_FOUND');
    expect(parents.map((i) => i.location?.path)).toEqual(['pom.xml']);
    expect(r.compositions.every((c) => c.aggregate === 'incomplete')).toBe(true);
  });

  it('local parent chain: relativePath inheritance, child overrides, ISO-8859-1', async () => {
    const r = await run('local-parent-chain-relativepath');
    const child = r.byRef.get('pkg:maven/my.org/child-one@1.3.6')!;
    expect(child.firstParty).toBe(true);
    // mvn dependency:tree (in the pom's comment): lang3 3.12.0, text 1.12.0, collections4 4.2, junit 4.12 (test).
    expect([...edgesOf(r, child.bomRef)].sort()).toEqual([
      'pkg:maven/junit/junit@4.12',
      'pkg:maven/org.apache.commons/commons-collections4@4.2',
      'pkg:maven/org.apache.commons/commons-lang3@3.12.0',
      'pkg:maven/org.apache.commons/commons-text@1.12.0',
    ]);
    expect(r.byRef.get('pkg:maven/junit/junit@4.12')!.scope).toBe('excluded');
    expect(r.byRef.get('pkg:maven/org.apache.commons/commons-lang3@3.12.0')!.scope).toBe('required');
    // child-2 finds parent-3 by directory relativePath; child-3's relativePath is wrong but the coordinates match.
    expect(r.byRef.get('pkg:maven/my.org/child-two@3.3.3')).toBeDefined();
    expect(r.byRef.get('pkg:maven/my.org/child-three@3.3.3')).toBeDefined();
    // An in-tree dependency is an edge to the module, not a third-party component.
    const contains = r.components.find((c) => c.name === 'contains-child-one')!;
    expect(edgesOf(r, contains.bomRef)).toEqual(['pkg:maven/my.org/child-one@1.3.6']);
    expect(r.components.filter((c) => c.name === 'child-one')).toHaveLength(1);
  });

  it('single pom with literal versions: purls and a complete edge list', async () => {
    const r = await run('single-pom-literal-versions');
    const root = r.components.find((c) => c.firstParty)!;
    const third = r.components.filter((c) => !c.firstParty);
    expect(third).toHaveLength(13);
    // Every declared dependency is a direct dependency of the one module.
    expect(edgesOf(r, root.bomRef)).toEqual(third.map((c) => c.bomRef).sort());
    expect(third.filter((c) => c.scope === 'excluded').map((c) => c.properties?.['shencha:maven:scope'])).toEqual(['test', 'test', 'test']);
    expect(third.filter((c) => c.scope === 'optional').map((c) => c.properties?.['shencha:maven:scope'])).toEqual(['provided']);
    for (const c of r.components.filter((x) => !x.firstParty)) expect(c.purl).toMatch(/^pkg:maven\/[^/]+\/[^@]+@.+/);
  });

  it('quarkus: an unresolvable BOM import is kept as an excluded component and reported', async () => {
    const r = await run('quarkus-bom-import-profiles');
    const bom = r.byRef.get('pkg:maven/io.quarkus.platform/quarkus-bom@3.17.2?type=pom')!;
    expect(bom.scope).toBe('excluded');
    expect(bom.properties?.['shencha:scope-reason']).toBe('bom-import');
    expect(r.issues.some((i) => i.code === 'SBOM_MAVEN_BOM_NOT_FOUND' && i.location?.path === 'rest-fights/pom.xml')).toBe(true);
    // Versions managed by that BOM are unknown: listed without a version, never dropped.
    const arc = r.components.find((c) => c.name === 'quarkus-arc')!;
    expect(arc.version).toBeUndefined();
    expect(arc.properties?.['shencha:maven:version-unresolved']).toBe('(not declared)');
    expect(r.issues.filter((i) => i.code === 'SBOM_MAVEN_MODULE_NOT_FOUND').length).toBeGreaterThan(10);
  });

  it('malformed pom: SBOM_PARSE_ERROR naming cataloger, file, line and column', async () => {
    const r = await run('malformed-corrupt');
    expect(r.components).toEqual([]);
    const err = r.issues.find((i) => i.code === 'SBOM_PARSE_ERROR')!;
    expect(err.severity).toBe('error');
    expect(err.message).toContain('maven-pom-cataloger');
    expect(err.location).toMatchObject({ path: 'pom.xml', line: 1 });
    expect(err.location?.column).toBeGreaterThan(0);
  });
});

describe('maven cataloger on own cases', () => {
  it('circular parents give an issue, not a hang', async () => {
    const r = await run('own-circular-parents');
    const cyc = r.issues.filter((i) => i.code === 'SBOM_MAVEN_PARENT_CYCLE');
    expect(cyc).toHaveLength(1);
    expect(cyc[0]!.location?.line).toBeGreaterThan(0);
    // Inheritance up to the cycle still works: a inherits slf4j.version from b.
    expect(r.byRef.get('pkg:maven/org.slf4j/slf4j-api@2.0.13')).toBeDefined();
  });

  it('multi-module: in-tree BOM, profiles, dependencyManagement-only, scopes, module graph', async () => {
    const r = await run('own-multimodule');
    const app = r.byRef.get('pkg:maven/com.acme/acme-app@2.4.0')!;
    expect(app.type).toBe('application');
    expect(app.description).toBe('Acme café app'); // ISO-8859-1 decoded
    expect(app.licenses).toEqual(['Apache-2.0']);
    expect(edgesOf(r, app.bomRef)).toContain('pkg:maven/com.acme/acme-lib@2.4.0');
    expect(edgesOf(r, 'pkg:maven/com.acme/acme-parent@2.4.0')).toEqual([
      'pkg:maven/com.acme/acme-app@2.4.0',
      'pkg:maven/com.acme/acme-bom@2.4.0',
      'pkg:maven/com.acme/acme-lib@2.4.0',
      'pkg:maven/org.slf4j/slf4j-api@2.0.13',
    ]);
    // guava's version comes from the in-tree BOM imported by the parent.
    expect(r.byRef.get('pkg:maven/com.google.guava/guava@32.1.0-jre')!.scope).toBe('required');
    expect(r.byRef.get('pkg:maven/jakarta.servlet/jakarta.servlet-api@6.0.0')!.scope).toBe('optional');
    expect(r.byRef.get('pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.17.1')!.scope).toBe('optional');
    expect(r.byRef.get('pkg:maven/org.junit.jupiter/junit-jupiter@5.10.2')!.scope).toBe('excluded');
    const yaml = r.byRef.get('pkg:maven/org.yaml/snakeyaml@2.2')!;
    expect(yaml.scope).toBe('excluded');
    expect(yaml.properties?.['shencha:scope-reason']).toBe('dependency-management-only');
    const graal = r.byRef.get('pkg:maven/org.graalvm.sdk/graal-sdk@23.1.2')!;
    expect(graal.scope).toBe('excluded');
    expect(graal.properties).toMatchObject({ 'shencha:scope-reason': 'profile-not-active', 'shencha:maven:profile': 'native' });
    // default-active profile: a real dependency of every module.
    expect(r.byRef.get('pkg:maven/org.slf4j/slf4j-api@2.0.13')!.scope).toBe('required');
    expect(edgesOf(r, 'pkg:maven/com.acme/acme-lib@2.4.0')).toContain('pkg:maven/org.slf4j/slf4j-api@2.0.13');
    // `!skipIo` holds with no -D given, and then lib's activeByDefault profile is switched off (Maven's rule).
    expect(r.byRef.get('pkg:maven/commons-io/commons-io@2.16.1')!.scope).toBe('required');
    expect(r.byRef.get('pkg:maven/org.example/fallback-only@1.0')!.properties).toMatchObject({
      'shencha:scope-reason': 'profile-not-active',
      'shencha:maven:profile': 'fallback',
    });
    // Without a repository nothing transitive is invented.
    expect(r.byRef.get('pkg:maven/com.google.guava/failureaccess@1.0.1')).toBeUndefined();
    expect(r.compositions).toHaveLength(1);
    expect(r.compositions[0]!.aggregate).toBe('incomplete');
  });

  it('--maven-repo: transitive dependencies, parents and SHA-1 from the named local repository', async () => {
    const r = await run('own-multimodule', { mavenRepo: FIX + 'own-m2' });
    const guava = 'pkg:maven/com.google.guava/guava@32.1.0-jre';
    expect(r.byRef.get(guava)!.hashes).toEqual([{ alg: 'SHA-1', content: '5e64ec7e056456bef3a4bc4c6fdaef71e8ab6318' }]);
    // failureaccess's version comes from guava's parent in the repository; optional/test deps are not followed.
    expect(edgesOf(r, guava)).toEqual(['pkg:maven/com.google.guava/failureaccess@1.0.1']);
    const fa = r.byRef.get('pkg:maven/com.google.guava/failureaccess@1.0.1')!;
    expect(fa.scope).toBe('required');
    expect(fa.hashes?.[0]?.content).toBe('1dcf1de382a0bf95a3d8b0849546c88bac1292c9');
    expect(r.byRef.get('pkg:maven/com.google.code.findbugs/jsr305@3.0.2')).toBeUndefined();
    expect(r.issues.some((i) => i.code === 'SBOM_MAVEN_NOT_IN_REPO')).toBe(true);
  });
});

describe('maven cataloger: hostile and mutated input', () => {
  it('mutated fixtures never crash or hang, and every issue is located', () => fuzzCataloger(FUZZ_CATALOGER_MAVEN, FUZZ_ROOT_MAVEN, FUZZ_CASES_MAVEN));
});
const FUZZ_ROOT_MAVEN = FIX;
const FUZZ_CATALOGER_MAVEN = mavenCataloger;
const FUZZ_CASES_MAVEN: [string, string][] = [
  ['local-parent-chain-relativepath', 'child-1/pom.xml'],
  ['local-parent-chain-relativepath', 'parent-2/pom.xml'],
  ['own-multimodule', 'pom.xml'],
  ['own-multimodule', 'bom/pom.xml'],
  ['single-pom-literal-versions', 'pom.xml'],
];
