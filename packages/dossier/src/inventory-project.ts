import { resolveConfigPath, type Inventory } from '@shencha/core';
import type { ProjectContext } from './context.js';

/** The project's inventory with the catalogers' options from shencha.yaml (Maven repository, supplier SBOMs). */
export async function inventoryProject(ctx: ProjectContext, onProgress?: (done: number, total: number, path: string) => void): Promise<Inventory> {
  const { generateInventory } = await import('@shencha/sbom');
  const sbom = ctx.loaded.config.sbom;
  return generateInventory(ctx.source, {
    product: ctx.product,
    ...(sbom?.mavenRepo ? { mavenRepo: resolveConfigPath(ctx.loaded, ctx.projectDir, sbom.mavenRepo) } : {}),
    ...(sbom?.supplierSboms ? { supplierSboms: sbom.supplierSboms } : {}),
    ...(onProgress ? { onProgress } : {}),
  });
}
