import { createHash, randomBytes, type KeyObject } from 'node:crypto';

/**
 * SM2 signatures (GB/T 32918.2) over SM3 with the GM/T 0009 default user id. node:crypto signs SM2
 * only with an empty user id and cannot set one (TOOLCHAIN.md), so the arithmetic is done here with
 * BigInt; SM3 itself comes from node:crypto. Signatures are DER SEQUENCE { r, s }, randomised like ECDSA.
 */

export const SM2_DEFAULT_USER_ID = '1234567812345678';
const SM2_OID = Buffer.from('2a811ccf5501822d', 'hex'); // 1.2.156.10197.1.301

const P = BigInt('0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF');
const A = BigInt('0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC');
const B = BigInt('0x28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93');
const N = BigInt('0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123');
const GX = BigInt('0x32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7');
const GY = BigInt('0xBC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0');

type Point = { x: bigint; y: bigint } | null;

const mod = (a: bigint, m: bigint): bigint => ((a % m) + m) % m;

function inv(a: bigint, m: bigint): bigint {
  let [oldR, r] = [mod(a, m), m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) throw new Error('not invertible');
  return mod(oldS, m);
}

function add(p: Point, q: Point): Point {
  if (!p) return q;
  if (!q) return p;
  if (p.x === q.x) {
    if (mod(p.y + q.y, P) === 0n) return null;
    const l = mod((3n * p.x * p.x + A) * inv(2n * p.y, P), P);
    const x = mod(l * l - 2n * p.x, P);
    return { x, y: mod(l * (p.x - x) - p.y, P) };
  }
  const l = mod((q.y - p.y) * inv(q.x - p.x, P), P);
  const x = mod(l * l - p.x - q.x, P);
  return { x, y: mod(l * (p.x - x) - p.y, P) };
}

function mul(k: bigint, p: Point): Point {
  let result: Point = null;
  let addend = p;
  let n = k;
  while (n > 0n) {
    if (n & 1n) result = add(result, addend);
    addend = add(addend, addend);
    n >>= 1n;
  }
  return result;
}

const G: Point = { x: GX, y: GY };

function toBytes32(n: bigint): Buffer {
  return Buffer.from(n.toString(16).padStart(64, '0'), 'hex');
}

function toBig(b: Uint8Array): bigint {
  return b.length ? BigInt(`0x${Buffer.from(b).toString('hex')}`) : 0n;
}

function sm3(...parts: Uint8Array[]): Buffer {
  const h = createHash('sm3');
  for (const part of parts) h.update(part);
  return h.digest();
}

/** Z_A = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA). */
function za(pub: { x: bigint; y: bigint }, userId: string): Buffer {
  const id = Buffer.from(userId, 'utf8');
  const entl = Buffer.alloc(2);
  entl.writeUInt16BE(id.length * 8);
  return sm3(entl, id, toBytes32(A), toBytes32(B), toBytes32(GX), toBytes32(GY), toBytes32(pub.x), toBytes32(pub.y));
}

// ---- minimal DER ----

interface Tlv {
  tag: number;
  value: Buffer;
  end: number;
}

function readTlv(buf: Buffer, at: number): Tlv {
  const tag = buf[at]!;
  let len = buf[at + 1]!;
  let off = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[off + i]!;
    off += n;
  }
  if (off + len > buf.length) throw new Error('truncated DER');
  return { tag, value: buf.subarray(off, off + len), end: off + len };
}

function children(seq: Buffer): Tlv[] {
  const out: Tlv[] = [];
  for (let at = 0; at < seq.length; ) {
    const t = readTlv(seq, at);
    out.push(t);
    at = t.end;
  }
  return out;
}

function derInt(n: bigint): Buffer {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  let b = Buffer.from(hex, 'hex');
  if (b[0]! & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return Buffer.concat([Buffer.from([0x02, b.length]), b]);
}

function encodeSig(r: bigint, s: bigint): Buffer {
  const body = Buffer.concat([derInt(r), derInt(s)]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}

function decodeSig(sig: Uint8Array): { r: bigint; s: bigint } | undefined {
  try {
    const seq = readTlv(Buffer.from(sig), 0);
    if (seq.tag !== 0x30 || seq.end !== sig.length) return undefined;
    const [r, s, extra] = children(seq.value);
    if (!r || !s || extra || r.tag !== 2 || s.tag !== 2) return undefined;
    return { r: toBig(r.value), s: toBig(s.value) };
  } catch {
    return undefined;
  }
}

function pointFromUncompressed(bytes: Buffer): { x: bigint; y: bigint } {
  if (bytes.length !== 65 || bytes[0] !== 4) throw new Error('expected an uncompressed SM2 point');
  const x = toBig(bytes.subarray(1, 33));
  const y = toBig(bytes.subarray(33));
  if (mod(y * y - (x * x * x + A * x + B), P) !== 0n) throw new Error('point not on the SM2 curve');
  return { x, y };
}

/** True when the key's algorithm parameters name the SM2 curve (Node reports such keys as untyped). */
export function isSm2Key(key: KeyObject): boolean {
  const der = key.type === 'private' ? key.export({ type: 'pkcs8', format: 'der' }) : key.export({ type: 'spki', format: 'der' });
  return der.includes(SM2_OID);
}

function publicPoint(spkiDer: Buffer): { x: bigint; y: bigint } {
  const [, bits] = children(readTlv(spkiDer, 0).value);
  if (!bits || bits.tag !== 3) throw new Error('not an SPKI public key');
  return pointFromUncompressed(bits.value.subarray(1));
}

function privateScalar(pkcs8Der: Buffer): bigint {
  const [, , octets] = children(readTlv(pkcs8Der, 0).value);
  if (!octets || octets.tag !== 4) throw new Error('not a PKCS#8 private key');
  const [, d] = children(readTlv(octets.value, 0).value);
  if (!d || d.tag !== 4) throw new Error('not an EC private key');
  return toBig(d.value);
}

export function sm2Sign(privateKey: KeyObject, message: Uint8Array, userId = SM2_DEFAULT_USER_ID): Buffer {
  const d = privateScalar(privateKey.export({ type: 'pkcs8', format: 'der' }));
  const pub = mul(d, G)!;
  const e = toBig(sm3(za(pub, userId), message));
  for (;;) {
    const k = mod(toBig(randomBytes(40)), N - 1n) + 1n;
    const x1 = mul(k, G)!.x;
    const r = mod(e + x1, N);
    if (r === 0n || r + k === N) continue;
    const s = mod(inv(1n + d, N) * (k - r * d), N);
    if (s === 0n) continue;
    return encodeSig(r, s);
  }
}

export function sm2Verify(publicKey: KeyObject, message: Uint8Array, signature: Uint8Array, userId = SM2_DEFAULT_USER_ID): boolean {
  const sig = decodeSig(signature);
  if (!sig) return false;
  const { r, s } = sig;
  if (r < 1n || r >= N || s < 1n || s >= N) return false;
  let pub: { x: bigint; y: bigint };
  try {
    pub = publicPoint(publicKey.export({ type: 'spki', format: 'der' }));
  } catch {
    return false;
  }
  const e = toBig(sm3(za(pub, userId), message));
  const t = mod(r + s, N);
  if (t === 0n) return false;
  const pt = add(mul(s, G), mul(t, pub));
  if (!pt) return false;
  return mod(e + pt.x, N) === r;
}
