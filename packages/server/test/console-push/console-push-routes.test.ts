/**
 * Pushing as the console (POST/GET /api/apps/:accessId/pushes, cancel, stop, plans, overview) on a real server
 * and the APNs emulator: a phone registered through the push SDK gets a push created through the management API,
 * whose task shows its status and its funnel (sent by the worker, arrived and clicked as the SDK reports them); a
 * bad body is refused with the code `/v3/push/app` gives it; scheduled tasks are cancelled and stopped; plans,
 * the "IM message" plan among them, carry their statistics; the overview counts devices and the day's funnel.
 * Another app's tasks are not reachable through this app.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generateP8 } from '@herald/emulators';
import { ErrorCatalogue, type ErrorCode } from '@herald/protocol';
import { startE2e, tpnsTime, waitUntil, type E2e, type E2eApp, type JsonReply, type Phone } from '../e2e/e2e-harness.ts';

const TEAM_ID = 'TEAM123456';

interface Funnel {
  targeted: number;
  sent: number;
  arrived: number;
  clicked: number;
  failed: number;
  invalid: number;
  expired: number;
}
interface TaskView {
  pushId: string;
  planId: string;
  status: string;
  audienceType: string;
  targets: string[];
  targetCount: number;
  title: string;
  content: string;
  environment: string;
  funnel: { channels: Array<Funnel & { channel: string }>; total: Funnel };
}

describe('console push routes', () => {
  let e: E2e;
  let shop: E2eApp;
  let other: E2eApp;
  let phone: Phone;
  let firstPushId: string;

  const api = (method: string, path: string, body?: unknown) => e.admin(method, path, body);
  const pushes = (app: E2eApp = shop) => `/apps/${app.accessId}/pushes`;

  function expectCode(res: JsonReply, code: ErrorCode): void {
    assert.equal(res.body['code'], code, res.text);
    assert.equal(res.status, ErrorCatalogue[code].status, res.text);
  }

  async function task(pushId: string): Promise<TaskView> {
    const list = await api('GET', `${pushes()}?limit=100`);
    const found = (list.body['pushes'] as TaskView[]).find((t) => t.pushId === pushId);
    assert.ok(found, `task ${pushId} listed`);
    return found;
  }

  before(async () => {
    e = await startE2e();
    shop = await e.createIosProduct('Shop', 'com.shop.console');
    other = await e.createIosProduct('Other', 'com.other.console');
    const p8 = generateP8();
    e.emulator.registerKey({ keyId: p8.keyId, teamId: TEAM_ID, publicKeyPem: p8.publicKeyPem, topics: [shop.bundleId] });
    const r = await api('PUT', `/apps/${shop.accessId}/credentials/apns/product`, { kind: 'p8', keyId: p8.keyId, teamId: TEAM_ID, key: p8.privateKeyPem });
    assert.equal(r.status, 200, r.text);
    phone = await e.addPhone('alice', shop, 'product');
  });
  after(() => e?.close());

  it('pushes to a registered phone and lists the task with its funnel as the worker and the SDK fill it', async () => {
    const created = await api('POST', pushes(), {
      audience_type: 'token_list', token_list: [phone.token], message_type: 'notify', environment: 'product', seq: 5,
      message: { title: 'Order shipped', content: 'On its way', ios: { aps: { sound: 'default', badge_type: 3 }, custom_content: '{"order":99}' } },
    });
    assert.equal(created.status, 201, created.text);
    firstPushId = String(created.body['pushId']);
    assert.match(firstPushId, /^\d+$/);
    assert.equal(created.body['seq'], 5);
    assert.equal(created.body['environment'], 'product');

    const received = await waitUntil('the notification on the phone', () => e.inbox(phone).find((n) => (n.payload as any)?.herald?.pid === firstPushId));
    assert.equal((received.payload as any).aps.alert.title, 'Order shipped');
    assert.equal((received.payload as any).aps.badge, 3);
    assert.equal((received.payload as any).order, 99);

    await waitUntil('the task to finish', async () => ((await task(firstPushId)).status === 'PUSH_FINISHED' ? true : undefined));
    await phone.sdk.reportArrived(firstPushId);
    await phone.sdk.reportClicked(firstPushId);
    const t = await task(firstPushId);
    assert.equal(t.title, 'Order shipped');
    assert.equal(t.content, 'On its way');
    assert.equal(t.audienceType, 'token_list');
    assert.deepEqual(t.targets, [phone.token]);
    assert.equal(t.targetCount, 1);
    assert.equal(t.planId, `default_${shop.accessId}`);
    assert.deepEqual(t.funnel.channels.map((c) => c.channel), ['apns']);
    assert.deepEqual(t.funnel.total, { targeted: 1, sent: 1, arrived: 1, clicked: 1, failed: 0, invalid: 0, expired: 0 });
  });

  it('refuses a bad body with the code /v3/push/app gives the same body, and stores nothing', async () => {
    const bodies: Array<[string, unknown]> = [
      ['no audience', { message_type: 'notify', message: { title: 't', content: 'c' } }],
      ['unknown token', { audience_type: 'token', token_list: ['0'.repeat(36)], message_type: 'notify', message: { title: 't', content: 'c' } }],
      ["another app's plan", { audience_type: 'token', token_list: [phone.token], message_type: 'notify', plan_id: `default_${other.accessId}`, message: { title: 't', content: 'c' } }],
      ['custom content not JSON', { audience_type: 'token', token_list: [phone.token], message_type: 'notify', message: { title: 't', content: 'c', ios: { custom_content: '{oops' } } }],
      ['a token audience scheduled', { audience_type: 'token', token_list: [phone.token], message_type: 'notify', send_time: tpnsTime(Date.now() + 3_600_000), message: { title: 't', content: 'c' } }],
      ['a JSON array', []],
    ];
    const before = (await api('GET', pushes())).body['total'];
    for (const [name, body] of bodies) {
      const viaApi = await api('POST', pushes(), body);
      const viaV3 = await e.tpns(shop).basic('/push/app', body);
      const code = viaApi.body['code'] as ErrorCode;
      assert.ok(code in ErrorCatalogue, `${name}: a catalogue code: ${viaApi.text}`);
      expectCode(viaApi, code);
      assert.equal(viaV3.body['ret_code'], ErrorCatalogue[code].retCode, `${name}: /v3 answers ${viaV3.text}, /api ${viaApi.text}`);
      assert.equal(viaV3.body['err_msg'], viaApi.body['message'], name);
    }
    assert.equal((await api('GET', pushes())).body['total'], before);
  });

  it('cancels a scheduled task, stops another, and refuses what their state does not allow', async () => {
    const later = { audience_type: 'all', message_type: 'notify', environment: 'product', send_time: tpnsTime(Date.now() + 3_600_000), message: { title: 'Later', content: 'Soon' } };
    const a = String((await api('POST', pushes(), later)).body['pushId']);
    const b = String((await api('POST', pushes(), later)).body['pushId']);
    assert.equal((await task(a)).status, 'PUSH_WAIT');

    const cancelled = await api('POST', `${pushes()}/${a}/cancel`);
    assert.equal(cancelled.status, 200, cancelled.text);
    assert.equal(cancelled.body['status'], 'PUSH_CANCELED');
    assert.equal((await api('POST', `${pushes()}/${a}/cancel`)).body['status'], 'PUSH_CANCELED', 'cancelling again succeeds');
    expectCode(await api('POST', `${pushes()}/${a}/stop`), 'PUSH_TASK_STATE');

    const stopped = await api('POST', `${pushes()}/${b}/stop`);
    assert.equal(stopped.status, 200, stopped.text);
    assert.equal(stopped.body['status'], 'PUSH_DELETED_PUSH_MSG');
    expectCode(await api('POST', `${pushes()}/${b}/cancel`), 'PUSH_TASK_STATE');
    expectCode(await api('POST', `${pushes()}/${firstPushId}/cancel`), 'PUSH_TASK_STATE');
    expectCode(await api('POST', `${pushes()}/${firstPushId}/stop`), 'PUSH_TASK_STATE');
  });

  it("pages the tasks newest first and keeps each app's tasks to itself", async () => {
    const all = await api('GET', pushes());
    assert.equal(all.body['total'], 3);
    const page1 = await api('GET', `${pushes()}?limit=2`);
    const page2 = await api('GET', `${pushes()}?limit=2&offset=2`);
    const ids = [...(page1.body['pushes'] as TaskView[]), ...(page2.body['pushes'] as TaskView[])].map((t) => t.pushId);
    assert.deepEqual(ids, (all.body['pushes'] as TaskView[]).map((t) => t.pushId));
    assert.equal(ids.at(-1), firstPushId);

    assert.deepEqual((await api('GET', pushes(other))).body['pushes'], []);
    expectCode(await api('POST', `${pushes(other)}/${firstPushId}/stop`), 'PUSH_TASK_NOT_FOUND');
    expectCode(await api('POST', `${pushes(other)}/${firstPushId}/cancel`), 'PUSH_TASK_NOT_FOUND');
    assert.equal((await task(firstPushId)).status, 'PUSH_FINISHED');
    expectCode(await api('GET', '/apps/1999999999/pushes'), 'APP_NOT_FOUND');
    expectCode(await api('POST', '/apps/1999999999/pushes', { audience_type: 'all' }), 'APP_NOT_FOUND');
    expectCode(await api('GET', `${pushes()}?limit=0`), 'REQUEST_PARAM_INVALID');
    expectCode(await api('GET', `${pushes()}?limit=101`), 'REQUEST_PARAM_INVALID');
    expectCode(await api('GET', `${pushes()}?page=2`), 'REQUEST_PARAM_INVALID');
  });

  it('lists the plans with their statistics, the "IM message" plan among them', async () => {
    const plan = await e.tpns(shop).basic('/push/plan/add_plan_push', { planName: 'Spring sale', planDescribe: 'April' });
    const planId = String(plan.body['result']['planId']);
    const imApp = await api('POST', '/im/apps', { name: 'Chat' });
    assert.equal(imApp.status, 201, imApp.text);
    const sdkAppId = Number(imApp.body['sdkAppId']);
    assert.equal((await api('POST', `/im/apps/${sdkAppId}/push-authorizations`, { accessId: shop.accessId })).status, 201);

    const res = await api('GET', `/apps/${shop.accessId}/plans`);
    assert.equal(res.status, 200, res.text);
    const plans = res.body['plans'] as Array<{ planId: string; planName: string; planPushSource: string; taskCount: number; funnel: { total: Funnel } }>;
    const byId = new Map(plans.map((p) => [p.planId, p]));
    const def = byId.get(`default_${shop.accessId}`);
    assert.equal(def?.planPushSource, 'default');
    assert.equal(def?.taskCount, 3);
    assert.equal(def?.funnel.total.sent, 1);
    assert.equal(def?.funnel.total.clicked, 1);
    assert.equal(byId.get(planId)?.planName, 'Spring sale');
    assert.equal(byId.get(planId)?.taskCount, 0);
    const im = byId.get(`im_${shop.accessId}_${sdkAppId}`);
    assert.equal(im?.planName, 'IM message');
    assert.equal(im?.planPushSource, 'im');
    assert.deepEqual(im?.funnel.total, { targeted: 0, sent: 0, arrived: 0, clicked: 0, failed: 0, invalid: 0, expired: 0 });
    assert.ok(!res.text.includes(`default_${other.accessId}`), "another app's plan stays out");
    await api('DELETE', `/im/apps/${sdkAppId}/push-authorizations/${shop.accessId}`);
  });

  it("counts the app's devices and the day's funnel per channel in the overview", async () => {
    const res = await api('GET', `/apps/${shop.accessId}/overview?days=7`);
    assert.equal(res.status, 200, res.text);
    const o = res.body as any;
    assert.equal(o.days, 7);
    assert.equal(o.devices.total, 1);
    assert.equal(o.devices.new, 1);
    assert.equal(o.devices.active, 1);
    assert.equal(o.devices.daily.length, 7);
    const today = tpnsTime(Date.now()).slice(0, 10);
    assert.equal(o.to, today);
    assert.deepEqual(o.devices.daily.at(-1), { date: today, new: 1, active: 1 });
    assert.equal(o.push.daily.length, 7);
    assert.equal(o.push.daily.at(-1).date, today);
    assert.equal(o.push.daily.at(-1).total.sent, 1);
    assert.deepEqual(o.push.channels.map((c: { channel: string }) => c.channel), ['apns']);
    assert.equal(o.push.total.arrived, 1);
    assert.equal(o.push.daily[0].total.sent, 0);

    const empty = await api('GET', `/apps/${other.accessId}/overview`);
    assert.equal(empty.body['days'], 14);
    assert.equal(empty.body['devices']['total'], 0);
    assert.equal(empty.body['push']['total']['sent'], 0);
    expectCode(await api('GET', `/apps/${shop.accessId}/overview?days=0`), 'REQUEST_PARAM_INVALID');
    expectCode(await api('GET', `/apps/${shop.accessId}/overview?days=91`), 'REQUEST_PARAM_INVALID');
    expectCode(await api('GET', '/apps/1999999999/overview'), 'APP_NOT_FOUND');
  });
});
