import type { AttestationStatement } from './attest.js';
import { TRIGGER_RULES } from './score.js';
import type { Trigger, TriggerEvidence } from './types.js';

const ICON = { material: '🔴', minor: '🟡', none: '🟢' } as const;

function esc(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').replace(/</g, '&lt;');
}

function where(e: TriggerEvidence): string {
  const at = `${e.path}${e.line ? `:${e.line}` : ''}${e.field ? ` ${e.field}` : ''}`;
  return `${e.in === 'baseline' ? 'baseline ' : ''}\`${at}\`${e.note ? ` (${e.note})` : ''}`;
}

/** A summary fit for a pull-request or merge-request comment (GitHub and GitLab Markdown). */
export function toMarkdown(statement: AttestationStatement): string {
  const p = statement.predicate;
  const lines: string[] = [];
  lines.push(`## ${ICON[p.changeClass]} shencha re-attestation: ${p.current.product.name} ${p.current.product.version} — **${p.changeClass}** change`);
  lines.push('');
  lines.push(`| | |`, `|---|---|`);
  lines.push(`| Change class | **${p.changeClass}** |`);
  lines.push(`| Revocation-risk score | **${p.score}** / 100 |`);
  lines.push(`| Recommended action | \`${p.recommendedAction}\` |`);
  lines.push(`| Result (fail on ${p.policy.failOn}) | ${p.verificationResult} |`);
  lines.push(`| Baseline | ${esc(p.baseline.product.name)} ${esc(p.baseline.product.version)}, manifest sha256 \`${p.baseline.manifestSha256.slice(0, 16)}…\`${p.baseline.commit ? `, commit \`${p.baseline.commit.slice(0, 12)}\`` : ''} |`);
  lines.push(`| Current | ${p.current.commit ? `commit \`${p.current.commit.slice(0, 12)}\`, ` : ''}tree root \`${p.current.treeRoot.slice(0, 16)}…\` |`);
  if (p.ledger) lines.push(`| Ledger | entry ${p.ledger.sequence}, head \`${p.ledger.head}\` |`);
  lines.push('');
  const shown = p.triggers.filter((t) => t.changeClass !== 'none');
  if (shown.length === 0) {
    lines.push('No change to components, origin, tiers, cryptography, endpoints, core source or the vendor profile.');
  } else {
    lines.push(`### Triggers (${shown.length})`, '', '| class | rule | change | evidence |', '|---|---|---|---|');
    for (const t of shown) lines.push(`| ${ICON[t.changeClass]} ${t.changeClass} | \`${t.rule}\` | ${esc(t.message)} | ${esc(t.evidence.slice(0, 3).map(where).join('<br>'))}${t.evidence.length > 3 ? ` (+${t.evidence.length - 3})` : ''} |`);
  }
  const quiet = p.triggers.filter((t) => t.changeClass === 'none');
  if (quiet.length) {
    lines.push('', '<details><summary>Changes that do not affect the clearance</summary>', '');
    for (const t of quiet) lines.push(`- ${esc(t.message)}`);
    lines.push('', '</details>');
  }
  lines.push('', `_The 2021 Cybersecurity Review Measures have no revocation article; the score estimates how likely this change is to invalidate the clearance or prompt a new review (weights: README, "Scoring weights")._`, '');
  return lines.join('\n');
}

const LEVEL = { material: 'error', minor: 'warning', none: 'note' } as const;

function sarifLocation(e: TriggerEvidence): Record<string, unknown> {
  const region = e.line ? { region: { startLine: e.line } } : {};
  return { physicalLocation: { artifactLocation: { uri: e.in === 'baseline' ? `baseline/${e.path}` : e.path, ...(e.in === 'baseline' ? { uriBaseId: 'BASELINE' } : {}) }, ...region } };
}

/** SARIF 2.1.0: one result per trigger, at its evidence in the current tree. */
export function toSarif(statement: AttestationStatement): Record<string, unknown> {
  const p = statement.predicate;
  const results = p.triggers.map((t: Trigger) => {
    const ev = t.evidence.filter((e) => e.in === 'current' && e.path !== '.');
    return {
      ruleId: t.rule,
      level: LEVEL[t.changeClass],
      message: { text: t.message },
      locations: (ev.length ? ev : t.evidence).slice(0, 10).map(sarifLocation),
      properties: { changeClass: t.changeClass, subject: t.subject },
    };
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'shencha attest',
            version: p.verifier.version,
            informationUri: 'https://github.com/shencha/shencha',
            rules: TRIGGER_RULES.map((r) => ({
              id: r.id,
              shortDescription: { text: r.description },
              defaultConfiguration: { level: LEVEL[r.changeClass] },
              properties: { changeClass: r.changeClass, weight: p.policy.weights[r.id] ?? r.weight },
            })),
          },
        },
        results,
        properties: { changeClass: p.changeClass, score: p.score, recommendedAction: p.recommendedAction },
      },
    ],
  };
}
