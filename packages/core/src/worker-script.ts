import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * A package's compiled worker script, `dist/<file>`, for a module in its `src/` or `dist/` folder:
 * `../dist/` resolves to the same place from both, so tests that run the sources still start the
 * built worker. Undefined when the package is not built.
 */
export function builtWorkerScript(moduleUrl: string, file: string): URL | undefined {
  const url = new URL(`../dist/${file}`, moduleUrl);
  return existsSync(fileURLToPath(url)) ? url : undefined;
}
