import { foreignEndpoints } from '../src/hosts.js';
import type { ProductRule } from '../src/rule.js';

/** Update, administration, licence and feature-flag servers abroad let a foreign party control or cut off the product (Art. 10(1)). */
export const rule: ProductRule = {
  id: 'no-foreign-control-endpoint',
  meta: {
    description: 'No update, admin, licence or feature-flag endpoint may point at a host that is not known to be domestic.',
    severity: 'warning',
    appliesTo: 'product',
    messages: { foreign: '{channel} endpoint {value} goes to {host}, which is not known to be in PRC jurisdiction' },
    optionsSchema: { type: 'object', properties: { allowedHosts: { type: 'array' }, channels: { type: 'array' } }, additionalProperties: false },
    defaultOptions: { allowedHosts: [], channels: ['update', 'admin', 'license', 'feature-flag'] },
  },
  evaluate(_product, ctx) {
    if (!ctx.usage) return [];
    const allowed = (ctx.options['allowedHosts'] as string[] | undefined) ?? [];
    const channels = (ctx.options['channels'] as string[] | undefined) ?? ['update', 'admin', 'license', 'feature-flag'];
    return foreignEndpoints(
      ctx.usage,
      ctx.kb,
      channels,
      allowed,
      'foreign',
      'operate the update/administration/licence service in the PRC (or on the operator\'s premises), or list the host in allowedHosts with the operator\'s approval',
    );
  },
};
