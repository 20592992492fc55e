/**
 * What goes with a deleted IM app or push app: an IM app's certificates and reports (so one created again with the
 * same SDKAppID starts clean), and a push app's certificates (deleted, IDs kept) and TPNS reports.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { login, withServer } from '../helpers/im-fixtures.ts';
import { registerDevice } from '../push-management/fixtures.ts';
import { deleteImAppOfflinePushData, retireOfflinePushOfPushApp } from '../../src/im/offline-push-config/offline-push-cleanup.ts';
import { apnsHexToken, createPushWorld, expectOk, report, reportOf } from './fixtures.ts';

describe('offline push data of deleted apps', () => {
  it("an IM app's certificates and reports go with it, and only its own", () =>
    withServer(async (server) => {
      const w = await createPushWorld(server, ['alice']);
      const kept = await createPushWorld(server, ['alice']);
      for (const [world, seed] of [[w, 1], [kept, 2]] as const) {
        const phone = await login(server, world.im, 'alice', 'phone');
        expectOk(await report(phone, { businessID: world.dev, token: apnsHexToken(seed) }));
        await phone.close();
      }
      await server.ctx.store.transaction((trx) => deleteImAppOfflinePushData(trx, w.im.sdkAppId));
      const db = server.ctx.store.db;
      const left = async (sdkAppId: number) => [
        (await db.selectFrom('im_push_certificate').select('business_id').where('sdk_app_id', '=', sdkAppId).execute()).length,
        (await db.selectFrom('im_offline_push_config').select('device_id').where('sdk_app_id', '=', sdkAppId).execute()).length,
      ];
      assert.deepEqual(await left(w.im.sdkAppId), [0, 0]);
      assert.deepEqual(await left(kept.im.sdkAppId), [3, 1]);
    }));

  it("a push app's certificates are deleted and the reports of its push tokens removed", () =>
    withServer(async (server) => {
      const w = await createPushWorld(server, ['alice']);
      const pushDevice = await registerDevice(server, w.ios);
      const phone = await login(server, w.im, 'alice', 'phone');
      const pad = await login(server, w.im, 'alice', 'pad');
      expectOk(await report(phone, { businessID: w.dev, token: apnsHexToken(3) }));
      expectOk(await report(pad, { businessID: 0, token: pushDevice.token, isTPNSToken: true }));
      await server.ctx.store.transaction((trx) => retireOfflinePushOfPushApp(trx, w.ios.accessId, server.ctx.clock.now()));
      assert.equal(await reportOf(server, w.im.sdkAppId, 'alice', 'pad'), null);
      const native = await reportOf(server, w.im.sdkAppId, 'alice', 'phone');
      assert.equal(native?.certificate.state, 'deleted');
      const live = await server.ctx.store.db.selectFrom('im_push_certificate').select('business_id')
        .where('sdk_app_id', '=', w.im.sdkAppId).where('deleted_at', 'is', null).execute();
      assert.deepEqual(live, []);
      await phone.close();
      await pad.close();
    }));
});
