/**
 * What the rest of Herald asks about IM → push authorizations: which push apps an IM app may push its offline
 * pushes through, and which plan counts them. Both read the `app` row, the one place an authorization lives.
 */
import type { Kysely } from 'kysely';
import type { Database, Platform } from '../../store/schema.ts';
import { imPlanId } from '../plans/ensure-im-plan.ts';

export interface AuthorizedPushApp {
  accessId: number;
  productId: number;
  productName: string;
  platform: Platform;
  bundleId: string;
  serviceMode: string;
  /** The "IM message" plan where this IM app's offline pushes through this push app are counted. */
  planId: string;
}

/** The push apps authorized to `sdkAppId` (only `accessId` when given), in AccessID order. */
export async function authorizedPushApps(db: Kysely<Database>, sdkAppId: number, accessId?: number): Promise<AuthorizedPushApp[]> {
  let query = db
    .selectFrom('app')
    .innerJoin('product', 'product.product_id', 'app.product_id')
    .select(['app.access_id', 'app.product_id', 'product.name', 'app.platform', 'app.bundle_id', 'app.service_mode'])
    .where('app.im_sdk_app_id', '=', sdkAppId);
  if (accessId !== undefined) query = query.where('app.access_id', '=', accessId);
  const rows = await query.orderBy('app.access_id').execute();
  return rows.map((r) => ({
    accessId: Number(r.access_id),
    productId: Number(r.product_id),
    productName: r.name,
    platform: r.platform,
    bundleId: r.bundle_id,
    serviceMode: r.service_mode,
    planId: imPlanId(Number(r.access_id), sdkAppId),
  }));
}

/** The "IM message" plan of the push app's current authorization; undefined when the app is not authorized. */
export async function imPlanOf(db: Kysely<Database>, accessId: number): Promise<string | undefined> {
  const row = await db.selectFrom('app').select('im_sdk_app_id').where('access_id', '=', accessId).executeTakeFirst();
  if (row === undefined || row.im_sdk_app_id === null) return undefined;
  return imPlanId(accessId, Number(row.im_sdk_app_id));
}
