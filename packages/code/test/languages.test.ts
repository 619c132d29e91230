import { describe, expect, it } from 'vitest';
import { analyzeBlob } from '../src/index.js';
import { analyzeFixture, linesWith } from './helpers.js';

interface Expected {
  crypto: string[];
  endpoints: string[];
  imports: number;
}

/** Each fixture mixes real calls (SM algorithms included) with look-alikes that must not be reported. */
const CASES: [string, string, Expected][] = [
  ['go/main.go', 'go', {
    crypto: ['18:AES:crypto/aes.NewCipher', '19:AES-GCM:crypto/cipher.NewGCM', '20:SHA-256:crypto/sha256.Sum256', '21:HMAC-SHA256:crypto/hmac.New', '22:SM3:github.com/emmansun/gmsm/sm3.New', '23:SM4-CBC:github.com/tjfoc/gmsm/sm4.Sm4Cbc', '24:SM2:github.com/tjfoc/gmsm/sm2.GenerateKey', '25:PBKDF2-HMAC-SHA256:golang.org/x/crypto/pbkdf2.Key'],
    endpoints: ['32:listener::8080:', '33:outbound-url:https://telemetry.acme-gateway.cn/v1/report:telemetry', '34:outbound-url:https://update.acme-gateway.cn/releases:update'],
    imports: 9,
  }],
  ['rust/main.rs', 'rust', {
    crypto: ['10:SHA-256:sha2.Sha256.new', '11:AES-256-GCM:aes_gcm.Aes256Gcm.new_from_slice', '12:HMAC-SHA256:hmac.Hmac.new_from_slice', '13:SM3:sm3.Sm3.new', '14:SHA-384:ring.digest.digest'],
    endpoints: ['20:listener:0.0.0.0:7878:', '21:outbound-url:https://license.acme-gateway.cn/activate:license'],
    imports: 6,
  }],
  ['c/crypto.c', 'c', {
    crypto: ['9:AES-128-CBC:EVP_aes_128_cbc', '10:SM4-CBC:EVP_sm4_cbc', '11:SM3:EVP_get_digestbyname', '12:SM2:EVP_PKEY_CTX_new_id', '13:SM2:sm2_sign', '14:SM4-CBC:sm4_cbc_encrypt', '15:ZUC:zuc_init'],
    endpoints: ['23:listener:8443:', '24:outbound-url:https://telemetry.acme-gateway.cn/collect:telemetry'],
    imports: 5,
  }],
  ['cpp/crypto.cpp', 'cpp', {
    crypto: ['8:AES-256-GCM:EVP_aes_256_gcm', '9:SHA-512:EVP_sha512'],
    endpoints: ['14:listener:9000:', '15:outbound-url:https://update.acme-gateway.cn/ota:update'],
    imports: 3,
  }],
  ['csharp/Crypto.cs', 'csharp', {
    crypto: ['10:SHA-256:System.Security.Cryptography.SHA256.Create', '11:AES:System.Security.Cryptography.Aes.Create', '12:HMAC-SHA256:System.Security.Cryptography.HMACSHA256', '13:RSA-2048:System.Security.Cryptography.RSA.Create', '14:ECDSA-P256:System.Security.Cryptography.ECDsa.Create', '15:SM3:Org.BouncyCastle.SM3Digest', '16:SM2:Org.BouncyCastle.SignerUtilities.GetSigner'],
    endpoints: ['20:listener:5000:', '21:outbound-url:https://admin.acme-gateway.cn/manage:admin'],
    imports: 5,
  }],
  ['php/crypto.php', 'php', {
    crypto: ['6:SM4-CBC:openssl_encrypt', '7:SHA-256:hash', '8:HMAC-SM3:hash_hmac', '9:Argon2id:password_hash', '10:RSA-4096:openssl_pkey_new', '11:XSalsa20-Poly1305:sodium_crypto_secretbox'],
    endpoints: ['16:listener:0.0.0.0:8088:', '18:outbound-url:https://update.acme-gateway.cn/check:update'],
    imports: 2,
  }],
  ['ruby/crypto.rb', 'ruby', {
    crypto: ['6:SM4-CBC:OpenSSL.Cipher.new', '7:AES-256-GCM:OpenSSL.Cipher.AES.new', '8:SHA-256:Digest.SHA256.hexdigest', '9:HMAC-SHA256:OpenSSL.HMAC.hexdigest', '10:RSA-2048:OpenSSL.PKey.RSA.new'],
    endpoints: ['14:listener:0.0.0.0:2000:', '15:outbound-url:https://telemetry.acme-gateway.cn/metrics:telemetry'],
    imports: 3,
  }],
  ['kotlin/Crypto.kt', 'kotlin', {
    crypto: ['11:SM4-CBC:javax.crypto.Cipher.getInstance', '12:SHA-512:java.security.MessageDigest.getInstance', '13:SM3:org.bouncycastle.SM3Digest', '14:SM4:org.bouncycastle.crypto.engines.SM4Engine'],
    endpoints: ['18:listener:8081:', '19:outbound-url:https://update.acme-gateway.cn/kotlin/releases:update', '20:listener:8082:'],
    imports: 5,
  }],
];

