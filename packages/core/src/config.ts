import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { canonicalBytes } from './canonical-json.js';
import { sha256Hex, type HashAlgorithm } from './hash.js';
import { makeIssue, ShenchaError, type Issue } from './issues.js';
import { parseYaml } from './parse.js';
import { validateAgainstSchema } from './schema.js';

/** `shencha.yaml`: how shencha runs on a project (schema `shencha-config`). */
export interface ShenchaConfig {
  schemaVersion: 1;
  vendorProfile?: string;
  policy?: string;
  curations?: string;
  hashes?: HashAlgorithm[];
  sbom?: { specVersion?: '1.6' | '1.7'; supplierSboms?: string[]; mavenRepo?: string };
  pack?: {
    archive?: 'tar.gz' | 'zip';
    include?: string[];
    exclude?: string[];
    withhold?: { rule: string; paths: string[]; reason: string }[];
    vendored?: 'include' | 'exclude';
    maxFileSize?: number;
    commitment?: 'hmac-sha256' | 'hmac-sm3';
  };
  redaction?: {
    disable?: string[];
    custom?: { id: string; pattern: string; description: string; kind: 'credential' | 'personal-data' }[];
    allow?: { paths?: string[]; values?: string[] };
    internalDomains?: string[];
  };
}

export interface LoadedConfig {
  config: ShenchaConfig;
  /** Absolute path of the file read, or undefined when defaults apply. */
  path: string | undefined;
  /** sha256 of the canonical JSON of the effective configuration (recorded in the manifest). */
  hash: string;
  issues: Issue[];
}

export const DEFAULT_CONFIG: ShenchaConfig = { schemaVersion: 1 };

/**
 * Reads `shencha.yaml` (or the file named by --config). A missing default file means defaults;
 * a named file that is missing, malformed or off-schema stops the run: the user asked for it.
 */
export async function loadConfig(projectDir: string, configPath?: string): Promise<LoadedConfig> {
  const path = configPath ? resolve(configPath) : join(resolve(projectDir), 'shencha.yaml');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    if (!configPath && (cause as NodeJS.ErrnoException).code === 'ENOENT') {
      return {
        config: DEFAULT_CONFIG,
        path: undefined,
        hash: sha256Hex(canonicalBytes(DEFAULT_CONFIG)),
        issues: [makeIssue('CORE_CONFIG_MISSING', 'core/config', 'no shencha.yaml in the project; using defaults', { location: { path: 'shencha.yaml' } })],
      };
    }
    throw new ShenchaError('CORE_CONFIG_UNREADABLE', `cannot read configuration ${path}: ${(cause as Error).message}`, { cause });
  }
  const parsed = parseYaml<ShenchaConfig>(text, path, 'core/config');
  if (!parsed.ok) {
    throw new ShenchaError('CORE_CONFIG_INVALID', parsed.issue.message, {
      ...(parsed.issue.location ? { location: parsed.issue.location } : {}),
    });
  }
  const errors = validateAgainstSchema('shencha-config', parsed.value);
  if (errors.length) {
    const e = errors[0]!;
    throw new ShenchaError('CORE_CONFIG_INVALID', `${path}: ${e.pointer}: ${e.message}`, {
      location: { path, field: e.pointer },
      howToFix: 'see the Configuration section of the README',
    });
  }
  return { config: parsed.value, path, hash: sha256Hex(canonicalBytes(parsed.value)), issues: [] };
}

/** Resolves a path named in the configuration relative to the configuration file (or project). */
export function resolveConfigPath(loaded: LoadedConfig, projectDir: string, p: string): string {
  if (isAbsolute(p)) return p;
  return resolve(loaded.path ? dirname(loaded.path) : projectDir, p);
}
