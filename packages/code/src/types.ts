import type { Issue } from '@shencha/core';

/** The code stage's output: facts per first-party source file, each pointing at a line and column. */
export interface UsageIndex {
  schemaVersion: 1;
  /** Sorted by path bytes. */
  files: FileFacts[];
  issues: Issue[];
  stats: { files: number; bytes: number; parsed: number; skipped: number };
}

/** What `analyzeCodeStream` returns: the UsageIndex without its files, which went to the sink. */
export interface UsageSummary {
  schemaVersion: 1;
  issues: Issue[];
  stats: { files: number; bytes: number; parsed: number; skipped: number };
}

export interface FileFacts {
  path: string;
  language: string;
  /** Non-blank lines split into code (any non-comment token) and comment-only; blank lines apart. */
  lines: { code: number; blank: number; comment: number };
  generated?: boolean;
  minified?: boolean;
  imports: ImportFact[];
  crypto: CryptoFact[];
  endpoints: EndpointFact[];
  copyright: CopyrightFact[];
}

export type ImportKind = 'static' | 'dynamic' | 'require' | 'type-only' | 're-export' | 'include' | 'use';

export interface ImportFact {
  specifier: string;
  kind: ImportKind;
  line: number;
  column: number;
}

export type CryptoPrimitive =
  | 'block-cipher'
  | 'hash'
  | 'signature'
  | 'pke'
  | 'mac'
  | 'kdf'
  | 'key-agree'
  | 'drbg'
  | 'stream-cipher'
  | 'other';

export interface CryptoFact {
  /** Normalised: AES-256-GCM, SHA-256, SM2, SM3, SM4-CBC, RSA-2048, ECDSA-P256, HMAC-SHA256, ZUC, SM9, … */
  algorithm: string;
  /** AES, SHA-2, SM2, SM3, SM4, RSA, … */
  family: string;
  primitive: CryptoPrimitive;
  mode?: string;
  keySize?: number;
  /** The API called, e.g. node:crypto.createCipheriv, sm-crypto.sm4.encrypt, java.security.MessageDigest.getInstance. */
  api: string;
  /** Package or standard library that provides the API (npm/maven/go/pypi name, or `node:crypto`, `jdk`, …). */
  library?: string;
  line: number;
  column: number;
}

export type EndpointChannel = 'telemetry' | 'update' | 'admin' | 'license' | 'feature-flag' | 'debug' | 'other';

export interface EndpointFact {
  kind: 'listener' | 'outbound-url' | 'hostname';
  value: string;
  channel?: EndpointChannel;
  api?: string;
  line: number;
  column: number;
}

export interface CopyrightFact {
  holder: string;
  years?: string;
  line: number;
}

export interface AnalyzeOptions {
  onProgress?: (done: number, total: number, path: string) => void;
  /** Source files above this size are not parsed (CODE_FILE_TOO_LARGE); default 2 MiB. */
  maxFileBytes?: number;
  /** Worker threads to use; default: in-process on ≤ 2 cores, else min(cores − 1, 4) on trees ≥ 4 MiB and ≥ 200 files. 0 or 1 = in-process. */
  workers?: number;
  /** Optional cache of per-blob results keyed by `blobCacheKey(sha256, language, maxFileBytes, generatedByPath)`. */
  cache?: BlobCache;
}

/** A per-file issue before the path is attached, so that a blob's result is independent of its path. */
export interface BlobIssue {
  code: string;
  message: string;
  line?: number;
  column?: number;
}

/** Everything learnt from one file's bytes: a pure function of (bytes, language, analyzer version, maxFileBytes). */
export interface BlobAnalysis {
  language: string;
  lines: { code: number; blank: number; comment: number };
  generated?: boolean;
  minified?: boolean;
  /** True when the file was parsed (facts are complete); false when it was skipped. */
  parsed: boolean;
  imports: ImportFact[];
  crypto: CryptoFact[];
  endpoints: EndpointFact[];
  copyright: CopyrightFact[];
  issues: BlobIssue[];
}

export interface BlobCache {
  get(key: string): BlobAnalysis | undefined | Promise<BlobAnalysis | undefined>;
  set(key: string, value: BlobAnalysis): void | Promise<void>;
}
