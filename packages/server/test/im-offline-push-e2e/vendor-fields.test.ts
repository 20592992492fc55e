/**
 * Every per-message vendor field of Tencent IM's offline push reaches the vendor in its own field, end to end:
 * bob has one phone on each Android vendor (one push app holding all seven credentials, the IM app authorized to
 * it), each reporting its Herald token from the background; alice sends once with the SDK's `V2TIMOfflinePushInfo`
 * spelling and once over REST with `OfflinePushInfo.AndroidInfo`, and each emulator shows the vendor's field.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { textElem, type ChatClient } from '@herald/sdk/chat';
import { v4 } from '../helpers/im-fixtures.ts';
import type { TestImApp } from '../ws/ws-test-client.ts';
import { ANDROID_VENDORS, type Vendor, type VendorApp, type VendorDevice } from '../push-vendors/vendor-fixture.ts';
import { useImPushRig } from './im-push-e2e-kit.ts';

type Json = Record<string, unknown>;
const at = (o: unknown, ...path: string[]): unknown => path.reduce<unknown>((v, k) => (v as Json | undefined)?.[k], o);

describe('IM offline push: per-message vendor fields on every Android channel', () => {
  const kit = useImPushRig();
  let app: VendorApp;
  let im: TestImApp;
  let alice: ChatClient;
  const phones = new Map<Vendor, VendorDevice>();
  const phone = (v: Vendor): VendorDevice => phones.get(v)!;

  /** The latest notification on each vendor's phone, as the vendor received it. */
  function latest() {
    const { emulators } = kit.rig;
    return {
      oppo: emulators.oppo.inbox(phone('oppo').vendorToken).at(-1),
      vivo: emulators.vivo.inbox(phone('vivo').vendorToken).at(-1),
      huawei: emulators.huawei.inbox(phone('huawei').vendorToken).at(-1)?.message,
      honor: emulators.honor.inbox(phone('honor').vendorToken).at(-1)?.body,
      fcm: emulators.fcm.inbox(phone('fcm').vendorToken).at(-1)?.message,
      xiaomi: emulators.xiaomi.inbox(phone('xiaomi').vendorToken).at(-1),
      meizu: emulators.meizu.inbox(phone('meizu').vendorToken).at(-1)?.message,
    };
  }

  before(async () => {
    app = await kit.rig.createApp('android');
    for (const vendor of ANDROID_VENDORS) {
      const saved = await kit.rig.configure(app, vendor);
      assert.equal(saved.status, 200, `${vendor}: ${JSON.stringify(saved.body)}`);
    }
    im = await kit.imApp();
    await kit.authorize(im, app);
    alice = await kit.login(im, 'alice', 'alice-device', 'Android');
    for (const vendor of ANDROID_VENDORS) {
      const device = await kit.rig.addDevice(app, vendor);
      phones.set(vendor, device);
      await kit.reportInBackground(im, 'bob', `bob-${vendor}`, 'Android', { businessID: 0, token: device.token, isTPNSToken: true });
    }
  });

  it("the SDK's V2TIMOfflinePushInfo fields: each vendor gets its channel, category, importance, image and notify type", async () => {
    await kit.pushedAndSettled(app, () => alice.sendMessage({
      to: 'bob', elements: [textElem('are you coming?')],
      offlinePushInfo: {
        androidHuaWeiCategory: 'IM', androidHuaWeiImage: 'https://img.example.com/hw.png',
        androidHonorImportance: 'NORMAL', androidHonorImage: 'https://img.example.com/honor.png',
        androidXiaoMiChannelID: 'xm-im', androidOPPOChannelID: 'oppo-im', androidOPPOCategory: 'IM', androidOPPONotifyLevel: 16,
        androidVIVOClassification: 1, androidVIVOCategory: 'IM', androidFCMChannelID: 'fcm-im', androidFCMImage: 'https://img.example.com/fcm.png',
        androidMeizuNotifyType: 1,
      },
    }));
    const got = latest();
    assert.deepEqual([got.oppo?.channelId, got.oppo?.category, got.oppo?.notifyLevel], ['oppo-im', 'IM', 16]);
    assert.deepEqual([got.vivo?.classification, got.vivo?.category], [1, 'IM']);
    assert.equal(at(got.huawei, 'android', 'category'), 'IM');
    assert.equal(at(got.huawei, 'android', 'notification', 'image'), 'https://img.example.com/hw.png');
    assert.deepEqual(['importance', 'image'].map((k) => at(got.honor, 'android', 'notification', k)), ['NORMAL', 'https://img.example.com/honor.png']);
    assert.deepEqual(['channel_id', 'image'].map((k) => at(got.fcm, 'android', 'notification', k)), ['fcm-im', 'https://img.example.com/fcm.png']);
    assert.equal(got.xiaomi?.extra['channel_id'], 'xm-im');
    assert.equal(at(got.meizu, 'noticeBarInfo', 'noticeMsgType'), 1);
  });

  it("REST OfflinePushInfo.AndroidInfo: Huawei channel and importance, vivo notify type, FCM priority; a value a vendor refuses is left out, the push still goes", async () => {
    await kit.pushedAndSettled(app, async () => {
      const sent = await v4(kit.rig.server, im, 'openim/sendmsg', {
        From_Account: 'alice', To_Account: 'bob', MsgRandom: 4242,
        MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'over REST' } }],
        OfflinePushInfo: {
          AndroidInfo: {
            HuaWeiChannelID: 'hw-im', HuaWeiImportance: 'NORMAL', VIVONotifyType: 3, GooglePriority: 'normal',
            // 16 (IM messages) needs OPPO's category IM: without a category it is not sent rather than losing the push.
            OPPONotifyLevel: 16, HonorImage: 'http://not-https.example.com/x.png',
          },
        },
      });
      assert.equal(sent['ActionStatus'], 'OK', JSON.stringify(sent));
    });
    const got = latest();
    assert.deepEqual(['channel_id', 'importance'].map((k) => at(got.huawei, 'android', 'notification', k)), ['hw-im', 'NORMAL']);
    assert.equal(got.vivo?.notifyType, 3);
    assert.equal(at(got.fcm, 'android', 'priority'), 'NORMAL');
    assert.equal(got.oppo?.notifyLevel, undefined);
    assert.equal(at(got.honor, 'android', 'notification', 'image'), undefined);
    assert.equal(at(got.oppo, 'content') ?? got.oppo?.content, 'Alice: over REST');
  });
});
