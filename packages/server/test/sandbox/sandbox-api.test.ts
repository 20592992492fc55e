/**
 * The sandbox API's refusals: what an app cannot have, unknown devices, no credentials, a viewer's changes,
 * another app's pushes and tokens, and every route with sandbox mode off.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { addAccount, setupFirstAdmin, signIn, type Session } from '../console-auth/console-fixtures.ts';
import { startSandboxKit, type Reply, type SandboxKit } from './sandbox-kit.ts';

function expectCode(res: Reply, status: number, code: string): void {
  assert.equal(res.status, status, res.text);
  assert.equal(res.body?.code, code, res.text);
}

describe('sandbox API: refusals, roles and tenancy', () => {
  let k: SandboxKit;
  let viewer: Session;
  let admin: Session;
  before(async () => {
    k = await startSandboxKit();
    await setupFirstAdmin(k.server, 'root');
    await addAccount(k.server, 'watcher', 'viewer');
    admin = await signIn(k.server, 'root');
    viewer = await signIn(k.server, 'watcher');
  });
  after(async () => k?.close());

  it('devices need an existing app of a platform the channel serves, with what the vendor files it by', async () => {
    expectCode(await k.api('POST', '/sandbox/devices', { accessId: 1_999_999_999, channel: 'apns' }), 404, 'APP_NOT_FOUND');
    const android = await k.createApp('android');
    expectCode(await k.api('POST', '/sandbox/devices', { accessId: android.accessId, channel: 'apns' }), 400, 'SANDBOX_APP_UNSUITABLE');
    expectCode(await k.api('POST', '/sandbox/devices', { accessId: android.accessId, channel: 'huawei' }), 400, 'SANDBOX_CREDENTIAL_MISSING');
    const ios = await k.createApp('ios');
    expectCode(await k.api('POST', '/sandbox/devices', { accessId: ios.accessId, channel: 'fcm' }), 400, 'SANDBOX_APP_UNSUITABLE');
    expectCode(await k.api('POST', '/sandbox/devices', { accessId: ios.accessId, channel: 'pager' }), 400, 'REQUEST_PARAM_INVALID');
    expectCode(await k.api('POST', '/sandbox/devices', { accessId: ios.accessId, channel: 'apns', name: 'x'.repeat(65) }), 400, 'REQUEST_PARAM_INVALID');
    expectCode(await k.api('POST', '/sandbox/devices', { accessId: String(ios.accessId), channel: 'apns' }), 400, 'REQUEST_PARAM_INVALID');
    expectCode(await k.api('POST', '/sandbox/devices', { channel: 'apns' }), 400, 'REQUEST_PARAM_MISSING');
    const list = await k.api('GET', '/sandbox/devices');
    assert.deepEqual(list.body, { devices: [] }, 'no refused request left a device behind');
  });

  it('credentials: Web Push has nothing to issue, Xiaomi needs the package name, unknown channels are refused', async () => {
    expectCode(await k.api('POST', '/sandbox/credentials/webpush', {}), 400, 'REQUEST_PARAM_INVALID');
    expectCode(await k.api('POST', '/sandbox/credentials/xiaomi', {}), 400, 'REQUEST_PARAM_MISSING');
    expectCode(await k.api('POST', '/sandbox/credentials/pager', {}), 400, 'REQUEST_PARAM_INVALID');
    expectCode(await k.api('POST', '/sandbox/credentials/fcm', { projectId: 'mine' }), 400, 'REQUEST_PARAM_INVALID');
    const noBody = await k.api('POST', '/sandbox/credentials/fcm');
    assert.equal(noBody.status, 201, noBody.text);
    const apns = await k.api('POST', '/sandbox/credentials/apns');
    assert.equal(apns.status, 201, apns.text);
  });

  it('unknown device ids, a bad inbox cursor and an empty test push are refused', async () => {
    expectCode(await k.api('GET', '/sandbox/devices/0123456789abcdef/inbox'), 404, 'SANDBOX_DEVICE_NOT_FOUND');
    expectCode(await k.api('POST', '/sandbox/devices/0123456789abcdef/test-push', { content: 'c' }), 404, 'SANDBOX_DEVICE_NOT_FOUND');
    expectCode(await k.api('DELETE', '/sandbox/devices/0123456789abcdef'), 404, 'SANDBOX_DEVICE_NOT_FOUND');
    expectCode(await k.api('GET', '/sandbox/devices/not-an-id/inbox'), 400, 'REQUEST_PARAM_INVALID');
    const app = await k.createApp('ios');
    await k.configure(app, 'apns');
    const phone = await k.createDevice(app, 'apns');
    expectCode(await k.api('GET', `/sandbox/devices/${phone.id}/inbox?after=-1`), 400, 'REQUEST_PARAM_INVALID');
    expectCode(await k.api('POST', `/sandbox/devices/${phone.id}/test-push`, { content: '' }), 400, 'REQUEST_PARAM_INVALID');
    expectCode(await k.api('POST', `/sandbox/devices/${phone.id}/test-push`, { title: 't' }), 400, 'REQUEST_PARAM_MISSING');
    expectCode(await k.api('POST', `/sandbox/devices/${phone.id}/test-push`, { content: 'x'.repeat(4001) }), 400, 'REQUEST_PARAM_INVALID');
    assert.equal((await k.api('DELETE', `/sandbox/devices/${phone.id}`)).status, 204);
  });

  it('no credentials: 401 on every route, reads included', async () => {
    for (const [method, path] of [['GET', '/sandbox'], ['GET', '/sandbox/devices'], ['POST', '/sandbox/devices'], ['POST', '/sandbox/credentials/apns']] as const) {
      const body = method === 'POST' ? {} : undefined;
      expectCode(await k.api(method, path, body, {}), 401, 'AUTH_ADMIN_REQUIRED');
      expectCode(await k.api(method, path, body, { authorization: 'Bearer wrong' }), 401, 'AUTH_ADMIN_REQUIRED');
    }
  });

  it('a viewer reads the devices and their inboxes but makes no change', async () => {
    const app = await k.createApp('ios');
    await k.configure(app, 'apns');
    const phone = await k.createDevice(app, 'apns');
    await k.testPush(phone.id, 'For viewers', 'too');
    await k.waitInbox(phone.id, 1);

    const status = await k.api('GET', '/sandbox', undefined, viewer.read);
    assert.equal(status.body.enabled, true, status.text);
    const list = await k.api('GET', '/sandbox/devices', undefined, viewer.read);
    assert.ok(list.body.devices.some((d: any) => d.id === phone.id), list.text);
    const inbox = await k.api('GET', `/sandbox/devices/${phone.id}/inbox`, undefined, viewer.read);
    assert.equal(inbox.body.notifications[0].title, 'For viewers', inbox.text);

    const before = await k.api('GET', '/sandbox/devices');
    expectCode(await k.api('POST', '/sandbox/devices', { accessId: app.accessId, channel: 'apns' }, viewer.write), 403, 'CONSOLE_READ_ONLY');
    expectCode(await k.api('POST', '/sandbox/credentials/apns', {}, viewer.write), 403, 'CONSOLE_READ_ONLY');
    expectCode(await k.api('POST', `/sandbox/devices/${phone.id}/test-push`, { content: 'no' }, viewer.write), 403, 'CONSOLE_READ_ONLY');
    expectCode(await k.api('DELETE', `/sandbox/devices/${phone.id}`, undefined, viewer.write), 403, 'CONSOLE_READ_ONLY');
    assert.deepEqual((await k.api('GET', '/sandbox/devices')).body, before.body, "a viewer's changes changed nothing");
    assert.equal((await k.api('GET', `/sandbox/devices/${phone.id}/inbox`)).body.next, 1);

    // An admin's console session, with its CSRF token, may.
    const made = await k.api('POST', '/sandbox/devices', { accessId: app.accessId, channel: 'apns' }, admin.write);
    assert.equal(made.status, 201, made.text);
    expectCode(await k.api('POST', '/sandbox/devices', { accessId: app.accessId, channel: 'apns' }, admin.read), 403, 'CONSOLE_CSRF_REJECTED');
  });

  it("another app's pushes never reach a device, and its tokens are not another app's to push to", async () => {
    const a = await k.createApp('android');
    const b = await k.createApp('android');
    await k.configure(a, 'oppo');
    await k.configure(b, 'oppo');
    const phoneA = await k.createDevice(a, 'oppo');
    const phoneB = await k.createDevice(b, 'oppo');

    const all = await k.api('POST', `/apps/${b.accessId}/pushes`, { audience_type: 'all', message_type: 'notify', message: { title: 'B only', content: 'for B' } });
    assert.equal(all.status, 201, all.text);
    await k.waitInbox(phoneB.id, 1);
    expectCode(await k.api('POST', `/apps/${b.accessId}/pushes`, { audience_type: 'token', token_list: [phoneA.heraldToken], message_type: 'notify', message: { title: 't', content: 'c' } }), 400, 'PUSH_TARGET_NOT_FOUND');
    // A's test push goes out after B's, so had B's reached A it would be in A's inbox first.
    await k.testPush(phoneA.id, 'A only', 'for A');
    const inboxA = await k.waitInbox(phoneA.id, 1);
    assert.deepEqual(inboxA.map((n) => n.title), ['A only']);

    const onlyA = await k.api('GET', `/sandbox/devices?accessId=${a.accessId}`);
    assert.deepEqual(onlyA.body.devices.map((d: any) => d.id), [phoneA.id]);
    const newestFirst = await k.api('GET', '/sandbox/devices');
    const ids = newestFirst.body.devices.map((d: any) => d.id);
    assert.ok(ids.indexOf(phoneB.id) < ids.indexOf(phoneA.id), 'newest first');
    const lookup = await k.api('GET', `/apps/${b.accessId}/devices/${phoneA.heraldToken}`);
    expectCode(lookup, 404, 'DEVICE_NOT_FOUND');
  });
});

describe('sandbox API with sandbox mode off', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ worker: false });
  });
  after(async () => server?.close());

  const call = async (method: string, path: string, body?: unknown): Promise<Reply> => {
    const res = await fetch(`${server.url}/api${path}`, {
      method, headers: { ...server.admin, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text === '' ? undefined : JSON.parse(text), text };
  };

  it('GET /api/sandbox says it is off; every other route is 404 SANDBOX_OFF', async () => {
    assert.equal(server.ctx.sandbox, undefined);
    const status = await call('GET', '/sandbox');
    assert.equal(status.status, 200, status.text);
    assert.deepEqual(status.body, { enabled: false });
    const id = '0123456789abcdef';
    for (const [method, path, body] of [
      ['POST', '/sandbox/credentials/apns', {}],
      ['POST', '/sandbox/devices', { accessId: 1, channel: 'apns' }],
      ['GET', '/sandbox/devices', undefined],
      ['GET', `/sandbox/devices/${id}/inbox`, undefined],
      ['POST', `/sandbox/devices/${id}/test-push`, { content: 'c' }],
      ['DELETE', `/sandbox/devices/${id}`, undefined],
    ] as const) {
      expectCode(await call(method, path, body), 404, 'SANDBOX_OFF');
    }
  });
});
