import { describe, expect, it } from 'vitest';
import { analyzeBlob } from '../src/index.js';
import { analyzeFixture, linesWith } from './helpers.js';

describe('Python', () => {
  it('finds hashlib, hmac, pycryptodome, cryptography and gmssl calls', async () => {
    const r = await analyzeFixture('python/crypto.py', 'python');
    expect(r.parsed).toBe(true);
    expect(r.crypto.map((c) => `${c.line}:${c.algorithm}:${c.api}`)).toEqual([
      '13:SHA-256:hashlib.sha256',
      '14:SM3:hashlib.new',
      '15:HMAC-SHA512:hmac.new',
      '16:AES-GCM:Crypto.Cipher.AES.new',
      '17:AES-CBC:cryptography.hazmat.primitives.ciphers.Cipher',
      '18:SHA3-256:cryptography.hazmat.primitives.hashes.SHA3_256',
      '19:SM3:gmssl.sm3.sm3_hash',
      '20:SM4:gmssl.sm4.CryptSM4',
      '21:SM4-CBC:gmssl.sm4.CryptSM4.crypt_cbc',
      '22:SM2:gmssl.sm2.CryptSM2',
      '23:SM2:gmssl.sm2.CryptSM2.sign_with_sm3',
    ]);
    expect(r.crypto[3]).toMatchObject({ library: 'pycryptodome', mode: 'GCM', family: 'AES' });
  });

  it('ignores look-alike identifiers and strings', async () => {
    const r = await analyzeFixture('python/crypto.py', 'python');
    const start = linesWith('python/crypto.py', '# Look-alikes')[0]!;
    expect(r.crypto.filter((c) => c.line >= start)).toEqual([]);
  });

  it('reports listeners, outbound calls, URLs in code but not in docstrings', async () => {
    const r = await analyzeFixture('python/crypto.py', 'python');
    expect(r.endpoints.map((e) => `${e.kind}|${e.value}|${e.channel ?? ''}|${e.api ?? ''}`)).toEqual([
      'outbound-url|https://telemetry.acme-gateway.cn/v2/metrics|telemetry|requests.post',
      'listener|0.0.0.0:8443||flask.Flask.run',
      'outbound-url|https://mgmt.acme-gateway.cn/admin/api|admin|',
    ]);
    expect(r.imports.map((i) => i.specifier)).toContain('cryptography.hazmat.primitives.ciphers');
    expect(r.copyright).toEqual([{ holder: 'Acme Gateway Co., Ltd.', years: '2022', line: 2 }]);
  });

  it('reports a socket listener and a partial parse', async () => {
    const src = 'import socket\ns = socket.socket()\ns.bind(("0.0.0.0", 9000))\ndef broken(:\n  pass\n';
    const r = await analyzeBlob(Buffer.from(src), 'python');
    expect(r.endpoints).toEqual([expect.objectContaining({ kind: 'listener', value: '0.0.0.0:9000', line: 3 })]);
    expect(r.issues[0]).toMatchObject({ code: 'CODE_PARTIAL_PARSE', line: 4 });
  });

  it('does not take SM look-alikes from other packages for crypto', async () => {
    const src = 'from mylib import sm3, sm4\nsm3.sm3_hash(b"x")\nsm4.CryptSM4()\nAES = "AES"\nprint("sha256")\n';
    const r = await analyzeBlob(Buffer.from(src), 'python');
    expect(r.crypto).toEqual([]);
  });
});
