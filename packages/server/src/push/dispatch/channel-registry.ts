/**
 * Builds and caches one channel client per (app, channel, environment) from the stored credential. The sealed
 * secret is opened only here. A client is rebuilt when its credential row changes (`updated_at`) or the app's
 * bundle id / package name does; the replaced one is closed after a short delay so sends already on it can
 * finish.
 */
import type { ChannelId, PushChannel, PushEnvironment } from '@herald/channels';
import type { ServerContext } from '../../context.ts';
import type { ChannelDriver, DriverDeps } from '../channels/channel-driver.ts';
import { channelDriver } from '../channels/channel-drivers.ts';
import { driverDepsOf } from '../channels/driver-deps.ts';

/** A channel client and the meta of the credential it was built from (ids, options such as Huawei's badgeClass). */
export interface RegisteredChannel {
  client: PushChannel;
  meta: Record<string, unknown>;
}

export interface ChannelRegistry {
  /** The app's client of the channel for the environment, or null when no credential is configured. */
  get(accessId: number, channel: ChannelId, environment: PushEnvironment): Promise<RegisteredChannel | null>;
  closeAll(): Promise<void>;
}

interface Entry extends RegisteredChannel {
  version: string;
}

/** How long a replaced channel stays open for sends already using it. */
const RETIRE_DELAY_MS = 30_000;

/** The environment a credential is stored under: only APNs keeps one per environment. */
export function credentialEnvironment(driver: ChannelDriver, environment: PushEnvironment): PushEnvironment {
  return driver.environmentScoped ? environment : 'product';
}

export function createChannelRegistry(ctx: ServerContext, deps: DriverDeps = driverDepsOf(ctx)): ChannelRegistry {
  const entries = new Map<string, Entry>();
  const building = new Map<string, Promise<RegisteredChannel | null>>();
  const retiring = new Set<{ timer: NodeJS.Timeout; channel: PushChannel }>();

  function retire(channel: PushChannel): void {
    const item = {
      channel,
      timer: setTimeout(() => {
        retiring.delete(item);
        void channel.close().catch((err: unknown) => ctx.logger.warn({ err, channel: channel.id }, 'closing a replaced channel failed'));
      }, RETIRE_DELAY_MS),
    };
    item.timer.unref();
    retiring.add(item);
  }

  async function build(accessId: number, driver: ChannelDriver, environment: PushEnvironment, key: string): Promise<RegisteredChannel | null> {
    const app = await ctx.store.db.selectFrom('app').selectAll().where('access_id', '=', accessId).executeTakeFirst();
    const row = app === undefined
      ? undefined
      : await ctx.store.db
        .selectFrom('credential')
        .select(['secret_sealed', 'meta_json', 'updated_at', 'credential_id'])
        .where('access_id', '=', accessId)
        .where('channel', '=', driver.id)
        .where('environment', '=', credentialEnvironment(driver, environment))
        .executeTakeFirst();
    const current = entries.get(key);
    if (app === undefined || row === undefined) {
      if (current !== undefined) {
        entries.delete(key);
        retire(current.client);
      }
      return null;
    }
    const version = `${row.credential_id}:${row.updated_at}:${app.bundle_id}`;
    if (current?.version === version) return current;

    const secret = JSON.parse(ctx.secretBox.open(row.secret_sealed)) as Record<string, unknown>;
    const entry: Entry = { version, client: driver.createChannel(secret, app, environment, deps), meta: JSON.parse(row.meta_json) as Record<string, unknown> };
    entries.set(key, entry);
    if (current !== undefined) retire(current.client);
    return entry;
  }

  return {
    get(accessId, channelId, environment) {
      const driver = channelDriver(channelId);
      if (driver === undefined) return Promise.resolve(null);
      const key = `${accessId}:${channelId}:${credentialEnvironment(driver, environment)}`;
      // One lookup per key at a time: concurrent jobs of one app share the channel being built.
      const pending = building.get(key);
      if (pending !== undefined) return pending;
      const p = build(accessId, driver, environment, key).finally(() => building.delete(key));
      building.set(key, p);
      return p;
    },
    async closeAll() {
      const channels = [...entries.values()].map((e) => e.client);
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