describe.each(CASES)('%s', (file, language, expected) => {
  it('reports crypto calls with normalised algorithms and their APIs', async () => {
    const r = await analyzeFixture(file, language);
    expect(r.parsed).toBe(true);
    expect(r.issues).toEqual([]);
    expect(r.crypto.map((c) => `${c.line}:${c.algorithm}:${c.api}`)).toEqual(expected.crypto);
  });

  it('does not report look-alike identifiers and strings as crypto', async () => {
    const r = await analyzeFixture(file, language);
    const marker = linesWith(file, 'Look-alike')[0]!;
    expect(marker).toBeGreaterThan(0);
    expect(r.crypto.filter((c) => c.line >= marker && c.line <= marker + 4)).toEqual([]);
  });

  it('reports listeners and outbound URLs with channels, imports and the copyright holder', async () => {
    const r = await analyzeFixture(file, language);
    expect(r.endpoints.map((e) => `${e.line}:${e.kind}:${e.value}:${e.channel ?? ''}`)).toEqual(expected.endpoints);
    expect(r.imports).toHaveLength(expected.imports);
    expect(r.copyright[0]?.holder).toBe('Acme Gateway Co., Ltd.');
  });
});

describe('language details', () => {
  it('Go: binds import aliases and default names, and tells crypto packages from look-alike packages', async () => {
    const src = 'package p\nimport (\n  myaes "example.com/aes"\n  "crypto/sha512"\n)\nfunc f() { myaes.NewCipher(k); sha512.Sum384(d) }\n';
    const r = await analyzeBlob(Buffer.from(src), 'go');
    expect(r.crypto.map((c) => c.algorithm)).toEqual(['SHA-384']);
  });

  it('C: SM2/SM3/SM4/SM9/ZUC from GmSSL and OpenSSL, mbedtls key sizes', async () => {
    const src = [
      'void f(void) {',
      '  sm3_init(&ctx);',
      '  sm9_sign_init(&sctx);',
      '  zuc256_init(&z, key, iv);',
      '  mbedtls_aes_setkey_enc(&aes, key, 256);',
      '  EVP_CIPHER_fetch(NULL, "SM4-GCM", NULL);',
      '  PKCS5_PBKDF2_HMAC(pw, n, salt, sn, 1000, EVP_sm3(), 32, out);',
      '  sha256_custom(data);',
      '}',
    ].join('\n');
    const r = await analyzeBlob(Buffer.from(src), 'c');
    expect(r.crypto.map((c) => `${c.line}:${c.algorithm}`)).toEqual(['2:SM3', '3:SM9', '4:ZUC-256', '5:AES-256', '6:SM4-GCM', '7:PBKDF2-HMAC-SM3']);
  });

  it('Rust: use aliases and nested use lists resolve', async () => {
    const src = 'use sha2::{Sha512 as S, digest::Digest};\nuse libsm::sm4::{Cipher, Mode};\nfn f() { let h = S::new(); let c = libsm::sm4::Cipher::new(&k, Mode::Cbc); }\n';
    const r = await analyzeBlob(Buffer.from(src), 'rust');
    expect(r.crypto.map((c) => c.algorithm)).toEqual(['SHA-512', 'SM4-CBC']);
  });

  it('Python: pycryptodome SM-less RSA key size and ECC curve', async () => {
    const src = 'from Crypto.PublicKey import RSA, ECC\nk = RSA.generate(3072)\ne = ECC.generate(curve="P-384")\n';
    const r = await analyzeBlob(Buffer.from(src), 'python');
    expect(r.crypto.map((c) => c.algorithm)).toEqual(['RSA-3072', 'ECDSA-P384']);
  });
});

describe('C headers', () => {
  it('reads a C++ header given as C with the C++ grammar when the C grammar trips', async () => {
    const src = '#include <openssl/evp.h>\nnamespace acme {\nclass Box { public: const EVP_MD *md() { return EVP_sm3(); } };\n}\n';
    const r = await analyzeBlob(Buffer.from(src), 'c');
    expect(r.issues).toEqual([]);
    expect(r.crypto.map((c) => `${c.line}:${c.algorithm}`)).toEqual(['3:SM3']);
  });
});
