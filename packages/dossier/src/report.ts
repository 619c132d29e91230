import { formatIssue, type Issue, type ProductIdentity } from '@shencha/core';
import type { UsageIndex } from '@shencha/code';
import type { Classification } from '@shencha/origin';
import type { PackResult } from '@shencha/pack';
import type { SectionEntry } from './sections.js';
import type { VendorProfile } from './vendor-profile.js';

/** A remote channel as the register lists it: an endpoint fact with where it was found. */
export interface ChannelRow {
  kind: string;
  value: string;
  channel?: string;
  path: string;
  line: number;
  column?: number;
}

export interface ReportInput {
  product: ProductIdentity;
  profile: VendorProfile | undefined;
  classification: Classification;
  channels: readonly ChannelRow[];
  usage: UsageIndex;
  packed: PackResult;
  summary: Record<string, number>;
  timestamp: string;
  sections?: SectionEntry[];
  issues?: Issue[];
  /** The predicate of change-record.json (D12), when the dossier carries one. */
  changeRecord?: ChangeRecordSummary;
}

export interface ChangeRecordSummary {
  changeClass: string;
  score: number;
  recommendedAction: string;
  baseline?: { product?: { version?: string } };
  triggers?: { rule?: string; subject?: string; class?: string }[];
}

const CLASS_LABELS: Record<string, string> = {
  O1: 'first-party, Chinese-controlled / 自主研发（中资控股）',
  O2: 'first-party, foreign-invested / 自主研发（外商投资）',
  O3: 'first-party, foreign entity / 自主研发（境外主体）',
  O4: 'third-party commercial, Chinese / 国内商业第三方',
  O5: 'third-party commercial, foreign / 境外商业第三方',
  O6: 'open source, PRC governance / 国内主导开源',
  O7: 'open source, foreign/international governance / 境外或国际开源',
  O8: 'unknown / 来源未明',
};

interface CryptoRow {
  algorithm: string;
  family: string;
  primitive: string;
  api: string;
  library?: string;
  path: string;
  line: number;
}

const SM_FAMILIES = new Set(['SM2', 'SM3', 'SM4', 'SM9', 'ZUC']);

function cryptoRows(usage: UsageIndex): CryptoRow[] {
  return usage.files.flatMap((f) =>
    f.crypto.map((c) => ({ algorithm: c.algorithm, family: c.family, primitive: c.primitive, api: c.api, ...(c.library ? { library: c.library } : {}), path: f.path, line: c.line })),
  );
}

function pct(n: number | null | undefined): string {
  return n === null || n === undefined ? 'n/a' : `${(n * 100).toFixed(1)}%`;
}

// ---------- Markdown ----------

