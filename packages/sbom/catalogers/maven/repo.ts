import { readFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { decodePom, parsePom, type RawPom } from './pom.js';
import type { RepoLookup } from './model.js';

/**
 * A local Maven repository (`~/.m2/repository` layout) that the user named with `--maven-repo`.
 * It is outside the project, so it is read with plain fs — only inside that folder, only poms
 * and their `.sha1` files, and coordinates that could climb out of it are refused.
 */
export class LocalMavenRepo implements RepoLookup {
  readonly root: string;
  private readonly poms = new Map<string, RawPom | undefined>();
  /** Poms that exist but do not parse: reported by the cataloger. */
  readonly broken: { path: string; message: string; line: number; column: number }[] = [];

  constructor(root: string) {
    this.root = resolve(root);
  }

  private artifactPath(groupId: string, artifactId: string, version: string, file: string): string | undefined {
    const safe = (s: string) => s !== '' && !s.includes('/') && !s.includes('\\') && s !== '.' && s !== '..' && !s.includes('\0');
    const groupParts = groupId.split('.');
    if (!groupParts.every(safe) || !safe(artifactId) || !safe(version) || !safe(file)) return undefined;
    const p = join(this.root, ...groupParts, artifactId, version, file);
    return p.startsWith(this.root + sep) ? p : undefined;
  }

  load(groupId: string, artifactId: string, version: string): RawPom | undefined {
    const key = `${groupId}:${artifactId}:${version}`;
    if (this.poms.has(key)) return this.poms.get(key);
    let pom: RawPom | undefined;
    const path = this.artifactPath(groupId, artifactId, version, `${artifactId}-${version}.pom`);
    if (path) {
      let buf: Buffer | undefined;
      try {
        buf = readFileSync(path);
      } catch {
        buf = undefined;
      }
      if (buf) {
        const parsed = parsePom(decodePom(buf), path);
        if (parsed.ok) pom = parsed.pom;
        else this.broken.push({ path, message: parsed.message, line: parsed.line, column: parsed.column });
      }
    }
    this.poms.set(key, pom);
    return pom;
  }

  /** The SHA-1 Maven publishes next to the artifact (`<a>-<v>[-<classifier>].<ext>.sha1`). */
  sha1(groupId: string, artifactId: string, version: string, ext: string, classifier?: string): string | undefined {
    const file = `${artifactId}-${version}${classifier ? `-${classifier}` : ''}.${ext}.sha1`;
    const path = this.artifactPath(groupId, artifactId, version, file);
    if (!path) return undefined;
    try {
      // The file may hold `<hex>  <filename>`; the digest is the first word.
      return readFileSync(path, 'latin1').trim().split(/\s+/)[0];
    } catch {
      return undefined;
    }
  }
}
