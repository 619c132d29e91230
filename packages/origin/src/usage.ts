/**
 * The parts of @shencha/code's UsageIndex this stage reads, as a structural subset so that the
 * classifier also runs on a partial index (or none) and stays independent of the code stage's internals.
 */
export interface UsageImport {
  specifier: string;
  kind: string;
  line: number;
  column: number;
}

export interface UsageCrypto {
  algorithm: string;
  family: string;
  primitive: string;
  mode?: string;
  keySize?: number;
  api: string;
  library?: string;
  line: number;
  column: number;
}

export interface UsageEndpoint {
  kind: 'listener' | 'outbound-url' | 'hostname';
  value: string;
  channel?: string;
  api?: string;
  line: number;
  column: number;
}

export interface UsageCopyright {
  holder: string;
  years?: string;
  line: number;
}

export interface UsageFile {
  path: string;
  language: string;
  lines: { code: number; blank: number; comment: number };
  generated?: boolean;
  minified?: boolean;
  imports: UsageImport[];
  crypto: UsageCrypto[];
  endpoints: UsageEndpoint[];
  copyright: UsageCopyright[];
}

export interface UsageLike {
  files: UsageFile[];
}
