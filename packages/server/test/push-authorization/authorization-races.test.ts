/**
 * Authorizations racing each other and deletions: whatever the interleaving, a push app ends with at most one IM
 * app, and an app or product is never deleted while an authorization of it succeeded. Checked on outcomes, not
 * timing, so the test holds on SQLite (serialized writers) and PostgreSQL (row locks) alike.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { admin, createTestApp } from '../push-management/fixtures.ts';
import { appView, authorize, createImApp } from './authorization-fixtures.ts';

describe('third-party authorization under concurrency', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ worker: false });
  });
  after(async () => server.close());

  const imPlans = async (accessId: number) =>
    (await server.ctx.store.db.selectFrom('plan').select('plan_id').where('access_id', '=', accessId).where('plan_push_source', '=', 'im').execute()).map((r) => r.plan_id);

  it('several IM apps authorizing one push app at once: exactly one wins', async () => {
    const imApps: number[] = [];
    for (let i = 0; i < 8; i += 1) imApps.push(await createImApp(server, `race ${i}`));
    const app = await createTestApp(server);
    const results = await Promise.all(imApps.map((id) => authorize(server, id, app.accessId)));
    const winners = results.filter((r) => r.status === 201);
    assert.equal(winners.length, 1, results.map((r) => r.text).join('\n'));
    for (const r of results.filter((x) => x.status !== 201)) {
      assert.equal(r.status, 409, r.text);
      assert.equal(r.body.code, 'APP_ALREADY_AUTHORIZED');
      assert.equal(r.body.details.imSdkAppId, winners[0]!.body.sdkAppId);
    }
    const view = await appView(server, app.accessId);
    assert.equal(view.imSdkAppId, winners[0]!.body.sdkAppId);
    assert.deepEqual(await imPlans(app.accessId), [winners[0]!.body.planId]);
  });

  for (const target of ['product', 'app'] as const) {
    it(`authorizing while the ${target} is deleted: one of the two is refused, never both succeed`, async () => {
      const sdkAppId = await createImApp(server, `vs ${target}`);
      for (let i = 0; i < 12; i += 1) {
        const app = await createTestApp(server);
        const path = target === 'product' ? `/products/${app.productId}` : `/apps/${app.accessId}`;
        const [auth, del] = await Promise.all([authorize(server, sdkAppId, app.accessId), admin(server, 'DELETE', path)]);
        const exists = (await admin(server, 'GET', `/apps/${app.accessId}`)).status === 200;
        if (auth.status === 201) {
          assert.equal(del.status, 409, `deleted although authorized: ${del.text}`);
          assert.equal(del.body.code, target === 'product' ? 'PRODUCT_AUTHORIZED' : 'APP_AUTHORIZED');
          assert.ok(exists);
          assert.equal((await appView(server, app.accessId)).imSdkAppId, sdkAppId);
        } else {
          assert.equal(auth.status, 404, auth.text);
          assert.equal(auth.body.code, 'APP_NOT_FOUND');
          assert.equal(del.status, 204, del.text);
          assert.ok(!exists);
          assert.deepEqual(await imPlans(app.accessId), [], 'no plan left behind for a deleted app');
        }
      }
    });
  }
});
