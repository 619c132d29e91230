import { registerIssueCodes } from '@shencha/core';

export const SOURCE = 'attest';

/** Every code the attest stage raises (DESIGN.md: stage prefix, registered once). */
export const ATTEST_CODES = {
  ATTEST_BASELINE_UNUSABLE: { severity: 'error', description: 'the baseline dossier is unsigned, tampered, of an unknown schema major or of another product' },
  ATTEST_BASELINE_NOT_FOUND: { severity: 'error', description: 'the baseline path does not exist' },
  ATTEST_BASELINE_DOCUMENT: { severity: 'warning', description: 'a document of the baseline is missing or unreadable; the checks that need it are skipped' },
  ATTEST_GIT_UNAVAILABLE: { severity: 'info', description: "changed lines could not be counted against the baseline's commit; files compared by digest" },
  ATTEST_NOT_SIGNED: { severity: 'warning', description: 'no --key: the attestation is not signed and no ledger entry is written' },
  ATTEST_POLICY_INVALID: { severity: 'error', description: 'the attest section of the policy file is invalid; defaults apply' },
  ATTEST_LEDGER_BROKEN: { severity: 'error', description: 'the ledger does not verify (reordered, replaced, edited or removed entry)' },
  ATTEST_LEDGER_UNUSABLE: { severity: 'error', description: 'the ledger folder cannot be read or written' },
  ATTEST_RECHECK_CHANGE: { severity: 'warning', description: "a component's class or tier would change under the current knowledge base" },
  ATTEST_USAGE: { severity: 'error', description: 'bad usage of an attest, ledger, recheck or export command' },
} as const;

registerIssueCodes(ATTEST_CODES);

export type AttestCode = keyof typeof ATTEST_CODES;
