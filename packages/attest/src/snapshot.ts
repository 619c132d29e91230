/**
 * One normalised view of a release, built the same way from a baseline dossier's documents and from
 * the current tree's freshly computed ones, so that the comparison never depends on where facts came from.
 */
export interface SnapComponent {
  /** Match key: purl without version (and qualifiers), else `name:<group/name>@<path of its evidence>`. */
  key: string;
  bomRef: string;
  name: string;
  group?: string;
  version?: string;
  purl?: string;
  firstParty: boolean;
  scope: string;
  class: string;
  country?: string;
  supplier?: string;
  tier: string;
  licenses: string[];
  /** Where the cataloger found it (`shencha:evidence` of the SBOM), when recorded. */
  evidence?: { path: string; line?: number };
}

export interface SnapAlgorithm {
  name: string;
  family: string;
  sm: boolean;
  libraries: string[];
  sites: { path: string; line: number }[];
}

export interface SnapChannel {
  kind: string;
  channel: string;
  value: string;
  host?: string;
  path: string;
  line: number;
}

export interface Snapshot {
  product: { name: string; version: string; vendor?: string };
  commit?: string;
  knowledgeBase?: { version: string; sha256: string };
  components: SnapComponent[];
  algorithms: SnapAlgorithm[];
  /** Crypto libraries: purl-less key of an inventory library, or the platform library name. */
  cryptoLibraries: string[];
  smSupported?: boolean;
  smDefault?: boolean;
  channels: SnapChannel[];
  selfDevelopedRatio: number | null | undefined;
  vendorProfile: Record<string, unknown> | undefined;
  /** First-party files and their digests where known (baseline: archived unredacted files). */
  files: Map<string, string | undefined>;
}

type J = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** `pkg:npm/%40scope/name@1.2.3?x=y#sub` → `pkg:npm/%40scope/name`. */
export function purlWithoutVersion(purl: string): string {
  let p = purl.split('#')[0]!.split('?')[0]!;
  const at = p.lastIndexOf('@');
  if (at > p.indexOf('/')) p = p.slice(0, at);
  return p.toLowerCase();
}

