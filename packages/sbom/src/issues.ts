import { registerIssueCodes } from '@shencha/core';

/** The SBOM stage's issue codes, registered once; catalogers may register more of their own. */
registerIssueCodes({
  SBOM_NO_LOCKFILE: {
    severity: 'warning',
    description: 'No lockfile or manifest of any supported ecosystem was found; the SBOM lists only the product itself.',
  },
  SBOM_PARSE_ERROR: {
    severity: 'error',
    description: 'A lockfile or manifest is malformed or truncated; the cataloger named in the message skipped it.',
  },
  SBOM_UNREADABLE: { severity: 'error', description: 'A lockfile or manifest could not be read.' },
  SBOM_UNSUPPORTED_FORMAT: {
    severity: 'warning',
    description: 'A lockfile has a format version or shape the cataloger does not know; what could be read was read.',
  },
  SBOM_LOCK_OUT_OF_SYNC: {
    severity: 'warning',
    description: 'A lockfile does not match its manifest (a declared dependency is missing from the lock); regenerate the lock.',
  },
  SBOM_UNRESOLVED_DEPENDENCY: {
    severity: 'warning',
    description: 'A dependency named in a lockfile does not resolve to any locked package.',
  },
  SBOM_BINARY_LOCKFILE: {
    severity: 'warning',
    description: 'A binary lockfile (e.g. bun.lockb) cannot be read; produce its text form.',
  },
  SBOM_CATALOGER_FAILED: {
    severity: 'error',
    description: 'A cataloger failed unexpectedly on a file; the other catalogers still ran.',
  },
});

export const SBOM_ISSUE_CODES = [
  'SBOM_NO_LOCKFILE',
  'SBOM_PARSE_ERROR',
  'SBOM_UNREADABLE',
  'SBOM_UNSUPPORTED_FORMAT',
  'SBOM_LOCK_OUT_OF_SYNC',
  'SBOM_UNRESOLVED_DEPENDENCY',
  'SBOM_BINARY_LOCKFILE',
  'SBOM_CATALOGER_FAILED',
] as const;
