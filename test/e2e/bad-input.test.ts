import { chmodSync, existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyProject, dossierArgs, ROOT, shencha, tempDir } from './helpers.js';

const FIXTURES = join(ROOT, 'test/fixtures/projects');
const cleanup: string[] = [];
afterAll(() => {
  for (const d of cleanup) rmSync(d, { recursive: true, force: true });
});

function errorLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.trim() !== '');
}

describe('bad input, per DESIGN.md exit rule', () => {
  it('a missing project folder: one line, exit 1, no output', () => {
    const out = join(tempDir('e2e-missing'), 'dossier');
    cleanup.push(out);
    const r = shencha(dossierArgs(join(ROOT, 'no/such/project'), out));
    expect(r.code).toBe(1);
    expect(errorLines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/no\/such\/project.*does not exist/);
    expect(existsSync(out)).toBe(false);
  });

  it('a project without any lockfile: a warning issue, exit 0', () => {
    const out = join(tempDir('e2e-nolock'), 'tiny-tool');
    cleanup.push(out);
    const r = shencha(dossierArgs(join(FIXTURES, 'no-lockfile'), out, ['--json']));
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as { issues: { code: string; severity: string }[] };
    expect(result.issues.some((i) => i.code === 'SBOM_NO_LOCKFILE' && i.severity === 'warning')).toBe(true);
    expect(existsSync(join(out, 'manifest.dsse.json'))).toBe(true);
  });

  it('a malformed package-lock.json: an error naming file, line and column; the other stages run; exit 2', () => {
    const out = join(tempDir('e2e-malformed'), 'broken-lock');
    cleanup.push(out);
    const r = shencha(dossierArgs(join(FIXTURES, 'malformed-lock'), out, ['--json']));
    expect(r.code, r.stderr).toBe(2);
    const result = JSON.parse(r.stdout) as { issues: { code: string; severity: string; location?: { path: string; line?: number; column?: number } }[] };
    const parse = result.issues.find((i) => i.code === 'SBOM_PARSE_ERROR');
    expect(parse?.severity).toBe('error');
    expect(parse?.location).toMatchObject({ path: 'package-lock.json', line: 3 });
    expect(parse?.location?.column).toBeGreaterThan(0);
    // The other stages still ran: the source archive, classification and signature exist.
    for (const f of ['source.tar.gz', 'classification.json', 'cbom.cdx.json', 'manifest.dsse.json']) expect(existsSync(join(out, f)), f).toBe(true);
    expect(r.stderr).toMatch(/package-lock\.json:3:\d+/);
  });

  it('an unreadable file: an error naming it, exit 2', () => {
    const project = copyProject(join(FIXTURES, 'no-lockfile'), 'e2e-unreadable');
    cleanup.push(project);
    const locked = join(project, 'src/locked.c');
    writeFileSync(locked, 'int x;\n');
    chmodSync(locked, 0o000);
    const outParent = tempDir('e2e-unreadable-out');
    cleanup.push(outParent);
    const r = shencha([...dossierArgs(project, join(outParent, 'tiny-tool')), '--json'], { withoutDacOverride: true });
    expect(r.code, r.stderr).toBe(2);
    const result = JSON.parse(r.stdout) as { issues: { code: string; severity: string; location?: { path: string } }[] };
    expect(result.issues.some((i) => i.severity === 'error' && i.location?.path === 'src/locked.c')).toBe(true);
  });

  it('no failed run leaves a partial output file', () => {
    for (const d of cleanup) {
      if (!existsSync(d)) continue;
      for (const name of readdirSync(d)) expect(name).not.toMatch(/\.tmp-/);
    }
  });
});
