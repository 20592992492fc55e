/** The session ops of docs/protocol.md §3: login, logout, ping, getServerTime, setAppState, kickDevice. */
import { heraldError } from '@herald/protocol';
import { PLATFORMS, type AppState } from '../../im/presence/device-state.ts';
import { optionalEnum, requireEnum, requireId, requireString, requireStringAllowEmpty } from '../op-args.ts';
import type { OpModule } from '../op-registry.ts';

const APP_STATES: readonly AppState[] = ['foreground', 'background'];
const MAX_DEVICE_ID = 128;
const MAX_USER_ID = 32;
/** verifyUserSig bounds the real size; this only keeps absurd frames from reaching it. */
const MAX_USER_SIG = 8192;

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
    const result = await gateway.sessions.login(connection, params);
    ctx.logger.debug({ sdkAppId: params.sdkAppId, deviceId: params.deviceId, platform: params.platform }, 'chat login');
    return { ...result, heartbeatSeconds: gateway.heartbeatSeconds };
  }, { requiresLogin: false });

  registry.registerOp('logout', async (_data, { gateway, session }) => {
    await gateway.sessions.logout(session);
    return {};
  }, { requiresLogin: true });

  registry.registerOp('ping', (_data, { ctx }) => ({ serverTime: ctx.clock.now() }), { requiresLogin: false });

  registry.registerOp('getServerTime', (_data, { ctx }) => ({ serverTime: ctx.clock.now() }), { requiresLogin: false });

  registry.registerOp('setAppState', async (data, { gateway, session }) => {
    const state = requireEnum(data, 'state', APP_STATES);
    return { state: await gateway.sessions.setAppState(session, state) };
  }, { requiresLogin: true });

  registry.registerOp('kickDevice', async (data, { gateway, session }) => {
    const deviceId = requireString(data, 'deviceId', { max: MAX_DEVICE_ID });
    await gateway.sessions.kickDevice(session, deviceId);
    return {};
  }, { requiresLogin: true });
};
