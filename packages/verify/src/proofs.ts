import { makeIssue, verifyInclusion, type InclusionProof } from '@shencha/core';
import { verifyOpening, type Opening } from '@shencha/redact';
import type { DossierState } from './dossier.js';
import { SOURCE } from './issues.js';
import type { Collector } from './report-types.js';

/** What `shencha prove` emits: one archive entry, its digest, and the path to the package Merkle root. */
export interface EntryProof {
  path: string;
  sha256: string;
  root: string;
  proof: InclusionProof;
}

interface PackageManifestDoc {
  merkle?: { root?: unknown };
}

interface RedactionLogDoc {
  commitment?: { algorithm?: unknown };
  spans?: { id?: unknown; commitment?: unknown }[];
  files?: { path?: unknown; commitment?: unknown }[];
}

/**
 * Inclusion proofs (from `shencha prove`) must end at the package manifest's Merkle root, which the
 * signed manifest covers; span openings (from `shencha reveal`) must open a commitment of the
 * dossier's own redaction log. Untrusted JSON: malformed input fails, never throws.
 */
export function checkProofsAndOpenings(c: Collector, state: DossierState, proofs: readonly unknown[], openings: readonly unknown[]): void {
  if (proofs.length) {
    const pm = state.docs.get('package-manifest.json') as PackageManifestDoc | undefined;
    const root = typeof pm?.merkle?.root === 'string' ? pm.merkle.root : undefined;
    for (const [i, raw] of proofs.entries()) {
      const p = raw as Partial<EntryProof> | null;
      const label = typeof p?.path === 'string' ? p.path : `proof ${i + 1}`;
      const ok =
        root !== undefined &&
        typeof p?.path === 'string' &&
        typeof p.sha256 === 'string' &&
        /^[0-9a-f]{64}$/.test(p.sha256) &&
        p.root === root &&
        typeof p.proof === 'object' &&
        p.proof !== null &&
        Array.isArray(p.proof.path) &&
        verifyInclusion({ path: p.path, sha256: p.sha256 }, p.proof, root);
      c.check('proof', label, `${label} is an entry of the source archive (Merkle root ${root?.slice(0, 12)}…)`, ok ? [] : [
        makeIssue('VERIFY_PROOF_INVALID', SOURCE, root === undefined ? `cannot check the proof for ${label}: the dossier has no package manifest root` : `the inclusion proof for ${label} does not lead to the package manifest's Merkle root`, {
          location: { path: 'package-manifest.json', field: '/merkle/root' },
        }),
      ]);
    }
  }
  if (openings.length) {
    const log = state.docs.get('redactions.json') as RedactionLogDoc | undefined;
    const alg = log?.commitment?.algorithm === 'hmac-sm3' ? 'hmac-sm3' : 'hmac-sha256';
    for (const [i, raw] of openings.entries()) {
      const o = raw as Partial<Opening> | null;
      const id = typeof o?.spanId === 'string' ? o.spanId : `opening ${i + 1}`;
      const commitment =
        log?.spans?.find((s) => s.id === id)?.commitment ?? log?.files?.find((f) => typeof f.path === 'string' && `file:${f.path}` === id)?.commitment;
      const ok = typeof commitment === 'string' && o !== null && verifyOpening(o as Opening, commitment, alg);
      c.check('opening', id, `${id} opens its commitment in redactions.json`, ok ? [] : [
        makeIssue('VERIFY_OPENING_INVALID', SOURCE, commitment === undefined ? `${id} is not a span of redactions.json` : `the opening of ${id} does not match its commitment`, {
          location: { path: 'redactions.json' },
        }),
      ]);
    }
  }
}
