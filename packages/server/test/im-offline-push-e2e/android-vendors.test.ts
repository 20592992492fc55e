/**
 * IM offline push end to end on every Android vendor channel: a real server, the vendor emulators as the phones'
 * inboxes, the chat SDK for both users, and only public APIs. Per vendor: an Android push app with the vendor's
 * credential (management API), the IM app authorized to it, a phone registered through the SDK device API and
 * bound to bob (account type 0); bob logs in, reports his Herald token (TPNS mode) and goes to the background;
 * alice sends → the phone shows `Alice: text`, and `ext` arrives where that vendor's client reads it, which the
 * SDK turns back into the C2C route. Then a call invite (action 2), native mode for FCM, Huawei and Xiaomi (a
 * certificate pointing at the app's credential and a raw vendor token), and logout (nothing pushed).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { textElem, type ChatClient } from '@herald/sdk/chat';
import { buildChatPushExt, isCallTimedOut, routeOfNotification } from '../../../sdk/src/offline-push/index.ts';
import { createSignaling } from '../../../sdk/src/chat/signaling.ts';
import type { TestImApp } from '../ws/ws-test-client.ts';
import type { Vendor, VendorApp, VendorDevice, VendorRig } from '../push-vendors/vendor-fixture.ts';
import { useImPushRig } from './im-push-e2e-kit.ts';

type Json = Record<string, unknown>;

/** One notification as the phone shows it, and the extras its vendor client hands the app on a tap. */
interface OnPhone {
  title: string | undefined;
  body: string | undefined;
  extras: Json;
}

interface VendorCase {
  vendor: Vendor;
  /** What the phone with this vendor token got, oldest first. */
  received(rig: VendorRig, vendorToken: string): OnPhone[];
  /** Native mode: a raw token the vendor's emulator issued for the app. */
  nativeToken?(rig: VendorRig, app: VendorApp): string;
}

const parsed = (data: unknown): Json => (typeof data === 'string' ? (JSON.parse(data) as Json) : {});

const VENDORS: VendorCase[] = [
  {
    vendor: 'fcm',
    received: (rig, t) => rig.emulators.fcm.inbox(t).map(({ message }) => {
      const n = (message['notification'] ?? {}) as Json;
      return { title: n['title'] as string | undefined, body: n['body'] as string | undefined, extras: message['data'] as Json };
    }),
    nativeToken: (rig, app) => rig.emulators.fcm.registerDevice({ projectId: app.vendorIds.fcm!['projectId']!, packageName: app.packageName }),
  },
  {
    vendor: 'huawei',
    received: (rig, t) => rig.emulators.huawei.inbox(t).map(({ message }) => {
      const n = (message['android'] as Json)['notification'] as Json;
      return { title: n['title'] as string, body: n['body'] as string, extras: parsed(message['data']) };
    }),
    nativeToken(rig, app) {
      const token = `IQAAAACy0${randomBytes(48).toString('base64url')}`;
      rig.emulators.huawei.registerDevice({ token, appId: app.vendorIds.huawei!['appId']! });
      return token;
    },
  },
  {
    vendor: 'honor',
    received: (rig, t) => rig.emulators.honor.inbox(t).map(({ body }) => {
      const n = (body['android'] as Json)['notification'] as Json;
      return { title: n['title'] as string, body: n['body'] as string, extras: parsed(body['data']) };
    }),
  },
  {
    vendor: 'xiaomi',
    // MiPushMessage: getTitle(), getDescription(), getExtra().
    received: (rig, t) => rig.emulators.xiaomi.inbox(t).map((m) => ({ title: m.title, body: m.description, extras: m.extra })),
    nativeToken(rig, app) {
      const regId = randomBytes(33).toString('base64').replace(/[+/=]/g, 'x');
      rig.emulators.xiaomi.registerDevice({ regId, packageName: app.packageName });
      return regId;
    },
  },
  {
    vendor: 'oppo',
    received: (rig, t) => rig.emulators.oppo.inbox(t).map((m) => ({ title: m.title, body: m.content, extras: m.actionParameters ?? {} })),
  },
  {
    vendor: 'vivo',
    received: (rig, t) => rig.emulators.vivo.inbox(t).map((m) => ({ title: m.title, body: m.content, extras: m.clientCustomMap })),
  },
  {
    vendor: 'meizu',
    received: (rig, t) => rig.emulators.meizu.inbox(t).map((m) => ({ title: m.title, body: m.content, extras: m.parameters })),
  },
];


