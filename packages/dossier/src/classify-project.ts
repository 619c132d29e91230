import type { Inventory } from '@shencha/core';
import type { UsageIndex } from '@shencha/code';
import type { Classification } from '@shencha/origin';
import type { ProjectContext } from './context.js';

/** Classification with the project's own policy and curations files and the vendor's control. */
export async function classifyProject(ctx: ProjectContext, inventory: Inventory, usage: UsageIndex, kbDir?: string): Promise<Classification> {
  const { classify, readOriginFiles } = await import('@shencha/origin');
  const config = ctx.loaded.config;
  const files = await readOriginFiles(ctx.source, {
    ...(config.policy ? { policy: config.policy } : {}),
    ...(config.curations ? { curations: config.curations } : {}),
  });
  const supplier = ctx.profile?.supplier;
  const classification = await classify({
    inventory,
    usage,
    // Without a vendor profile nothing proves domestic control: the worst case is assumed.
    vendor: { entity: supplier?.name ?? 'unknown', country: supplier?.country ?? 'ZZ', control: supplier?.control ?? 'foreign' },
    ...(kbDir ? { kbDir } : {}),
    ...(files.policy ? { policy: files.policy } : {}),
    ...(files.curations ? { curations: files.curations } : {}),
  });
  return { ...classification, issues: [...files.issues, ...classification.issues] };
}
