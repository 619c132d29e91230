import type { Component } from '@shencha/core';
import { componentKey } from './match.js';

/**
 * Maps an import specifier (as the code stage found it) to inventory components, per language.
 * Resolution is by registry naming conventions only: it never reads installed packages.
 */

const NODE_BUILTINS = new Set([
  'assert', 'async_hooks', 'buffer', 'child_process', 'cluster', 'console', 'constants', 'crypto', 'dgram', 'diagnostics_channel',
  'dns', 'domain', 'events', 'fs', 'http', 'http2', 'https', 'inspector', 'module', 'net', 'os', 'path', 'perf_hooks', 'process',
  'punycode', 'querystring', 'readline', 'repl', 'stream', 'string_decoder', 'sys', 'timers', 'tls', 'trace_events', 'tty', 'url',
  'util', 'v8', 'vm', 'wasi', 'worker_threads', 'zlib', 'test',
]);

/** Python import name → distribution name where the two differ (the common cases). */
const PY_MODULE_TO_DIST: Record<string, string> = {
  yaml: 'pyyaml', cv2: 'opencv-python', crypto: 'pycryptodome', cryptodome: 'pycryptodomex', sklearn: 'scikit-learn', pil: 'pillow',
  jwt: 'pyjwt', openssl: 'pyopenssl', dateutil: 'python-dateutil', bs4: 'beautifulsoup4', dotenv: 'python-dotenv', gmssl: 'gmssl',
  nacl: 'pynacl', magic: 'python-magic', jose: 'python-jose', google: 'protobuf', attr: 'attrs', paddle: 'paddlepaddle',
  mindspore: 'mindspore', snowflake: 'snowflake-connector-python', psycopg2: 'psycopg2-binary', mysqldb: 'mysqlclient', zmq: 'pyzmq',
  serial: 'pyserial', usb: 'pyusb', ldap: 'python-ldap', kazoo: 'kazoo', redis: 'redis', oss2: 'oss2', aliyunsdkcore: 'aliyun-python-sdk-core',
  tencentcloud: 'tencentcloud-sdk-python', huaweicloudsdkcore: 'huaweicloudsdkcore', qcloud_cos: 'cos-python-sdk-v5',
};

interface Entry {
  key: string;
  bomRef: string;
}

export class ImportResolver {
  private readonly byType = new Map<string, Entry[]>();
  private readonly exact = new Map<string, string[]>();

  constructor(components: readonly Component[]) {
    for (const c of components) {
      if (c.firstParty) continue;
      const ck = componentKey(c);
      const e = { key: ck.key.toLowerCase(), bomRef: c.bomRef };
      const list = this.byType.get(ck.type) ?? [];
      list.push(e);
      this.byType.set(ck.type, list);
      const ex = this.exact.get(`${ck.type}:${e.key}`) ?? [];
      ex.push(c.bomRef);
      this.exact.set(`${ck.type}:${e.key}`, ex);
    }
  }

  private lookup(type: string, key: string): string[] {
    return this.exact.get(`${type}:${key.toLowerCase()}`) ?? [];
  }

  /** Longest entry key of a type that prefixes `path` at a separator. */
  private longestPrefix(type: string, path: string, sep: string, keyPart: (k: string) => string = (k) => k): string[] {
    const p = path.toLowerCase();
    let bestLen = -1;
    let best: string[] = [];
    for (const e of this.byType.get(type) ?? []) {
      const k = keyPart(e.key);
      if (k === '' || !(p === k || p.startsWith(k + sep))) continue;
      if (k.length > bestLen) {
        bestLen = k.length;
        best = [e.bomRef];
      } else if (k.length === bestLen) best.push(e.bomRef);
    }
    return best;
  }

  resolve(specifier: string, language: string): string[] {
    const s = specifier.trim();
    if (s === '') return [];
    switch (language) {
      case 'javascript':
      case 'typescript':
      case 'tsx': {
        if (s.startsWith('.') || s.startsWith('/') || s.startsWith('node:') || s.startsWith('#')) return [];
        const parts = s.split('/');
        const pkg = s.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? '');
        if (NODE_BUILTINS.has(pkg)) return [];
        return this.lookup('npm', pkg);
      }
      case 'python': {
        if (s.startsWith('.')) return [];
        const top = (s.split('.')[0] ?? '').toLowerCase();
        const dist = PY_MODULE_TO_DIST[top] ?? top;
        const norm = dist.replace(/[-_.]+/g, '-');
        const hit = this.lookup('pypi', norm);
        return hit.length > 0 ? hit : this.lookup('pypi', `python-${norm}`);
      }
      case 'java':
      case 'kotlin':
      case 'scala':
      case 'groovy':
        // An import names a Java package; the artifact whose groupId is its longest prefix provides it.
        return this.longestPrefix('maven', s.replace(/\.\*$/, ''), '.', (k) => k.split(':')[0] ?? '');
      case 'go':
        return this.longestPrefix('golang', s, '/');
      case 'rust': {
        const crate = (s.replace(/^::/, '').split('::')[0] ?? '').replace(/_/g, '-');
        if (['std', 'core', 'alloc', 'crate', 'self', 'super'].includes(crate)) return [];
        const hit = this.lookup('cargo', crate);
        return hit.length > 0 ? hit : this.lookup('cargo', crate.replace(/-/g, '_'));
      }
      case 'csharp':
        return this.longestPrefix('nuget', s, '.');
      case 'ruby':
        return this.lookup('gem', s.split('/')[0] ?? '');
      case 'php': {
        // PSR-4 namespaces rarely equal package names; match `Vendor\Package` to `vendor/package`.
        const parts = s.replace(/^\\/, '').split('\\');
        if (parts.length < 2) return [];
        return this.lookup('composer', `${parts[0]}/${parts[1]}`.toLowerCase());
      }
      case 'c':
      case 'cpp': {
        const first = (s.replace(/^[<"]|[>"]$/g, '').split('/')[0] ?? '').replace(/\.h(pp)?$/, '');
        for (const t of ['conan', 'generic']) {
          const hit = this.lookup(t, first);
          if (hit.length > 0) return hit;
        }
        return [];
      }
      default:
        return [];
    }
  }

  /** A crypto fact's `library` (a package name or a standard library) → components. */
  resolveLibrary(library: string, language: string): string[] {
    if (library.startsWith('node:') || ['jdk', 'go-stdlib', 'stdlib', 'webcrypto', 'dotnet', 'python-stdlib'].includes(library)) return [];
    const viaLanguage = this.resolve(library, language);
    if (viaLanguage.length > 0) return viaLanguage;
    for (const t of ['npm', 'maven', 'golang', 'pypi', 'cargo', 'nuget', 'composer', 'gem', 'conan', 'generic']) {
      const hit = this.lookup(t, t === 'pypi' ? library.toLowerCase().replace(/[-_.]+/g, '-') : library);
      if (hit.length > 0) return hit;
    }
    return [];
  }
}
