import { registerIssueCodes } from '@shencha/core';

/** Issue codes the packager raises (PACK_ prefix); ShenchaError codes are listed too for the docs. */
registerIssueCodes({
  PACK_UNREADABLE_FILE: { severity: 'error', description: 'A selected file could not be read; it is left out of the source package.' },
  PACK_FILE_TOO_LARGE: { severity: 'warning', description: 'A file exceeds pack.maxFileSize and is excluded by rule size-limit.' },
  PACK_CASE_COLLISION: { severity: 'warning', description: 'Archived paths differ only by letter case; they clash on a case-insensitive file system.' },
  PACK_UNPORTABLE_NAME: { severity: 'warning', description: 'A file name cannot be stored faithfully in the archive (backslash or control character).' },
  PACK_SYMLINK_RECORDED: { severity: 'info', description: 'A symbolic link is listed in the package manifest with its target and not archived.' },
  PACK_BINARY_SECRET_WITHHELD: { severity: 'warning', description: 'A binary file holds a detected secret; it is withheld instead of masked.' },
  PACK_SPECIAL_ENTRY: { severity: 'info', description: 'A walked entry was neither a file, a folder nor a symlink.' },
});

export const PACK_SOURCE = 'pack';
