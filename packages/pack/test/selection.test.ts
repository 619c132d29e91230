import { describe, expect, it } from 'vitest';
import { FileSource, type FileEntry, type FileIndex, type ShenchaConfig } from '@shencha/core';
import { caseCollisions, selectEntries } from '../src/selection.js';

const file = (path: string, extra: Partial<FileEntry> = {}): FileEntry => ({
  path,
  kind: 'file',
  size: 10,
  mode: 0o644,
  mtimeMs: 0,
  ino: 1,
  sha256: 'a'.repeat(64),
  ...extra,
});

function select(entries: FileEntry[], config: ShenchaConfig = { schemaVersion: 1 }) {
  const index: FileIndex = { root: '/nonexistent', entries, hashes: ['sha256'], issues: [] };
  return selectEntries(new FileSource(index), config);
}

describe('selectEntries', () => {
  it('gives every entry one state and names the rule of each exclusion', () => {
    const { selections, issues } = select(
      [
        file('node_modules', { kind: 'directory', excluded: { rule: 'default:dependency-cache', reason: '' } }),
        file('a.log', { excluded: { rule: 'gitignore', reason: '' } }),
        file('docs/x.md'),
        file('src/a.ts'),
        file('src/big.ts', { size: 2000 }),
        file('src/crypto/sm4.ts', { size: 2000 }),
        file('src/gone.ts', { unreadable: 'EACCES' }),
        file('src/link', { kind: 'symlink', linkTarget: '../x' }),
        file('src/vendor/v.js', { vendored: true }),
        file('src/we\\ird.ts'),
      ],
      {
        schemaVersion: 1,
        pack: {
          include: ['src/**'],
          vendored: 'exclude',
          maxFileSize: 1000,
          withhold: [{ rule: 'crypto', paths: ['src/crypto/*.ts'], reason: 'law' }],
        },
      },
    );
    const summary = selections.map((s) =>
      s.state === 'archive' ? `${s.entry.path}:${s.withhold ? `withheld:${s.withhold.rule}` : 'archive'}` : s.state === 'symlink' ? `${s.path}:symlink:${s.target}` : `${s.path}:${s.rule}`,
    );
    expect(summary).toEqual([
      'node_modules:default:dependency-cache',
      'a.log:gitignore',
      'docs/x.md:config:include',
      'src/a.ts:archive',
      'src/big.ts:size-limit',
      'src/crypto/sm4.ts:withheld:crypto',
      'src/gone.ts:unreadable',
      'src/link:symlink:../x',
      'src/vendor/v.js:policy:vendored',
      'src/we\\ird.ts:unportable-name',
    ]);
    expect(issues.map((i) => `${i.severity} ${i.code} ${i.location?.path}`).sort()).toEqual([
      'error PACK_UNREADABLE_FILE src/gone.ts',
      'info PACK_SYMLINK_RECORDED src/link',
      'warning PACK_FILE_TOO_LARGE src/big.ts',
      'warning PACK_UNPORTABLE_NAME src/we\\ird.ts',
    ]);
  });

  it('keeps vendored code when the policy says include', () => {
    const { selections } = select([file('vendor/v.js', { vendored: true })], { schemaVersion: 1, pack: { vendored: 'include' } });
    expect(selections[0]!.state).toBe('archive');
  });
});

describe('caseCollisions', () => {
  it('finds files and folders that differ only by case', () => {
    expect(caseCollisions(['README.md', 'Src/a.ts', 'readme.md', 'src/b.ts', 'x/y'])).toEqual([
      ['README.md', 'readme.md'],
      ['Src', 'src'],
    ]);
    expect(caseCollisions(['a', 'b/c'])).toEqual([]);
  });
});
