import { basename, dirname, resolve } from 'node:path';
import {
  FileSource,
  archiveFormatOfName,
  detectArchiveFormat,
  foldName,
  makeIssue,
  readArchive,
  scanProject,
  sha256Hex,
  sm3Hex,
  type HashAlgorithm,
  type ArchiveProblem,
  type ArchiveProblemKind,
  type FileIndex,
  type Issue,
  type Severity,
} from '@shencha/core';
import { SOURCE, type VerifyCode } from './issues.js';
import type { Limits } from './limits.js';

/** One file of a dossier, wherever it lives (folder or bundle). */
export interface DossierFile {
  path: string;
  size: number;
  /** Known when the walk already hashed it. */
  sha256?: string;
  sm3?: string;
  read(): Promise<Buffer>;
}

export interface DossierContents {
  files: Map<string, DossierFile>;
  /** Paths present but unusable (symlinks, unreadable): counted as present, never read. */
  unusable: Set<string>;
  issues: Issue[];
}

/** A FileSource over one folder that knows no entries: every read is lstat-checked, no walk needed. */
export function sourceFor(dir: string): FileSource {
  const index: FileIndex = { root: resolve(dir), entries: [], hashes: ['sha256'], issues: [] };
  return new FileSource(index);
}

export async function readSingleFile(path: string): Promise<Buffer> {
  return sourceFor(dirname(path)).read(basename(path));
}

/** Reads a dossier folder through the one walk; folders the walk does not descend are listed on demand. */
export async function openFolder(root: string, hashes: HashAlgorithm[] = ['sha256']): Promise<DossierContents> {
  const index = await scanProject(root, { hashes });
  const src = new FileSource(index);
  const out: DossierContents = { files: new Map(), unusable: new Set(), issues: [] };
  const addFile = (path: string, size: number, sha256?: string, sm3?: string): void => {
    const f: DossierFile = { path, size, read: () => src.read(path) };
    if (sha256) f.sha256 = sha256;
    if (sm3) f.sm3 = sm3;
    out.files.set(path, f);
  };
  const symlink = (path: string, target: string): void => {
    out.unusable.add(path);
    out.issues.push(
      makeIssue('VERIFY_FOLDER_SYMLINK', SOURCE, `${path} is a symbolic link (to "${target}"); a dossier holds only regular files`, {
        location: { path },
      }),
    );
  };
  const descend = async (dir: string): Promise<void> => {
    for (const child of await src.list(dir)) {
      const path = `${dir}/${child.name}`;
      if (child.kind === 'directory') await descend(path);
      else if (child.kind === 'symlink') symlink(path, '?');
      else if (child.kind === 'file') {
        const data = await src.read(path);
        addFile(path, data.length, sha256Hex(data), hashes.includes('sm3') ? sm3Hex(data) : undefined);
      } else out.unusable.add(path);
    }
  };
  for (const e of index.entries) {
    if (e.kind === 'symlink') symlink(e.path, e.linkTarget ?? '');
    else if (e.kind === 'directory') await descend(e.path);
    else if (e.unreadable) {
      out.unusable.add(e.path);
      out.issues.push(makeIssue('VERIFY_UNREADABLE', SOURCE, `cannot read ${e.path}: ${e.unreadable}`, { location: { path: e.path } }));
    } else addFile(e.path, e.size, e.sha256, e.sm3);
  }
  for (const i of index.issues) {
    if (i.code === 'CORE_SPECIAL_FILE' && i.location) {
      out.unusable.add(i.location.path);
      out.issues.push(makeIssue('VERIFY_UNREADABLE', SOURCE, i.message, { location: i.location }));
    }
  }
  out.issues.push(...caseCollisions([...out.files.keys(), ...out.unusable], 'VERIFY_CASE_COLLISION'));
  return out;
}

/** Names that a file system may merge: equal after Unicode normalisation, or after case folding. */
export function caseCollisions(paths: string[], code: VerifyCode, severity?: Severity): Issue[] {
  const byNfc = new Map<string, string>();
  const byFold = new Map<string, string>();
  const issues: Issue[] = [];
  for (const p of [...paths].sort()) {
    const nfc = p.normalize('NFC');
    const prevNfc = byNfc.get(nfc);
    if (prevNfc !== undefined && prevNfc !== p) {
      issues.push(
        makeIssue('VERIFY_UNICODE_COLLISION', SOURCE, `"${prevNfc}" and "${p}" are the same name after Unicode normalisation (NFC); macOS and most tools treat them as one file`, {
          location: { path: p },
        }),
      );
      continue;
    }
    byNfc.set(nfc, p);
    const key = foldName(p);
    const prev = byFold.get(key);
    if (prev !== undefined && prev !== p) {
      issues.push(
        makeIssue(code, SOURCE, `"${prev}" and "${p}" differ only in letter case; a case-insensitive file system keeps one of them`, {
          location: { path: p },
          ...(severity ? { severity } : {}),
        }),
      );
    } else byFold.set(key, p);
  }
  return issues;
}

