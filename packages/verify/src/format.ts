import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatLocation } from '@shencha/core';
import { VERIFY_CODES } from './issues.js';
import type { ValidationReport } from './report-types.js';

const COLORS = { red: '\u001b[31m', green: '\u001b[32m', yellow: '\u001b[33m', dim: '\u001b[2m', bold: '\u001b[1m', reset: '\u001b[0m' };

/** Human summary: the verdict, what passed (grouped), what failed and where. */
export function formatReport(report: ValidationReport, options: { color?: boolean; verbose?: boolean } = {}): string {
  const paint = (c: keyof typeof COLORS, s: string): string => (options.color ? `${COLORS[c]}${s}${COLORS.reset}` : s);
  const lines: string[] = [];
  const verdict = report.valid ? paint('green', 'VALID') : paint('red', 'INVALID');
  lines.push(`${paint('bold', 'shencha verify')} ${report.subject.kind} ${report.subject.path}: ${verdict}`);
  const sig =
    report.signature.status === 'verified'
      ? paint('green', `signature verified (key ${report.signature.keyid ?? '?'})`)
      : report.signature.status === 'failed'
        ? paint('red', 'signature FAILED')
        : paint('yellow', 'signature not checked');
  lines.push(`  ${sig}`);
  const byId = new Map<string, { pass: number; fail: number; warn: number; skip: number }>();
  for (const ch of report.checks) {
    const t = byId.get(ch.id) ?? { pass: 0, fail: 0, warn: 0, skip: 0 };
    t[ch.status]++;
    byId.set(ch.id, t);
  }
  lines.push('  checks:');
  for (const [id, t] of byId) {
    const mark = t.fail > 0 ? paint('red', '✗') : t.warn > 0 ? paint('yellow', '!') : t.pass > 0 ? paint('green', '✓') : paint('dim', '-');
    const parts = [`${t.pass} passed`];
    if (t.fail) parts.push(`${t.fail} failed`);
    if (t.warn) parts.push(`${t.warn} warned`);
    if (t.skip) parts.push(`${t.skip} skipped`);
    lines.push(`    ${mark} ${id.padEnd(28)} ${parts.join(', ')}`);
  }
  if (options.verbose) {
    lines.push('  every check:');
    for (const ch of report.checks) {
      const mark = ch.status === 'fail' ? paint('red', 'fail') : ch.status === 'warn' ? paint('yellow', 'warn') : ch.status === 'skip' ? paint('dim', 'skip') : paint('green', 'pass');
      lines.push(`    ${mark} ${ch.id}${ch.path ? ` ${ch.path}` : ''}: ${ch.message}`);
    }
  }
  if (report.ntia) {
    const n = report.ntia;
    const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
    lines.push(
      `  NTIA minimum elements over ${n.components} components: supplier ${pct(n.supplier)}, version ${pct(n.version)}, unique id ${pct(n.uniqueId)}, relationships ${pct(n.relationships)}; author ${n.author ? 'yes' : 'no'}, timestamp ${n.timestamp ? 'yes' : 'no'}`,
    );
  }
  const errors = report.issues.filter((i) => i.severity === 'error').length;
  const warnings = report.issues.filter((i) => i.severity === 'warning').length;
  if (report.issues.length > 0) {
    lines.push(`  issues: ${errors} error(s), ${warnings} warning(s)`);
    for (const i of report.issues) {
      const sev = i.severity === 'error' ? paint('red', 'error') : i.severity === 'warning' ? paint('yellow', 'warning') : 'info';
      const where = formatLocation(i.location);
      lines.push(`    ${sev} ${i.code}${where ? ` ${where}` : ''}: ${i.message}`);
      if (i.howToFix) lines.push(`      ${paint('dim', `fix: ${i.howToFix}`)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The folder the locations are relative to: the dossier folder, or the folder of a bundle or document. */
function baseUri(report: ValidationReport): string {
  const p = report.subject.kind === 'dossier' ? report.subject.path : report.subject.path.replace(/[^/]*$/, '');
  const withSlash = p === '' ? './' : p.endsWith('/') ? p : `${p}/`;
  return isAbsolute(withSlash) ? pathToFileURL(withSlash).href : withSlash;
}

/** SARIF 2.1.0: one run, one rule per issue code raised, one result per issue. */
export function toSarif(report: ValidationReport, toolVersion = '0.1.0'): Record<string, unknown> {
  const codes = [...new Set(report.issues.map((i) => i.code))].sort();
  const level = (s: string): string => (s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note');
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'shencha verify',
            version: toolVersion,
            informationUri: 'https://github.com/shencha/shencha',
            rules: codes.map((code) => {
              const info = (VERIFY_CODES as Record<string, { severity: string; description: string }>)[code];
              return {
                id: code,
                shortDescription: { text: info?.description ?? code },
                defaultConfiguration: { level: level(info?.severity ?? 'error') },
              };
            }),
          },
        },
        originalUriBaseIds: { DOSSIER: { uri: baseUri(report) } },
        results: report.issues.map((i) => {
          const result: Record<string, unknown> = {
            ruleId: i.code,
            ruleIndex: codes.indexOf(i.code),
            level: level(i.severity),
            message: { text: i.howToFix ? `${i.message} (fix: ${i.howToFix})` : i.message },
          };
          if (i.location) {
            const region: Record<string, number> = {};
            if (i.location.line !== undefined) region['startLine'] = i.location.line;
            if (i.location.column !== undefined) region['startColumn'] = i.location.column;
            const physical: Record<string, unknown> = { artifactLocation: { uri: encodeURI(i.location.path), uriBaseId: 'DOSSIER' } };
            if (Object.keys(region).length > 0) physical['region'] = region;
            const loc: Record<string, unknown> = { physicalLocation: physical };
            if (i.location.field) loc['logicalLocations'] = [{ fullyQualifiedName: i.location.field }];
            result['locations'] = [loc];
          }
          return result;
        }),
        properties: { valid: report.valid, signature: report.signature.status },
      },
    ],
  };
}

function mdEscape(s: string): string {
  return s.replace(/[|\\`*_<>]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/** Markdown summary for a review ticket: verdict, signature, checks by kind, then every issue. */
export function toMarkdown(report: ValidationReport): string {
  const out: string[] = [];
  out.push(`# shencha verify: ${report.valid ? 'VALID' : 'INVALID'}`, '');
  out.push(`- Subject: \`${report.subject.path}\` (${report.subject.kind})`);
  out.push(
    `- Signature: ${report.signature.status}${report.signature.keyid ? ` (key \`${report.signature.keyid}\`)` : ''}`,
  );
  const errors = report.issues.filter((i) => i.severity === 'error').length;
  const warnings = report.issues.filter((i) => i.severity === 'warning').length;
  out.push(`- Issues: ${errors} error(s), ${warnings} warning(s)`, '');
  out.push('## Checks', '', '| check | path | status | message |', '|---|---|---|---|');
  for (const c of report.checks) out.push(`| ${c.id} | ${c.path ? mdEscape(c.path) : ''} | ${c.status} | ${mdEscape(c.message)} |`);
  if (report.ntia) {
    const n = report.ntia;
    const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
    out.push('', '## NTIA minimum elements', '', `| components | supplier | version | unique id | relationships | author | timestamp |`, '|---|---|---|---|---|---|---|');
    out.push(`| ${n.components} | ${pct(n.supplier)} | ${pct(n.version)} | ${pct(n.uniqueId)} | ${pct(n.relationships)} | ${n.author ? 'yes' : 'no'} | ${n.timestamp ? 'yes' : 'no'} |`);
  }
  if (report.issues.length > 0) {
    out.push('', '## Issues', '', '| severity | code | where | message |', '|---|---|---|---|');
    for (const i of report.issues) out.push(`| ${i.severity} | ${i.code} | ${mdEscape(formatLocation(i.location))} | ${mdEscape(i.message)} |`);
  }
  return `${out.join('\n')}\n`;
}
