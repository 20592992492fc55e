/**
 * Builds and caches one APNs channel per (app, environment) from the stored credential. The sealed secret is
 * opened only here. A channel is rebuilt when its credential row changes (`updated_at`) or the app's bundle id
 * does; the replaced one is closed after a short delay so sends already on it can finish.
 */
import { readFileSync } from 'node:fs';
import { createApnsChannel, type ApnsCredential } from '@herald/channels/apns';
import type { ChannelObserver, PushChannel, PushEnvironment } from '@herald/channels';
import type { ServerContext } from '../../context.ts';

export interface ChannelRegistry {
  /** The app's APNs channel for the environment, or null when no credential is configured. */
  get(accessId: number, environment: PushEnvironment): Promise<PushChannel | null>;
  closeAll(): Promise<void>;
}

interface Entry {
  version: string;
  channel: PushChannel;
}

/** How long a replaced channel stays open for sends already using it. */
const RETIRE_DELAY_MS = 30_000;

export function createChannelRegistry(ctx: ServerContext): ChannelRegistry {
  const ca = ctx.config.apnsCaFile === undefined ? undefined : readFileSync(ctx.config.apnsCaFile, 'utf8');
  const entries = new Map<string, Entry>();
  const building = new Map<string, Promise<PushChannel | null>>();
  const retiring = new Set<{ timer: NodeJS.Timeout; channel: PushChannel }>();
  const observer: ChannelObserver = {
    onVendorResponse(channel, status, _reason, seconds) {
      ctx.metrics.vendorLatency.observe({ channel, status: String(status) }, seconds);
    },
    onLimited(channel, kind) {
      ctx.metrics.limited.inc({ channel, kind });
    },
  };

  function retire(channel: PushChannel): void {
    const item = {
      channel,
      timer: setTimeout(() => {
        retiring.delete(item);
        void channel.close().catch((err: unknown) => ctx.logger.warn({ err }, 'closing a replaced APNs channel failed'));
      }, RETIRE_DELAY_MS),
    };
    item.timer.unref();
    retiring.add(item);
  }

  async function build(accessId: number, environment: PushEnvironment, key: string): Promise<PushChannel | null> {
    const row = await ctx.store.db
      .selectFrom('credential as c')
      .innerJoin('app as a', 'a.access_id', 'c.access_id')
      .select(['c.kind', 'c.secret_sealed', 'c.updated_at', 'c.credential_id', 'a.bundle_id'])
      .where('c.access_id', '=', accessId)
      .where('c.channel', '=', 'apns')
      .where('c.environment', '=', environment)
      .executeTakeFirst();
    const current = entries.get(key);
    if (row === undefined) {
      if (current !== undefined) {
        entries.delete(key);
        retire(current.channel);
      }
      return null;
    }
    const version = `${row.credential_id}:${row.updated_at}:${row.bundle_id}`;
    if (current?.version === version) return current.channel;

    const secret = JSON.parse(ctx.secretBox.open(row.secret_sealed)) as Record<string, string>;
    const credential: ApnsCredential =
      row.kind === 'p8'
        ? { kind: 'p8', keyId: secret['keyId'] ?? '', teamId: secret['teamId'] ?? '', privateKeyPem: secret['privateKeyPem'] ?? '', bundleId: row.bundle_id }
        : { kind: 'p12', keyPem: secret['keyPem'] ?? '', certPem: secret['certPem'] ?? '', bundleId: row.bundle_id };
    const channel = createApnsChannel({
      credential,
      environment,
      baseUrl: environment === 'product' ? ctx.config.apnsProductUrl : ctx.config.apnsDevUrl,
      ...(ca !== undefined ? { ca } : {}),
      sessions: ctx.config.apnsSessions,
      maxInFlight: ctx.config.apnsMaxInFlight,
      clock: () => ctx.clock.now(),
      observer,
    });
    entries.set(key, { version, channel });
    if (current !== undefined) retire(current.channel);
    return channel;
  }

  return {
    get(accessId, environment) {
      const key = `${accessId}:${environment}`;
      // One lookup per key at a time: concurrent jobs of one app share the channel being built.
      const pending = building.get(key);
      if (pending !== undefined) return pending;
      const p = build(accessId, environment, key).finally(() => building.delete(key));
      building.set(key, p);
      return p;
    },
    async closeAll() {
      const channels = [...entries.values()].map((e) => e.channel);
      entries.clear();
      for (const item of retiring) {
        clearTimeout(item.timer);
        channels.push(item.channel);
      }
      retiring.clear();
      await Promise.allSettled(channels.map((c) => c.close()));
    },
  };
}
