/**
 * Persists device states in `im_device`. Updates made on behalf of a connection are guarded by the login they
 * belong to (`logged_in_at` and the node), so a late disconnect of a replaced connection cannot overwrite the
 * state of the login that replaced it.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import type { DeviceState } from './device-state.ts';

export interface DeviceKey {
  sdkAppId: number;
  userId: string;
  deviceId: string;
}

export interface DeviceInfo {
  deviceId: string;
  platform: string;
  state: DeviceState;
  stateChangedAt: number;
}

/** Identifies one login of a device: the update applies only while that login is the current one. */
export interface LoginGuard {
  loggedInAt: number;
  nodeId: string;
}

export interface DevicePresence {
  /** Records a login: the device row is created or replaced, connected to `nodeId`. */
  recordLogin(key: DeviceKey, o: { platform: string; state: DeviceState; nodeId: string; now: number }): Promise<void>;
  /** Moves the device to `state`; `nodeId` null when it is no longer connected. False when the guard failed. */
  setState(key: DeviceKey, state: DeviceState, o: { now: number; nodeId: string | null; guard?: LoginGuard }): Promise<boolean>;
  get(key: DeviceKey): Promise<DeviceInfo | undefined>;
  /** Every device of the user that is not offline. */
  listActive(user: { sdkAppId: number; userId: string }): Promise<DeviceInfo[]>;
}

export function createDevicePresence(db: Kysely<Database>): DevicePresence {
  const base = (key: DeviceKey) =>
    db.updateTable('im_device')
      .where('sdk_app_id', '=', key.sdkAppId)
      .where('user_id', '=', key.userId)
      .where('device_id', '=', key.deviceId);

  return {
    async recordLogin(key, o) {
      await db.insertInto('im_device')
        .values({
          sdk_app_id: key.sdkAppId,
          user_id: key.userId,
          device_id: key.deviceId,
          platform: o.platform,
          state: o.state,
          node_id: o.nodeId,
          logged_in_at: o.now,
          state_changed_at: o.now,
          last_seen_at: o.now,
        })
        .onConflict((oc) => oc.columns(['sdk_app_id', 'user_id', 'device_id']).doUpdateSet({
          platform: o.platform,
          state: o.state,
          node_id: o.nodeId,
          logged_in_at: o.now,
          state_changed_at: o.now,
          last_seen_at: o.now,
        }))
        .execute();
    },

    async setState(key, state, o) {
      let query = base(key).set({ state, node_id: o.nodeId, state_changed_at: o.now, last_seen_at: o.now });
      if (o.guard !== undefined) {
        query = query.where('logged_in_at', '=', o.guard.loggedInAt).where('node_id', '=', o.guard.nodeId);
      }
      const result = await query.executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async get(key) {
      const row = await db.selectFrom('im_device')
        .select(['device_id', 'platform', 'state', 'state_changed_at'])
        .where('sdk_app_id', '=', key.sdkAppId)
        .where('user_id', '=', key.userId)
        .where('device_id', '=', key.deviceId)
        .executeTakeFirst();
      return row === undefined ? undefined : toInfo(row);
    },

    async listActive(user) {
      const rows = await db.selectFrom('im_device')
        .select(['device_id', 'platform', 'state', 'state_changed_at'])
        .where('sdk_app_id', '=', user.sdkAppId)
        .where('user_id', '=', user.userId)
        .where('state', '!=', 'offline')
        .orderBy('device_id')
        .execute();
      return rows.map(toInfo);
    },
  };
}

function toInfo(row: { device_id: string; platform: string; state: string; state_changed_at: number | string }): DeviceInfo {
  return { deviceId: row.device_id, platform: row.platform, state: row.state as DeviceState, stateChangedAt: Number(row.state_changed_at) };
}
