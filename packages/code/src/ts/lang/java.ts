import { importsAnyOf, unquote, type Call, type LangContext, type LangSpec } from '../engine.js';
import type { TsNode } from '../loader.js';
import { addressFrom, jvmCrypto, lastSegment, listener, outbound } from '../shared.js';

const PLACEHOLDERS = new Set(['interpolation', 'interpolated_expression', 'interpolated_identifier', 'variable_name', 'template_substitution', 'dynamic_variable_name', 'member_access_expression', 'subscript_expression']);

/**
 * Concatenates a literal's fragments and escapes; interpolations become `{}` so URLs stay recognisable.
 * A literal with no fragment children (`""`, `@"x"`) falls back to stripping its quotes.
 */
export function fragmentsValue(node: TsNode, fragmentTypes: ReadonlySet<string>): string | undefined {
  let out = '';
  let saw = false;
  for (const c of node.namedChildren) {
    if (!c) continue;
    if (fragmentTypes.has(c.type)) {
      out += c.text;
      saw = true;
    } else if (c.type === 'escape_sequence') {
      const t = c.text;
      out += t === '\\n' ? '\n' : t === '\\t' ? '\t' : t.length === 2 ? t[1]! : t;
      saw = true;
    } else if (PLACEHOLDERS.has(c.type)) {
      out += '{}';
      saw = true;
    }
  }
  if (!saw) return unquote(node.text) ?? '';
  return out;
}

function javaImport(node: TsNode, ctx: LangContext): void {
  const text = node.text.replace(/^import\s+/, '').replace(/;\s*$/, '').replace(/\s+/g, ' ').trim();
  const isStatic = text.startsWith('static ');
  const name = (isStatic ? text.slice(7) : text).replace(/\s+/g, '');
  ctx.addImport(name, 'static', node);
  if (name.endsWith('.*')) return;
  ctx.bind(lastSegment(name), name);
}

const JVM_SERVER_CLASSES: Record<string, RegExp> = {
  'java.net.ServerSocket': /^(java\.net\.)?ServerSocket$/,
  'java.net.DatagramSocket': /^(java\.net\.)?DatagramSocket$/,
  'org.eclipse.jetty.server.Server': /^org\.eclipse\.jetty\.server\.Server$/,
};

function importsPrefix(ctx: LangContext, prefix: string): boolean {
  return importsAnyOf(ctx, [prefix]);
}

/** Listeners and outbound URLs in JVM code (Java and Kotlin). */
export function jvmEndpoints(call: Call, ctx: LangContext): void {
  const q = call.qualified;
  const fn = lastSegment(q);
  const args = call.args();
  for (const [api, re] of Object.entries(JVM_SERVER_CLASSES)) {
    if (re.test(q) && (call.isNew || /^[A-Z]/.test(fn))) {
      if (args.length > 0) listener(ctx, call, addressFrom(args), api);
      return;
    }
  }
  if (/^(com\.sun\.net\.httpserver\.)?Https?Server\.create$/.test(q) && args.length > 0) {
    listener(ctx, call, addressFrom(args), 'com.sun.net.httpserver.HttpServer.create');
    return;
  }
  if (fn === 'bind' && args.length > 0 && (importsPrefix(ctx, 'java.nio.channels') || importsPrefix(ctx, 'io.netty') || importsPrefix(ctx, 'java.net'))) {
    if (/InetSocketAddress|^\d+$/.test(args[0]!.text) || args[0]!.num !== undefined) listener(ctx, call, addressFrom(args), importsPrefix(ctx, 'io.netty') ? 'io.netty.bootstrap.ServerBootstrap.bind' : 'java.nio.channels.ServerSocketChannel.bind');
    return;
  }
  if (fn === 'listen' && importsPrefix(ctx, 'io.vertx') && args.length > 0 && (args[0]!.num !== undefined || /port/i.test(args[0]!.text))) {
    listener(ctx, call, addressFrom(args), 'io.vertx.core.http.HttpServer.listen');
    return;
  }
  if (fn === 'embeddedServer' && args.length > 0) {
    const port = args.find((a) => a.name === 'port');
    const host = args.find((a) => a.name === 'host');
    listener(ctx, call, port ? (host?.str ? `${host.str}:${port.num ?? port.text}` : String(port.num ?? port.text)) : undefined, 'io.ktor.server.engine.embeddedServer');
    return;
  }
  if (/^(java\.net\.)?URL$/.test(q) && (call.isNew || /^[A-Z]/.test(fn))) {
    outbound(ctx, call, 'java.net.URL');
    return;
  }
  if (/^(java\.net\.)?URI\.create$/.test(q) || /^(java\.net\.)?URI$/.test(q)) {
    outbound(ctx, call, 'java.net.URI');
    return;
  }
  if (fn === 'url' && importsPrefix(ctx, 'okhttp3')) outbound(ctx, call, 'okhttp3.Request.Builder.url');
}

const JAVA_FRAGMENTS = new Set(['string_fragment', 'multiline_string_fragment']);

export const java: LangSpec = {
  id: 'java',
  grammar: { module: 'tree-sitter-java', wasm: 'tree-sitter-java.wasm' },
  separators: /::/g,
  stringValue: (node) => fragmentsValue(node, JAVA_FRAGMENTS),
  stringTypes: new Set(['string_literal']),
  numberTypes: new Set(['decimal_integer_literal', 'hex_integer_literal', 'decimal_floating_point_literal']),
  onImport: javaImport,
  onCall(call, ctx) {
    if (jvmCrypto(call, ctx)) return;
    jvmEndpoints(call, ctx);
  },
};
