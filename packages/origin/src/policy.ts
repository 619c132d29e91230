import { makeIssue, validateAgainstSchema, type Inventory, type Issue, type Location, type Severity } from '@shencha/core';
import { RULES } from '../rules/index.js';
import type { KnowledgeBase } from './kb.js';
import { normalizeYamlValue } from './normalize.js';
import { isSourceText, parseSourceText, type Locate } from './inputs.js';
import { fillMessage, type Rule, type RuleContext, type Verdict } from './rule.js';
import { SOURCE } from './issues.js';
import type { Classification, ClassifiedComponent, PolicyRun } from './types.js';
import type { UsageLike } from './usage.js';

/**
 * `.shencha/policy.yaml` (schema `policy`): which rules run, at which severity, with which options.
 * Without a file every built-in rule runs at its default severity.
 */
export interface ParsedPolicy {
  source: 'default' | 'file';
  failOn: Severity | 'none';
  settings: Map<string, { severity: Severity; enabled: boolean; options: Record<string, unknown> }>;
  issues: Issue[];
}

type RuleSetting = 'off' | Severity | { severity?: Severity | 'off'; options?: Record<string, unknown> };

export function parsePolicy(input: unknown, fallbackPath: string, failOn: Severity | 'none' | undefined): ParsedPolicy {
  const settings: ParsedPolicy['settings'] = new Map();
  for (const r of RULES) settings.set(r.id, { severity: r.meta.severity, enabled: true, options: { ...(r.meta.defaultOptions ?? {}) } });
  const out: ParsedPolicy = { source: input === undefined ? 'default' : 'file', failOn: failOn ?? 'error', settings, issues: [] };
  if (input === undefined) return out;
  let doc: unknown = input;
  let locate: Locate = (pointer) => ({ path: fallbackPath, field: pointer });
  if (isSourceText(input)) {
    const parsed = parseSourceText(input, 'ORIGIN_POLICY_INVALID');
    locate = parsed.locate;
    if (parsed.issues.length > 0) {
      out.issues.push(...parsed.issues);
      return out;
    }
    doc = parsed.doc;
  }
  const value = normalizeYamlValue(doc);
  const errors = validateAgainstSchema('policy', value);
  if (errors.length > 0) {
    for (const e of errors) {
      out.issues.push(makeIssue('ORIGIN_POLICY_INVALID', SOURCE, `policy: ${e.pointer}: ${e.message}`, { location: locate(e.pointer), howToFix: 'fix the policy file to match schemas/json/policy.schema.json; the default policy applies meanwhile' }));
    }
    return out;
  }
  const p = value as { failOn?: Severity | 'none'; rules?: Record<string, RuleSetting> };
  if (failOn === undefined && p.failOn) out.failOn = p.failOn;
  for (const [id, setting] of Object.entries(p.rules ?? {})) {
    const rule = RULES.find((r) => r.id === id);
    const current = settings.get(id);
    if (!rule || !current) {
      out.issues.push(makeIssue('ORIGIN_POLICY_INVALID', SOURCE, `policy names unknown rule "${id}" (known: ${RULES.map((r) => r.id).join(', ')})`, { location: locate(`/rules/${id}`), howToFix: 'use one of the rule ids shencha ships, or remove the entry' }));
      continue;
    }
    const sev = typeof setting === 'string' ? setting : setting.severity;
    if (sev === 'off') current.enabled = false;
    else if (sev) current.severity = sev;
    if (typeof setting === 'object' && setting.options) {
      const opts = { ...current.options, ...setting.options };
      if (rule.meta.optionsSchema) {
        const bad = checkOptions(rule, opts);
        if (bad.length > 0) {
          for (const m of bad) out.issues.push(makeIssue('ORIGIN_POLICY_INVALID', SOURCE, `policy rule ${id}: ${m}`, { location: locate(`/rules/${id}/options`), howToFix: `see the options of rule ${id} in packages/origin/rules/${id}.ts` }));
          continue;
        }
      }
      current.options = opts;
    }
  }
  return out;
}

/** Options are checked against the rule's own small schema: known keys and primitive/array types. */
function checkOptions(rule: Rule, opts: Record<string, unknown>): string[] {
  const props = (rule.meta.optionsSchema?.['properties'] ?? {}) as Record<string, { type?: string }>;
  const problems: string[] = [];
  for (const [k, v] of Object.entries(opts)) {
    const spec = props[k];
    if (!spec) {
      problems.push(`unknown option "${k}"`);
      continue;
    }
    const t = Array.isArray(v) ? 'array' : typeof v;
    if (spec.type && spec.type !== t) problems.push(`option "${k}" must be ${spec.type}, is ${t}`);
  }
  return problems;
}

function componentLocation(c: ClassifiedComponent, byRef: Map<string, Inventory['components'][number]>): Location | undefined {
  const ev = byRef.get(c.bomRef)?.evidence[0];
  if (!ev) return undefined;
  return ev.line !== undefined ? { path: ev.path, line: ev.line } : { path: ev.path };
}

export function evaluatePolicy(
  partial: Omit<Classification, 'findings' | 'policy'>,
  policy: ParsedPolicy,
  kb: KnowledgeBase,
  usage: UsageLike | undefined,
  inventory: Inventory,
): { findings: Issue[]; run: PolicyRun } {
  const findings: Issue[] = [];
  const byRef = new Map(inventory.components.map((c) => [c.bomRef, c]));
  for (const rule of RULES) {
    const s = policy.settings.get(rule.id)!;
    if (!s.enabled) continue;
    const ctx: RuleContext = { classification: partial, kb, usage, options: s.options };
    const emit = (v: Verdict, fallback: Location | undefined): void => {
      const template = rule.meta.messages[v.messageId] ?? v.messageId;
      const where = v.location ?? fallback;
      findings.push(
        makeIssue('ORIGIN_POLICY_VIOLATION', `origin/rules/${rule.id}`, `${fillMessage(template, v.data)}${v.evidence.length > 0 ? ` [evidence: ${v.evidence.join('; ')}]` : ''}`, {
          severity: s.severity,
          howToFix: v.howToFix,
          ...(where ? { location: where } : {}),
        }),
      );
    };
    if (rule.meta.appliesTo === 'component') {
      const r = rule as Extract<Rule, { meta: { appliesTo: 'component' } }>;
      for (const c of partial.components) for (const v of r.evaluate(c, ctx)) emit(v, componentLocation(c, byRef));
    } else {
      const r = rule as Extract<Rule, { meta: { appliesTo: 'product' } }>;
      for (const v of r.evaluate(partial, ctx)) emit(v, undefined);
    }
  }
  const run: PolicyRun = {
    source: policy.source,
    failOn: policy.failOn,
    rules: RULES.map((r) => {
      const s = policy.settings.get(r.id)!;
      return { id: r.id, severity: s.severity, enabled: s.enabled };
    }),
  };
  return { findings, run };
}