const PROBLEM_CODES: Record<ArchiveProblemKind, VerifyCode> = {
  'absolute-path': 'VERIFY_ARCHIVE_ABSOLUTE_PATH',
  'climbing-path': 'VERIFY_ARCHIVE_PATH_TRAVERSAL',
  'bad-name': 'VERIFY_ARCHIVE_BAD_NAME',
  symlink: 'VERIFY_ARCHIVE_SYMLINK',
  hardlink: 'VERIFY_ARCHIVE_HARDLINK',
  'special-entry': 'VERIFY_ARCHIVE_SPECIAL_ENTRY',
  'duplicate-name': 'VERIFY_ARCHIVE_DUPLICATE_ENTRY',
  'unicode-collision': 'VERIFY_ARCHIVE_UNICODE_COLLISION',
  'case-collision': 'VERIFY_ARCHIVE_CASE_COLLISION',
  'compression-ratio': 'VERIFY_ARCHIVE_COMPRESSION_BOMB',
  'size-limit': 'VERIFY_ARCHIVE_SIZE_LIMIT',
  'too-many-entries': 'VERIFY_ARCHIVE_TOO_MANY_ENTRIES',
  malformed: 'VERIFY_ARCHIVE_MALFORMED',
  encrypted: 'VERIFY_ARCHIVE_ENCRYPTED',
};

/** Turns archive problems into issues located at `<archive path>!<entry>`; case collisions may be softened. */
export function archiveIssues(problems: ArchiveProblem[], archivePath: string, caseSeverity: Severity = 'error'): Issue[] {
  return problems.map((p) =>
    makeIssue(PROBLEM_CODES[p.kind], SOURCE, `${archivePath}: ${p.message}`, {
      location: { path: archivePath, ...(p.entry !== undefined ? { field: p.entry } : {}) },
      ...(p.kind === 'case-collision' ? { severity: caseSeverity } : {}),
      ...(p.kind === 'case-collision' && caseSeverity === 'warning'
        ? { howToFix: 'rename one of the files: a reviewer extracting on Windows or macOS would lose one' }
        : {}),
    }),
  );
}

/** Reads a bundle (`<product>-dossier.tar.gz|zip`, entries under `<product>/`) from memory, never extracting it. */
export async function openBundle(path: string, data: Buffer, limits: Limits): Promise<DossierContents & { product?: string }> {
  const out: DossierContents & { product?: string } = { files: new Map(), unusable: new Set(), issues: [] };
  const name = basename(path);
  const format = detectArchiveFormat(data) ?? archiveFormatOfName(name);
  if (!format) {
    out.issues.push(makeIssue('VERIFY_ARCHIVE_MALFORMED', SOURCE, `${name} is not a tar.gz, tar or zip archive`, { location: { path: name } }));
    return out;
  }
  const result = await readArchive(data, format, limits);
  out.issues.push(...archiveIssues(result.problems, name));
  const tops = new Set<string>();
  for (const e of result.entries) tops.add(e.name.split('/')[0]!);
  const expected = /^(.+)-dossier\.(tar\.gz|tgz|tar|zip)$/i.exec(name)?.[1];
  const top = tops.size === 1 ? [...tops][0]! : expected && tops.has(expected) ? expected : undefined;
  if (!top) {
    out.issues.push(
      makeIssue('VERIFY_BUNDLE_LAYOUT', SOURCE, `${name} must hold one folder <product>/; it holds ${[...tops].sort().slice(0, 5).join(', ') || 'nothing'}`, {
        location: { path: name },
      }),
    );
    return out;
  }
  out.product = top;
  for (const e of result.entries) {
    if (e.name === top && e.type === 'directory') continue;
    if (!e.name.startsWith(`${top}/`)) {
      out.issues.push(
        makeIssue('VERIFY_BUNDLE_LAYOUT', SOURCE, `${name}: entry "${e.name}" is outside the ${top}/ folder`, { location: { path: name, field: e.name } }),
      );
      continue;
    }
    const rel = e.name.slice(top.length + 1);
    if (e.type === 'directory') continue;
    if (e.type === 'file' && e.data) {
      const bytes = e.data;
      out.files.set(rel, { path: rel, size: bytes.length, sha256: sha256Hex(bytes), read: async () => bytes });
    } else {
      out.unusable.add(rel);
    }
  }
  // Case collisions among the bundle's entries were already reported by the archive reader.
  return out;
}
