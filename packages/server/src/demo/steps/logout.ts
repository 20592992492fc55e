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
  const check = answered(await rig.http.admin('GET', `/im/apps/${im.sdkAppId}/users/bob/push-config`), "bob's offline push self-check");
  const device = (check['devices'] as Array<Record<string, any>>).find((d) => d['deviceId'] === phones.bobIphone.name);
  expect(device?.['state'] === 'offline' && device['pushConfig'] === null, `expected bob-iphone offline without a report, got ${JSON.stringify(device)}`);
  out.answer('self-check: bob-iphone is "offline" and has no push report');
  out.nothing('bob logged out, which removed his push report', 'device-offline');
}
