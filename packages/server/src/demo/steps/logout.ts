/**
 * Tencent IM: logging out removes the device's push report (and the device is offline), so nothing is pushed
 * until the user logs in and reports again.
 */
import { textElem } from '@herald/sdk';
import { answered } from '../herald-http.ts';
import { expect } from '../demo-failure.ts';
import type { Cast } from '../cast.ts';

export async function logout({ rig, im, chats, phones, trays, out }: Cast): Promise<void> {
  out.step('bob logs out; alice sends one more message');
  await chats.bob.logout();
  await chats.alice.sendMessage({ to: 'bob', elements: [textElem('see you tomorrow')] });
  await trays.expectNone('a message after logout');
  const check = answered(await rig.http.admin('GET', `/im/apps/${im.sdkAppId}/users/bob/offline-push-check`), "bob's offline push self-check");
  const device = (check['devices'] as Array<Record<string, any>>).find((d) => d['deviceId'] === phones.bobIphone.name);
  const codes = (check['problems'] as Array<Record<string, any>>).filter((p) => p['deviceId'] === phones.bobIphone.name).map((p) => String(p['code']));
  expect(device?.['pushConfig'] === null && codes.includes('device-logged-out'), `expected bob-iphone logged out without a report, got ${JSON.stringify({ device, codes })}`);
  out.answer(`self-check: ${phones.bobIphone.name} is ${String(device!['state'])}, has no push report [device-logged-out]`);
  out.nothing('bob logged out, which removed his push report', 'device-offline');
}
