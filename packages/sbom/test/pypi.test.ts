import { fuzzCataloger } from './fuzz-helpers.js';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { FileSource, scanProject, type Component } from '@shencha/core';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import type { CatalogResult } from '../src/cataloger.js';
import { pypiCataloger } from '../catalogers/pypi/index.js';
import { parseRequirement } from '../catalogers/pypi/pep508.js';

const FIX = fileURLToPath(new URL('./fixtures/pypi/', import.meta.url));
const norm = (n: string) => n.toLowerCase().replace(/[-_.]+/g, '-');

async function run(dir: string): Promise<CatalogResult & { byRef: Map<string, Component>; find: (n: string, v?: string) => Component | undefined }> {
  const r = await pypiCataloger.catalog(new FileSource(await scanProject(dir)), { options: {} });
  const find = (n: string, v?: string) => r.components.find((c) => c.name === norm(n) && (v === undefined || c.version === v));
  return { ...r, byRef: new Map(r.components.map((c) => [c.bomRef, c])), find };
}

/** SOURCES.tsv's rules, recomputed independently of the cataloger. */
function counted(fixture: string, file: string): string[] {
  const text = readFileSync(FIX + fixture + '/' + file, 'utf8');
  if (file.endsWith('.lock') && !file.startsWith('Pipfile')) {
    const doc = parseToml(text) as { package?: { name: string; version: string }[] };
    return [...new Set((doc.package ?? []).map((p) => `${norm(p.name)}@${p.version}`))];
  }
  if (file === 'Pipfile.lock') {
    const doc = JSON.parse(text) as Record<string, Record<string, { version?: string }>>;
    return [...new Set(['default', 'develop'].flatMap((s) => Object.entries(doc[s] ?? {}).map(([n, e]) => `${norm(n)}@${(e.version ?? '').replace(/^==/, '')}`)))];
  }
  // requirements: distinct names of lines that start with a project name
  return [...new Set(text.split('\n').flatMap((l) => (/^[A-Za-z0-9]/.test(l) ? [norm(/^[A-Za-z0-9][A-Za-z0-9._-]*/.exec(l)![0])] : [])))];
}

const edgesOf = (r: CatalogResult, ref: string) => r.dependencies.find((d) => d.ref === ref)?.dependsOn ?? [];

