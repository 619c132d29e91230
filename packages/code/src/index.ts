import './issues.js';
import type { FileSource } from '@shencha/core';
import { analyzeSource } from './analyze.js';
import type { AnalyzeOptions, UsageIndex } from './types.js';

export type {
  AnalyzeOptions,
  BlobAnalysis,
  BlobCache,
  BlobIssue,
  CopyrightFact,
  CryptoFact,
  CryptoPrimitive,
  EndpointChannel,
  EndpointFact,
  FileFacts,
  ImportFact,
  ImportKind,
  UsageIndex,
} from './types.js';
export { ANALYZER_VERSION, analyzeBlob, blobCacheKey, DEFAULT_MAX_FILE_BYTES } from './analyze.js';

/**
 * The code stage: for every first-party source file (language known, not excluded, not binary),
 * imports, crypto calls, endpoints, copyright lines and line counts. Never throws for a bad file:
 * parse failures, grammar failures and huge generated/minified files become CODE_* issues.
 */
export async function analyzeCode(source: FileSource, options: AnalyzeOptions = {}): Promise<UsageIndex> {
  return analyzeSource(source, options);
}
