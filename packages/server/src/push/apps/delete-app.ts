/**
 * Deletes one app with all its data. Refused while the app is authorized to an IM app (TPNS: "an authorised app
 * cannot be deleted until it is unauthorised"); the product stays, with its other apps.
 */
import { heraldError } from '@herald/protocol';
import type { ServerContext } from '../../context.ts';
import { deleteAppData } from './delete-app-data.ts';
import { lockApp } from './lock-app.ts';

export async function deleteApp(ctx: ServerContext, accessId: number): Promise<void> {
  await ctx.store.transaction(async (trx) => {
    const app = await lockApp(trx, ctx.store.dialect, accessId);
    if (app === undefined) throw heraldError('APP_NOT_FOUND');
    if (app.im_sdk_app_id !== null) {
      throw heraldError('APP_AUTHORIZED', undefined, { accessId, imSdkAppId: Number(app.im_sdk_app_id) });
    }
    await deleteAppData(trx, accessId, ctx.clock.now());
  });
}
