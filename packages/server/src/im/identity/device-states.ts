/**
 * Device states as Tencent reports them. Stored states are Herald's finer ones ('online', 'background',
 * 'push_online', 'offline'); Tencent's `query_online_status` knows three: Online (connected, foreground),
 * PushOnline (connected in the background, or disconnected while still logged in) and Offline. A device left in
 * PushOnline for 7 days without logging in again is Offline (Tencent's rule), read here without a sweeper.
 */
import type { ServerContext } from '../../context.ts';

export type ImStatus = 'Online' | 'PushOnline' | 'Offline';

export const PUSH_ONLINE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface DeviceState {
  deviceId: string;
  /** As the device reported it at login ('ios', 'android', 'web', …). */
  platform: string;
  /** The stored state. */
  state: string;
  /** Tencent's status of this device at `now`. */
  status: ImStatus;
  stateChangedAt: number;
}

/** Every requested UserID maps to its devices (an empty list when it has none). */
export async function readDeviceStates(ctx: ServerContext, sdkAppId: number, userIds: readonly string[], now: number): Promise<Map<string, DeviceState[]>> {
  const states = new Map<string, DeviceState[]>();
  const unique = [...new Set(userIds)];
  for (const userId of unique) states.set(userId, []);
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await ctx.store.db.selectFrom('im_device')
      .select(['user_id', 'device_id', 'platform', 'state', 'state_changed_at'])
      .where('sdk_app_id', '=', sdkAppId).where('user_id', 'in', unique.slice(i, i + 500))
      .orderBy('user_id').orderBy('device_id')
      .execute();
    for (const row of rows) {
      const stateChangedAt = Number(row.state_changed_at);
      states.get(row.user_id)?.push({
        deviceId: row.device_id, platform: row.platform, state: row.state, stateChangedAt,
        status: toImStatus(row.state, stateChangedAt, now),
      });
    }
  }
  return states;
}

export function toImStatus(state: string, stateChangedAt: number, now: number): ImStatus {
  if (state === 'online') return 'Online';
  if (state === 'background') return 'PushOnline';
  if (state === 'push_online') return now - stateChangedAt >= PUSH_ONLINE_TTL_MS ? 'Offline' : 'PushOnline';
  return 'Offline';
}

/** A user is Online if any device is, else PushOnline if any device is, else Offline. */
export function userImStatus(devices: readonly DeviceState[]): ImStatus {
  if (devices.some((d) => d.status === 'Online')) return 'Online';
  if (devices.some((d) => d.status === 'PushOnline')) return 'PushOnline';
  return 'Offline';
}
