import { makeIssue, parseYaml, registerIssueCodes, validateAgainstSchema, type FileSource, type Issue } from '@shencha/core';

/** vendor.yaml: the supplier's own statements (schema `vendor-profile`). Only this part is published. */
export interface VendorProfile {
  schemaVersion: 1;
  control?: { documentId: string; documentVersion: string; preparedBy?: string; legalBasis?: { instrument: string; articles: string[]; numbering?: string; note?: string }[] };
  supplier: {
    name: string;
    nameZh?: string;
    country: string;
    registrationId?: string;
    address?: string;
    control: 'cn-controlled' | 'foreign-invested' | 'foreign';
    ownershipChain?: { entity: string; country: string; share?: number; control: string; listedAbroad?: boolean }[];
    contact?: { name?: string; email?: string; phone?: string; url?: string };
  };
  product: {
    name: string;
    version: string;
    displayName?: string;
    description?: string;
    reviewCategory?: string;
    mlpsClass?: 'security' | 'network' | 'operating-system' | 'database' | 'server' | 'other';
    deployment?: string;
    remoteChannelSwitches?: { match: string; switch: string; defaultState?: 'on' | 'off' }[];
  };
  commitments?: { statements: string[]; signatory: string; title?: string; date: string };
  riskAnalysis?: Record<string, { assessment: string; mitigations?: string[]; notApplicable?: string }>;
  supplyContinuity?: { supportUntil?: string; statement?: string; components?: { component: string; eol?: string; alternatives?: string[] }[] };
  data?: { inventory?: { category: string; personal?: boolean; important?: boolean; storedIn: string }[]; crossBorder?: { flows: string[]; statement?: string } };
  buildIntegrity?: { buildCommands?: string[]; reproducible?: boolean; evidence?: string; sdlc?: string };
  testing?: { summary?: string; certifications?: string[]; sourceReviewOffer?: string };
  vulnerabilityHandling?: { contact?: string; policy?: string; responseDays?: number };
  annexes?: { path: string; title: string }[];
  notApplicable?: Record<string, string>;
}

registerIssueCodes({
  DOSSIER_VENDOR_PROFILE_MISSING: { severity: 'error', description: 'The vendor profile (vendor.yaml) was not found.' },
  DOSSIER_VENDOR_PROFILE_INVALID: { severity: 'error', description: 'The vendor profile does not match its schema.' },
  DOSSIER_VENDOR_PROFILE_PLACEHOLDER: { severity: 'error', description: 'A vendor-profile field still holds a template placeholder <…>.' },
  DOSSIER_SECTION_MISSING: { severity: 'error', description: 'A required dossier section is missing or empty.' },
  DOSSIER_SECTION_OPTIONAL_MISSING: { severity: 'warning', description: 'An optional dossier section is missing.' },
  DOSSIER_ANNEX_MISSING: { severity: 'error', description: 'An annex named in vendor.yaml was not found in the project.' },
  DOSSIER_OUTPUT_MASKED: { severity: 'warning', description: 'A secret or personal datum in a dossier document was masked before signing.' },
});

export interface LoadedVendorProfile {
  profile: VendorProfile | undefined;
  issues: Issue[];
}

/** Reads and validates the vendor profile; every schema error is an issue with its field path. */
export async function loadVendorProfile(source: FileSource, path: string): Promise<LoadedVendorProfile> {
  if (!(await source.exists(path))) {
    return {
      profile: undefined,
      issues: [
        makeIssue('DOSSIER_VENDOR_PROFILE_MISSING', 'dossier/vendor-profile', `no vendor profile at ${path}`, {
          location: { path },
          howToFix: 'run `shencha init` to write a bilingual vendor.yaml template, then fill it in',
        }),
      ],
    };
  }
  const parsed = parseYaml<VendorProfile>(await source.readText(path), path, 'dossier/vendor-profile');
  if (!parsed.ok) return { profile: undefined, issues: [parsed.issue] };
  const errors = validateAgainstSchema('vendor-profile', parsed.value);
  if (errors.length) {
    return {
      profile: undefined,
      issues: errors.map((e) =>
        makeIssue('DOSSIER_VENDOR_PROFILE_INVALID', 'dossier/vendor-profile', `${e.pointer}: ${e.message}`, {
          location: { path, field: e.pointer },
          howToFix: 'correct the field as the vendor-profile schema (schemas/json/vendor-profile.schema.json) describes',
        }),
      ),
    };
  }
  const placeholders = findPlaceholders(parsed.value, '');
  if (placeholders.length) {
    return {
      profile: undefined,
      issues: placeholders.map((field) =>
        makeIssue('DOSSIER_VENDOR_PROFILE_PLACEHOLDER', 'dossier/vendor-profile', `${field} still holds a template placeholder`, {
          location: { path, field },
          howToFix: 'write the real statement, or move the section under notApplicable with the reason',
        }),
      ),
    };
  }
  return { profile: parsed.value, issues: [] };
}

/** JSON pointers of string values that are still `<…>` placeholders from `shencha init`. */
function findPlaceholders(value: unknown, pointer: string): string[] {
  if (typeof value === 'string') return /^<[^<>]*>$/.test(value.trim()) ? [pointer || '/'] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => findPlaceholders(v, `${pointer}/${i}`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => findPlaceholders(v, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`));
  }
  return [];
}
