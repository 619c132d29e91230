import type { Component } from '@shencha/core';
import type { KnowledgeBase, Organisation } from './kb.js';
import { bestRule, componentKey } from './match.js';
import type { Evidence } from './types.js';

/**
 * Evidence gathering: each function looks at one kind of fact about a component and returns what
 * it says, with a basis, a confidence and a source. Confidences are our rule, documented here:
 *   registry-namespace 0.9 (KB rule, may say otherwise) · repository org 0.8 · author e-mail domain 0.7
 *   · maintainer/supplier name 0.6 · copyright holder 0.6 · PRC-hosted repository 0.5 · Mulan licence 0.6.
 */

export const CONFIDENCE = {
  repositoryOrg: 0.8,
  emailDomain: 0.7,
  maintainerName: 0.6,
  copyrightHolder: 0.6,
} as const;

/** The country an organisation's evidence points at: a foundation's jurisdiction, else its seat. */
export function orgCountry(org: Organisation): string {
  return org.control === 'foundation' ? (org.jurisdiction ?? org.country) : org.country;
}

function orgEvidence(org: Organisation, e: Omit<Evidence, 'country' | 'organisation'>): Evidence {
  return { ...e, country: orgCountry(org), organisation: org.id };
}

export function registryEvidence(c: Component, kb: KnowledgeBase): { evidence: Evidence; distribution?: 'open-source' | 'commercial' } | undefined {
  const ck = componentKey(c);
  const hit = bestRule(kb.namespaces, ck);
  if (!hit) return undefined;
  const org = kb.orgById.get(hit.rule.org)!;
  const out: { evidence: Evidence; distribution?: 'open-source' | 'commercial' } = {
    evidence: orgEvidence(org, {
      basis: 'registry-namespace',
      value: `${ck.type}:${ck.key} matches ${hit.pattern} → ${org.name}`,
      confidence: hit.rule.confidence,
      source: hit.rule.source,
    }),
  };
  if (hit.rule.distribution) out.distribution = hit.rule.distribution;
  return out;
}

