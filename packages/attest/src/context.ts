import { DigestCache, type Progress } from '@shencha/core';
import { openProject, type ProjectContext } from '@shencha/dossier';

/**
 * `openProject` of @shencha/dossier with the digest cache: unchanged files (by git blob id, else by path,
 * size, mtime and inode) take their digests from `.shencha/cache/` instead of being read.
 */
export async function openProjectCached(options: { projectDir: string; configPath?: string; skip: string[]; cacheDir?: string; progress?: Progress; env?: NodeJS.ProcessEnv }): Promise<ProjectContext & { digestStats?: { hits: number; misses: number } }> {
  const digests = options.cacheDir ? await DigestCache.open(options.projectDir, options.cacheDir) : undefined;
  const ctx: ProjectContext & { digestStats?: { hits: number; misses: number } } = await openProject({
    projectDir: options.projectDir,
    ...(options.configPath ? { configPath: options.configPath } : {}),
    skip: options.skip,
    ...(options.progress ? { progress: options.progress } : {}),
    ...(options.env ? { env: options.env } : {}),
    // A missing profile is a note here: attest compares what there is.
    requireProfile: false,
    ...(digests ? { digests } : {}),
  });
  if (digests) {
    await digests.save();
    ctx.digestStats = { hits: digests.stats.hits, misses: digests.stats.misses };
  }
  return ctx;
}
