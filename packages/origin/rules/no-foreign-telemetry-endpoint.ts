import { hostOfEndpoint as hostOf } from '../src/channels.js';
import type { ProductRule } from '../src/rule.js';

/** Telemetry to a host outside PRC jurisdiction is a cross-border data flow and a control channel (Art. 10(1),(5)). */
export const rule: ProductRule = {
  id: 'no-foreign-telemetry-endpoint',
  meta: {
    description: 'No telemetry endpoint may point at a host that is not known to be domestic.',
    severity: 'error',
    appliesTo: 'product',
    messages: { foreign: 'telemetry endpoint {value} goes to {host}, which is not known to be in PRC jurisdiction' },
    optionsSchema: { type: 'object', properties: { allowedHosts: { type: 'array' } }, additionalProperties: false },
    defaultOptions: { allowedHosts: [] },
  },
  evaluate(_product, ctx) {
    if (!ctx.usage) return [];
    const allowed = ((ctx.options['allowedHosts'] as string[] | undefined) ?? []).map((h) => h.toLowerCase());
    const cnDomains = ctx.kb.organisations.filter((o) => o.country === 'CN' && o.control !== 'foreign' && o.control !== 'foreign-invested').flatMap((o) => o.emailDomains);
    const domestic = (host: string): boolean =>
      host.endsWith('.cn') || host === 'localhost' || /^(127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(host) ||
      [...allowed, ...cnDomains].some((d) => host === d || host.endsWith(`.${d}`));
    const out = [];
    for (const f of ctx.usage.files) {
      for (const e of f.endpoints) {
        if (e.channel !== 'telemetry' || e.kind === 'listener') continue;
        const host = hostOf(e.value);
        if (!host || domestic(host)) continue;
        out.push({
          messageId: 'foreign',
          data: { value: e.value, host },
          evidence: [`${f.path}:${e.line}:${e.column}${e.api ? ` via ${e.api}` : ''}`],
          howToFix: 'send telemetry to an endpoint operated in the PRC, make it opt-in and off by default, or list the host in the rule option allowedHosts with the operator\'s approval',
          location: { path: f.path, line: e.line, column: e.column },
        });
      }
    }
    return out;
  },
};
