import { createWriteStream } from 'node:fs';
import { readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { listFiles } from './manifest.js';

/**
 * `<product>-dossier.tar.gz|zip` beside the folder, entries under `<product>/`, sorted, with fixed
 * dates and modes, so the bundle is as reproducible as the folder.
 */
export async function writeBundle(folder: string, product: string, format: 'tar.gz' | 'zip', epoch: number): Promise<string> {
  const target = join(dirname(folder), `${product}-dossier.${format}`);
  const tmp = `${target}.tmp-${process.pid}`;
  // archiver and its streams load only when a bundle is asked for.
  const { TarArchive, ZipArchive } = await import('archiver');
  const archive = format === 'zip' ? new ZipArchive({ zlib: { level: 9 } }) : new TarArchive({ gzip: true, gzipOptions: { level: 9 } });
  const out = createWriteStream(tmp);
  const done = new Promise<void>((resolveDone, reject) => {
    out.on('close', () => resolveDone());
    out.on('error', reject);
    archive.on('error', reject);
  });
  archive.pipe(out);
  const date = new Date(epoch * 1000);
  for (const path of await listFiles(folder)) {
    archive.append(await readFile(join(folder, path)), { name: `${product}/${path}`, date, mode: 0o644 });
  }
  await archive.finalize();
  try {
    await done;
    await rename(tmp, target);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  return target;
}
