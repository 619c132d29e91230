import { registerIssueCodes } from '@shencha/core';

registerIssueCodes({
  SBOM_MAVEN_PARENT_CYCLE: {
    severity: 'warning',
    description: 'Maven poms name each other as parents in a cycle; inheritance stops where the cycle closes.',
  },
  SBOM_MAVEN_PARENT_NOT_FOUND: {
    severity: 'info',
    description: 'A pom\'s parent is neither in the tree nor in the named local Maven repository; what it would define (properties, managed versions) is unknown.',
  },
  SBOM_MAVEN_BOM_NOT_FOUND: {
    severity: 'info',
    description: 'An imported BOM (scope import) is neither in the tree nor in the named local Maven repository; the versions it manages are unknown.',
  },
  SBOM_MAVEN_UNRESOLVED_VERSION: {
    severity: 'info',
    description: 'Dependencies of a pom have no version that can be resolved statically; they are listed without a version.',
  },
  SBOM_MAVEN_MODULE_NOT_FOUND: {
    severity: 'warning',
    description: 'A module listed in <modules> has no pom.xml in the tree.',
  },
  SBOM_MAVEN_NOT_IN_REPO: {
    severity: 'info',
    description: 'Some dependencies have no pom in the named local Maven repository, so their transitive dependencies are unknown.',
  },
});
