import { readFileSync } from 'node:fs';

/** shencha's version, recorded in every document it writes (the dossier package's own version). */
export const TOOL_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
