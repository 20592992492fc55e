/**
 * The console's package upload and plan creation (POST /api/apps/:accessId/packages and …/plans) on a real
 * server: a file of tokens or accounts is read and stored as /v3/push/package/upload stores it (one id a line,
 * CSV first column, repeats kept once, a zip of one file, the upload limit), and a push through the management
 * API reaches it by upload_id; a plan made in the console is listed with source "console", counts the pushes
 * filed under it, and neither a package nor a plan of one app is usable by another.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { zipSync, strToU8 } from 'fflate';
import { ErrorCatalogue, type ErrorCode } from '@herald/protocol';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { admin, basicAuth, createTestApp, registerDevice, request, snapshot, v3, type JsonResponse, type TestApp } from './fixtures.ts';

const UPLOAD_LIMIT = 4096;

describe('console packages and plans', () => {
  let server: TestServer;
  let shop: TestApp;
  let other: TestApp;

  function upload(app: TestApp, name: string, content: string | Uint8Array<ArrayBuffer>, field = 'file'): Promise<JsonResponse> {
    const form = new FormData();
    form.append(field, new Blob([content]), name);
    return request(`${server.url}/api/apps/${app.accessId}/packages`, { method: 'POST', headers: server.admin, raw: form });
  }

  function expectCode(res: JsonResponse, code: ErrorCode): void {
    assert.equal(res.body?.code, code, res.text);
    assert.equal(res.status, ErrorCatalogue[code].status, res.text);
  }

  const push = (app: TestApp, extra: Record<string, unknown>) =>
    admin(server, 'POST', `/apps/${app.accessId}/pushes`, { message_type: 'notify', environment: 'dev', message: { title: 'Sale', content: 'Half price' }, ...extra });

  before(async () => {
    server = await startTestServer({ worker: false, config: { uploadLimitBytes: UPLOAD_LIMIT } });
    shop = await createTestApp(server);
    other = await createTestApp(server);
  });
  after(() => server?.close());

  it('stores a file of tokens as package/upload does and pushes to it by upload_id', async () => {
    const a = await registerDevice(server, shop);
    const b = await registerDevice(server, shop);
    const res = await upload(shop, 'tokens.csv', `\uFEFF${a.token},first\r\n\r\n"${b.token}"\n${a.token}\n`);
    assert.equal(res.status, 201, res.text);
    assert.deepEqual(Object.keys(res.body).sort(), ['count', 'fileName', 'uploadId']);
    assert.equal(res.body.fileName, 'tokens.csv');
    assert.equal(res.body.count, 2);
    const uploadId = res.body.uploadId as number;
    const items = await server.ctx.store.db.selectFrom('upload_item').select(['seq', 'value']).where('upload_id', '=', uploadId).orderBy('seq').execute();
    assert.deepEqual(items, [{ seq: 0, value: a.token }, { seq: 1, value: b.token }]);
    const row = await server.ctx.store.db.selectFrom('upload').selectAll().where('upload_id', '=', uploadId).executeTakeFirstOrThrow();
    assert.equal(row.access_id, shop.accessId);

    const pushed = await push(shop, { audience_type: 'package_token_push', upload_id: uploadId });
    assert.equal(pushed.status, 201, pushed.text);
    const task = await server.ctx.store.db.selectFrom('push_task').select(['upload_id', 'audience_type']).where('push_id', '=', String(pushed.body.pushId)).executeTakeFirstOrThrow();
    assert.deepEqual({ ...task, upload_id: Number(task.upload_id) }, { upload_id: uploadId, audience_type: 'package_token_push' });

    // The package belongs to the app that uploaded it, whichever way it came in.
    expectCode(await push(other, { audience_type: 'package_token_push', upload_id: uploadId }), 'UPLOAD_NOT_FOUND');
    const viaV3 = await request(`${server.url}/v3/push/package/upload`, { method: 'POST', headers: basicAuth(shop), raw: (() => { const f = new FormData(); f.append('file', new Blob(['alice\n']), 'a.txt'); return f; })() });
    assert.equal(viaV3.body?.retCode, 0, viaV3.text);
    const accounts = await push(shop, { audience_type: 'package_account_push', upload_id: viaV3.body.uploadId, account_type: 0 });
    assert.equal(accounts.status, 201, accounts.text);
  });

  it('reads a zip of one file, and refuses what package/upload refuses, changing nothing', async () => {
    const zipped = await upload(shop, 'accounts.zip', zipSync({ 'list/accounts.txt': strToU8('alice\nbob\n') }));
    assert.equal(zipped.status, 201, zipped.text);
    assert.equal(zipped.body.count, 2);

    const before = await snapshot(server);
    const uploads = await server.ctx.store.db.selectFrom('upload').select('upload_id').execute();
    expectCode(await upload(shop, 'empty.txt', '\n \n'), 'UPLOAD_EMPTY');
    expectCode(await upload(shop, 'list.pdf', 'alice'), 'UPLOAD_FAILED');
    expectCode(await upload(shop, 'two.zip', zipSync({ 'a.txt': strToU8('a'), 'b.txt': strToU8('b') })), 'UPLOAD_FAILED');
    expectCode(await upload(shop, 'tokens.txt', 'alice', 'other'), 'UPLOAD_FAILED');
    expectCode(await upload(shop, 'big.txt', `${'a'.repeat(50)}\n`.repeat(UPLOAD_LIMIT / 50)), 'REQUEST_BODY_TOO_LARGE');
    expectCode(await admin(server, 'POST', `/apps/${shop.accessId}/packages`, { file: 'tokens.txt' }), 'UPLOAD_FAILED');
    expectCode(await upload({ ...shop, accessId: 1_999_999_999 }, 'tokens.txt', 'alice'), 'APP_NOT_FOUND');
    const noAuth = await request(`${server.url}/api/apps/${shop.accessId}/packages`, { method: 'POST', raw: (() => { const f = new FormData(); f.append('file', new Blob(['alice']), 'a.txt'); return f; })() });
    expectCode(noAuth, 'AUTH_ADMIN_REQUIRED');
    assert.equal(await snapshot(server), before);
    assert.deepEqual(await server.ctx.store.db.selectFrom('upload').select('upload_id').execute(), uploads);
  });

  it('creates a plan with source "console", lists it and counts the pushes filed under it', async () => {
    const created = await admin(server, 'POST', `/apps/${shop.accessId}/plans`, { planName: 'Spring sale', planDescribe: 'Coupons for the spring' });
    assert.equal(created.status, 201, created.text);
    const plan = created.body;
    assert.match(plan.planId, /^\d+$/);
    assert.deepEqual({ ...plan, planId: 'x', createdAt: 0, updatedAt: 0 }, {
      planId: 'x', planName: 'Spring sale', planDescribe: 'Coupons for the spring', planPushSource: 'console', createdAt: 0, updatedAt: 0, taskCount: 0,
      funnel: { channels: [], total: { targeted: 0, sent: 0, arrived: 0, clicked: 0, failed: 0, invalid: 0, expired: 0 } },
    });
    assert.equal(plan.createdAt, plan.updatedAt);

    const device = await registerDevice(server, shop);
    const pushed = await push(shop, { audience_type: 'token_list', token_list: [device.token], plan_id: plan.planId });
    assert.equal(pushed.status, 201, pushed.text);
    const listed = (await admin(server, 'GET', `/apps/${shop.accessId}/plans`)).body.plans as Array<{ planId: string; taskCount: number; planPushSource: string }>;
    const mine = listed.find((p) => p.planId === plan.planId);
    assert.deepEqual({ taskCount: mine?.taskCount, source: mine?.planPushSource }, { taskCount: 1, source: 'console' });

    // Another app neither lists nor uses it; /v3's add_plan_push still answers source "api".
    assert.ok(!(await admin(server, 'GET', `/apps/${other.accessId}/plans`)).text.includes(plan.planId));
    expectCode(await push(other, { audience_type: 'all', plan_id: plan.planId }), 'PUSH_PLAN_NOT_FOUND');
    const api = await v3(server, shop, '/push/plan/add_plan_push', { planName: 'From the API', planDescribe: 'd' });
    assert.equal(api.body?.result?.planPushSource, 'api', api.text);
  });

  it('refuses a plan as add_plan_push does, changing nothing', async () => {
    const before = await snapshot(server);
    const post = (body: unknown) => admin(server, 'POST', `/apps/${shop.accessId}/plans`, body);
    expectCode(await post({ planDescribe: 'd' }), 'REQUEST_PARAM_MISSING');
    expectCode(await post({ planName: 'p' }), 'REQUEST_PARAM_MISSING');
    expectCode(await post({ planName: '', planDescribe: 'd' }), 'REQUEST_PARAM_INVALID');
    expectCode(await post({ planName: 'p'.repeat(61), planDescribe: 'd' }), 'REQUEST_PARAM_INVALID');
    expectCode(await post({ planName: 'p', planDescribe: 'd'.repeat(301) }), 'REQUEST_PARAM_INVALID');
    expectCode(await post({ planName: 7, planDescribe: 'd' }), 'REQUEST_PARAM_INVALID');
    expectCode(await post([{ planName: 'p', planDescribe: 'd' }]), 'REQUEST_PARAM_INVALID');
    expectCode(await admin(server, 'POST', '/apps/1999999999/plans', { planName: 'p', planDescribe: 'd' }), 'APP_NOT_FOUND');
    assert.equal(await snapshot(server), before);
  });
});
