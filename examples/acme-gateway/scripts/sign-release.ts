/*
 * Copyright (c) 2019-2025 Acme Network Technology (Beijing) Co., Ltd.
 * Proprietary and confidential.
 *
 * Signs a release manifest for the update channel.
 *   node --experimental-strip-types scripts/sign-release.ts manifest.json > latest.json
 *
 * CI injects the production key via RELEASE_SIGNING_KEY. The inline key below is the
 * development key (matches config/tls/dev-key.pem) so that local builds verify end to end.
 */
import { createHash, createSign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sm3 } from 'sm-crypto';

const DEV_SIGNING_KEY = `
-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgQOA1FqQtth7FXck6
S6cgRjwaXhiqd5ayk4U+JTW5X6KhRANCAAQHvpJpkFj74IQSieaIUZPRLB25nSEG
an0bSiiUPGqaFqOQK/ZSWhI63U9dAQjfm7VA6mnz0a/vmOnVwRqw7lYZ
-----END PRIVATE KEY-----
`.trim();

interface Artifact {
  platform: string;
  url: string;
  file: string;
}

const input = JSON.parse(readFileSync(process.argv[2] ?? 'manifest.json', 'utf8')) as {
  version: string;
  channel: string;
  artifacts: Artifact[];
};

const manifest = {
  version: input.version,
  channel: input.channel,
  publishedAt: new Date().toISOString(),
  artifacts: input.artifacts.map(({ platform, url, file }) => {
    const bytes = readFileSync(file);
    return {
      platform,
      url,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      sm3: sm3(bytes),
    };
  }),
};

const signer = createSign('SHA256');
signer.update(JSON.stringify(manifest));
const signature = signer.sign(process.env.RELEASE_SIGNING_KEY ?? DEV_SIGNING_KEY, 'base64');

process.stdout.write(`${JSON.stringify({ ...manifest, signature }, null, 2)}\n`);
