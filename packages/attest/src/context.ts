import { basename, resolve } from 'node:path';
import { DigestCache, FileSource, loadConfig, resolveSourceDate, scanProjectCached, silentProgress, type Issue, type ProductIdentity, type Progress } from '@shencha/core';
import { loadVendorProfile, type ProjectContext } from '@shencha/dossier';

/**
 * `openProject` of @shencha/dossier with the cached walk: unchanged files (by git blob id, else by path, size,
 * mtime and inode) take their digests from `.shencha/cache/` instead of being read. Same configuration, same
 * rules, same ProjectContext.
 */
export async function openProjectCached(options: { projectDir: string; configPath?: string; skip: string[]; cacheDir?: string; progress?: Progress; env?: NodeJS.ProcessEnv }): Promise<ProjectContext & { digestStats?: { hits: number; misses: number } }> {
  const progress = options.progress ?? silentProgress;
  const projectDir = resolve(options.projectDir);
  const loaded = await loadConfig(projectDir, options.configPath);
  const config = loaded.config;
  const issues: Issue[] = [...loaded.issues];
  const sourceDate = resolveSourceDate(projectDir, options.env);
  const digests = options.cacheDir ? await DigestCache.open(projectDir, options.cacheDir) : undefined;
  const none = { get: () => undefined, set: () => undefined };
  progress.start('scan');
  const index = await scanProjectCached(
    projectDir,
    {
      hashes: config.hashes ?? ['sha256'],
      exclude: config.pack?.exclude ?? [],
      skipAbsolute: options.skip,
      ...(config.pack?.maxFileSize ? { maxFileSize: config.pack.maxFileSize } : {}),
      onProgress: (n, p) => progress.update(n, p),
    },
    digests ?? none,
  );
  progress.stop();
  if (digests) await digests.save();
  issues.push(...index.issues);
  const source = new FileSource(index);
  const profilePath = config.vendorProfile ?? 'vendor.yaml';
  const vendor = await loadVendorProfile(source, profilePath);
  // A missing profile is a note here: attest compares what there is.
  issues.push(...vendor.issues.map((i) => (i.code === 'DOSSIER_VENDOR_PROFILE_MISSING' ? { ...i, severity: 'info' as const } : i)));
  const profile = vendor.profile;
  const product: ProductIdentity = {
    name: profile?.product.name ?? basename(projectDir),
    version: profile?.product.version ?? '0.0.0',
    ...(profile ? { vendor: profile.supplier.name } : {}),
  };
  const ctx: ProjectContext & { digestStats?: { hits: number; misses: number } } = { projectDir, loaded, source, profile, profilePath, product, sourceDate, issues };
  if (digests) ctx.digestStats = { hits: digests.stats.hits, misses: digests.stats.misses };
  return ctx;
}
