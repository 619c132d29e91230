import './issues.js';

export { verifyPath, type VerifyOptions } from './verify.js';
export { formatReport, toMarkdown, toSarif } from './format.js';
export type { ValidationReport, Check, CheckStatus, NtiaSummary } from './report-types.js';
export { DEFAULT_LIMITS, type Limits } from './limits.js';
export { VERIFY_CODES } from './issues.js';
export { validateCycloneDxJson, validateCycloneDxXml, CYCLONEDX_VERSIONS, type CycloneDxVersion } from './cyclonedx.js';
export { type EntryProof } from './proofs.js';
