import type { EndpointChannel, EndpointFact } from './types.js';

const URL_RE = /^(?:https?|wss?|ftps?|grpcs?|mqtts?|amqps?|tcp|udp|redis|mongodb(?:\+srv)?|postgres(?:ql)?|mysql):\/\/[^\s'"`<>]+$/i;
const URL_IN_TEXT = /\b(?:https?|wss?|ftps?|grpcs?|mqtts?|amqps?):\/\/[^\s'"`<>(){}\\]+/gi;

/**
 * Identifiers that look like URLs but are names, not places a product talks to:
 * XML namespaces, schema ids, licence texts, documentation placeholders.
 */
const NON_ENDPOINT_HOSTS = [
  /(^|\.)w3\.org$/,
  /(^|\.)json-schema\.org$/,
  /(^|\.)xmlsoap\.org$/,
  /(^|\.)schemas\.microsoft\.com$/,
  /(^|\.)schemas\.android\.com$/,
  /(^|\.)purl\.org$/,
  /(^|\.)ns\.adobe\.com$/,
  /(^|\.)example\.(com|org|net)$/,
  /^(www\.)?apache\.org$/,
  /^(www\.)?opensource\.org$/,
  /^(www\.)?gnu\.org$/,
  /^(www\.)?mozilla\.org$/,
  /^spdx\.org$/,
  /^(www\.)?xml\.org$/,
  /^java\.sun\.com$/,
  /^xmlns\.(oracle|jcp)\.(com|org)$/,
  /^maven\.apache\.org$/,
  /^(www\.)?springframework\.org$/,
];

/** Host names the analysis never reports on their own (placeholders and look-alikes of file names). */
const COMMON_TLDS = new Set(
  'com net org io cn dev cloud co ai app gov edu info biz me us uk de fr jp kr ru hk tw sg eu xyz top tech site online local internal lan corp int mil in br au ca nl se ch it es pl tv cc ly so gg sh im fm vip ltd group work link live news'.split(' '),
);

const STRONG_TLDS = new Set('com net org cn io dev cloud ai gov edu'.split(' '));

const HOST_RE = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+([a-z]{2,24})(?::(\d{1,5}))?$/i;

export function isUrl(value: string): boolean {
  return URL_RE.test(value) && !isNonEndpoint(value);
}

export function hostOf(url: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]+\]|[^:/?#]+)/i.exec(url);
  return m?.[1]?.toLowerCase();
}

function isNonEndpoint(url: string): boolean {
  const host = hostOf(url);
  if (!host) return true;
  if (host.includes('${') || host.includes('{{') || host.includes('%s')) return false;
  return NON_ENDPOINT_HOSTS.some((re) => re.test(host));
}

/**
 * A bare host name literal (`api.vendor.com`, `telemetry.acme.cn:443`). Reverse-DNS package names
 * (`com.acme.util`) and file names (`index.js`) are rejected by requiring a common top-level domain
 * as the last label and at least one label before it.
 */
export function isHostname(value: string): boolean {
  const m = HOST_RE.exec(value);
  if (!m) return false;
  const tld = m[1]!.toLowerCase();
  if (!COMMON_TLDS.has(tld)) return false;
  const labels = value.replace(/:\d+$/, '').split('.');
  const first = labels[0]!.toLowerCase();
  // `com.acme.app` and `org.apache.log` are package names, not hosts.
  if (COMMON_TLDS.has(first) && labels.length > 2) return false;
  // `logger.info`, `libssl.so`, `build.sh`, `main.cc`: two labels need an unambiguous top-level domain.
  if (labels.length === 2 && !STRONG_TLDS.has(tld)) return false;
  return !NON_ENDPOINT_HOSTS.some((re) => re.test(value.toLowerCase().replace(/:\d+$/, '')));
}

/** Channel by keywords in host and path; the order makes specific channels win over `other`. */
export function channelOf(value: string): EndpointChannel {
  const v = value.toLowerCase();
  const host = hostOf(v) ?? v.replace(/[:/].*$/, '');
  if (host === 'localhost' || host === '127.0.0.1' || host === '[::1]' || /(^|[/.])debug([/.?:]|$)|\/__debug|\/pprof|\/actuator/.test(v)) return 'debug';
  if (/telemetry|metrics|analytics|tracking|tracker|beacon|collect(or)?[/.]|stats?[/.]|crash|sentry|bugsnag|segment\.io|mixpanel|amplitude|datadog|newrelic|umeng|growingio|sensorsdata|talkingdata/.test(v)) return 'telemetry';
  if (/update|upgrade|releases?[/.]|\/ota\b|[/.]ota[/.]|firmware|download[s]?\.|patch(es)?[/.]/.test(v)) return 'update';
  if (/licen[cs]e|activation|activate|entitlement/.test(v)) return 'license';
  if (/feature-?flags?|launchdarkly|unleash|flagsmith|\/flags\b|split\.io|configcat/.test(v)) return 'feature-flag';
  if (/(^|[/.-])(admin|mgmt|manage|management|console)([/.?:-]|$)/.test(v)) return 'admin';
  return 'other';
}

/** Endpoint facts for one string literal that is not an argument of a known API. */
export function endpointsInLiteral(value: string, line: number, column: number): EndpointFact[] {
  if (value.length < 4 || value.length > 2048) return [];
  if (isUrl(value)) return [{ kind: 'outbound-url', value, channel: channelOf(value), line, column }];
  if (isHostname(value)) return [{ kind: 'hostname', value, channel: channelOf(value), line, column }];
  // Longer text (templates, config blobs) may embed URLs.
  if (value.length > 12 && /:\/\//.test(value)) {
    const out: EndpointFact[] = [];
    for (const m of value.matchAll(URL_IN_TEXT)) {
      const url = m[0].replace(/[.,;:]+$/, '');
      if (isUrl(url)) out.push({ kind: 'outbound-url', value: url, channel: channelOf(url), line, column });
    }
    return out;
  }
  return [];
}
