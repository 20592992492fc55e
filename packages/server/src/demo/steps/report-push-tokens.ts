/**
 * Tencent IM guide, "Report the token": setOfflinePushConfig({businessID: 0, token, isTPNSToken: true}) tells IM
 * to push through TPNS to the token the push SDK got. The offline push self-check then says nothing stops a push.
 */
import { answered } from '../herald-http.ts';
import { expect } from '../demo-failure.ts';
import { short, type Printer } from '../printer.ts';
import type { Rig } from '../rig.ts';
import type { DemoChats, DemoImApp, DemoPhones } from '../cast.ts';

export async function reportPushTokens(rig: Rig, im: DemoImApp, phones: DemoPhones, chats: DemoChats, out: Printer): Promise<void> {
  out.step('Report each push token to IM: setOfflinePushConfig({businessID: 0, token, isTPNSToken: true})');
  const bob = await chats.bob.setOfflinePushConfig({ businessID: 0, token: phones.bobIphone.token, isTPNSToken: true });
  const alice = await chats.alice.setOfflinePushConfig({ businessID: 0, token: phones.aliceAndroid.token, isTPNSToken: true });
  expect(bob?.channel === 'apns' && alice?.channel === 'xiaomi', `the reports name the wrong channels: ${JSON.stringify({ bob, alice })}`);
  const check = answered(await rig.http.admin('GET', `/im/apps/${im.sdkAppId}/users/bob/offline-push-check`), "bob's offline push self-check");
  const device = (check['devices'] as Array<Record<string, any>>).find((d) => d['deviceId'] === phones.bobIphone.name);
  expect(device?.['pushConfig'] != null, `the self-check shows no report for ${phones.bobIphone.name}: ${JSON.stringify(device)}`);
  const blocking = (check['problems'] as Array<Record<string, any>>).filter((p) => p['blocking'] === true).map((p) => String(p['message']));
  expect(blocking.length === 0, `the self-check finds problems: ${blocking.join('; ')}`);
  out.answer(`bob-iphone: ${bob!.channel}, token ${short(bob!.token)}; alice-android: ${alice!.channel}, token ${short(alice!.token)}; self-check (GET /api/im/apps/:sdkAppId/users/bob/offline-push-check): nothing stops a push`);
}