describe('pypi cataloger on SOURCES.tsv fixtures', () => {
  it.each([
    ['poetry-lock-legacy-no-lock-version', 'poetry.lock', 32],
    ['poetry-lock-1.1', 'poetry.lock', 68],
    ['poetry-lock-2.0-with-pyproject', 'poetry.lock', 69],
    ['poetry-lock-2.1', 'poetry.lock', 3],
    ['uv-lock-v1', 'uv.lock', 63],
    ['uv-lock-workspace', 'uv.lock', 10],
    ['pdm-lock-4.2', 'pdm.lock', 37],
    ['pdm-lock-4.5', 'pdm.lock', 10],
    ['pipfile-lock-spec6', 'Pipfile.lock', 39],
    ['requirements-pip-freeze', 'requirements.freeze.txt', 113],
    ['requirements-pip-compile-comments', 'requirements.comments.txt', 31],
    ['requirements-hashes-markers-index-urls', 'chen-science-requirements.txt', 87],
    ['requirements-ranges-markers', 'extra-ml-requirements.txt', 47],
  ])('%s holds all %s packages (%i)', async (fixture, file, count) => {
    const want = counted(fixture, file);
    expect(want).toHaveLength(count);
    const r = await run(FIX + fixture);
    const have = new Set(r.components.map((c) => `${c.name}@${c.version ?? ''}`));
    const names = new Set(r.components.map((c) => c.name));
    const missing = want.filter((w) => (w.includes('@') ? !have.has(w) : !names.has(w)));
    expect(missing).toEqual([]);
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(r.components.filter((c) => c.firstParty).length).toBeGreaterThanOrEqual(1);
    const again = await run(FIX + fixture);
    expect(JSON.stringify(again)).toBe(JSON.stringify(r));
  });

  it('poetry 1.1: category dev is excluded, hashes from [metadata.files], edges', async () => {
    const r = await run(FIX + 'poetry-lock-1.1');
    const dev = r.components.filter((c) => c.properties?.['shencha:pypi:category'] === 'dev');
    expect(dev.length).toBeGreaterThan(0);
    expect(dev.every((c) => c.scope === 'excluded' && c.properties?.['shencha:scope-reason'] === 'dev-dependency')).toBe(true);
    const aiohttp = r.find('aiohttp', '3.8.3')!;
    expect(aiohttp.purl).toBe('pkg:pypi/aiohttp@3.8.3');
    expect(aiohttp.hashes!.length).toBeGreaterThan(10);
    expect(aiohttp.hashes).toContainEqual({ alg: 'SHA-256', content: 'ba71c9b4dcbb16212f334126cc3d8beb6af377f6703d9dc2d9fb3874fd667ee9' });
    expect(edgesOf(r, aiohttp.bomRef).some((d) => d.startsWith('pkg:pypi/yarl@'))).toBe(true);
  });

  it('poetry 2.0 with pyproject: the project is the root, its declared dependencies its edges', async () => {
    const r = await run(FIX + 'poetry-lock-2.0-with-pyproject');
    const root = r.byRef.get('pkg:pypi/cpggen@1.9.0')!;
    expect(root.firstParty).toBe(true);
    expect(root.licenses).toEqual(['Apache-2.0']);
    const direct = edgesOf(r, root.bomRef);
    for (const n of ['rich', 'gitpython', 'quart', 'psutil', 'packageurl-python', 'httpx', 'pytest', 'black']) {
      expect(direct.some((d) => d.startsWith(`pkg:pypi/${n}@`))).toBe(true);
    }
    expect(r.find('pytest')!.scope).toBe('excluded');
    expect(r.find('rich')!.scope).toBe('required');
    expect(r.issues.filter((i) => i.code === 'SBOM_LOCK_OUT_OF_SYNC')).toEqual([]);
  });

  it('poetry 2.1: names are normalised, so `Django` depends on the locked `django`', async () => {
    const r = await run(FIX + 'poetry-lock-2.1');
    const auth = r.find('dj-rest-auth', '7.0.1')!;
    expect(edgesOf(r, auth.bomRef)).toEqual(['pkg:pypi/django@5.2.6', 'pkg:pypi/djangorestframework@3.16.1']);
    // `sha256:example1` is not a digest: dropped, never passed on.
    expect(r.find('django')!.hashes).toBeUndefined();
    expect(auth.hashes).toEqual([{ alg: 'SHA-256', content: '3f8c744cbcf05355ff4bcbef0c8a63645da38e29a0fdef3c3332d4aced52fb90' }]);
  });

  it('uv: editable root is first-party, extras are optional, sdist+wheel hashes', async () => {
    const r = await run(FIX + 'uv-lock-v1');
    const root = r.components.find((c) => c.firstParty)!;
    expect(root.name).toBe('appthreat-vulnerability-db');
    expect(root.version).toBe('6.0.14');
    expect(edgesOf(r, root.bomRef)).toContain('pkg:pypi/appdirs@1.4.4');
    expect(r.find('appdirs')!.scope).toBe('required');
    expect(r.find('annotated-types')!.hashes).toEqual([
      { alg: 'SHA-256', content: '1f02e8b43a8fbbc3f3e0d4f0f4bfc8131bcb4eebe8849b8e5c773f3a1c582a53' },
      { alg: 'SHA-256', content: 'aff07c09a53a08bc8cfccb9c85b05f1aa9a2a6f23728d790723543408344ce89' },
    ]);
    expect(r.components.filter((c) => c.scope === 'optional').length).toBeGreaterThan(0);
  });

  it('uv workspace: members are first-party, dev groups excluded', async () => {
    const r = await run(FIX + 'uv-lock-workspace');
    const fp = r.components.filter((c) => c.firstParty).map((c) => c.name).sort();
    expect(fp).toEqual(['my-app', 'my-lib']);
    expect(edgesOf(r, 'pkg:pypi/my-app@0.1.0')).toContain('pkg:pypi/my-lib@0.1.0');
    const pytest = r.find('pytest', '8.3.4')!;
    expect(pytest.scope).toBe('excluded');
    expect(pytest.properties?.['shencha:scope-reason']).toBe('dev-dependency');
    expect(edgesOf(r, pytest.bomRef)).toContain('pkg:pypi/pluggy@1.5.0');
  });

  it('pdm 4.5: groups give scopes; 4.2: hashes from [metadata.files]', async () => {
    const r = await run(FIX + 'pdm-lock-4.5');
    expect(r.find('chardet')!.scope).toBe('required');
    expect(r.find('certifi')!.scope).toBe('optional'); // only in the "security" extra group
    expect(r.components.filter((c) => c.properties?.['shencha:pypi:groups'] === 'tests').every((c) => c.scope === 'excluded')).toBe(true);
    const r2 = await run(FIX + 'pdm-lock-4.2');
    expect(r2.find('blinker', '1.6.2')!.hashes).toContainEqual({ alg: 'SHA-256', content: 'c3d739772abb7bc2860abf5f2ec284223d9ad5c76da018234f6f50d6f31ab1f0' });
    const cc = r2.components.filter((c) => c.name === 'cachecontrol');
    expect(cc).toHaveLength(1); // the extras variant is the same package
    expect(edgesOf(r2, cc[0]!.bomRef)).toContain('pkg:pypi/msgpack@1.0.5');
  });

  it('Pipfile.lock: develop is excluded, hashes kept', async () => {
    const r = await run(FIX + 'pipfile-lock-spec6');
    const flask = r.find('flask', '0.12.0')!;
    expect(flask.scope).toBe('required');
    expect(flask.hashes).toHaveLength(2);
    expect(r.components.filter((c) => c.scope === 'excluded').length).toBe(30);
  });

  it('requirements with hashes and markers: pins, hashes, markers', async () => {
    const r = await run(FIX + 'requirements-hashes-markers-index-urls');
    const aiofiles = r.find('aiofiles')!;
    expect(aiofiles.version).toBe('23.2.1');
    expect(aiofiles.hashes).toEqual([
      { alg: 'SHA-256', content: '19297512c647d4b27a2cf7c34caa7e405c0d60b5560618a29a9fe027b18b0107' },
      { alg: 'SHA-256', content: '84ec2218d8419404abcb9f0c02df3f34c6e0a68ed41072acfb1cef5cbc29051a' },
    ]);
    expect(aiofiles.properties?.['shencha:pypi:marker']).toBe('python_full_version >= "3.8.1" and python_version < "3.12"');
    expect(aiofiles.evidence[0]).toMatchObject({ path: 'chen-science-requirements.txt', line: 4 });
    expect(r.compositions[0]!.aggregate).toBe('complete');
  });

  it('requirements with ranges: no version, marked incomplete', async () => {
    const r = await run(FIX + 'requirements-ranges-markers');
    const spacy = r.find('spacy')!;
    expect(spacy.version).toBeUndefined();
    expect(spacy.purl).toBe('pkg:pypi/spacy');
    expect(spacy.properties?.['shencha:version-unresolved']).toBe('>=3.3.0,<3.8');
    expect(r.compositions).toEqual([expect.objectContaining({ aggregate: 'incomplete', path: 'extra-ml-requirements.txt' })]);
  });

  it('malformed requirements: SBOM_PARSE_ERROR with cataloger, file, line and column; file skipped', async () => {
    const r = await run(FIX + 'malformed-requirements-not-requirements');
    const errs = r.issues.filter((i) => i.code === 'SBOM_PARSE_ERROR');
    expect(errs.length).toBeGreaterThan(0);
    expect(errs[0]!.location).toEqual({ path: 'requirements.txt', line: 1, column: 14 });
    expect(errs[0]!.message).toContain('python-package-cataloger');
    expect(r.components).toEqual([]);
  });
});

