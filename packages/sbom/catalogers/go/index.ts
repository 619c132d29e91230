import { posix } from 'node:path';
import type { Component, ComponentHash, DependencyEdge, FileSource } from '@shencha/core';
import type { Cataloger, CatalogResult } from '../../src/cataloger.js';
import { catalogerIssue, cmp, componentRef, emptyResult, hexHash, makeComponent, parseErrorIssue } from '../../src/component.js';
import { lockFiles } from '../../src/files.js';
import { makePurl } from '../../src/purl.js';
import { compareGoVersions, isLocalPath, parseGoMod, parseGoSum, parseModulesTxt, type GoMod, type GoSumLine } from './gomod.js';

export const GO_CATALOGER = 'go-module-cataloger';
const ECO = 'go';
const MAX_LINE_ISSUES = 20;

export function goPurl(path: string, version?: string): string | undefined {
  const slash = path.lastIndexOf('/');
  return slash > 0
    ? makePurl('golang', path.slice(0, slash), path.slice(slash + 1), version)
    : makePurl('golang', undefined, path, version);
}

/** go.sum's `h1:` is base64 SHA-256 (of the module's file-hash manifest): carried as SHA-256 hex. */
export function h1Hash(h: string): ComponentHash | undefined {
  if (!h.startsWith('h1:')) return undefined;
  return hexHash('SHA-256', Buffer.from(h.slice(3), 'base64').toString('hex'));
}

