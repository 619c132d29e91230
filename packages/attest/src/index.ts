import './issues.js';

export { attest, exitCodeForChange, ATTESTATION_FILE, ATTESTATION_SIGNATURE_FILE, ATTESTATION_PREDICATE_TYPE, type AttestOptions, type AttestResult, type AttestationPredicate, type AttestationStatement, type FailOnChange } from './attest.js';
export { loadBaseline, KNOWN_MANIFEST_MAJORS, type BaselineDocs } from './baseline.js';
export { verifyLedger, appendLedger, LEDGER_DIR, type LedgerEntry, type LedgerVerification } from './ledger.js';
export { TRIGGER_RULES, DEFAULT_THRESHOLDS, riskScore, recommendedAction, resolvePolicy, type AttestPolicy, type RecommendedAction, type TriggerRule } from './score.js';
export { toMarkdown, toSarif } from './render.js';
export { ATTEST_CODES } from './issues.js';
export type { ChangeClass, Trigger, TriggerEvidence } from './types.js';
export { recheck, recheckDocs, inventoryFromCycloneDx, type RecheckReport, type RecheckChange } from './recheck.js';
export { exportDependencyTrack, dependencyTrackPolicies, type DependencyTrackExport, type DependencyTrackPolicy } from './export.js';
