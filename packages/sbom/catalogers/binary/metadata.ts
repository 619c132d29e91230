/** Metadata files carried inside archives: MANIFEST.MF, pom.properties, wheel METADATA, .nuspec. */

/** The main section of a JAR manifest (continuation lines start with one space). */
export function parseManifest(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let key: string | undefined;
  for (const line of lines) {
    if (line === '') break; // end of the main section
    if (line.startsWith(' ') && key) {
      out.set(key, out.get(key)! + line.slice(1));
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    key = line.slice(0, colon).trim();
    out.set(key, line.slice(colon + 1).trim());
  }
  return out;
}

export function parseProperties(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('!')) continue;
    const m = /^([^=:\s]+)\s*[=:]\s*(.*)$/.exec(line);
    if (m) out.set(m[1]!, m[2]!.trim());
  }
  return out;
}

/** Core metadata (RFC 822 style headers up to the first blank line); repeated keys are joined. */
export function parseCoreMetadata(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let key: string | undefined;
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (line === '') break;
    if (/^\s/.test(line) && key) {
      const list = out.get(key)!;
      list[list.length - 1] += `\n${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    key = line.slice(0, colon).trim();
    out.set(key, [...(out.get(key) ?? []), line.slice(colon + 1).trim()]);
  }
  return out;
}

/** `<id>`, `<version>`, `<authors>`, `<license>`, `<projectUrl>`, `<description>` of a .nuspec. */
export function parseNuspec(xml: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const tag of ['id', 'version', 'authors', 'license', 'licenseUrl', 'projectUrl', 'description']) {
    const m = new RegExp(`<${tag}(?:\\s[^>]*)?>([^<]*)</${tag}>`).exec(xml);
    if (m && m[1]!.trim()) out.set(tag, m[1]!.trim());
  }
  const lt = /<license\s+type="(\w+)"/.exec(xml);
  if (lt) out.set('licenseType', lt[1]!);
  return out;
}