describe('pypi cataloger on own cases', () => {
  it('PEP 621 pyproject without a lock, dev requirements file, editable and URL requirements', async () => {
    const dir = mkdtempSync(tmpdir() + '/shencha-py-');
    writeFileSync(
      dir + '/pyproject.toml',
      '[project]\nname = "Acme_Gateway"\nversion = "1.2.0"\nlicense = "MIT"\ndependencies = [\n  "requests>=2.31",\n  "attrs==23.2.0",\n]\n[project.optional-dependencies]\nyaml = ["pyyaml"]\n[dependency-groups]\ndev = ["pytest>=8"]\n',
    );
    const r = await run(dir);
    const root = r.byRef.get('pkg:pypi/acme-gateway@1.2.0')!;
    expect(root.firstParty).toBe(true);
    expect(r.find('attrs', '23.2.0')!.scope).toBe('required');
    expect(r.find('requests')!.version).toBeUndefined();
    expect(r.find('pyyaml')!.scope).toBe('optional');
    expect(r.find('pytest')!.scope).toBe('excluded');
    expect(r.find('requests')!.evidence[0]).toMatchObject({ path: 'pyproject.toml', line: 6 });
    expect(r.compositions[0]).toMatchObject({ aggregate: 'incomplete', path: 'pyproject.toml' });

    mkdirSync(dir + '/svc');
    writeFileSync(dir + '/svc/requirements.txt', '-i https://pypi.org/simple\n-e .\nflask==3.0.3 \\\n    --hash=sha256:34e815dfaa43340d1d15a5c3a02b8476004037eb4840b34910c6e21679d288f3\nhttps://example.com/pkgs/foo-1.0.0-py3-none-any.whl\n');
    writeFileSync(dir + '/svc/requirements-dev.txt', 'pytest==8.2.0\n');
    const s = await run(dir + '/svc');
    expect(s.find('flask', '3.0.3')!.hashes).toEqual([{ alg: 'SHA-256', content: '34e815dfaa43340d1d15a5c3a02b8476004037eb4840b34910c6e21679d288f3' }]);
    expect(s.find('foo', '1.0.0')!.purl).toBe('pkg:pypi/foo@1.0.0?download_url=https%3A%2F%2Fexample.com%2Fpkgs%2Ffoo-1.0.0-py3-none-any.whl');
    const pytest = s.find('pytest', '8.2.0')!;
    expect(pytest.scope).toBe('excluded');
    expect(pytest.properties?.['shencha:scope-reason']).toBe('dev-requirements-file');
    expect(s.components.filter((c) => c.firstParty).length).toBeGreaterThanOrEqual(1);
  });

  it('truncated TOML lock: SBOM_PARSE_ERROR with line and column; other files still catalogued', async () => {
    const dir = mkdtempSync(tmpdir() + '/shencha-py-');
    writeFileSync(dir + '/poetry.lock', '[[package]]\nname = "a"\nversion = "1.0"\n\n[[package]]\nname = "b\n');
    writeFileSync(dir + '/requirements.txt', 'six==1.16.0\n');
    const r = await run(dir);
    const err = r.issues.find((i) => i.code === 'SBOM_PARSE_ERROR')!;
    expect(err.location?.path).toBe('poetry.lock');
    expect(err.location?.line).toBe(6);
    expect(err.location?.column).toBeGreaterThan(0);
    expect(r.find('six', '1.16.0')).toBeDefined();
  });

  it('PEP 508 parser', () => {
    const ok = parseRequirement('Foo.Bar[x, y] (>=1.0, <2) ; python_version < "3.9"');
    expect(ok).toEqual({ ok: true, req: { name: 'Foo.Bar', extras: ['x', 'y'], specifier: '>=1.0, <2', marker: 'python_version < "3.9"' } });
    expect(parseRequirement('pkg===1.0')).toMatchObject({ ok: true, req: { pinned: '1.0' } });
    const wild = parseRequirement('pkg==1.*');
    expect(wild.ok && wild.req.pinned).toBeUndefined();
    expect(wild.ok && wild.req.specifier).toBe('==1.*');
    expect(parseRequirement('pkg @ https://x.org/p.whl')).toMatchObject({ ok: true, req: { url: 'https://x.org/p.whl' } });
    expect(parseRequirement('pkg is not')).toEqual({ ok: false, message: "unexpected 'is' after the requirement", column: 5 });
  });
});

describe('pypi cataloger: hostile and mutated input', () => {
  it('mutated fixtures never crash or hang, and every issue is located', () => fuzzCataloger(FUZZ_CATALOGER_PYPI, FUZZ_ROOT_PYPI, FUZZ_CASES_PYPI));
});
const FUZZ_ROOT_PYPI = FIX;
const FUZZ_CATALOGER_PYPI = pypiCataloger;
const FUZZ_CASES_PYPI: [string, string][] = [
  ['poetry-lock-2.1', 'poetry.lock'],
  ['uv-lock-workspace', 'uv.lock'],
  ['uv-lock-workspace', 'pyproject.toml'],
  ['pdm-lock-4.5', 'pdm.lock'],
  ['pipfile-lock-spec6', 'Pipfile.lock'],
  ['requirements-pip-compile-comments', 'requirements.comments.txt'],
];
