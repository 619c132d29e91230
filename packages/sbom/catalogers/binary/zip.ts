import type { Entry, ZipFile } from 'yauzl';
import { zip as zipLib } from '../../src/parsers.js';

export interface ZipRead {
  names: string[];
  /** Contents of the entries `want` selected (up to `maxEntryBytes` each). */
  entries: Map<string, Buffer>;
}

/**
 * Lists a zip held in memory and reads the few entries a caller wants. yauzl checks entry sizes
 * against what it inflates, so a zip bomb stops at `maxEntryBytes`; no entry is written to disk.
 */
export function readZip(buffer: Buffer, want: (name: string) => boolean, maxEntryBytes: number, maxEntries = 200_000): Promise<ZipRead> {
  return new Promise((resolve, reject) => {
    zipLib().fromBuffer(buffer, { lazyEntries: true, decodeStrings: true, validateEntrySizes: true, strictFileNames: false }, (err, zip?: ZipFile) => {
      if (err || !zip) return reject(err ?? new Error('not a zip archive'));
      const out: ZipRead = { names: [], entries: new Map() };
      let settled = false;
      const fail = (e: Error) => {
        if (settled) return;
        settled = true;
        zip.close();
        reject(e);
      };
      zip.on('error', fail);
      zip.on('end', () => {
        if (!settled) {
          settled = true;
          resolve(out);
        }
      });
      zip.on('entry', (entry: Entry) => {
        if (out.names.length >= maxEntries) return fail(new Error(`more than ${maxEntries} entries`));
        out.names.push(entry.fileName);
        if (entry.fileName.endsWith('/') || !want(entry.fileName) || entry.uncompressedSize > maxEntryBytes) {
          zip.readEntry();
          return;
        }
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return fail(e ?? new Error(`cannot read ${entry.fileName}`));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('error', fail);
          stream.on('end', () => {
            out.entries.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}
