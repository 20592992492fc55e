/**
 * Hands one device's offline push to the push service: a TPNS `/v3/push/app` body to the target's push app,
 * accepted through acceptPush like any TPNS call (no HTTP auth: the IM app's right to the push app was checked
 * when the device reported), so the dispatcher, the channel drivers and the statistics do the rest.
 * - TPNS mode: the audience is the Herald push token the device reported.
 * - Native mode: the report's raw vendor token gets a Herald device row in the certificate's push app
 *   (native-push-device.ts).
 * The push is counted in the push app's "IM message" plan while the push app is authorized to this IM app; a
 * native-mode certificate may name a push app that is not authorized, whose default plan then counts it.
 */
import type { ServerContext } from '../../context.ts';
import { imPlanId } from '../../push/plans/ensure-im-plan.ts';
import { acceptPush } from '../../push/tasks/accept-push.ts';
import { createPushIdAllocator, type PushIdAllocator } from '../../push/tasks/push-id.ts';
import type { AppRow } from '../../store/schema.ts';
import type { OfflinePushContent, OfflinePushPlatform } from '../offline-push/index.ts';
import type { OfflinePushTarget } from '../offline-push-config/offline-push-targets.ts';
import { ensureNativePushDevice } from './native-push-device.ts';
import { messageWithExtensions } from './vendor-extensions.ts';

/**
 * The TPNS body of an offline push to these tokens of the push app. Only this IM app's own authorization names
 * the "IM message" plan: a push app authorized to another IM app counts the push in its default plan.
 */
export function offlinePushBody(
  sdkAppId: number, app: AppRow, tokens: readonly string[], environment: string, content: OfflinePushContent, o: { voip?: boolean } = {},
): Record<string, unknown> {
  const planId = app.im_sdk_app_id !== null && Number(app.im_sdk_app_id) === sdkAppId ? imPlanId(app.access_id, sdkAppId) : undefined;
  return {
    audience_type: tokens.length === 1 ? 'token' : 'token_list',
    token_list: tokens,
    message_type: 'notify',
    environment,
    message: messageWithExtensions(content, { voip: o.voip === true }),
    ...(planId === undefined ? {} : { plan_id: planId }),
  };
}

/** One allocator per server: push ids from one process stay ordered and rarely collide. */
const allocators = new WeakMap<ServerContext, PushIdAllocator>();

export function pushIds(ctx: ServerContext): PushIdAllocator {
  let ids = allocators.get(ctx);
  if (ids === undefined) allocators.set(ctx, (ids = createPushIdAllocator(ctx.clock)));
  return ids;
}

export async function pushAppOf(ctx: ServerContext, accessId: number): Promise<AppRow | undefined> {
  return ctx.store.db.selectFrom('app').selectAll().where('access_id', '=', accessId).executeTakeFirst();
}

export function contentPlatform(app: AppRow): OfflinePushPlatform {
  return app.platform === 'ios' ? 'ios' : app.platform === 'web' ? 'web' : 'android';
}

/** Where the iOS app reads `ext`: TUIKit in TPNS mode reads `custom`, native APNs apps `ext`. */
export function iosExtKeyOf(target: OfflinePushTarget): 'ext' | 'custom' {
  return target.mode === 'tpns' ? 'custom' : 'ext';
}

/** The push_id, or undefined when the device cannot be pushed to (its native token was refused before). */
export async function sendOfflinePush(
  ctx: ServerContext, sdkAppId: number, app: AppRow, target: OfflinePushTarget, content: OfflinePushContent, o: { voip?: boolean } = {},
): Promise<string | undefined> {
  let token = target.token;
  let environment = target.environment ?? 'product';
  if (target.mode === 'native') {
    const device = await ensureNativePushDevice(ctx.store.db, sdkAppId, target, app.platform, ctx.clock.now());
    if (device === undefined) return undefined;
    token = device.token;
    environment = device.environment;
  } else {
    const device = await ctx.store.db.selectFrom('device').select('environment').where('access_id', '=', app.access_id).where('token', '=', token).executeTakeFirst();
    if (device === undefined) return undefined;
    environment = device.environment;
  }
  const body = offlinePushBody(sdkAppId, app, [token], environment, content, o);
  const accepted = await acceptPush(ctx, app, body, pushIds(ctx));
  return accepted.push_id;
}
