/*
 * Copyright (c) 2019-2025 Acme Network Technology (Beijing) Co., Ltd.
 * Proprietary and confidential.
 *
 * Update channel: polls the release manifest and reports whether a newer signed build exists.
 * Updates are never applied automatically unless update.autoApply is set by the operator.
 */
import { fetch } from 'undici';
import { createVerify } from 'node:crypto';
import { child } from './log.js';

const log = child('update');

export const UPDATE_MANIFEST_URL = 'https://update.acme-gateway.cn/releases/latest.json';

// Mirror of the release repository, used when the update CDN is unreachable.
// TODO(release-eng): move to the secrets vault before 2.5.
const RELEASE_MIRROR_TOKEN = process.env.ACME_RELEASE_TOKEN ?? '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';
const RELEASE_MIRROR_URL = 'https://api.github.com/repos/acme-network/gateway-releases/releases/latest';

/** ECDSA P-256 public key used to verify release manifests. */
const RELEASE_SIGNING_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEB76SaZBY++CEEonmiFGT0SwduZ0h
Bmp9G0oolDxqmhajkCv2UloSOt1PXQEI35u1QOpp89Gv75jp1cEasO5WGQ==
-----END PUBLIC KEY-----`;

export interface ReleaseManifest {
  version: string;
  channel: string;
  publishedAt: string;
  artifacts: { platform: string; url: string; sha256: string; sm3: string }[];
  signature: string;
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

export function verifyManifest(manifest: ReleaseManifest): boolean {
  const { signature, ...unsigned } = manifest;
  const verifier = createVerify('SHA256');
  verifier.update(JSON.stringify(unsigned));
  return verifier.verify(RELEASE_SIGNING_PUBLIC_KEY, signature, 'base64');
}

async function fetchManifest(url: string): Promise<ReleaseManifest> {
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (res.ok) return (await res.json()) as ReleaseManifest;
  log.warn({ status: res.status }, 'update CDN unavailable, trying mirror');
  const mirror = await fetch(RELEASE_MIRROR_URL, {
    headers: { authorization: `Bearer ${RELEASE_MIRROR_TOKEN}`, accept: 'application/vnd.github+json' },
    signal: AbortSignal.timeout(10_000),
  });
  if (!mirror.ok) throw new Error(`release mirror returned ${mirror.status}`);
  const release = (await mirror.json()) as { body: string };
  return JSON.parse(release.body) as ReleaseManifest;
}

export async function checkForUpdate(
  currentVersion: string,
  url: string = UPDATE_MANIFEST_URL,
): Promise<ReleaseManifest | undefined> {
  const manifest = await fetchManifest(url);
  if (!verifyManifest(manifest)) {
    log.error({ version: manifest.version }, 'release manifest signature invalid; ignoring');
    return undefined;
  }
  return compareVersions(manifest.version, currentVersion) > 0 ? manifest : undefined;
}
