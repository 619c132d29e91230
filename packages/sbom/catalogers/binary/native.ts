/** What the first bytes of a native binary say, and the version strings a PE file carries. */

export type NativeFormat = 'ELF' | 'PE' | 'Mach-O' | 'Mach-O universal' | 'ar' | 'unknown';

export function sniffFormat(head: Buffer): NativeFormat {
  if (head.length >= 4 && head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46) return 'ELF';
  if (head.length >= 2 && head[0] === 0x4d && head[1] === 0x5a) return 'PE';
  if (head.length >= 8 && head.subarray(0, 8).toString('latin1') === '!<arch>\n') return 'ar';
  if (head.length >= 4) {
    const be = head.readUInt32BE(0);
    const le = head.readUInt32LE(0);
    if (le === 0xfeedface || le === 0xfeedfacf || be === 0xfeedface || be === 0xfeedfacf) return 'Mach-O';
    if (be === 0xcafebabe && head.length >= 8 && head.readUInt32BE(4) < 64) return 'Mach-O universal';
  }
  return 'unknown';
}

const PE_KEYS = ['CompanyName', 'FileDescription', 'FileVersion', 'ProductName', 'ProductVersion', 'LegalCopyright', 'OriginalFilename', 'InternalName'];

/**
 * Reads the StringFileInfo strings of a PE version resource (VS_VERSION_INFO) by finding each
 * key as UTF-16LE: a String struct is wLength, wValueLength (in words), wType, szKey, padding to
 * 32 bits, then the value. Anything implausible is ignored rather than trusted.
 */
export function peVersionStrings(buf: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  for (const key of PE_KEYS) {
    const needle = Buffer.from(`${key}\0`, 'utf16le');
    let at = buf.indexOf(needle);
    while (at >= 6 && !out.has(key)) {
      const start = at - 6;
      const valueWords = buf.readUInt16LE(start + 2);
      const type = buf.readUInt16LE(start + 4);
      let valueAt = at + needle.length;
      valueAt += (4 - ((valueAt - start) % 4)) % 4;
      if (type === 1 && valueWords > 0 && valueWords < 512 && valueAt + valueWords * 2 <= buf.length) {
        const value = buf.subarray(valueAt, valueAt + valueWords * 2).toString('utf16le').replace(/\0+$/, '').trim();
        if (value && /^[\x20-\x7e\u00a0-\uffff]+$/.test(value)) out.set(key, value);
      }
      at = buf.indexOf(needle, at + 2);
    }
  }
  return out;
}
