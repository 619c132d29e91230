import type { Inventory } from '@shencha/core';
import type { Classification } from './types.js';

/**
 * The classification as namespaced `shencha:*` properties on the SBOM components, so that
 * Dependency-Track policies and ORT rules read it unchanged; `supplier` is filled where it was empty.
 * Returns a new inventory; the input is not modified.
 */
export function annotateInventory(inventory: Inventory, classification: Classification): Inventory {
  const byRef = new Map(classification.components.map((c) => [c.bomRef, c]));
  return {
    ...inventory,
    components: inventory.components.map((comp) => {
      const c = byRef.get(comp.bomRef);
      const copy = structuredClone(comp);
      if (!c) return copy;
      const props: Record<string, string> = { ...(copy.properties ?? {}) };
      props['shencha:origin:class'] = c.class;
      if (c.country) props['shencha:origin:country'] = c.country;
      else delete props['shencha:origin:country'];
      props['shencha:origin:confidence'] = c.confidence.toFixed(2);
      props['shencha:origin:basis'] = [...new Set(c.evidence.map((e) => e.basis))].sort().join(',') || 'none';
      props['shencha:tier'] = c.tier;
      props['shencha:tier:reason'] = c.tierReason;
      if (c.capabilities.length > 0) props['shencha:capabilities'] = c.capabilities.join(',');
      if (c.mlpsClasses.length > 0) props['shencha:mlps-class'] = c.mlpsClasses.join(',');
      if (c.curated) props['shencha:origin:curated'] = `${c.curated.reviewer} ${c.curated.date}`;
      props['shencha:kb:version'] = classification.knowledgeBase.version;
      copy.properties = Object.fromEntries(Object.entries(props).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      if (!copy.supplier && c.supplier) copy.supplier = { name: c.supplier };
      return copy;
    }),
  };
}
