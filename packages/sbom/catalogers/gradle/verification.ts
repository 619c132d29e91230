import type { ComponentHash } from '@shencha/core';
import { LineIndex } from '../../src/files.js';
import { lazyXmlParser, xml, xmlMetaSymbol } from '../../src/parsers.js';
import { hexHash } from '../../src/component.js';

/**
 * gradle/verification-metadata.xml (dependency verification 1.x): every module Gradle fetched
 * for the build, with the checksums of each artifact (jar, pom, module, …).
 */
export interface VerifiedArtifact {
  name: string;
  hashes: ComponentHash[];
}

export interface VerifiedModule {
  group: string;
  name: string;
  version: string;
  artifacts: VerifiedArtifact[];
  line: number;
}

export type VerificationParse =
  | { ok: true; modules: VerifiedModule[]; verifyMetadata: boolean }
  | { ok: false; message: string; line: number; column: number };

const ALGS: Record<string, string> = { sha512: 'SHA-512', sha256: 'SHA-256', sha1: 'SHA-1', md5: 'MD5' };

const parser = lazyXmlParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  captureMetaData: true,
  htmlEntities: false,
  isArray: (name) => ['component', 'artifact', 'sha512', 'sha256', 'sha1', 'md5', 'also-trust'].includes(name),
});

type Node = Record<string | symbol, unknown>;
const obj = (v: unknown): Node | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Node) : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export function parseVerificationMetadata(text: string): VerificationParse {
  const valid = xml().XMLValidator.validate(text);
  if (valid !== true) return { ok: false, message: valid.err.msg, line: valid.err.line, column: valid.err.col };
  const doc = parser().parse(text) as Node;
  const root = obj(doc['verification-metadata']);
  if (!root) return { ok: false, message: 'not a Gradle verification-metadata document (no <verification-metadata>)', line: 1, column: 1 };
  const modules: VerifiedModule[] = [];
  const lines = new LineIndex(text);
  for (const c of arr(obj(root['components'])?.['component'])) {
    const n = obj(c);
    if (!n) continue;
    const group = typeof n['group'] === 'string' ? n['group'] : '';
    const name = typeof n['name'] === 'string' ? n['name'] : '';
    const version = typeof n['version'] === 'string' ? n['version'] : '';
    if (!name) continue;
    const meta = n[xmlMetaSymbol()] as { startIndex?: number } | undefined;
    const artifacts: VerifiedArtifact[] = arr(n['artifact']).flatMap((a) => {
      const an = obj(a);
      if (!an || typeof an['name'] !== 'string') return [];
      const hashes: ComponentHash[] = [];
      for (const [tag, alg] of Object.entries(ALGS)) {
        for (const h of arr(an[tag])) {
          const hn = obj(h);
          const main = hexHash(alg, typeof hn?.['value'] === 'string' ? hn['value'] : undefined);
          if (main) hashes.push(main);
          // Other accepted checksums of the same artifact (e.g. a rebuilt jar).
          for (const t of arr(hn?.['also-trust'])) {
            const extra = hexHash(alg, typeof obj(t)?.['value'] === 'string' ? (obj(t)!['value'] as string) : undefined);
            if (extra) hashes.push(extra);
          }
        }
      }
      return [{ name: an['name'], hashes }];
    });
    modules.push({ group, name, version, artifacts, line: meta?.startIndex !== undefined ? lines.lineAt(meta.startIndex) : 1 });
  }
  const cfg = obj(root['configuration']);
  return { ok: true, modules, verifyMetadata: String(cfg?.['verify-metadata'] ?? '').trim() === 'true' };
}
