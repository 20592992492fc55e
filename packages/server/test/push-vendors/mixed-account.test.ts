/**
 * One Android account on three phones — a Huawei, a Xiaomi and one with Google services — gets one push, and
 * each phone receives it through its own vendor, shaped with that vendor's fields from the same TPNS body.
 * Statistics are reported per channel under TPNS's names.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useVendorRig } from './vendor-test-kit.ts';

describe('push vendors: one account on Huawei, Xiaomi and FCM devices', () => {
  const { rig } = useVendorRig();

  it('reaches each device through its own channel with the vendor-specific fields set', async () => {
    const app = await rig.createApp('android');
    for (const vendor of ['huawei', 'xiaomi', 'fcm'] as const) {
      const saved = await rig.configure(app, vendor);
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
    }
    const hw = await rig.addDevice(app, 'huawei');
    const xm = await rig.addDevice(app, 'xiaomi');
    const fcm = await rig.addDevice(app, 'fcm');
    for (const d of [hw, xm, fcm]) await rig.bindAccount(app, d, 'alice');

    const res = await rig.push(app, {
      audience_type: 'account',
      account_list: ['alice'],
      // TPNS's default (0) reaches only the account's most recently bound device.
      account_push_type: 1,
      message_type: 'notify',
      message: {
        title: 'Dinner',
        content: 'Table for two at eight',
        android: {
          n_ch_id: 'orders',
          xm_ch_id: 'mi-orders',
          hw_category: 'IM',
          hw_importance: 2,
          custom_content: '{"order":"42"}',
          action: { action_type: 1, activity: 'com.example.OrderActivity' },
        },
      },
    });
    assert.equal(res.body['ret_code'], 0, JSON.stringify(res.body));
    const pushId = String(res.body['push_id']);
    await rig.waitStatus(pushId, ['PUSH_FINISHED']);

    const byChannel = Object.fromEntries((await rig.deliveries(pushId)).map((d) => [d.channel, d]));
    assert.deepEqual(Object.keys(byChannel).sort(), ['fcm', 'hw', 'xm']);
    for (const d of Object.values(byChannel)) assert.equal(d.outcome, 'delivered', JSON.stringify(d));

    const [hwMsg] = rig.emulators.huawei.inbox(hw.vendorToken);
    const hwAndroid = (hwMsg?.message['android'] ?? {}) as Record<string, Record<string, unknown>>;
    assert.equal(hwAndroid['notification']?.['title'], 'Dinner');
    assert.equal(hwAndroid['notification']?.['channel_id'], 'orders');
    assert.equal(hwAndroid['category'], 'IM');

    const [xmMsg] = rig.emulators.xiaomi.inbox(xm.vendorToken);
    assert.equal(xmMsg?.title, 'Dinner');
    assert.equal(xmMsg?.description, 'Table for two at eight');
    assert.equal(xmMsg?.extra['channel_id'], 'mi-orders');

    const [fcmMsg] = rig.emulators.fcm.inbox(fcm.vendorToken);
    const fcmMessage = fcmMsg?.message as Record<string, Record<string, Record<string, unknown>>> | undefined;
    assert.equal(fcmMessage?.['android']?.['notification']?.['channel_id'], 'orders');
    assert.equal(fcmMessage?.['notification']?.['title'] as unknown, 'Dinner');

    const stat = await rig.tpns(app, '/v3/statistics/get_push_task_stat_channel', { pushId });
    const entries = (stat.body['data'] ?? stat.body['channelDatas'] ?? stat.body) as unknown;
    const names = JSON.stringify(entries);
    for (const name of ['"hw"', '"xm"', '"fcm"']) assert.ok(names.includes(name), `${name} in ${names}`);
  });
});
