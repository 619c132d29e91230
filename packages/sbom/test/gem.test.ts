import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSource, scanProject } from '@shencha/core';
import { describe, expect, it } from 'vitest';
import { gemCataloger } from '../catalogers/gem/index.js';

const FIX = join(import.meta.dirname, 'fixtures', 'gem');

async function run(dir: string) {
  return gemCataloger.catalog(new FileSource(await scanProject(dir)), { options: {} });
}
type R = Awaited<ReturnType<typeof run>>;
/** name@version with the platform suffix kept, as SOURCES.tsv counts; the root project left out. */
const packages = (r: R) =>
  new Set(r.components.filter((c) => c.bomRef !== 'gem:Gemfile.lock').map((c) => `${c.name}@${c.version}${/platform=([^&]+)/.exec(c.purl ?? '')?.[1] ? `-${/platform=([^&]+)/.exec(c.purl!)![1]}` : ''}`));
const edgesOf = (r: R, ref: string) => r.dependencies.find((d) => d.ref === ref)?.dependsOn ?? [];
const byPurl = (r: R, purl: string) => r.components.find((c) => c.purl === purl);

async function temp(text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'shencha-gem-'));
  await writeFile(join(dir, 'Gemfile.lock'), text);
  return dir;
}

describe('gem cataloger', () => {
  it('bundler 1.17 with PATH and RUBY VERSION: 140 packages', async () => {
    const r = await run(join(FIX, 'bundler-1.17-path-ruby-version'));
    expect(packages(r).size).toBe(140);
    expect(r.issues).toEqual([]);
    expect(r.compositions).toEqual([expect.objectContaining({ aggregate: 'complete', path: 'Gemfile.lock' })]);
    expect(edgesOf(r, 'gem:Gemfile.lock').length).toBeGreaterThan(20);
  });

  it('many GIT sources: 182 packages, git purls with the locked revision', async () => {
    const r = await run(join(FIX, 'many-git-sources'));
    expect(packages(r).size).toBe(182);
    const closure = r.components.find((c) => c.name === 'closure_tree')!;
    expect(closure.purl).toBe('pkg:gem/closure_tree@4.1.0.wip?vcs_url=git%2Bgit%3A%2F%2Fgithub.com%2Fmceachen%2Fclosure_tree.git%40a1613cc4741150efa1f24a5c8839d63671263e73');
    expect(closure.properties?.['shencha:gem-branch']).toBe('wip_rails4');
    expect(edgesOf(r, closure.bomRef).some((d) => d.startsWith('pkg:gem/activerecord@'))).toBe(true);
    expect(edgesOf(r, 'pkg:gem/actionmailer@4.0.2')).toEqual(expect.arrayContaining(['pkg:gem/actionpack@4.0.2']));
  });

  it('GIT and PATH sources: 139 packages, PATH gems first-party', async () => {
    const r = await run(join(FIX, 'git-and-path-sources'));
    expect(packages(r).size).toBe(139);
    const chef = byPurl(r, 'pkg:gem/chef@16.13.16')!;
    expect(chef.firstParty).toBe(true);
    expect(chef.properties?.['shencha:gem-source']).toBe('PATH');
    // chef is locked for two platforms; chef-bin may use either.
    expect(edgesOf(r, 'pkg:gem/chef-bin@16.13.16')).toEqual(['pkg:gem/chef@16.13.16', 'pkg:gem/chef@16.13.16?platform=universal-mingw32']);
    expect(r.components.filter((c) => c.firstParty && c.bomRef !== 'gem:Gemfile.lock').map((c) => c.name).sort()).toEqual(['chef', 'chef', 'chef-bin', 'chef-config', 'chef-utils']);
  });

  it('bundler 2.4 platforms: 34 packages, one per platform variant', async () => {
    const r = await run(join(FIX, 'bundler-2.4-platforms'));
    expect(packages(r).size).toBe(34);
    expect(byPurl(r, 'pkg:gem/google-protobuf@3.23.4?platform=x86_64-linux')).toBeDefined();
    expect(byPurl(r, 'pkg:gem/google-protobuf@3.23.4?platform=arm64-darwin')).toBeDefined();
    // Platform-restricted direct dependencies (tzinfo-data, wdm) have no spec: not an issue.
    expect(r.issues).toEqual([]);
  });

  it('unknown section: 52 packages, the section skipped with a warning naming its line', async () => {
    const r = await run(join(FIX, 'unknown-section'));
    expect(packages(r).size).toBe(52);
    expect(r.components.some((c) => c.name === 'bad-entry')).toBe(false);
    expect(r.issues.map((i) => [i.code, i.location?.line])).toEqual([['SBOM_UNSUPPORTED_FORMAT', 136]]);
    expect(byPurl(r, 'pkg:gem/google-cloud-errors@1.3.0')?.firstParty).toBe(true);
  });

  it('CHECKSUMS (bundler 2.5+) → SHA-256', async () => {
    const hex = 'ab'.repeat(32);
    const r = await run(await temp(`GEM\n  remote: https://rubygems.org/\n  specs:\n    rake (13.1.0)\n\nPLATFORMS\n  ruby\n\nDEPENDENCIES\n  rake\n\nCHECKSUMS\n  rake (13.1.0) sha256=${hex}\n\nBUNDLED WITH\n   2.5.3\n`));
    expect(byPurl(r, 'pkg:gem/rake@13.1.0')?.hashes).toEqual([{ alg: 'SHA-256', content: hex }]);
    expect(edgesOf(r, 'gem:Gemfile.lock')).toEqual(['pkg:gem/rake@13.1.0']);
  });

  it('Gemfile groups: gems only reachable from development/test are excluded', async () => {
    const dir = await temp(
      'GEM\n  remote: https://rubygems.org/\n  specs:\n    rack (3.0.8)\n    rails (7.1.2)\n      rack (>= 2)\n    rspec (3.12.0)\n      rspec-core (~> 3.12)\n    rspec-core (3.12.2)\n    rubocop (1.59.0)\n      rack\n\nPLATFORMS\n  ruby\n\nDEPENDENCIES\n  rails\n  rspec\n  rubocop\n',
    );
    await writeFile(
      join(dir, 'Gemfile'),
      'source "https://rubygems.org"\ngem "rails", "~> 7.1"\n\ngroup :development, :test do\n  gem "rspec" # tests\n  platforms :mri do\n    gem "debug"\n  end\nend\n\ngem "rubocop", require: false, group: :development\n',
    );
    const r = await run(dir);
    const scope = (n: string) => r.components.find((c) => c.name === n)?.scope;
    expect([scope('rspec'), scope('rspec-core'), scope('rubocop')]).toEqual(['excluded', 'excluded', 'excluded']);
    // rack is needed by rails too: it ships.
    expect([scope('rails'), scope('rack')]).toEqual([undefined, undefined]);
    expect(r.components.find((c) => c.name === 'rspec')?.properties?.['shencha:scope-reason']).toBe('only in development/test groups of Gemfile');
  });

  it('malformed lock: SBOM_PARSE_ERROR with line and column', async () => {
    const r = await run(await temp('GEM\n  remote: https://rubygems.org/\n  specs:\n    rake 13.1.0\n'));
    const e = r.issues.find((i) => i.code === 'SBOM_PARSE_ERROR');
    expect(e?.source).toBe('sbom/gemfile-lock-cataloger');
    expect(e?.location).toEqual({ path: 'Gemfile.lock', line: 4, column: 5 });
    const conflict = await run(await temp('GEM\n  specs:\n<<<<<<< HEAD\n    rake (13.1.0)\n'));
    expect(conflict.issues[0]?.location).toEqual({ path: 'Gemfile.lock', line: 3, column: 1 });
  });
});
