/**
 * Third-party authorization (TPNS console, "IM Application Authorization"): an IM app is authorized to push
 * apps, at most one IM app per push app. Authorizing switches the push app to "IM push only" and creates its
 * "IM message" plan; removing it restores the standard mode and keeps the plan with its statistics. In Herald
 * every app belongs to the one operator, so TPNS's "same root account" rule always holds.
 *
 * The authorization is the pair (`app.im_sdk_app_id`, `app.service_mode`); every change reads the app row
 * locked (see lock-app.ts), so two authorizations, or an authorization and a deletion, never interleave.
 */
import type { Kysely, Transaction } from 'kysely';
import { heraldError } from '@herald/protocol';
import type { ServerContext } from '../../context.ts';
import type { Database } from '../../store/schema.ts';
import type { Dialect } from '../../store/store.ts';
import { lockApp } from '../apps/lock-app.ts';
import { ensureImPlan } from '../plans/ensure-im-plan.ts';
import { authorizedPushApps, type AuthorizedPushApp } from './authorized-push-apps.ts';
import { forgetTpnsReportsOfPushApp } from '../../im/offline-push-config/offline-push-cleanup.ts';

export const STANDARD_MODE = 'standard';
export const IM_PUSH_ONLY_MODE = 'im_push_only';

export interface AddedAuthorization {
  authorization: AuthorizedPushApp;
  /** False when the app was already authorized to this IM app (the app row is left as it was). */
  created: boolean;
}

async function lockImApp(trx: Transaction<Database>, dialect: Dialect, sdkAppId: number): Promise<boolean> {
  let query = trx.selectFrom('im_app').select('sdk_app_id').where('sdk_app_id', '=', sdkAppId);
  if (dialect === 'postgres') query = query.forUpdate();
  return (await query.executeTakeFirst()) !== undefined;
}

async function requireImAppExists(db: Kysely<Database>, sdkAppId: number): Promise<void> {
  const row = await db.selectFrom('im_app').select('sdk_app_id').where('sdk_app_id', '=', sdkAppId).executeTakeFirst();
  if (row === undefined) throw heraldError('IM_APP_UNKNOWN', `No IM app ${sdkAppId}`);
}

/** A later `updated_at` than the row's, so anything caching the app sees the change. */
function nextUpdatedAt(ctx: ServerContext, current: number): number {
  return Math.max(ctx.clock.now(), Number(current) + 1);
}

export async function listPushAuthorizations(ctx: ServerContext, sdkAppId: number): Promise<AuthorizedPushApp[]> {
  await requireImAppExists(ctx.store.db, sdkAppId);
  return authorizedPushApps(ctx.store.db, sdkAppId);
}

export async function addPushAuthorization(ctx: ServerContext, sdkAppId: number, accessId: number): Promise<AddedAuthorization> {
  return ctx.store.transaction(async (trx) => {
    if (!(await lockImApp(trx, ctx.store.dialect, sdkAppId))) throw heraldError('IM_APP_UNKNOWN', `No IM app ${sdkAppId}`);
    const app = await lockApp(trx, ctx.store.dialect, accessId);
    if (app === undefined) throw heraldError('APP_NOT_FOUND');
    const current = app.im_sdk_app_id === null ? null : Number(app.im_sdk_app_id);
    if (current !== null && current !== sdkAppId) {
      throw heraldError('APP_ALREADY_AUTHORIZED', `The app is already authorized to IM app ${current}`, { accessId, imSdkAppId: current });
    }
    const now = ctx.clock.now();
    if (current === null) {
      await trx.updateTable('app')
        .set({ service_mode: IM_PUSH_ONLY_MODE, im_sdk_app_id: sdkAppId, updated_at: nextUpdatedAt(ctx, app.updated_at) })
        .where('access_id', '=', accessId)
        .execute();
    }
    // Idempotent, so an app authorized before its plan existed (or by hand) gets the plan too.
    await ensureImPlan(trx, accessId, sdkAppId, now);
    const [authorization] = await authorizedPushApps(trx, sdkAppId, accessId);
    if (authorization === undefined) throw new Error(`authorization of ${accessId} to ${sdkAppId} not readable in its own transaction`);
    return { authorization, created: current === null };
  });
}

/**
 * Removes the authorization of `accessId` to `sdkAppId`. Works after the IM app itself is gone, so a push app
 * left authorized to a deleted IM app can always be freed.
 */
export async function removePushAuthorization(ctx: ServerContext, sdkAppId: number, accessId: number): Promise<void> {
  await ctx.store.transaction(async (trx) => {
    const app = await lockApp(trx, ctx.store.dialect, accessId);
    const current = app === undefined || app.im_sdk_app_id === null ? null : Number(app.im_sdk_app_id);
    if (app !== undefined && current === sdkAppId) {
      await trx.updateTable('app')
        .set({ service_mode: STANDARD_MODE, im_sdk_app_id: null, updated_at: nextUpdatedAt(ctx, app.updated_at) })
        .where('access_id', '=', accessId)
        .execute();
      await forgetTpnsReportsOfPushApp(trx, sdkAppId, accessId);
      return;
    }
    await requireImAppExists(trx, sdkAppId);
    if (app === undefined) throw heraldError('APP_NOT_FOUND');
    throw heraldError('APP_NOT_AUTHORIZED', undefined, { accessId, imSdkAppId: current });
  });
}

/**
 * Removes every authorization of an IM app, inside the caller's transaction: for deleting the IM app. Delete
 * (or lock) the `im_app` row first in that transaction, so an authorization racing the deletion either commits
 * before it (and is removed here) or finds no IM app.
 */
export async function revokeImAppAuthorizations(trx: Transaction<Database>, sdkAppId: number, now: number): Promise<number> {
  const apps = await trx.selectFrom('app').select(['access_id', 'updated_at']).where('im_sdk_app_id', '=', sdkAppId).execute();
  for (const app of apps) {
    await trx.updateTable('app')
      .set({ service_mode: STANDARD_MODE, im_sdk_app_id: null, updated_at: Math.max(now, Number(app.updated_at) + 1) })
      .where('access_id', '=', app.access_id)
      .execute();
  }
  return apps.length;
}
