import { describe, expect, it } from 'vitest';
import { analyzeBlob } from '../src/index.js';
import { analyzeFixture } from './helpers.js';

describe('Java', () => {
  it('finds JCA getInstance and BouncyCastle SM classes', async () => {
    const r = await analyzeFixture('java/Crypto.java', 'java');
    expect(r.parsed).toBe(true);
    expect(r.crypto.map((c) => `${c.line}:${c.algorithm}:${c.primitive}:${c.library}`)).toEqual([
      '23:AES-GCM:block-cipher:jdk',
      '24:SHA-256:hash:jdk',
      '25:SM3:hash:org.bouncycastle',
      '26:HMAC-SHA256:mac:jdk',
      '27:SM2:signature:jdk',
      '28:RSA-3072:pke:jdk',
      '30:SM3:hash:org.bouncycastle',
      '31:SM4-CBC:block-cipher:org.bouncycastle',
      '32:SM2:signature:org.bouncycastle',
    ]);
  });

  it('ignores a field named aes and getInstance with a non-literal argument', async () => {
    const r = await analyzeFixture('java/Crypto.java', 'java');
    expect(r.crypto.filter((c) => c.line === 19 || c.line >= 35)).toEqual([]);
  });

  it('reports ServerSocket listeners and java.net.URL outbound URLs', async () => {
    const r = await analyzeFixture('java/Crypto.java', 'java');
    expect(r.endpoints.map((e) => `${e.kind}|${e.value}|${e.channel ?? ''}|${e.api ?? ''}`)).toEqual([
      'listener|9443||java.net.ServerSocket',
      'outbound-url|https://update.acme-gateway.cn/ota/check|update|java.net.URL',
    ]);
    expect(r.copyright[0]).toMatchObject({ holder: 'Acme Gateway Co., Ltd.', years: '2020-2024' });
  });

  it('does not treat a Cipher class from another package as JCA', async () => {
    const src = 'import com.acme.Cipher;\nclass A { void f() { Cipher.getInstance("AES"); } }\n';
    const r = await analyzeBlob(Buffer.from(src), 'java');
    expect(r.crypto).toEqual([]);
  });
});
