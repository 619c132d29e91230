import './issues.js';
import type { FileSource } from '@shencha/core';
import { analyzeSource, analyzeSourceStream } from './analyze.js';
import type { AnalyzeOptions, FileFacts, UsageIndex, UsageSummary } from './types.js';

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
  UsageSummary,
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

/**
 * The code stage without holding the facts: each file's FileFacts go to `onFile` in path order (the
 * order of `UsageIndex.files`) as soon as they are known; returns the issues and counts. Memory stays
 * flat however many files there are, as long as the sink keeps what it needs only.
 */
export async function analyzeCodeStream(source: FileSource, onFile: (facts: FileFacts) => void, options: AnalyzeOptions = {}): Promise<UsageSummary> {
  return analyzeSourceStream(source, onFile, options);
}
