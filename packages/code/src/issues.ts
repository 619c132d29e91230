import { registerIssueCodes } from '@shencha/core';

registerIssueCodes({
  CODE_PARSE_ERROR: { severity: 'warning', description: 'A source file could not be parsed; its imports, crypto and endpoint facts are missing.' },
  CODE_PARTIAL_PARSE: { severity: 'info', description: 'The grammar recovered from a syntax error; facts come from the parts it could parse.' },
  CODE_GRAMMAR_UNAVAILABLE: { severity: 'warning', description: 'A tree-sitter grammar failed to load (native and WebAssembly); files of that language were not parsed.' },
  CODE_FILE_TOO_LARGE: { severity: 'info', description: 'A source file is above the analysis size limit and was not parsed.' },
  CODE_MINIFIED_SKIPPED: { severity: 'info', description: 'A minified file was not parsed (it is build output or bundled third-party code).' },
  CODE_GENERATED_SKIPPED: { severity: 'info', description: 'A large generated file was not parsed.' },
  CODE_UNREADABLE: { severity: 'error', description: 'A source file could not be read.' },
  CODE_NOT_UTF8: { severity: 'info', description: 'A source file is not valid UTF-8; it was decoded as GB18030.' },
  CODE_LANGUAGE_NOT_ANALYSED: { severity: 'info', description: 'Files of a language without an extractor were counted (lines, copyright) but not parsed.' },
  CODE_ANALYZER_FAILED: { severity: 'error', description: 'The analyzer failed on a file; the file was skipped and the analysis went on.' },
  CODE_WORKER_FAILED: { severity: 'warning', description: 'A worker thread failed; its files were analysed in the main thread.' },
});

export const HOW_TO_FIX: Record<string, string> = {
  CODE_PARSE_ERROR: 'fix the syntax error, or exclude the file in shencha.yaml if it is not source',
  CODE_GRAMMAR_UNAVAILABLE: 'reinstall shencha so that the tree-sitter grammar packages build (see TOOLCHAIN.md)',
  CODE_FILE_TOO_LARGE: 'raise the limit, or exclude the file if it is generated or data',
  CODE_UNREADABLE: 'make the file readable by the user running shencha',
  CODE_ANALYZER_FAILED: 'report the file to the shencha maintainers',
};
