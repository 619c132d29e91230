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

export interface ElfDynamic {
  soname?: string;
  needed: string[];
}

/**
 * DT_SONAME and DT_NEEDED of an ELF shared object or executable, read from its section headers:
 * the SHT_DYNAMIC section and the string table its sh_link names. Bounds are checked at every
 * step; anything inconsistent yields nothing rather than a guess.
 */
export function elfDynamic(buf: Buffer): ElfDynamic | undefined {
  if (buf.length < 52 || sniffFormat(buf) !== 'ELF') return undefined;
  const is64 = buf[4] === 2;
  const le = buf[5] === 1;
  if (buf.length < (is64 ? 64 : 52)) return undefined;
  const u16 = (o: number) => (le ? buf.readUInt16LE(o) : buf.readUInt16BE(o));
  const u32 = (o: number) => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  const word = (o: number) => (is64 ? Number(le ? buf.readBigUInt64LE(o) : buf.readBigUInt64BE(o)) : u32(o));
  const inside = (o: number, n: number) => o >= 0 && n >= 0 && o + n <= buf.length;
  const shoff = is64 ? word(0x28) : u32(0x20);
  const shentsize = u16(is64 ? 0x3a : 0x2e);
  const shnum = u16(is64 ? 0x3c : 0x30);
  if (!shoff || shnum === 0 || shnum > 4096 || shentsize < (is64 ? 64 : 40) || !inside(shoff, shnum * shentsize)) return undefined;
  const section = (i: number) => {
    const b = shoff + i * shentsize;
    return is64
      ? { type: u32(b + 4), offset: word(b + 0x18), size: word(b + 0x20), link: u32(b + 0x28), entsize: word(b + 0x38) }
      : { type: u32(b + 4), offset: u32(b + 0x10), size: u32(b + 0x14), link: u32(b + 0x18), entsize: u32(b + 0x24) };
  };
  for (let i = 0; i < shnum; i++) {
    const dyn = section(i);
    if (dyn.type !== 6 /* SHT_DYNAMIC */) continue;
    if (dyn.link >= shnum || !inside(dyn.offset, dyn.size)) return undefined;
    const str = section(dyn.link);
    if (!inside(str.offset, str.size)) return undefined;
    const readStr = (at: number): string | undefined => {
      if (at < 0 || at >= str.size) return undefined;
      const start = str.offset + at;
      const end = buf.indexOf(0, start);
      if (end < 0 || end > str.offset + str.size) return undefined;
      return buf.subarray(start, end).toString('utf8');
    };
    // An entry is at least tag + value; a smaller stated size would read past the section.
    const entSize = Math.max(dyn.entsize, is64 ? 16 : 8);
    const out: ElfDynamic = { needed: [] };
    for (let o = dyn.offset; o + entSize <= dyn.offset + dyn.size; o += entSize) {
      const tag = word(o);
      const val = word(o + (is64 ? 8 : 4));
      if (tag === 0) break; // DT_NULL
      if (tag === 1) {
        const s = readStr(val);
        if (s) out.needed.push(s);
      } else if (tag === 14) {
        const s = readStr(val);
        if (s) out.soname = s;
      }
    }
    return out;
  }
  return undefined;
}
