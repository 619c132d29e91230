import { makeIssue, sortIssues, type Component, type Composition, type DependencyEdge, type FileSource, type Inventory, type Issue, type ProductIdentity } from '@shencha/core';
import type { Cataloger, CatalogContext, CatalogResult } from './cataloger.js';
import { cmp, dedupeHashes } from './component.js';
import { lockFiles } from './files.js';
import { CATALOGERS } from './registry.js';
import './issues.js';

export interface GenerateOptions {
  product: ProductIdentity;
  mavenRepo?: string;
  /** Supplier SBOMs named in shencha.yaml, project-relative. */
  supplierSboms?: string[];
  onProgress?: (done: number, total: number, path: string) => void;
  /** Overrides the registered catalogers (tests). */
  catalogers?: Cataloger[];
}

/**
 * Runs every registered cataloger over the tree, merges what they found (one component per
 * bomRef, edges unioned), and hangs every first-party component off the product's root
 * component. A cataloger that fails costs only its own ecosystem: the others still run.
 */
export async function generateInventory(source: FileSource, options: GenerateOptions): Promise<Inventory> {
  const catalogers = options.catalogers ?? CATALOGERS;
  const matched = catalogers.map((c) => lockFiles(source, c.globs));
  const total = matched.reduce((n, m) => n + m.length, 0);
  let done = 0;
  const context: CatalogContext = {
    options: {
      ...(options.mavenRepo !== undefined ? { mavenRepo: options.mavenRepo } : {}),
      ...(options.supplierSboms?.length ? { supplierSboms: options.supplierSboms } : {}),
    },
  };
  const results = await Promise.all(
    catalogers.map(async (c, i): Promise<CatalogResult> => {
      let r: CatalogResult;
      try {
        r = await c.catalog(source, context);
      } catch (e) {
        const files = matched[i]!;
        r = {
          components: [],
          dependencies: [],
          compositions: [],
          issues: [
            makeIssue('SBOM_CATALOGER_FAILED', `sbom/${c.name}`, `${c.name}: failed: ${(e as Error).message}`, {
              ...(files.length > 0 ? { location: { path: files[0]! } } : {}),
              howToFix: 'report this as a shencha bug with the file named here',
            }),
          ],
        };
      }
      done += matched[i]!.length;
      const last = matched[i]![matched[i]!.length - 1];
      if (last !== undefined) options.onProgress?.(done, total, last);
      return r;
    }),
  );

  const components = new Map<string, Component>();
  const edges = new Map<string, Set<string>>();
  const compositions: Composition[] = [];
  const issues: Issue[] = [];
  results.forEach((r, i) => {
    const eco = catalogers[i]!.ecosystem;
    for (const c of r.components) {
      const prev = components.get(c.bomRef);
      components.set(c.bomRef, prev ? mergeComponent(prev, c) : cloneComponent(c));
    }
    for (const d of r.dependencies) {
      const set = edges.get(d.ref) ?? new Set<string>();
      edges.set(d.ref, set);
      for (const t of d.dependsOn) set.add(t);
    }
    for (const c of r.compositions) compositions.push({ ecosystem: eco, aggregate: c.aggregate, path: c.path, refs: [...c.refs] });
    for (const i of r.issues) issues.push(i);
  });

  const product = options.product;
  const rootRef = `product:${product.name}@${product.version}`;
  components.delete(rootRef);
  const firstParty = [...components.values()].filter((c) => c.firstParty).map((c) => c.bomRef);
  edges.set(rootRef, new Set(firstParty));

  if (compositions.length === 0 && !issues.some((i) => i.code === 'SBOM_PARSE_ERROR' || i.code === 'SBOM_UNREADABLE' || i.code === 'SBOM_BINARY_LOCKFILE')) {
    issues.push(
      makeIssue('SBOM_NO_LOCKFILE', 'sbom', 'no lockfile or manifest of a supported ecosystem was found; the SBOM lists only the product itself', {
        location: { path: '.' },
        howToFix: 'commit the lockfile of each package manager the product uses (package-lock.json, pnpm-lock.yaml, go.sum, …)',
      }),
    );
  }

  const dependencies: DependencyEdge[] = [];
  for (const [ref, set] of edges) {
    if (ref !== rootRef && !components.has(ref)) continue;
    dependencies.push({ ref, dependsOn: [...set].filter((t) => t !== ref && (components.has(t))).sort(cmp) });
  }
  dependencies.sort((a, b) => cmp(a.ref, b.ref));
  compositions.sort((a, b) => cmp(a.ecosystem, b.ecosystem) || cmp(a.path, b.path) || cmp(a.aggregate, b.aggregate));
  for (const c of compositions) c.refs = [...new Set(c.refs)].filter((r) => components.has(r)).sort(cmp);

  const sorted = [...components.values()].sort((a, b) => cmp(a.bomRef, b.bomRef));
  for (const c of sorted) {
    c.evidence.sort((a, b) => cmp(a.path, b.path) || (a.line ?? 0) - (b.line ?? 0) || cmp(a.cataloger, b.cataloger));
  }
  return {
    product: { ...product },
    rootRef,
    components: sorted,
    dependencies,
    compositions,
    issues: sortIssues(issues),
  };
}

function cloneComponent(c: Component): Component {
  const out: Component = { ...c, evidence: c.evidence.map((e) => ({ ...e })) };
  if (c.properties) out.properties = { ...c.properties };
  if (c.hashes) out.hashes = c.hashes.map((h) => ({ ...h }));
  if (c.licenses) out.licenses = [...c.licenses];
  if (c.externalReferences) out.externalReferences = c.externalReferences.map((r) => ({ ...r }));
  return out;
}

const SCOPE_RANK = { excluded: 0, optional: 1, required: 2 } as const;

/** Same bomRef from two places: union what each knows; the strongest scope wins. */
function mergeComponent(a: Component, b: Component): Component {
  const out = a;
  const seen = new Set(a.evidence.map((e) => `${e.path}:${e.line ?? ''}:${e.cataloger}`));
  for (const e of b.evidence) {
    const k = `${e.path}:${e.line ?? ''}:${e.cataloger}`;
    if (!seen.has(k)) (seen.add(k), out.evidence.push({ ...e }));
  }
  if (b.hashes) out.hashes = dedupeHashes([...(a.hashes ?? []), ...b.hashes]);
  if (b.licenses) out.licenses = [...new Set([...(a.licenses ?? []), ...b.licenses])].sort(cmp);
  if (b.properties) out.properties = { ...b.properties, ...a.properties };
  if (b.firstParty) out.firstParty = true;
  const sa = a.scope ?? 'required';
  const sb = b.scope ?? 'required';
  if (SCOPE_RANK[sb] > SCOPE_RANK[sa]) {
    if (b.scope) out.scope = b.scope;
    else delete out.scope;
  }
  if ((out.scope ?? 'required') !== 'excluded' && out.properties) delete out.properties['shencha:scope-reason'];
  for (const f of ['version', 'purl', 'group', 'author', 'description'] as const) {
    if (out[f] === undefined && b[f] !== undefined) out[f] = b[f]!;
  }
  if (!out.supplier && b.supplier) out.supplier = b.supplier;
  if (b.externalReferences) {
    const refs = [...(a.externalReferences ?? [])];
    for (const r of b.externalReferences) if (!refs.some((x) => x.type === r.type && x.url === r.url)) refs.push(r);
    out.externalReferences = refs;
  }
  return out;
}