export function componentKey(c: { purl?: string; name: string; group?: string; bomRef: string }): string {
  if (c.purl) return purlWithoutVersion(c.purl);
  // No purl: name and the path the cataloger found it at (the bom-ref's location part, version stripped).
  const where = c.bomRef.replace(/@[^@/#]*$/, '');
  return `name:${c.group ? `${c.group}/` : ''}${c.name}@${where}`;
}

function licensesOf(c: J): string[] {
  const out = new Set<string>();
  for (const l of (Array.isArray(c['licenses']) ? c['licenses'] : []) as J[]) {
    const lic = l['license'] as J | undefined;
    const v = str(l['expression']) ?? str(lic?.['id']) ?? str(lic?.['name']);
    if (v) out.add(v);
  }
  return [...out].sort();
}

function flatten(list: unknown, out: J[] = []): J[] {
  for (const c of (Array.isArray(list) ? list : []) as J[]) {
    out.push(c);
    if (c['components']) flatten(c['components'], out);
  }
  return out;
}

export interface SnapshotInput {
  product: { name: string; version: string; vendor?: string };
  commit?: string;
  knowledgeBase?: { version: string; sha256: string };
  classification: J;
  sbom: J | undefined;
  cbom: J | undefined;
  vendorProfile: J | undefined;
  files: Map<string, string | undefined>;
}

export function makeSnapshot(input: SnapshotInput): Snapshot {
  const licenses = new Map<string, string[]>();
  const found = new Map<string, { path: string; line?: number }>();
  for (const c of flatten(input.sbom?.['components'])) {
    const ref = str(c['bom-ref']);
    if (!ref) continue;
    licenses.set(ref, licensesOf(c));
    const ev = ((Array.isArray(c['properties']) ? c['properties'] : []) as J[]).find((p) => p['name'] === 'shencha:evidence');
    const m = /^([^,]+?)(?::(\d+))?(?:,|$)/.exec(str(ev?.['value']) ?? '');
    if (m) found.set(ref, m[2] ? { path: m[1]!, line: Number(m[2]) } : { path: m[1]! });
  }
  const components: SnapComponent[] = [];
  for (const c of (Array.isArray(input.classification['components']) ? input.classification['components'] : []) as J[]) {
    const bomRef = str(c['bomRef']) ?? '';
    const name = str(c['name']) ?? bomRef;
    const sc: SnapComponent = {
      key: '',
      bomRef,
      name,
      firstParty: c['firstParty'] === true,
      scope: str(c['scope']) ?? 'required',
      class: str(c['class']) ?? 'O8',
      tier: str(c['tier']) ?? 'unscored',
      licenses: licenses.get(bomRef) ?? [],
    };
    for (const k of ['group', 'version', 'purl', 'country', 'supplier'] as const) {
      const v = str(c[k]);
      if (v !== undefined) sc[k] = v;
    }
    const where = found.get(bomRef);
    if (where) sc.evidence = where;
    sc.key = componentKey(sc);
    components.push(sc);
  }
  components.sort((a, b) => cmp(a.key, b.key) || cmp(a.version ?? '', b.version ?? '') || cmp(a.bomRef, b.bomRef));

  const algorithms: SnapAlgorithm[] = [];
  const cryptoLibraries = new Set<string>();
  let smSupported: boolean | undefined;
  let smDefault: boolean | undefined;
  if (input.cbom) {
    for (const c of flatten(input.cbom['components'])) {
      const props = new Map(((Array.isArray(c['properties']) ? c['properties'] : []) as J[]).map((p) => [str(p['name']) ?? '', str(p['value']) ?? '']));
      if (c['type'] === 'cryptographic-asset') {
        const occ = (((c['evidence'] as J | undefined)?.['occurrences'] ?? []) as J[]).map((o) => ({ path: str(o['location']) ?? '', line: typeof o['line'] === 'number' ? o['line'] : 0 }));
        algorithms.push({
          name: str(c['name']) ?? '',
          family: props.get('shencha:crypto:family') ?? '',
          sm: props.get('shencha:crypto:sm') === 'true',
          libraries: (props.get('shencha:crypto:libraries') ?? '').split(',').filter(Boolean).sort(),
          sites: occ,
        });
      } else if (c['type'] === 'library') {
        const purl = str(c['purl']);
        cryptoLibraries.add(purl ? purlWithoutVersion(purl) : (str(c['name']) ?? ''));
      }
    }
    const meta = new Map((((input.cbom['metadata'] as J | undefined)?.['properties'] ?? []) as J[]).map((p) => [str(p['name']) ?? '', str(p['value']) ?? '']));
    if (meta.has('shencha:sm:supported')) smSupported = meta.get('shencha:sm:supported') === 'true';
    if (meta.has('shencha:sm:default')) smDefault = meta.get('shencha:sm:default') === 'true';
  }
  algorithms.sort((a, b) => cmp(a.name, b.name));

  const register = input.classification['remoteChannels'] as J | undefined;
  const channels: SnapChannel[] = ((Array.isArray(register?.['channels']) ? register['channels'] : []) as J[]).map((ch) => {
    const out: SnapChannel = {
      kind: str(ch['kind']) ?? 'outbound-url',
      channel: str(ch['channel']) ?? 'other',
      value: str(ch['value']) ?? '',
      path: str(ch['path']) ?? '',
      line: typeof ch['line'] === 'number' ? ch['line'] : 0,
    };
    const host = str(ch['host']);
    if (host) out.host = host;
    return out;
  });

  const product = input.classification['product'] as J | undefined;
  const sdr = product?.['selfDevelopedRatio'] as J | undefined;
  const ratio = sdr === undefined ? undefined : typeof sdr['ratio'] === 'number' ? sdr['ratio'] : null;
  const snap: Snapshot = {
    product: input.product,
    components,
    algorithms,
    cryptoLibraries: [...cryptoLibraries].filter(Boolean).sort(),
    channels,
    selfDevelopedRatio: ratio,
    vendorProfile: input.vendorProfile,
    files: input.files,
  };
  if (input.commit) snap.commit = input.commit;
  if (input.knowledgeBase) snap.knowledgeBase = input.knowledgeBase;
  if (smSupported !== undefined) snap.smSupported = smSupported;
  if (smDefault !== undefined) snap.smDefault = smDefault;
  return snap;
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
