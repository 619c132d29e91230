import { signBytes, verifyBytes, type PublicKeyInfo, type SigningKey } from './keys.js';

/** DSSE v1 envelope (https://github.com/secure-systems-lab/dsse). */
export interface DsseEnvelope {
  payloadType: string;
  payload: string;
  signatures: { keyid: string; sig: string }[];
}

export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

/** Pre-authentication encoding: "DSSEv1" SP len(type) SP type SP len(body) SP body. */
export function pae(payloadType: string, payload: Uint8Array): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${type.length} `, 'utf8'),
    type,
    Buffer.from(` ${payload.length} `, 'utf8'),
    Buffer.from(payload),
  ]);
}

export function signEnvelope(payloadType: string, payload: Uint8Array, key: SigningKey): DsseEnvelope {
  const sig = signBytes(key, pae(payloadType, payload));
  return {
    payloadType,
    payload: Buffer.from(payload).toString('base64'),
    signatures: [{ keyid: key.keyid, sig: sig.toString('base64') }],
  };
}

export type EnvelopeVerdict =
  | { ok: true; keyid: string; payload: Buffer }
  | { ok: false; reason: 'malformed' | 'unknown-key' | 'bad-signature'; detail: string };

/** Verifies that at least one signature is by a trusted key and valid over the PAE. */
export function verifyEnvelope(envelope: unknown, trusted: readonly PublicKeyInfo[]): EnvelopeVerdict {
  const env = envelope as Partial<DsseEnvelope> | null;
  if (
    !env ||
    typeof env.payloadType !== 'string' ||
    typeof env.payload !== 'string' ||
    !Array.isArray(env.signatures) ||
    env.signatures.length === 0
  ) {
    return { ok: false, reason: 'malformed', detail: 'not a DSSE envelope {payloadType, payload, signatures[]}' };
  }
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(env.payload)) {
    return { ok: false, reason: 'malformed', detail: 'payload is not base64' };
  }
  const payload = Buffer.from(env.payload, 'base64');
  const message = pae(env.payloadType, payload);
  let sawKnown = false;
  for (const s of env.signatures) {
    if (typeof s?.keyid !== 'string' || typeof s.sig !== 'string') continue;
    const key = trusted.find((k) => k.keyid === s.keyid);
    if (!key) continue;
    sawKnown = true;
    if (verifyBytes(key, message, Buffer.from(s.sig, 'base64'))) return { ok: true, keyid: key.keyid, payload };
  }
  return sawKnown
    ? { ok: false, reason: 'bad-signature', detail: 'the signature does not verify with the trusted key' }
    : {
        ok: false,
        reason: 'unknown-key',
        detail: `signed by key ${env.signatures.map((s) => s?.keyid).join(', ')}, which is not trusted`,
      };
}

/** in-toto Statement v1. */
export interface InTotoStatement<P = unknown> {
  _type: 'https://in-toto.io/Statement/v1';
  subject: { name: string; digest: Record<string, string> }[];
  predicateType: string;
  predicate: P;
}

export function makeStatement<P>(
  subject: InTotoStatement['subject'],
  predicateType: string,
  predicate: P,
): InTotoStatement<P> {
  return { _type: 'https://in-toto.io/Statement/v1', subject, predicateType, predicate };
}
