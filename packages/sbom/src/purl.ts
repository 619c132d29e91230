import { PackageURL } from 'packageurl-js';

/**
 * purls per the purl spec, built by packageurl-js (never by string concatenation, so encoding
 * of `@`, `/`, `+` and qualifiers is the library's). Returns undefined when the parts are not a
 * valid purl for that type, so the caller falls back to a path-based bomRef instead of crashing.
 */
export function makePurl(
  type: string,
  namespace: string | undefined,
  name: string,
  version: string | undefined,
  qualifiers?: Record<string, string | undefined>,
  subpath?: string,
): string | undefined {
  if (!name) return undefined;
  let q: Record<string, string> | undefined;
  if (qualifiers) {
    q = {};
    for (const k of Object.keys(qualifiers).sort()) {
      const v = qualifiers[k];
      if (v !== undefined && v !== '') q[k] = v;
    }
    if (Object.keys(q).length === 0) q = undefined;
  }
  try {
    return new PackageURL(type, namespace || undefined, name, version || undefined, q, subpath || undefined).toString();
  } catch {
    return undefined;
  }
}

/** Splits an npm name `@scope/name` into the purl namespace `@scope` and name. */
export function splitNpmName(fullName: string): { namespace: string | undefined; name: string } {
  if (fullName.startsWith('@')) {
    const slash = fullName.indexOf('/');
    if (slash > 1) return { namespace: fullName.slice(0, slash), name: fullName.slice(slash + 1) };
  }
  return { namespace: undefined, name: fullName };
}

/** `pkg:npm/%40scope/name@1.2.3`; qualifiers e.g. `{ vcs_url, download_url }` for non-registry sources. */
export function npmPurl(fullName: string, version: string | undefined, qualifiers?: Record<string, string | undefined>): string | undefined {
  // Fast path for the common case (plain lowercase registry names, plain versions): the bytes
  // packageurl-js would produce, without its per-call validation cost (tests compare both).
  if (!qualifiers && version && SIMPLE_NAME.test(fullName) && SIMPLE_VERSION.test(version)) {
    return fullName.startsWith('@') ? `pkg:npm/%40${fullName.slice(1)}@${version}` : `pkg:npm/${fullName}@${version}`;
  }
  const { namespace, name } = splitNpmName(fullName);
  return makePurl('npm', namespace, name, version, qualifiers);
}

const SIMPLE_NAME = /^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;
const SIMPLE_VERSION = /^[A-Za-z0-9][A-Za-z0-9._~+-]*$/;
