/**
 * What the IM offline push suites on the vendor rig (push-vendors/vendor-fixture.ts) share: one rig per file, IM
 * apps with alice ("Alice") and bob ("Bob"), the IM app authorized to a push app through the management API, chat
 * logins that are closed before the rig, a native-mode push certificate, and the wait until every push task of a
 * push app is closed. Assertions stay in the suites; the ones here only say that a step they stand on succeeded.
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import WebSocket from 'ws';
import { createChatClient, type ChatClient, type ChatPlatform } from '@herald/sdk/chat';
import { importAccount } from '../../src/im/identity/im-user-service.ts';
import { createTestImApp, type TestImApp } from '../ws/ws-test-client.ts';
import { startVendorRig, type Vendor, type VendorApp, type VendorDevice, type VendorRig } from '../push-vendors/vendor-fixture.ts';

/** Task states after which a push task sends nothing more. */
const CLOSED = ['PUSH_FINISHED', 'PUSH_FAILED', 'PUSH_CANCELED', 'PUSH_DELETED_PUSH_MSG'];

/** What `setOfflinePushConfig` reports: a Herald token (TPNS mode) or a raw vendor token for a certificate. */
export type PushReport = { businessID: 0; token: string; isTPNSToken: true } | { businessID: number; token: string };

/** The seed story's cast, once bob's device reports its Herald token and is in the background. */
export interface ImPushStory {
  app: VendorApp;
  im: TestImApp;
  /** Bob's device on the vendor's emulator, registered through the SDK device API and bound to `bob` (type 0). */
  device: VendorDevice;
  alice: ChatClient;
  bob: ChatClient;
}

export interface ImPushKit {
  /** The file's rig; usable inside tests and hooks (it starts in `before`). */
  readonly rig: VendorRig;
  /** A new IM app with alice ("Alice") and bob ("Bob") imported. */
  imApp(): Promise<TestImApp>;
  /** POST /api/im/apps/:sdkAppId/push-authorizations: the IM app pushes through `app`, counted in its IM plan. */
  authorize(im: TestImApp, app: VendorApp): Promise<void>;
  /** POST /api/im/apps/:sdkAppId/push-certificates for `app`'s credential of `channel`; returns the businessID. */
  certificate(im: TestImApp, app: VendorApp, channel: Vendor): Promise<number>;
  /** A chat login of `userId` on `deviceId` (closed after the suite). */
  login(im: TestImApp, userId: string, deviceId: string, platform: ChatPlatform): Promise<ChatClient>;
  /** Logs `userId` in on `deviceId`, reports `report` and goes to the background. */
  reportInBackground(im: TestImApp, userId: string, deviceId: string, platform: ChatPlatform, report: PushReport): Promise<ChatClient>;
  /**
   * A push app of the vendor's platform configured for it, a new IM app authorized to it, bob's device on the
   * vendor bound to him, alice logged in, and bob reporting the device's Herald token from the background.
   */
  story(vendor: Vendor, platform: ChatPlatform): Promise<ImPushStory>;
  /**
   * Waits until every push task of the app is closed. A message that must not be pushed is followed by one that
   * must, and the inbox is then checked for exactly one more: a push of the first would show there too.
   */
  settled(app: VendorApp): Promise<void>;
  /** The devices of `userId` with a push report (logout and kick remove theirs). */
  reportingDevices(im: TestImApp, userId: string): Promise<string[]>;
  /** Runs `send`, then waits for a new push task of the app and for every task of the app to close. */
  pushedAndSettled(app: VendorApp, send: () => Promise<unknown>): Promise<void>;
}

/** Starts one rig for the enclosing `describe`; chat clients are closed before it. */
export function useImPushRig(o?: Parameters<typeof startVendorRig>[0]): ImPushKit {
  let started: VendorRig | undefined;
  const clients: ChatClient[] = [];
  before(async () => {
    started = await startVendorRig(o);
  });
  after(async () => {
    for (const c of clients) c.close();
    await started?.close();
  });
  const rig = (): VendorRig => {
    if (started === undefined) throw new Error('the vendor rig is used before it started');
    return started;
  };
  const db = () => rig().server.ctx.store.db;

  async function taskCount(app: VendorApp): Promise<number> {
    const rows = await db().selectFrom('push_task').select('push_id').where('access_id', '=', app.accessId).execute();
    return rows.length;
  }

  async function imApp(): Promise<TestImApp> {
    const im = await createTestImApp(rig().server);
    await importAccount(rig().server.ctx, im.sdkAppId, { userId: 'alice', nick: 'Alice' });
    await importAccount(rig().server.ctx, im.sdkAppId, { userId: 'bob', nick: 'Bob' });
    return im;
  }

  async function authorize(im: TestImApp, app: VendorApp): Promise<void> {
    const res = await rig().api('POST', `/im/apps/${im.sdkAppId}/push-authorizations`, { accessId: app.accessId });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  }

  async function login(im: TestImApp, userId: string, deviceId: string, platform: ChatPlatform): Promise<ChatClient> {
    const client = createChatClient({ url: `${rig().server.url.replace(/^http/, 'ws')}/ws`, sdkAppId: im.sdkAppId, WebSocket: WebSocket as never });
    clients.push(client);
    await client.login({ userId, userSig: im.sig(userId), deviceId, platform });
    return client;
  }

  async function reportInBackground(im: TestImApp, userId: string, deviceId: string, platform: ChatPlatform, report: PushReport): Promise<ChatClient> {
    const client = await login(im, userId, deviceId, platform);
    await client.setOfflinePushConfig(report);
    await client.setAppState('background');
    return client;
  }

  async function settled(app: VendorApp): Promise<void> {
    await rig().waitFor(async () => {
      const open = await db().selectFrom('push_task').select('push_id').where('access_id', '=', app.accessId).where('status', 'not in', CLOSED).executeTakeFirst();
      return open === undefined;
    }, `the push tasks of app ${app.accessId} to settle`);
  }

  return {
    get rig() {
      return rig();
    },
    imApp,
    authorize,
    async certificate(im, app, channel) {
      const res = await rig().api('POST', `/im/apps/${im.sdkAppId}/push-certificates`, { accessId: app.accessId, channel, name: `${channel} native` });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body['businessID'] as number;
    },
    login,
    reportInBackground,
    async story(vendor, platform) {
      const app = await rig().createApp(vendor === 'webpush' ? 'web' : 'android');
      const saved = await rig().configure(app, vendor);
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      const im = await imApp();
      await authorize(im, app);
      const device = await rig().addDevice(app, vendor);
      await rig().bindAccount(app, device, 'bob');
      const alice = await login(im, 'alice', 'alice-device', platform);
      const bob = await reportInBackground(im, 'bob', 'bob-device', platform, { businessID: 0, token: device.token, isTPNSToken: true });
      return { app, im, device, alice, bob };
    },
    settled,
    async reportingDevices(im, userId) {
      const rows = await db().selectFrom('im_offline_push_config').select('device_id').where('sdk_app_id', '=', im.sdkAppId).where('user_id', '=', userId).execute();
      return rows.map((r) => r.device_id);
    },
    async pushedAndSettled(app, send) {
      const before = await taskCount(app);
      await send();
      await rig().waitFor(async () => (await taskCount(app)) > before, `a push task of app ${app.accessId}`);
      await settled(app);
    },
  };
}
