import { isVendoredPath } from '@shencha/core';
import type { UsageIndex } from '@shencha/code';

/**
 * The remote-channel register (DOMAIN.md, Art. 10(1)): every listener, outbound URL and hostname the
 * first-party code names, with the kind of channel (admin, update/OTA, telemetry, licence server,
 * feature flag, debug) the code stage recognised, and the place in the code.
 */
export interface RemoteChannel {
  kind: 'listener' | 'outbound-url' | 'hostname';
  channel: string;
  value: string;
  host?: string;
  api?: string;
  path: string;
  line: number;
  column: number;
}

export interface RemoteChannelRegister {
  schemaVersion: 1;
  channels: RemoteChannel[];
  summary: { listeners: number; outbound: number; hosts: string[]; byChannel: Record<string, number> };
}

export function hostOfEndpoint(value: string): string | undefined {
  const m = /^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:[^@/\s]+@)?(\[[^\]]+\]|[^/:?#\s]+)/i.exec(value.trim());
  const h = m?.[1]?.toLowerCase();
  return h && /[a-z0-9]/.test(h) ? h : undefined;
}

export function remoteChannels(usage: UsageIndex): RemoteChannelRegister {
  const channels: RemoteChannel[] = [];
  for (const f of usage.files) {
    if (isVendoredPath(f.path)) continue;
    for (const e of f.endpoints) {
      const ch: RemoteChannel = { kind: e.kind, channel: e.channel ?? 'other', value: e.value, path: f.path, line: e.line, column: e.column };
      if (e.kind !== 'listener') {
        const host = hostOfEndpoint(e.value);
        if (host) ch.host = host;
      }
      if (e.api) ch.api = e.api;
      channels.push(ch);
    }
  }
  channels.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || a.column - b.column || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0)));
  const byChannel: Record<string, number> = {};
  for (const c of channels) byChannel[c.channel] = (byChannel[c.channel] ?? 0) + 1;
  return {
    schemaVersion: 1,
    channels,
    summary: {
      listeners: channels.filter((c) => c.kind === 'listener').length,
      outbound: channels.filter((c) => c.kind !== 'listener').length,
      hosts: [...new Set(channels.map((c) => c.host).filter((h): h is string => !!h))].sort(),
      byChannel: Object.fromEntries(Object.entries(byChannel).sort(([a], [b]) => (a < b ? -1 : 1))),
    },
  };
}
