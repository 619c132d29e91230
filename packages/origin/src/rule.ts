import type { Location, Severity } from '@shencha/core';
import type { KnowledgeBase } from './kb.js';
import type { Classification, ClassifiedComponent } from './types.js';
import type { UsageLike } from './usage.js';

/**
 * A policy rule (after typescript-eslint's createRule and ORT's evaluator): `id` equals the file
 * name under rules/, `meta` documents it, and `evaluate` is pure: same subject and context, same verdicts.
 */
export interface RuleMeta {
  description: string;
  severity: Severity;
  /** Message templates by id; `{name}` placeholders are filled from the verdict's data. */
  messages: Record<string, string>;
  appliesTo: 'component' | 'product';
  /** JSON Schema (2020-12) of the rule's options in the policy file. */
  optionsSchema?: Record<string, unknown>;
  defaultOptions?: Record<string, unknown>;
}

export interface Verdict {
  messageId: string;
  data?: Record<string, string | number>;
  /** Facts the verdict rests on, in words a reviewer can check. */
  evidence: string[];
  howToFix: string;
  location?: Location;
}

export interface RuleContext {
  /** The classification so far (components and product figures; no findings yet). */
  classification: Omit<Classification, 'findings' | 'policy'>;
  kb: KnowledgeBase;
  usage: UsageLike | undefined;
  options: Record<string, unknown>;
}

export interface ComponentRule {
  id: string;
  meta: RuleMeta & { appliesTo: 'component' };
  evaluate(subject: ClassifiedComponent, ctx: RuleContext): Verdict[];
}

export interface ProductRule {
  id: string;
  meta: RuleMeta & { appliesTo: 'product' };
  evaluate(subject: Omit<Classification, 'findings' | 'policy'>, ctx: RuleContext): Verdict[];
}

export type Rule = ComponentRule | ProductRule;

export function fillMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in data ? String(data[k]) : m));
}
