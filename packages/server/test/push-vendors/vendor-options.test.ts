/**
 * Every per-message vendor setting of Tencent IM's offline push, sent through `/v3/push/app` as TPNS fields and
 * Herald's `message.android` extensions, reaches each vendor's emulator in that vendor's own field: one app with
 * all seven Android channels, one phone on each, one push. A wrong extension is refused before anything is sent.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ANDROID_VENDORS, type VendorDevice } from './vendor-fixture.ts';
import { useVendorRig, type Json } from './vendor-test-kit.ts';

const at = (o: unknown, ...path: string[]): unknown => path.reduce<unknown>((v, k) => (v as Json | undefined)?.[k], o);

describe('push vendors: per-vendor extension fields through /v3/push/app', () => {
  const kit = useVendorRig();
  const { rig } = kit;

  it('each vendor receives its channel, class, importance, image, priority and notify type', async () => {
    const app = await rig.createApp('android');
    for (const vendor of ANDROID_VENDORS) {
      const saved = await rig.configure(app, vendor);
      assert.equal(saved.status, 200, `${vendor}: ${JSON.stringify(saved.body)}`);
    }
    const devices = new Map<string, VendorDevice>();
    for (const vendor of ANDROID_VENDORS) devices.set(vendor, await rig.addDevice(app, vendor));
    const device = (vendor: string): VendorDevice => devices.get(vendor)!;

    const pushId = await kit.pushAndFinish(app, {
      audience_type: 'token_list',
      token_list: [...devices.values()].map((d) => d.token),
      message_type: 'notify',
      message: {
        title: 'Alice',
        content: 'Are you coming?',
        android: {
          // TPNS's own vendor fields.
          hw_ch_id: 'hw-im', hw_category: 'IM', hw_importance: 2,
          xm_ch_id: 'xm-im', oppo_ch_id: 'oppo-im', fcm_ch_id: 'fcm-im',
          vivo_ch_id: '1', vivo_category: 'IM',
          // Herald's extensions.
          oppo_category: 'IM', oppo_notify_level: 16,
          honor_importance: 2, honor_image: 'https://img.example.com/honor.png',
          hw_image: 'https://img.example.com/hw.png',
          fcm_image: 'https://img.example.com/fcm.png', fcm_priority: 'normal',
          vivo_notify_type: 3,
          mz_notice_msg_type: 1,
          custom_content: JSON.stringify({ ext: '{"chat":"c1"}' }),
        },
      },
    });

    const outcomes = Object.fromEntries((await rig.deliveries(pushId)).map((d) => [d.channel, d.outcome]));
    assert.deepEqual(outcomes, { fcm: 'delivered', honor: 'delivered', hw: 'delivered', mz: 'delivered', oppo: 'delivered', vivo: 'delivered', xm: 'delivered' });

    const [oppo] = rig.emulators.oppo.inbox(device('oppo').vendorToken);
    assert.deepEqual([oppo?.channelId, oppo?.category, oppo?.notifyLevel], ['oppo-im', 'IM', 16]);

    const [vivo] = rig.emulators.vivo.inbox(device('vivo').vendorToken);
    assert.deepEqual([vivo?.classification, vivo?.category, vivo?.notifyType], [1, 'IM', 3]);

    const [huawei] = rig.emulators.huawei.inbox(device('huawei').vendorToken);
    assert.equal(at(huawei?.message, 'android', 'category'), 'IM');
    assert.deepEqual(
      ['channel_id', 'importance', 'image'].map((k) => at(huawei?.message, 'android', 'notification', k)),
      ['hw-im', 'NORMAL', 'https://img.example.com/hw.png'],
    );

    const [honor] = rig.emulators.honor.inbox(device('honor').vendorToken);
    assert.deepEqual(
      ['importance', 'image'].map((k) => at(honor?.body, 'android', 'notification', k)),
      ['NORMAL', 'https://img.example.com/honor.png'],
    );

    const [fcm] = rig.emulators.fcm.inbox(device('fcm').vendorToken);
    assert.equal(at(fcm?.message, 'android', 'priority'), 'NORMAL');
    assert.deepEqual(
      ['channel_id', 'image'].map((k) => at(fcm?.message, 'android', 'notification', k)),
      ['fcm-im', 'https://img.example.com/fcm.png'],
    );

    const [xiaomi] = rig.emulators.xiaomi.inbox(device('xiaomi').vendorToken);
    assert.equal(xiaomi?.extra['channel_id'], 'xm-im');

    const [meizu] = rig.emulators.meizu.inbox(device('meizu').vendorToken);
    assert.equal(at(meizu?.message, 'noticeBarInfo', 'noticeMsgType'), 1);
  });

  it('a wrong extension value is refused with 1008007 naming the field, and nothing is sent', async () => {
    const app = await kit.configuredApp('oppo');
    const d = await rig.addDevice(app, 'oppo');
    const before = rig.emulators.oppo.counters.requests;
    const res = await rig.push(app, {
      audience_type: 'token',
      token_list: [d.token],
      message_type: 'notify',
      message: { title: 'a', content: 'b', android: { oppo_category: 'NEWS', oppo_notify_level: 16 } },
    });
    assert.equal(res.status, 400);
    assert.equal(res.body['ret_code'], 1008007);
    assert.match(String(res.body['err_msg']), /^message\.android\.oppo_notify_level: /);
    assert.equal(rig.emulators.oppo.counters.requests, before);
  });
});