export const goCataloger: Cataloger = {
  name: GO_CATALOGER,
  ecosystem: ECO,
  globs: ['**/go.mod', '**/go.sum', '**/vendor/modules.txt'],
  async catalog(files: FileSource): Promise<CatalogResult> {
    const result = emptyResult();
    // First every go.mod, so that a `replace … => ./dir` pointing at a module of the tree becomes
    // an edge to that first-party module.
    const mods: { path: string; mod: GoMod; ref: string }[] = [];
    const usedRefs = new Set<string>();
    // go.mod files inside vendor/ belong to vendored copies, catalogued through vendor/modules.txt.
    for (const path of lockFiles(files, ['**/go.mod']).filter((p) => !/(^|\/)vendor\//.test(p))) {
      let text: string;
      try {
        text = await files.readText(path);
      } catch (err) {
        result.issues.push(catalogerIssue('SBOM_UNREADABLE', GO_CATALOGER, `cannot read ${path}: ${(err as Error).message}`, { path }));
        continue;
      }
      const parsed = parseGoMod(text);
      if (!parsed.ok) {
        result.issues.push(parseErrorIssue(GO_CATALOGER, path, parsed.error.message, parsed.error));
        continue;
      }
      const name = parsed.mod.module ?? posix.dirname(path);
      const purl = parsed.mod.module ? goPurl(parsed.mod.module) : undefined;
      let ref = componentRef(ECO, path, name, purl);
      // Two go.mod files naming the same module (examples, tests) keep path-based refs.
      if (usedRefs.has(ref)) ref = componentRef(ECO, path, name);
      usedRefs.add(ref);
      mods.push({ path, mod: parsed.mod, ref });
    }
    const moduleByDir = new Map(mods.map((m) => [posix.dirname(m.path), m.ref]));
    for (const m of mods) {
      try {
        await catalogModule(files, m.path, m.mod, m.ref, moduleByDir, result);
      } catch (err) {
        result.issues.push(catalogerIssue('SBOM_UNREADABLE', GO_CATALOGER, `cannot read files beside ${m.path}: ${(err as Error).message}`, { path: m.path }));
      }
    }
    result.components.sort((a, b) => cmp(a.bomRef, b.bomRef));
    result.dependencies.sort((a, b) => cmp(a.ref, b.ref));
    return result;
  },
};

async function readOptional(files: FileSource, path: string): Promise<string | undefined> {
  if (!(await files.exists(path))) return undefined;
  return files.readText(path);
}

async function catalogModule(
  files: FileSource,
  modPath: string,
  mod: GoMod,
  mainRef: string,
  moduleByDir: Map<string, string>,
  out: CatalogResult,
): Promise<void> {
  const dir = posix.dirname(modPath);
  const at = (f: string) => (dir === '.' ? f : `${dir}/${f}`);
  const sumPath = at('go.sum');
  const sumText = await readOptional(files, sumPath);
  const sum = sumText !== undefined ? parseGoSum(sumText) : undefined;
  if (sum) {
    for (const b of sum.bad.slice(0, MAX_LINE_ISSUES)) out.issues.push(parseErrorIssue(GO_CATALOGER, sumPath, b.message, b));
    if (sum.bad.length > MAX_LINE_ISSUES) {
      out.issues.push(parseErrorIssue(GO_CATALOGER, sumPath, `${sum.bad.length - MAX_LINE_ISSUES} more malformed lines`));
    }
  }
  const vendorPath = at('vendor/modules.txt');
  const vendorText = await readOptional(files, vendorPath);
  const vendored = vendorText !== undefined ? parseModulesTxt(vendorText) : [];

  result(mod, modPath, mainRef, moduleByDir, sumPath, sum?.lines, sum ? sum.bad.length > 0 : false, vendorPath, vendored, out);
}

interface Acc {
  c: Component;
  required: boolean;
}

function result(
  mod: GoMod,
  modPath: string,
  mainRef: string,
  moduleByDir: Map<string, string>,
  sumPath: string,
  sumLines: GoSumLine[] | undefined,
  sumBroken: boolean,
  vendorPath: string,
  vendored: ReturnType<typeof parseModulesTxt>,
  out: CatalogResult,
): void {
  const name = mod.module ?? posix.dirname(modPath);
  const mainPurl = mod.module ? goPurl(mod.module) : undefined;
  const mainProps: Record<string, string> = {};
  if (mod.go) mainProps['shencha:go:go-directive'] = mod.go;
  if (mod.toolchain) mainProps['shencha:go:toolchain'] = mod.toolchain;
  out.components.push(
    makeComponent({
      ecosystem: ECO,
      cataloger: GO_CATALOGER,
      path: modPath,
      line: mod.moduleLine,
      name,
      ...(mainPurl ? { purl: mainPurl } : {}),
      bomRef: mainRef,
      firstParty: true,
      properties: mainProps,
    }),
  );

  // go.sum by module@version: the zip line (`h1` of the code) and whether only go.mod was hashed.
  const sums = new Map<string, { zip?: GoSumLine; mod?: GoSumLine }>();
  for (const l of sumLines ?? []) {
    const k = `${l.path}@${l.version}`;
    const s = sums.get(k) ?? {};
    if (l.goModOnly) s.mod ??= l;
    else s.zip ??= l;
    sums.set(k, s);
  }

  const accs = new Map<string, Acc>();
  const refs: string[] = [];
  const add = (
    path: string,
    version: string | undefined,
    init: { line: number; evidencePath: string; scope: 'required' | 'excluded'; props: Record<string, string> },
  ): Acc => {
    const purl = goPurl(path, version);
    const ref = componentRef(ECO, init.evidencePath, `${path}@${version ?? ''}`, purl);
    let acc = accs.get(ref);
    if (!acc) {
      const s = version ? sums.get(`${path}@${version}`) : undefined;
      const hashes: ComponentHash[] = [];
      const h = s?.zip ? h1Hash(s.zip.hash) : undefined;
      if (h) hashes.push(h);
      acc = {
        c: makeComponent({
          ecosystem: ECO,
          cataloger: GO_CATALOGER,
          path: init.evidencePath,
          line: init.line,
          name: path,
          ...(version ? { version } : {}),
          ...(purl ? { purl } : {}),
          bomRef: ref,
          scope: init.scope,
          hashes,
          properties: { ...init.props, ...(h ? { 'shencha:go:hash': 'h1 dirhash (go.sum)' } : {}) },
        }),
        required: init.scope === 'required',
      };
      const sumLine = s?.zip ?? s?.mod;
      if (sumLine && init.evidencePath !== sumPath) acc.c.evidence.push({ path: sumPath, line: sumLine.line, cataloger: GO_CATALOGER });
      accs.set(ref, acc);
      refs.push(ref);
    } else {
      acc.c.properties = { ...acc.c.properties, ...init.props };
    }
    return acc;
  };

  const replacementFor = (path: string, version: string) =>
    mod.replaces.find((r) => r.oldPath === path && r.oldVersion === version) ?? mod.replaces.find((r) => r.oldPath === path && r.oldVersion === undefined);

  // The build list: go.mod's requires (complete for go ≥ 1.17), replacements applied.
  const selected = new Map<string, string>();
  const replaced = new Set<string>();
  const localModules: string[] = [];
  const missingFromSum: { path: string; line: number }[] = [];
  for (const req of mod.requires) {
    const rep = replacementFor(req.path, req.version);
    const props: Record<string, string> = {};
    if (req.indirect) props['shencha:go:indirect'] = 'true';
    if (rep && rep.newVersion === undefined) {
      const target = posix.normalize(posix.join(posix.dirname(modPath), rep.newPath));
      const inTree = moduleByDir.get(target);
      if (inTree) {
        // The replacement is a module of this tree: an edge between first-party modules.
        localModules.push(inTree);
        replaced.add(rep.oldVersion ? `${rep.oldPath}@${rep.oldVersion}` : rep.oldPath);
        continue;
      }
      // A local directory outside the tree replaces the module: no version applies.
      props['shencha:go:replaced-by-directory'] = rep.newPath;
      props['shencha:go:required-version'] = req.version;
      add(req.path, undefined, { line: req.line, evidencePath: modPath, scope: 'required', props });
    } else {
      const path = rep ? rep.newPath : req.path;
      const version = rep ? rep.newVersion! : req.version;
      if (rep) props['shencha:go:replaces'] = `${req.path}@${req.version}`;
      add(path, version, { line: req.line, evidencePath: modPath, scope: 'required', props });
      selected.set(path, version);
      if (sumLines && !sums.has(`${path}@${version}`)) missingFromSum.push({ path: `${path}@${version}`, line: req.line });
    }
    if (rep) replaced.add(rep.oldVersion ? `${rep.oldPath}@${rep.oldVersion}` : rep.oldPath);
  }
  for (const t of mod.tools) {
    const owner = [...accs.values()]
      .filter((a) => t === a.c.name || t.startsWith(a.c.name + '/'))
      .sort((a, b) => b.c.name.length - a.c.name.length)[0];
    if (owner) owner.c.properties = { ...owner.c.properties, 'shencha:go:tool': [owner.c.properties?.['shencha:go:tool'], t].filter(Boolean).join(',') };
  }

  // go.sum lines outside the build list: a module whose code was fetched is transitive; one whose
  // go.mod alone was hashed (version selection only) or whose version lost selection is excluded.
  const byModule = new Map<string, string[]>();
  for (const k of sums.keys()) {
    const at = k.lastIndexOf('@');
    const p = k.slice(0, at);
    byModule.set(p, [...(byModule.get(p) ?? []), k.slice(at + 1)]);
  }
  for (const [path, versions] of [...byModule].sort((a, b) => cmp(a[0], b[0]))) {
    const zipVersions = versions.filter((v) => sums.get(`${path}@${v}`)!.zip).sort(compareGoVersions);
    const chosen = selected.get(path) ?? (replaced.has(path) ? undefined : zipVersions[zipVersions.length - 1]);
    for (const v of versions) {
      const s = sums.get(`${path}@${v}`)!;
      const line = (s.zip ?? s.mod)!.line;
      if (selected.get(path) === v) continue;
      let scope: 'required' | 'excluded' = 'excluded';
      const props: Record<string, string> = { 'shencha:go:source': 'go.sum' };
      if (replaced.has(path) || replaced.has(`${path}@${v}`)) props['shencha:scope-reason'] = 'go-mod-replaced';
      else if (!s.zip) props['shencha:scope-reason'] = 'go-sum-go-mod-only';
      else if (v !== chosen) props['shencha:scope-reason'] = 'go-sum-version-not-selected';
      else {
        scope = 'required';
        props['shencha:go:indirect'] = 'true';
      }
      add(path, v, { line, evidencePath: sumPath, scope, props });
      if (scope === 'required') selected.set(path, v);
    }
  }
  for (const ex of mod.excludes) {
    if (selected.get(ex.path) === ex.version) continue;
    add(ex.path, ex.version, { line: ex.line, evidencePath: modPath, scope: 'excluded', props: { 'shencha:scope-reason': 'go-mod-exclude' } });
  }
  for (const v of vendored) {
    const path = v.replacement && v.replacement.version ? v.replacement.path : v.path;
    const version = v.replacement ? v.replacement.version : v.version;
    if (v.replacement && !v.replacement.version && isLocalPath(v.replacement.path)) continue; // already listed from go.mod
    const acc = add(path, version, { line: v.line, evidencePath: vendorPath, scope: 'required', props: { 'shencha:go:vendored': 'true' } });
    if (acc.c.scope === 'excluded') {
      // Vendored code is in the tree: it is part of the build whatever go.sum said.
      acc.c.scope = 'required';
      if (acc.c.properties) delete acc.c.properties['shencha:scope-reason'];
    }
    if (!acc.c.evidence.some((e) => e.path === vendorPath)) acc.c.evidence.push({ path: vendorPath, line: v.line, cataloger: GO_CATALOGER });
  }

  if (missingFromSum.length > 0) {
    out.issues.push(
      catalogerIssue(
        'SBOM_LOCK_OUT_OF_SYNC',
        GO_CATALOGER,
        `${missingFromSum.length} required module(s) of ${modPath} have no go.sum line: ${missingFromSum
          .slice(0, 5)
          .map((m) => m.path)
          .join(', ')}`,
        { path: modPath, line: missingFromSum[0]!.line },
        'run `go mod tidy` and commit go.sum',
      ),
    );
  }

  const comps = [...accs.values()].map((a) => a.c).sort((a, b) => cmp(a.bomRef, b.bomRef));
  for (const c of comps) out.components.push(c);
  // The module graph between dependencies is not in go.mod/go.sum: every build-list module is a
  // dependency of the main module, direct ones marked by the absence of `shencha:go:indirect`.
  const deps = comps.filter((c) => c.scope === 'required').map((c) => c.bomRef);
  deps.push(...localModules.filter((r) => r !== mainRef));
  if (deps.length > 0) out.dependencies.push({ ref: mainRef, dependsOn: [...new Set(deps)].sort() } satisfies DependencyEdge);
  const lock = sumLines && !sumBroken ? sumPath : vendored.length > 0 ? vendorPath : undefined;
  out.compositions.push({
    aggregate: lock ? 'complete' : 'incomplete',
    path: lock ?? modPath,
    refs: [mainRef, ...comps.map((c) => c.bomRef)].sort(),
  });
}
