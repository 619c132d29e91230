import { registerIssueCodes } from '@shencha/core';

registerIssueCodes({
  SBOM_BINARY_UNREADABLE: {
    severity: 'warning',
    description: 'A binary archive (jar, war, wheel, nupkg…) is corrupt or too large to open; it is listed by its hash alone.',
  },
});
