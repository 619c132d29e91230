import { basename, resolve } from 'node:path';
import {
  FileSource,
  loadConfig,
  resolveSourceDate,
  scanProject,
  type DigestLookup,
  type Issue,
  type LoadedConfig,
  type ProductIdentity,
  type Progress,
  type ShenchaConfig,
  type SourceDate,
  silentProgress,
} from '@shencha/core';
import { loadVendorProfile, type VendorProfile } from './vendor-profile.js';

/** What every verb needs before its own stage: configuration, the one walk, the vendor profile. */
export interface ProjectContext {
  projectDir: string;
  loaded: LoadedConfig;
  source: FileSource;
  profile: VendorProfile | undefined;
  profilePath: string;
  product: ProductIdentity;
  sourceDate: SourceDate;
  issues: Issue[];
}

export interface OpenProjectOptions {
  projectDir: string;
  configPath?: string;
  /** Folders never walked (the output folder). */
  skip?: string[];
  progress?: Progress;
  env?: NodeJS.ProcessEnv;
  /** Whether a missing vendor profile is an error (dossier) or only a note (sbom, pack). */
  requireProfile?: boolean;
  /** Digests from an earlier run (`.shencha/cache/`): unchanged files are not read again. */
  digests?: DigestLookup;
  /** Called with the configuration before the walk starts (to start work that can overlap it). */
  onConfig?: (config: ShenchaConfig) => void;
}

export async function openProject(options: OpenProjectOptions): Promise<ProjectContext> {
  const progress = options.progress ?? silentProgress;
  const projectDir = resolve(options.projectDir);
  const loaded = await loadConfig(projectDir, options.configPath);
  const config = loaded.config;
  options.onConfig?.(config);
  const issues: Issue[] = [...loaded.issues];
  const sourceDate = resolveSourceDate(projectDir, options.env);
  progress.start('scan');
  const index = await scanProject(projectDir, {
    hashes: config.hashes ?? ['sha256'],
    exclude: config.pack?.exclude ?? [],
    skipAbsolute: options.skip ?? [],
    ...(config.pack?.maxFileSize ? { maxFileSize: config.pack.maxFileSize } : {}),
    onProgress: (n, p) => progress.update(n, p),
    ...(options.digests ? { digests: options.digests } : {}),
  });
  progress.stop();
  issues.push(...index.issues);
  const source = new FileSource(index);
  const profilePath = config.vendorProfile ?? 'vendor.yaml';
  const vendor = await loadVendorProfile(source, profilePath);
  if (options.requireProfile === false) {
    issues.push(...vendor.issues.map((i) => (i.code === 'DOSSIER_VENDOR_PROFILE_MISSING' ? { ...i, severity: 'info' as const } : i)));
  } else {
    issues.push(...vendor.issues);
  }
  const profile = vendor.profile;
  const product: ProductIdentity = {
    name: profile?.product.name ?? basename(projectDir),
    version: profile?.product.version ?? '0.0.0',
    ...(profile ? { vendor: profile.supplier.name } : {}),
  };
  return { projectDir, loaded, source, profile, profilePath, product, sourceDate, issues };
}
