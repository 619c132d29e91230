import { describe, expect, it } from 'vitest';
import { analyzeBlob } from '../src/index.js';
import { analyzeFixture, linesWith } from './helpers.js';

describe('JavaScript / TypeScript', () => {
  it('finds node:crypto, WebCrypto and sm-crypto calls with normalised algorithms', async () => {
    const r = await analyzeFixture('javascript/crypto.js', 'javascript');
    expect(r.parsed).toBe(true);
    const algs = r.crypto.map((c) => `${c.line}:${c.algorithm}:${c.api}`);
    expect(algs).toEqual([
      '12:AES-256-GCM:node:crypto.createCipheriv',
      '16:SHA-256:node:crypto.createHash',
      '17:HMAC-SM3:node:crypto.createHmac',
      '18:SM2:sm-crypto.sm2.doSignature',
      '19:SM2:sm-crypto.sm2.doEncrypt',
      '20:SM3:sm-crypto.sm3',
      '21:SM4-CBC:sm-crypto.sm4.encrypt',
      '22:SM4-ECB:sm-crypto.sm4.decrypt',
      '23:RSA-2048:node:crypto.generateKeyPair',
      '24:ECDSA-P256:node:crypto.generateKeyPairSync',
      '25:PBKDF2-HMAC-SHA512:node:crypto.pbkdf2Sync',
      '26:AES-GCM:node:crypto.subtle.encrypt',
      '27:SHA-384:crypto.subtle.digest',
    ]);
    const aes = r.crypto[0]!;
    expect(aes).toMatchObject({ family: 'AES', primitive: 'block-cipher', mode: 'GCM', keySize: 256, library: 'node:crypto', column: 18 });
    expect(r.crypto.find((c) => c.algorithm === 'SM2' && c.primitive === 'pke')).toBeDefined();
  });

  it('does not take identifiers or unrelated strings for crypto (a variable named aes is not a cipher)', async () => {
    const r = await analyzeFixture('javascript/crypto.js', 'javascript');
    const start = linesWith('javascript/crypto.js', 'Look-alikes')[0]!;
    const end = linesWith('javascript/crypto.js', "const label = 'sha1'")[0]!;
    expect(r.crypto.filter((c) => c.line >= start && c.line <= end)).toEqual([]);
  });

  it('reports listeners, outbound URLs with channels and host names, not namespaces or file names', async () => {
    const r = await analyzeFixture('javascript/crypto.js', 'javascript');
    const eps = r.endpoints.map((e) => `${e.kind}|${e.value}|${e.channel ?? ''}|${e.api ?? ''}`);
    expect(eps).toEqual([
      'listener|8080||node:http.createServer().listen',
      'outbound-url|https://telemetry.acme-gateway.cn/v1/collect|telemetry|fetch',
      'outbound-url|https://update.acme-gateway.cn/releases/latest.json|update|axios.get',
      'hostname|license.acme-gateway.cn|license|',
    ]);
  });

  it('reports require, dynamic import, copyright and line counts', async () => {
    const r = await analyzeFixture('javascript/crypto.js', 'javascript');
    expect(r.imports.map((i) => `${i.kind}:${i.specifier}`)).toEqual([
      'require:node:crypto', 'require:crypto', 'require:sm-crypto', 'require:http', 'require:axios', 'dynamic:./lazy.js',
    ]);
    expect(r.copyright).toEqual([{ holder: 'Acme Gateway Co., Ltd.', years: '2021-2024', line: 1 }]);
    expect(r.lines).toEqual({ code: 35, blank: 4, comment: 4 });
  });

  it('tells type-only imports, re-exports, import-equals and import types apart', async () => {
    const r = await analyzeFixture('typescript/imports.ts', 'typescript');
    expect(r.parsed).toBe(true);
    expect(r.imports.map((i) => `${i.kind}:${i.specifier}`)).toEqual([
      'type-only:./types.js',
      'static:./bar.js',
      'type-only:./only-type.js',
      'static:gm-crypto',
      'static:express',
      're-export:./thing.js',
      're-export:./all.js',
      'type-only:./t.js',
      'require:fs',
      'type-only:./lazy-type.js',
      'dynamic:./dynamic.js',
    ]);
    expect(r.copyright).toEqual([{ holder: '深圳市某某科技有限公司', years: '2023', line: 2 }]);
  });

  it('resolves gm-crypto through a namespace import and destructuring; express app.listen is a listener', async () => {
    const r = await analyzeFixture('typescript/imports.ts', 'typescript');
    expect(r.crypto.map((c) => `${c.algorithm}:${c.api}`)).toEqual([
      'SM4-CBC:gm-crypto.SM4.encrypt',
      'SM3:gm-crypto.SM3.digest',
      'SM2:gm-crypto.SM2.sign',
      'ECDSA-P256:crypto.subtle.generateKey',
    ]);
    expect(r.endpoints).toEqual([expect.objectContaining({ kind: 'listener', value: 'port', api: 'express().listen' })]);
  });

  it('reports a syntax error as CODE_PARSE_ERROR with its position, and keeps line counts', async () => {
    const r = await analyzeBlob(Buffer.from("const a = 1;\nfunction (\n  'x'\n"), 'javascript');
    expect(r.parsed).toBe(false);
    expect(r.issues[0]).toMatchObject({ code: 'CODE_PARSE_ERROR', line: 2 });
    expect(r.lines.code).toBe(3);
  });

  it('skips minified bundles with CODE_MINIFIED_SKIPPED', async () => {
    const line = `var a=require("crypto").createHash("md5");${'x=1;'.repeat(3000)}\n`;
    const r = await analyzeBlob(Buffer.from(line), 'javascript');
    expect(r.minified).toBe(true);
    expect(r.parsed).toBe(false);
    expect(r.crypto).toEqual([]);
    expect(r.issues.map((i) => i.code)).toEqual(['CODE_MINIFIED_SKIPPED']);
  });

  it('handles require chains, crypto-js, jsonwebtoken and aliases', async () => {
    const src = [
      "import CryptoJS from 'crypto-js';",
      "import jwt from 'jsonwebtoken';",
      "const md5 = require('crypto').createHash('md5');",
      "CryptoJS.AES.encrypt('m', 'k', { mode: CryptoJS.mode.ECB });",
      "CryptoJS.HmacSHA256('m', 'k');",
      "jwt.sign(payload, key, { algorithm: 'ES256' });",
      "const c = crypto;",
      "c.subtle.importKey('raw', k, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);",
    ].join('\n');
    const r = await analyzeBlob(Buffer.from(src), 'typescript');
    expect(r.crypto.map((c) => `${c.line}:${c.algorithm}`)).toEqual(['3:MD5', '4:AES-ECB', '5:HMAC-SHA256', '6:ECDSA-P256', '8:HMAC-SHA256']);
  });

  it('does not take SM look-alikes from other modules or log strings for crypto', async () => {
    const src = [
      "const sm4 = require('./my-sm4');",
      "import { sm3 } from './hash-utils';",
      "sm4.encrypt('data', key, { mode: 'cbc' });",
      "sm3('abc');",
      "console.log('SM4-CBC with SM3 and aes-256-gcm');",
      "const createHash = (x) => x; createHash('sha256');",
    ].join('\n');
    const r = await analyzeBlob(Buffer.from(src), 'javascript');
    expect(r.crypto).toEqual([]);
    expect(r.imports.map((i) => i.specifier)).toEqual(['./my-sm4', './hash-utils']);
  });

  it('reports listeners of node:net, Deno, Bun, ws and fastify, and not .listen() of other objects', async () => {
    const src = [
      "import net from 'node:net';",
      "import Fastify from 'fastify';",
      "import { WebSocketServer } from 'ws';",
      "net.createServer((s) => s.end()).listen(9000, '0.0.0.0');",
      "Deno.serve({ port: 8000 }, handler);",
      "Bun.serve({ port: 3000, fetch });",
      "const wss = new WebSocketServer({ port: 8081 });",
      "const app = Fastify();",
      "await app.listen({ port: 3001, host: '::' });",
    ].join('\n');
    const r = await analyzeBlob(Buffer.from(src), 'typescript');
    expect(r.endpoints.map((e) => `${e.line}:${e.kind}:${e.value}:${e.api}`)).toEqual([
      '4:listener:0.0.0.0:9000:node:net.createServer().listen',
      '5:listener:8000:Deno.serve',
      '6:listener:3000:Bun.serve',
      '7:listener:8081:ws.WebSocketServer',
      '9:listener:[::]:3001:fastify().listen',
    ]);
    const other = await analyzeBlob(Buffer.from("const bus = makeBus();\nbus.listen('event');\nchannel.listen(5);\n"), 'javascript');
    expect(other.endpoints).toEqual([]);
  });
});