describe('IM offline push end to end on the Android vendor channels', () => {
  const kit = useImPushRig();

  for (const v of VENDORS) {
    describe(v.vendor, () => {
      let app: VendorApp;
      let im: TestImApp;
      let phone: VendorDevice;
      let alice: ChatClient;
      let bob: ChatClient;
      const onPhone = () => v.received(kit.rig, phone.vendorToken);
      /** Waits for the notification with this body on the TPNS-mode phone. */
      async function shown(body: string): Promise<OnPhone> {
        await kit.rig.waitFor(() => onPhone().some((n) => n.body === body), `"${body}" on the ${v.vendor} phone`);
        return onPhone().find((n) => n.body === body)!;
      }
      /** What the vendor's client hands the app on a tap: its extras; OPPO's receivers read only `entity`. */
      const tapped = (n: OnPhone): Json => (v.vendor === 'oppo' ? { entity: n.extras['entity'] } : n.extras);
      const chatExt = async () => buildChatPushExt({ chatType: 'c2c', senderUserId: 'alice', nickname: 'Alice', serverTime: await alice.getServerTime() });

      before(async () => {
        ({ app, im, device: phone, alice, bob } = await kit.story(v.vendor, 'Android'));
      });

      it('a text shows `Alice: text` under its title; ext arrives where the client reads it and routes to the chat', async () => {
        const ext = await chatExt();
        await alice.sendMessage({ to: 'bob', elements: [textElem('hi bob')], offlinePushInfo: { title: 'New message', ext } });
        const n = await shown('Alice: hi bob');
        assert.equal(n.title, 'New message');
        assert.equal(n.extras['ext'], ext, 'ext is passed on unchanged');
        if (v.vendor === 'oppo') assert.deepEqual(JSON.parse(String(n.extras['entity'])), JSON.parse(ext)['entity'], 'OPPO: the entity itself under `entity`');
        assert.deepEqual(routeOfNotification(tapped(n)), { kind: 'c2c', userID: 'alice' });
        await kit.settled(app);
        const tasks = await kit.rig.server.ctx.store.db.selectFrom('push_task').select('plan_id').where('access_id', '=', app.accessId).execute();
        assert.deepEqual(tasks.map((t) => t.plan_id), [`im_${app.accessId}_${im.sdkAppId}`], 'counted under the IM message plan');
      });

      it('without a title the text shows as it is (vendors that need a title show the text there too)', async () => {
        const ext = await chatExt();
        await kit.pushedAndSettled(app, () => alice.sendMessage({ to: 'bob', elements: [textElem('dinner?')], offlinePushInfo: { ext } }));
        const n = onPhone().find((p) => p.body === 'Alice: dinner?');
        assert.ok(n !== undefined, `not on the phone; deliveries: ${JSON.stringify(await kit.rig.server.ctx.store.db.selectFrom('push_delivery').select(['outcome', 'reason']).where('access_id', '=', app.accessId).execute())}`);
        assert.equal(n.title, v.vendor === 'fcm' ? undefined : 'Alice: dinner?');
        assert.deepEqual(routeOfNotification(tapped(n)), { kind: 'c2c', userID: 'alice' });
      });

      it('a call invite rings with the inviter as title and action 2; the SDK reads the call', async () => {
        const calls = createSignaling(alice);
        const inviteId = await calls.invite('bob', { data: JSON.stringify({ version: 4, call_type: 1, room_id: 4242 }), timeout: 30 });
        const n = await shown('You have a call request');
        assert.equal(n.title, 'Alice');
        const route = routeOfNotification(tapped(n));
        assert.equal(route?.kind, 'call');
        const call = (route as Extract<typeof route, { kind: 'call' }>).call;
        assert.deepEqual({ ...call, sendTime: 0 }, { inviteID: inviteId, inviter: 'alice', inviteeList: ['bob'], callType: 1, roomID: 4242, timeout: 30, sendTime: 0 });
        assert.equal(isCallTimedOut(call, await bob.getServerTime()), false);
        await calls.cancel(inviteId);
        await kit.settled(app);
      });

      if (v.nativeToken !== undefined) {
        it('native mode: a raw vendor token reported for a certificate gets the push, with ext', async () => {
          const businessID = await kit.certificate(im, app, v.vendor);
          const token = v.nativeToken!(kit.rig, app);
          const tablet = await kit.reportInBackground(im, 'bob', 'bob-tablet', 'Android', { businessID, token });
          const ext = await chatExt();
          await alice.sendMessage({ to: 'bob', elements: [textElem('to both')], offlinePushInfo: { title: 'Chat', ext } });
          await kit.rig.waitFor(() => v.received(kit.rig, token).length === 1, 'the native push');
          const [n] = v.received(kit.rig, token);
          assert.deepEqual([n!.title, n!.body, n!.extras['ext']], ['Chat', 'Alice: to both', ext]);
          assert.deepEqual(routeOfNotification(tapped(n!)), { kind: 'c2c', userID: 'alice' });
          assert.equal((await shown('Alice: to both')).extras['ext'], ext, 'the TPNS-mode phone gets it too');
          await tablet.logout();
          await kit.settled(app);
        });
      }

      it('after logout nothing is pushed; logging in and reporting again pushes again', async () => {
        const before = onPhone().length;
        await bob.logout();
        assert.deepEqual(await kit.reportingDevices(im, 'bob'), [], 'logout removes the report');
        // Its push is decided from the reports as they are when it is stored: none, so nothing is queued for it.
        await alice.sendMessage({ to: 'bob', elements: [textElem('after logout')], offlinePushInfo: { title: 'Chat' } });
        bob = await kit.reportInBackground(im, 'bob', 'bob-device', 'Android', { businessID: 0, token: phone.token, isTPNSToken: true });
        await alice.sendMessage({ to: 'bob', elements: [textElem('back again')], offlinePushInfo: { title: 'Chat' } });
        await shown('Alice: back again');
        await kit.settled(app);
        assert.deepEqual(onPhone().slice(before).map((n) => n.body), ['Alice: back again']);
      });
    });
  }
});
