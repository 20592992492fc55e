/** The session ops of docs/protocol.md §3: login, logout, ping, getServerTime, setAppState, kickDevice. */
import { heraldError } from '@herald/protocol';
import { PLATFORMS, type AppState } from '../../im/presence/device-state.ts';
import { optionalEnum, requireEnum, requireId, requireString, requireStringAllowEmpty } from '../op-args.ts';
import type { OpData, OpModule } from '../op-registry.ts';
import { setOfflinePushBadge } from '../../im/offline-push-config/push-badge.ts';
import { optionalInt, runLoginSync } from './message-ops.ts';

const APP_STATES: readonly AppState[] = ['foreground', 'background'];
const MAX_DEVICE_ID = 128;
/** Bounds the reported unread count; an icon shows nothing different for more. */
const MAX_BADGE = 99_999;
const MAX_USER_ID = 32;
/** verifyUserSig bounds the real size; this only keeps absurd frames from reaching it. */
const MAX_USER_SIG = 8192;

/**
 * `sync` of login (docs/protocol.md §7): `{inboxSeq: N}` = everything after N (0 = everything), `{fresh: true}` = a
 * device that never synced (no backlog, just the cursor). Exactly one form; undefined when the client asked for no sync.
 */
function readSyncArgument(data: OpData): number | 'fresh' | undefined {
  const sync = data['sync'];
  if (sync === undefined || sync === null) return undefined;
  if (typeof sync !== 'object' || Array.isArray(sync)) throw heraldError('REQUEST_PARAM_INVALID', 'sync must be {inboxSeq} or {fresh: true}');
  const fields = sync as Record<string, unknown>;
  const keys = Object.keys(fields).filter((k) => fields[k] !== undefined);
  if (keys.length === 1 && keys[0] === 'fresh') {
    if (fields['fresh'] !== true) throw heraldError('REQUEST_PARAM_INVALID', 'sync.fresh must be true');
    return 'fresh';
  }
  if (keys.length !== 1 || keys[0] !== 'inboxSeq') throw heraldError('REQUEST_PARAM_INVALID', 'sync must be exactly one of {inboxSeq} or {fresh: true}');
  const inboxSeq = fields['inboxSeq'];
  if (typeof inboxSeq !== 'number' || !Number.isSafeInteger(inboxSeq) || inboxSeq < 0) {
    throw heraldError('REQUEST_PARAM_INVALID', 'sync.inboxSeq must be a non-negative integer');
  }
  return inboxSeq;
}

export const sessionOps: OpModule = (registry) => {
  registry.registerOp('login', async (data, { ctx, gateway, connection }) => {
    if (connection.session !== undefined) throw heraldError('WS_ALREADY_LOGGED_IN');
    const params = {
      sdkAppId: requireId(data, 'sdkAppId'),
      userId: requireString(data, 'userId', { max: MAX_USER_ID }),
      userSig: requireStringAllowEmpty(data, 'userSig', MAX_USER_SIG),
      deviceId: requireString(data, 'deviceId', { max: MAX_DEVICE_ID }),
      platform: requireEnum(data, 'platform', PLATFORMS),
      appState: optionalEnum(data, 'appState', APP_STATES, 'foreground'),
    };
    const syncFrom = readSyncArgument(data);
    // Live events are held from the moment the session exists until the sync has sent the backlog.
    const hold = syncFrom === undefined ? undefined : connection.holdEvents();
    let result;
    try {
      result = await gateway.sessions.login(connection, params);
    } catch (err) {
      hold?.release();
      throw err;
    }
    ctx.logger.debug({ sdkAppId: params.sdkAppId, deviceId: params.deviceId, platform: params.platform }, 'chat login');
    const session = connection.session;
    if (hold !== undefined && syncFrom !== undefined) {
      if (session === undefined) hold.release();
      // The gateway writes the response as soon as this handler's promise settles (microtasks); setImmediate runs
      // after that, so the backlog always follows the login response.
      else setImmediate(() => void runLoginSync(ctx, gateway, session, syncFrom, hold).catch((err: unknown) => ctx.logger.error({ err }, 'login sync failed')));
    }
    return { ...result, heartbeatSeconds: gateway.heartbeatSeconds };
  }, { requiresLogin: false });

  registry.registerOp('logout', async (_data, { gateway, session }) => {
    await gateway.sessions.logout(session);
    return {};
  }, { requiresLogin: true });

  registry.registerOp('ping', (_data, { ctx }) => ({ serverTime: ctx.clock.now() }), { requiresLogin: false });

  registry.registerOp('getServerTime', (_data, { ctx }) => ({ serverTime: ctx.clock.now() }), { requiresLogin: false });

  registry.registerOp('setAppState', async (data, { ctx, gateway, session }) => {
    const state = requireEnum(data, 'state', APP_STATES);
    const unreadCount = optionalInt(data, 'unreadCount', { min: 0, max: MAX_BADGE });
    if (unreadCount !== undefined && state !== 'background') throw heraldError('REQUEST_PARAM_INVALID', 'unreadCount goes with state "background" only');
    const deviceState = await gateway.sessions.setAppState(session, state);
    if (unreadCount !== undefined) {
      await setOfflinePushBadge(ctx.store.db, { sdkAppId: session.sdkAppId, userId: session.userId, deviceId: session.deviceId }, unreadCount, ctx.clock.now());
    }
    return { state: deviceState };
  }, { requiresLogin: true });

  registry.registerOp('kickDevice', async (data, { gateway, session }) => {
    const deviceId = requireString(data, 'deviceId', { max: MAX_DEVICE_ID });
    await gateway.sessions.kickDevice(session, deviceId);
    return {};
  }, { requiresLogin: true });
};
