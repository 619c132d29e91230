import { registerIssueCodes } from '@shencha/core';

registerIssueCodes({
  SBOM_SUPPLIER_SBOM_SKIPPED: {
    severity: 'info',
    description: 'An SBOM found in the tree was written by shencha itself, so it is not read back as a supplier SBOM.',
  },
});