/** Repository URLs of a component: its vcs/website references, and the module path of golang/swift purls. */
export function repositoryUrls(c: Component): string[] {
  const urls = new Set<string>();
  for (const r of c.externalReferences ?? []) if (r.type === 'vcs' || r.type === 'website') urls.add(r.url);
  for (const [k, v] of Object.entries(c.properties ?? {})) {
    if (/repository|homepage|vcs|source[-_]?url/i.test(k) && /^(https?:|git[+@:]|ssh:)/.test(v)) urls.add(v);
  }
  const ck = componentKey(c);
  if ((ck.type === 'golang' || ck.type === 'swift' || ck.type === 'github') && /^[a-z0-9.-]+\.[a-z]{2,}\//i.test(ck.key)) urls.add(`https://${ck.key}`);
  return [...urls].sort();
}

/** `host` and `host/org` of a repository URL in any of the usual spellings (https, git+ssh, scp-like). */
export function hostAndOrg(url: string): { host: string; org?: string } | undefined {
  const m = /^(?:[a-z+]+:\/\/)?(?:[^@/]+@)?([a-z0-9.-]+\.[a-z]{2,})(?::\d+)?[:/]+([^/\s]+)?/i.exec(url.trim());
  if (!m) return undefined;
  const host = m[1]!.toLowerCase().replace(/^www\./, '');
  const org = m[2]?.replace(/\.git$/, '');
  return org ? { host, org } : { host };
}

export function repositoryEvidence(c: Component, kb: KnowledgeBase): Evidence[] {
  const out: Evidence[] = [];
  for (const url of repositoryUrls(c)) {
    const ho = hostAndOrg(url);
    if (!ho) continue;
    if (ho.org) {
      const needle = `${ho.host}/${ho.org}`.toLowerCase();
      const org = kb.organisations.find((o) => o.repositoryOrgs.some((r) => r.toLowerCase() === needle));
      if (org) {
        out.push(orgEvidence(org, { basis: 'repository-host', value: `${url} is under ${needle}, owned by ${org.name}`, confidence: CONFIDENCE.repositoryOrg, source: org.source }));
        continue;
      }
    }
    const host = kb.repositoryHosts.find((h) => h.host === ho.host || ho.host.endsWith(`.${h.host}`));
    if (host && host.signal === 'prc-hosted') {
      out.push({ basis: 'repository-host', value: `${url} is hosted on ${host.host} (${host.operator}), a PRC-hosted forge`, country: host.country, confidence: host.confidence, source: host.source });
    }
  }
  return out;
}

const EMAIL = /[A-Za-z0-9._%+-]+@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;

/** Author/maintainer strings the SBOM stage kept: `author`, supplier, and author/maintainer properties. */
export function peopleStrings(c: Component): string[] {
  const out: string[] = [];
  if (c.author) out.push(c.author);
  for (const [k, v] of Object.entries(c.properties ?? {})) if (/author|maintainer|developer|owner|organi[sz]ation/i.test(k)) out.push(v);
  return out;
}

export function emailEvidence(c: Component, kb: KnowledgeBase): Evidence[] {
  const out: Evidence[] = [];
  const seen = new Set<string>();
  for (const s of peopleStrings(c)) {
    for (const m of s.matchAll(EMAIL)) {
      const domain = m[1]!.toLowerCase();
      if (seen.has(domain)) continue;
      seen.add(domain);
      const org = kb.organisations.find((o) => o.emailDomains.some((d) => domain === d || domain.endsWith(`.${d}`)));
      if (org) {
        out.push(orgEvidence(org, { basis: 'author-email-domain', value: `maintainer e-mail domain ${domain} belongs to ${org.name}`, confidence: CONFIDENCE.emailDomain, source: org.source }));
        continue;
      }
      const sig = kb.emailSignals.find((x) => domain === x.domain);
      if (sig) out.push({ basis: 'author-email-domain', value: `maintainer e-mail at ${domain} (${sig.operator}), a webmail provider operated in ${sig.country}`, country: sig.country, confidence: sig.confidence, source: sig.source });
    }
  }
  return out;
}

const wordsOf = (s: string): string => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ');

/** Every organisation name and alias as ` words `, in KB order, made once per knowledge base. */
const NEEDLES = new WeakMap<KnowledgeBase, { org: Organisation; needle: string }[]>();
function needlesOf(kb: KnowledgeBase): { org: Organisation; needle: string }[] {
  let list = NEEDLES.get(kb);
  if (!list) {
    list = [];
    for (const o of kb.organisations) {
      for (const n of [o.name, ...o.aliases]) {
        const words = wordsOf(n).trim();
        if (words.length >= 3) list.push({ org: o, needle: ` ${words} ` });
      }
    }
    NEEDLES.set(kb, list);
  }
  return list;
}

/** An organisation whose name or an alias appears in `text` as whole words (the longest name wins). */
export function orgNamed(text: string, kb: KnowledgeBase): Organisation | undefined {
  const t = ` ${wordsOf(text)} `;
  let best: { org: Organisation; len: number } | undefined;
  for (const { org, needle } of needlesOf(kb)) {
    if (t.includes(needle) && (!best || needle.length > best.len)) best = { org, len: needle.length };
  }
  return best?.org;
}

export function maintainerEvidence(c: Component, kb: KnowledgeBase): Evidence[] {
  const out: Evidence[] = [];
  const texts = [...peopleStrings(c).map((s) => s.replace(EMAIL, ' ')), ...(c.supplier ? [c.supplier.name] : [])];
  for (const s of texts) {
    const org = orgNamed(s, kb);
    if (org) out.push(orgEvidence(org, { basis: 'maintainer-affiliation', value: `maintainer/supplier "${s.trim()}" names ${org.name}`, confidence: CONFIDENCE.maintainerName, source: org.source }));
  }
  return out;
}

export function licenceEvidence(c: Component, kb: KnowledgeBase): Evidence[] {
  const out: Evidence[] = [];
  for (const lic of c.licenses ?? []) {
    for (const l of kb.licenses) {
      if (new RegExp(`(^|[^A-Za-z0-9.-])${l.id.replace(/[.+-]/g, '\\$&')}($|[^A-Za-z0-9.-])`, 'i').test(lic) || lic.toLowerCase().includes(l.name.toLowerCase())) {
        out.push({ basis: 'license', value: `licence ${lic} (${l.name}) is a PRC-governance signal, not proof`, country: l.country, confidence: l.confidence, source: l.source });
      }
    }
  }
  return out;
}

/** Copyright lines found in the component's files (vendored copies) that name a KB organisation. */
export function copyrightEvidence(holders: { holder: string; path: string; line: number }[], kb: KnowledgeBase): Evidence[] {
  const out: Evidence[] = [];
  const seen = new Set<string>();
  for (const h of holders) {
    const org = orgNamed(h.holder, kb);
    if (!org || seen.has(org.id)) continue;
    seen.add(org.id);
    out.push(orgEvidence(org, { basis: 'copyright-holder', value: `copyright "${h.holder}" names ${org.name}`, confidence: CONFIDENCE.copyrightHolder, source: `${h.path}:${h.line}` }));
  }
  return out;
}

/** Does the component's licence make it open source? Proprietary markers say no; no licence says unknown. */
export function isOpenSourceLicence(licenses: readonly string[] | undefined): boolean | undefined {
  if (!licenses || licenses.length === 0) return undefined;
  const closed = licenses.every((l) => /unlicensed|proprietary|commercial|see license in|all rights reserved|^none$/i.test(l));
  return !closed;
}
