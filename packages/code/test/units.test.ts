import { describe, expect, it } from 'vitest';
import { normalizeAny, normalizeCipher, normalizeHash, normalizeSignature } from '../src/algorithms.js';
import { extractCopyright } from '../src/copyright.js';
import { channelOf, endpointsInLiteral, isHostname } from '../src/endpoints.js';
import { countLines } from '../src/lines.js';

describe('algorithm names', () => {
  it.each([
    ['aes-256-gcm', 'AES-256-GCM', 'block-cipher'],
    ['AES/CBC/PKCS5Padding', 'AES-CBC', 'block-cipher'],
    ['SM4/GCM/NoPadding', 'SM4-GCM', 'block-cipher'],
    ['sm4-cbc', 'SM4-CBC', 'block-cipher'],
    ['des-ede3-cbc', '3DES-CBC', 'block-cipher'],
    ['chacha20-poly1305', 'ChaCha20-Poly1305', 'stream-cipher'],
    ['ZUC-256', 'ZUC-256', 'stream-cipher'],
    ['zuc', 'ZUC', 'stream-cipher'],
    ['sha256', 'SHA-256', 'hash'],
    ['SHA3_512', 'SHA3-512', 'hash'],
    ['sm3', 'SM3', 'hash'],
    ['HmacSM3', 'HMAC-SM3', 'mac'],
    ['HMAC-SHA256', 'HMAC-SHA256', 'mac'],
    ['PBKDF2WithHmacSHA256', 'PBKDF2-HMAC-SHA256', 'kdf'],
    ['SHA256withRSA', 'RSA-SHA256', 'signature'],
    ['SM3withSM2', 'SM2', 'signature'],
    ['SHA384withECDSA', 'ECDSA-SHA384', 'signature'],
    ['RSA-OAEP', 'RSA', 'pke'],
    ['SM9', 'SM9', 'signature'],
    ['Ed25519', 'Ed25519', 'signature'],
  ])('%s → %s (%s)', (raw, algorithm, primitive) => {
    expect(normalizeAny(raw)).toMatchObject({ algorithm, primitive });
  });

  it.each(['aesthetic', 'smtp', 'cache-control', 'sm5', 'des-moines', 'hello world', 'rsa.pub', 'sha257', 'sm4-foo'])('%s is not an algorithm', (raw) => {
    expect(normalizeAny(raw)).toBeUndefined();
  });

  it('keeps key sizes and modes', () => {
    expect(normalizeCipher('aes-128-ctr')).toEqual({ algorithm: 'AES-128-CTR', family: 'AES', primitive: 'block-cipher', mode: 'CTR', keySize: 128 });
    expect(normalizeHash('SHA-512/256')).toEqual({ algorithm: 'SHA-512/256', family: 'SHA-2' });
    expect(normalizeSignature('ecdsa-with-SHA256')).toMatchObject({ algorithm: 'ECDSA-SHA256', family: 'EC' });
  });
});

describe('endpoints', () => {
  it('classifies channels by host and path keywords', () => {
    expect(channelOf('https://api.vendor.cn/v1/telemetry')).toBe('telemetry');
    expect(channelOf('https://update.vendor.cn/latest')).toBe('update');
    expect(channelOf('https://vendor.cn/admin/login')).toBe('admin');
    expect(channelOf('https://vendor.cn/license/verify')).toBe('license');
    expect(channelOf('https://app.launchdarkly.com/sdk')).toBe('feature-flag');
    expect(channelOf('http://localhost:9229/json')).toBe('debug');
    expect(channelOf('https://api.vendor.cn/orders')).toBe('other');
    expect(channelOf('https://vendor.cn/administrator-guide')).toBe('other');
  });

  it('accepts host names with a common TLD, rejects packages, files and versions', () => {
    expect(isHostname('api.vendor.cn')).toBe(true);
    expect(isHostname('telemetry.vendor.com:443')).toBe(true);
    expect(isHostname('vendor.com')).toBe(true);
    expect(isHostname('api.vendor.info')).toBe(true);
    for (const v of ['com.vendor.app', 'index.js', 'package.json', '1.2.3.4', 'a.b', 'org.apache.commons', 'README.md', 'example.com', 'logger.info', 'libssl.so', 'build.sh', 'main.cc', 'config.in', 'user.group']) expect(isHostname(v), v).toBe(false);
  });

  it('finds URLs inside longer strings, but not XML namespaces', () => {
    expect(endpointsInLiteral('see https://status.vendor.cn/health for details', 3, 7)).toEqual([
      { kind: 'outbound-url', value: 'https://status.vendor.cn/health', channel: 'other', line: 3, column: 7 },
    ]);
    expect(endpointsInLiteral('http://www.w3.org/2000/svg', 1, 1)).toEqual([]);
    expect(endpointsInLiteral('http://schemas.xmlsoap.org/soap/envelope/', 1, 1)).toEqual([]);
  });
});

describe('copyright', () => {
  it('reads holders and years from common notices in the first 50 lines', () => {
    const text = [
      '/*',
      ' * Copyright (c) 2019-2024 Acme Ltd. All rights reserved.',
      ' * (C) 2020, Beta GmbH',
      ' * 版权所有 (C) 2023 某某信息技术有限公司',
      ' * © 2021 Gamma Inc.',
      ' * Licensed under the Apache License; see the copyright notice.',
      ' */',
    ].join('\n');
    expect(extractCopyright(text)).toEqual([
      { holder: 'Acme Ltd.', years: '2019-2024', line: 2 },
      { holder: 'Beta GmbH', years: '2020', line: 3 },
      { holder: '某某信息技术有限公司', years: '2023', line: 4 },
      { holder: 'Gamma Inc.', years: '2021', line: 5 },
    ]);
  });

  it('ignores notices after line 50 and sentences about copyright', () => {
    const text = `${'x\n'.repeat(60)}// Copyright 2020 Late Corp\n`;
    expect(extractCopyright(text)).toEqual([]);
    expect(extractCopyright('// This copyright notice must be kept\n')).toEqual([]);
  });
});

describe('line counts', () => {
  it('separates code, comment and blank lines per language', () => {
    expect(countLines('a = 1\n\n# comment\nb = "#not"  # trailing\n"""doc\nstring"""\n', 'python')).toEqual({ code: 4, blank: 1, comment: 1 });
    expect(countLines('/* a\n * b */\nint x; // c\n\nconst char *s = "/* no */";\n', 'c')).toEqual({ code: 2, blank: 1, comment: 2 });
    expect(countLines('', 'javascript')).toEqual({ code: 0, blank: 0, comment: 0 });
    expect(countLines('x', 'go')).toEqual({ code: 1, blank: 0, comment: 0 });
  });
});