function mdEscape(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export function renderMarkdownReport(r: ReportInput): string {
  const c = r.classification;
  const p = c.product;
  const lines: string[] = [];
  const crypto = cryptoRows(r.usage);
  const smFamilies = [...new Set(crypto.filter((x) => SM_FAMILIES.has(x.family)).map((x) => x.family))].sort();
  lines.push(`# 审查材料摘要 / Review dossier summary: ${r.product.name} ${r.product.version}`, '');
  lines.push(`Vendor / 供应商: ${r.profile?.supplier.name ?? 'unknown'}${r.profile?.supplier.nameZh ? ` (${r.profile.supplier.nameZh})` : ''} · generated ${r.timestamp} by shencha`, '');
  lines.push('## 结论 / Verdict', '');
  lines.push(`- Domestic product eligible / 国产产品认定: **${p.domesticEligible.verdict}**`);
  for (const reason of p.domesticEligible.reasons) lines.push(`  - ${mdEscape(reason)}`);
  lines.push(`- Self-developed ratio / 自主代码率: **${pct(p.selfDevelopedRatio.ratio)}** (${p.selfDevelopedRatio.firstPartyLines} first-party lines, ${p.selfDevelopedRatio.thirdPartyLines} third-party lines in the tree; ${p.lockfileOnlyComponents} further components only in lockfiles)`);
  lines.push(`- T1/T2 components of foreign or unknown origin / 境外或未明来源的核心及关键组件: **${p.t1t2Foreign.count}**`);
  lines.push(`- SM algorithms found / 商用密码算法: ${smFamilies.length ? smFamilies.join(', ') : 'none'}`, '');
  lines.push('## 来源分类 / Origin by class', '', '| class | meaning | components |', '|---|---|---:|');
  for (const [k, v] of Object.entries(p.countsByClass)) lines.push(`| ${k} | ${CLASS_LABELS[k] ?? ''} | ${v} |`);
  lines.push('', '## 层级 / Tiers', '', '| tier | components |', '|---|---:|');
  for (const [k, v] of Object.entries(p.countsByTier)) lines.push(`| ${k} | ${v} |`);
  lines.push('', '## 按等保产品类别的国产占比 / Domestic share per MLPS class', '', '| MLPS class | components | domestic | share |', '|---|---:|---:|---:|');
  for (const [k, v] of Object.entries(p.domesticShareByMlpsClass)) lines.push(`| ${k} | ${v.components} | ${v.domestic} | ${pct(v.share)} |`);
  lines.push('', '## 核心技术与关键组件 / T1 and T2 components', '', '| component | version | class | country | tier | reason | evidence |', '|---|---|---|---|---|---|---|');
  for (const comp of c.components.filter((x) => x.tier === 'T1' || x.tier === 'T2')) {
    const ev = comp.evidence.map((e) => `${e.basis}: ${e.source}`).slice(0, 3).join('; ');
    lines.push(`| ${mdEscape(comp.name)} | ${comp.version ?? ''} | ${comp.class} | ${comp.country ?? ''} | ${comp.tier} | ${mdEscape(comp.tierReason)} | ${mdEscape(ev)} |`);
  }
  lines.push('', '## 密码使用 / Cryptography (CBOM)', '', '| algorithm | primitive | API | library | where |', '|---|---|---|---|---|');
  for (const x of crypto) lines.push(`| ${x.algorithm} | ${x.primitive} | ${mdEscape(x.api)} | ${x.library ?? ''} | ${x.path}:${x.line} |`);
  lines.push('', '## 远程通道 / Remote-channel register', '', '| kind | channel | endpoint | where | operator switch |', '|---|---|---|---|---|');
  for (const ch of r.channels) lines.push(`| ${ch.kind} | ${ch.channel ?? ''} | ${mdEscape(ch.value)} | ${ch.path}:${ch.line} | ${mdEscape(switchFor(r.profile, ch) ?? 'not stated')} |`);
  const s = r.packed.stats;
  lines.push('', '## 源代码包 / Source package and redaction', '');
  lines.push(`- archived files: ${s.included + s.redacted + s.withheld} (${s.included} as-is, ${s.redacted} masked, ${s.withheld} withheld by policy); ${s.excluded} excluded by named rules; ${s.symlinks} symlinks recorded`);
  lines.push(`- masked spans: ${s.spans}, each with a keyed commitment in redactions.json`);
  if (r.sections) {
    lines.push('', '## 材料章节 / Dossier sections', '', '| section | title | status | files |', '|---|---|---|---|');
    for (const sec of r.sections) lines.push(`| ${sec.id} | ${sec.titleZh} / ${sec.title} | ${sec.status}${sec.reason ? `: ${mdEscape(sec.reason)}` : ''} | ${sec.files.join(', ')} |`);
  }
  if (r.changeRecord) {
    const cr = r.changeRecord;
    lines.push('', '## 变更记录 / Change record (D12)', '');
    lines.push(`Against the cleared ${cr.baseline?.product?.version ?? 'baseline'}: **${cr.changeClass}**, revocation-risk score ${cr.score}/100, recommended action ${cr.recommendedAction}.`);
    for (const t of (cr.triggers ?? []).slice(0, 50)) lines.push(`- ${t.class ?? ''} ${t.rule ?? ''}: ${mdEscape(t.subject ?? '')}`);
  }
  const problems = (r.issues ?? []).filter((i) => i.severity !== 'info');
  lines.push('', '## 问题 / Issues', '');
  if (problems.length === 0) lines.push('None at warning level or above.');
  for (const i of problems.slice(0, 200)) lines.push(`- ${mdEscape(formatIssue(i))}`);
  if (problems.length > 200) lines.push(`- … and ${problems.length - 200} more (see the JSON outputs)`);
  lines.push('');
  return lines.join('\n');
}

function switchFor(profile: VendorProfile | undefined, ch: ChannelRow): string | undefined {
  const rules = profile?.product.remoteChannelSwitches ?? [];
  return (
    rules.find((s) => s.match === ch.value || (ch.value.includes(s.match) && s.match.includes('.')))?.switch ??
    rules.find((s) => s.match === ch.channel)?.switch ??
    rules.find((s) => s.match === ch.kind)?.switch
  );
}

// ---------- HTML ----------

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function barChart(title: string, data: [string, number][], figurePrefix: string): string {
  const max = Math.max(1, ...data.map(([, v]) => v));
  const rowH = 22;
  const width = 520;
  const bars = data
    .map(([label, v], i) => {
      const w = Math.round((v / max) * 360);
      const y = i * rowH;
      return `<g><text x="0" y="${y + 15}" class="lbl">${esc(label)}</text><rect x="60" y="${y + 3}" width="${w}" height="16" class="bar bar-${esc(label)}"></rect><text x="${66 + w}" y="${y + 15}" class="val" data-figure="${esc(figurePrefix)}.${esc(label)}">${v}</text></g>`;
    })
    .join('');
  return `<figure><figcaption>${esc(title)}</figcaption><svg role="img" aria-label="${esc(title)}" width="${width}" height="${data.length * rowH}" viewBox="0 0 ${width} ${data.length * rowH}">${bars}</svg></figure>`;
}

function table(headers: string[], rows: string[][]): string {
  if (rows.length === 0) return '<p class="none">None / 无</p>';
  return `<table><thead><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

const CSS = `body{font-family:system-ui,-apple-system,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2rem auto;max-width:1100px;color:#1d2330;line-height:1.45;padding:0 1rem}
h1{font-size:1.6rem;border-bottom:3px solid #b4232a;padding-bottom:.4rem}h2{font-size:1.2rem;margin-top:2rem;color:#b4232a}
table{border-collapse:collapse;width:100%;font-size:.85rem;margin:.5rem 0}th,td{border:1px solid #d5d9e0;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#f2f4f7}
.verdict{display:flex;gap:1rem;flex-wrap:wrap}.card{border:1px solid #d5d9e0;border-radius:8px;padding:.8rem 1rem;min-width:180px}.card b{display:block;font-size:1.4rem}
.ok{color:#18794e}.bad{color:#b4232a}.warn{color:#9a6700}figure{margin:1rem 0}figcaption{font-weight:600;margin-bottom:.3rem}
svg .lbl{font-size:12px;fill:#1d2330}svg .val{font-size:12px;fill:#1d2330}svg .bar{fill:#3b6fd8}svg .bar-O8{fill:#b4232a}svg .bar-T1{fill:#b4232a}
code{font-size:.85em}.none{color:#667}footer{margin-top:3rem;font-size:.8rem;color:#667}`;

export function renderHtmlReport(r: ReportInput): string {
  const c = r.classification;
  const p = c.product;
  const crypto = cryptoRows(r.usage);
  const smFamilies = [...new Set(crypto.filter((x) => SM_FAMILIES.has(x.family)).map((x) => x.family))].sort();
  const s = r.packed.stats;
  const verdictClass = p.domesticEligible.verdict === 'eligible' ? 'ok' : p.domesticEligible.verdict === 'not-eligible' ? 'bad' : 'warn';
  const problems = (r.issues ?? []).filter((i) => i.severity !== 'info');
  const parts: string[] = [];
  parts.push(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"><title>${esc(`${r.product.name} ${r.product.version} — review dossier`)}</title><style>${CSS}</style></head><body>`);
  parts.push(`<h1>审查材料 / Review dossier: ${esc(r.product.name)} <span data-figure="product.version">${esc(r.product.version)}</span></h1>`);
  parts.push(`<p>${esc(r.profile?.supplier.name ?? 'unknown vendor')}${r.profile?.supplier.nameZh ? ` · ${esc(r.profile.supplier.nameZh)}` : ''} · ${esc(r.timestamp)} · knowledge base ${esc(c.knowledgeBase.version)}</p>`);
  parts.push('<h2>结论 / Verdict</h2><div class="verdict">');
  parts.push(`<div class="card">国产产品认定 / Domestic product<b class="${verdictClass}" data-figure="domesticEligible.verdict">${esc(p.domesticEligible.verdict)}</b></div>`);
  parts.push(`<div class="card">自主代码率 / Self-developed ratio<b data-figure="selfDevelopedRatio.ratio">${pct(p.selfDevelopedRatio.ratio)}</b></div>`);
  parts.push(`<div class="card">组件 / Components<b data-figure="componentCount">${p.componentCount}</b></div>`);
  parts.push(`<div class="card">境外/未明的 T1·T2 / Foreign or unknown T1·T2<b class="${p.t1t2Foreign.count ? 'bad' : 'ok'}" data-figure="t1t2Foreign.count">${p.t1t2Foreign.count}</b></div>`);
  parts.push(`<div class="card">商用密码 / SM algorithms<b>${esc(smFamilies.join(' ') || 'none')}</b></div></div>`);
  parts.push(`<ul>${p.domesticEligible.reasons.map((x) => `<li>${esc(x)}</li>`).join('')}</ul>`);
  parts.push('<h2>来源分类与层级 / Origin by class and tier</h2>');
  parts.push(barChart('Components per origin class / 各来源类别组件数', Object.entries(p.countsByClass), 'countsByClass'));
  parts.push(barChart('Components per tier / 各层级组件数', Object.entries(p.countsByTier), 'countsByTier'));
  parts.push(table(['class', 'meaning'], Object.keys(p.countsByClass).map((k) => [esc(k), esc(CLASS_LABELS[k] ?? '')])));
  parts.push('<h2>按等保产品类别的国产占比 / Domestic share per MLPS class</h2>');
  parts.push(table(['MLPS class', 'components', 'domestic', 'share'], Object.entries(p.domesticShareByMlpsClass).map(([k, v]) => [esc(k), String(v.components), String(v.domestic), pct(v.share)])));
  parts.push('<h2>核心技术与关键组件 / T1 and T2 components</h2>');
  parts.push(
    table(
      ['component', 'version', 'class', 'country', 'tier', 'reason', 'evidence'],
      c.components
        .filter((x) => x.tier === 'T1' || x.tier === 'T2')
        .map((x) => [esc(x.name), esc(x.version ?? ''), esc(x.class), esc(x.country ?? ''), esc(x.tier), esc(x.tierReason), x.evidence.map((e) => `<code>${esc(e.basis)}</code> ${esc(e.source)}`).join('<br>')]),
    ),
  );
  parts.push('<h2>密码使用 / Cryptography (CBOM)</h2>');
  parts.push(table(['algorithm', 'primitive', 'API', 'library', 'where'], crypto.map((x) => [esc(x.algorithm), esc(x.primitive), `<code>${esc(x.api)}</code>`, esc(x.library ?? ''), `<code>${esc(x.path)}:${x.line}</code>`])));
  parts.push('<h2>远程通道 / Remote-channel register</h2>');
  parts.push(table(['kind', 'channel', 'endpoint', 'where', 'operator switch / 关闭方式'], r.channels.map((ch) => [esc(ch.kind), esc(ch.channel ?? ''), `<code>${esc(ch.value)}</code>`, `<code>${esc(ch.path)}:${ch.line}</code>`, esc(switchFor(r.profile, ch) ?? 'not stated / 未说明')])));
  parts.push('<h2>源代码包与脱敏 / Source package and redaction</h2>');
  parts.push(table(['archived', 'as-is', 'masked', 'withheld', 'excluded', 'symlinks', 'masked spans'], [[String(s.included + s.redacted + s.withheld), String(s.included), String(s.redacted), String(s.withheld), String(s.excluded), String(s.symlinks), `<span data-figure="redactedSpans">${s.spans}</span>`]]));
  if (r.sections) {
    parts.push('<h2>材料章节 / Dossier sections</h2>');
    parts.push(table(['section', 'title', 'status', 'files'], r.sections.map((x) => [esc(x.id), `${esc(x.titleZh)}<br>${esc(x.title)}`, `<span class="${x.status === 'missing' ? 'bad' : 'ok'}">${esc(x.status)}</span>${x.reason ? `: ${esc(x.reason)}` : ''}`, esc(x.files.join(', '))])));
    const missing = r.sections.filter((x) => x.status === 'missing');
    parts.push(`<p>Missing sections / 缺失章节: <b class="${missing.length ? 'bad' : 'ok'}" data-figure="sections.missing">${missing.length}</b></p>`);
  }
  parts.push('<h2>变更记录 / Change record (D12)</h2>');
  const d12 = r.sections?.find((x) => x.id === 'D12');
  if (r.changeRecord) {
    const cr = r.changeRecord;
    parts.push(`<p>Against the cleared ${esc(cr.baseline?.product?.version ?? 'baseline')}: <b data-figure="changeRecord.changeClass">${esc(cr.changeClass)}</b>, revocation-risk score <b data-figure="changeRecord.score">${cr.score}</b>/100, recommended action ${esc(cr.recommendedAction)}.</p>`);
    parts.push(table(['class', 'rule', 'subject'], (cr.triggers ?? []).slice(0, 100).map((t) => [esc(t.class ?? ''), `<code>${esc(t.rule ?? '')}</code>`, esc(t.subject ?? '')])));
  } else {
    parts.push(`<p>${esc(d12?.status === 'not-applicable' ? `Not applicable: ${d12.reason ?? ''}` : 'No re-attestation recorded.')}</p>`);
  }
  parts.push('<h2>问题 / Issues</h2>');
  parts.push(table(['severity', 'code', 'where', 'message'], problems.slice(0, 300).map((i) => [esc(i.severity), `<code>${esc(i.code)}</code>`, esc(i.location ? `${i.location.path}${i.location.line ? `:${i.location.line}` : ''}` : ''), esc(i.message)])));
  parts.push(`<footer>Generated by shencha from the signed dossier files; every figure here is taken from classification.json and package-manifest.json.</footer></body></html>\n`);
  return parts.join('\n');
}
