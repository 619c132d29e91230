import { hostOfEndpoint } from './channels.js';
import type { KnowledgeBase } from './kb.js';
import type { Verdict } from './rule.js';
import type { UsageLike } from './usage.js';

/**
 * Is a host known to be under PRC jurisdiction? `.cn`, loopback/private addresses, a domain of a
 * Chinese-controlled KB organisation, or one the policy allows. Anything else counts as foreign or unknown.
 */
export function domesticHost(host: string, kb: KnowledgeBase, allowed: readonly string[]): boolean {
  const cn = kb.organisations.filter((o) => o.country === 'CN' && o.control !== 'foreign' && o.control !== 'foreign-invested').flatMap((o) => o.emailDomains);
  return (
    host.endsWith('.cn') ||
    host === 'localhost' ||
    !host.includes('.') ||
    /^(127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|\[?::1\]?$)/.test(host) ||
    [...allowed.map((h) => h.toLowerCase()), ...cn].some((d) => host === d || host.endsWith(`.${d}`))
  );
}

/** Verdicts for outbound endpoints of the given channels whose host is not known to be domestic. */
export function foreignEndpoints(usage: UsageLike, kb: KnowledgeBase, channels: readonly string[], allowed: readonly string[], messageId: string, howToFix: string): Verdict[] {
  const out: Verdict[] = [];
  for (const f of usage.files) {
    for (const e of f.endpoints) {
      if (e.kind === 'listener' || !e.channel || !channels.includes(e.channel)) continue;
      const host = hostOfEndpoint(e.value);
      if (!host || domesticHost(host, kb, allowed)) continue;
      out.push({
        messageId,
        data: { value: e.value, host, channel: e.channel },
        evidence: [`${f.path}:${e.line}:${e.column}${e.api ? ` via ${e.api}` : ''}`],
        howToFix,
        location: { path: f.path, line: e.line, column: e.column },
      });
    }
  }
  return out;
}
