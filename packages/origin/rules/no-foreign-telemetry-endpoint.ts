import { foreignEndpoints } from '../src/hosts.js';
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
    const allowed = (ctx.options['allowedHosts'] as string[] | undefined) ?? [];
    return foreignEndpoints(
      ctx.usage,
      ctx.kb,
      ['telemetry'],
      allowed,
      'foreign',
      "send telemetry to an endpoint operated in the PRC, make it opt-in and off by default, or list the host in the rule option allowedHosts with the operator's approval",
    );
  },
};
