import { type PublicKeyInfo } from '@shencha/core';
import { loadBaseline } from './baseline.js';

/**
 * Dependency-Track (4.10+ / Hyades) policy conditions written in CEL over the `shencha:*` properties the SBOM
 * carries. Dependency-Track stores a CycloneDX property `shencha:origin:class` with group `shencha` and name
 * `origin:class` (split at the first colon); each expression accepts the unsplit name too.
 */
function prop(name: string, test: string): string {
  const [group, ...rest] = name.split(':');
  return `component.properties.exists(p, ((p.group == "${group}" && p.name == "${rest.join(':')}") || p.name == "${name}") && ${test})`;
}

export interface DependencyTrackPolicy {
  name: string;
  operator: 'ANY' | 'ALL';
  violationState: 'INFO' | 'WARN' | 'FAIL';
  policyConditions: { subject: 'EXPRESSION'; operator: 'MATCHES'; violationType: 'OPERATIONAL' | 'SECURITY' | 'LICENSE'; value: string }[];
}

/** The example policy: foreign or unknown-origin core technology, and core technology with no SM default. */
export function dependencyTrackPolicies(): DependencyTrackPolicy[] {
  const core = prop('shencha:tier', '(p.value == "T1" || p.value == "T2")');
  const nonDomestic = prop('shencha:origin:class', 'p.value in ["O2", "O3", "O5", "O7", "O8"]');
  return [
    {
      name: 'shencha: core technology of non-domestic or unknown origin',
      operator: 'ANY',
      violationState: 'WARN',
      policyConditions: [{ subject: 'EXPRESSION', operator: 'MATCHES', violationType: 'OPERATIONAL', value: `${core}\n&& ${nonDomestic}` }],
    },
    {
      name: 'shencha: T1 component of unknown origin (O8)',
      operator: 'ANY',
      violationState: 'FAIL',
      policyConditions: [{ subject: 'EXPRESSION', operator: 'MATCHES', violationType: 'SECURITY', value: `${prop('shencha:tier', 'p.value == "T1"')}\n&& ${prop('shencha:origin:class', 'p.value == "O8"')}` }],
    },
  ];
}

export interface DependencyTrackExport {
  /** The dossier's CycloneDX SBOM exactly as signed (every component carries its `shencha:*` properties). */
  bom: Buffer;
  policies: DependencyTrackPolicy[];
  product: { name: string; version: string };
}

/** `shencha export --dependency-track`: the verified dossier's SBOM for upload, and the example policies. */
export async function exportDependencyTrack(dossier: string, trustedKeys: PublicKeyInfo[]): Promise<DependencyTrackExport> {
  const base = await loadBaseline(dossier, { trustedKeys, productName: undefined });
  const bom = base.raw.get('sbom.cdx.json')!;
  return { bom, policies: dependencyTrackPolicies(), product: { name: base.manifest.product.name, version: base.manifest.product.version } };
}
