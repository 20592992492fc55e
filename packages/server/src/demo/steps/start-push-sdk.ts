/**
 * TPNS guide, "Start the push SDK": at app start each phone registers its vendor token and gets a Herald token
 * (TPNS's xgToken). bob has an iPhone (APNs); alice has a Xiaomi phone (Mi Push).
 */
import { startIphone, startXiaomiPhone } from '../phones.ts';
import { short, type Printer } from '../printer.ts';
import type { Rig } from '../rig.ts';
import type { DemoApps, DemoPhones } from '../cast.ts';

export async function startPushSdk(rig: Rig, apps: DemoApps, out: Printer): Promise<DemoPhones> {
  out.step("Start the push SDK on bob's iPhone and alice's Xiaomi phone; each gets a Herald token (POST /sdk/v1/devices)");
  const bobIphone = await startIphone(rig, apps.ios, 'bob-iphone');
  const aliceAndroid = await startXiaomiPhone(rig, apps.android, 'alice-android');
  out.answer(`bob-iphone (APNs) token ${short(bobIphone.token)}; alice-android (Xiaomi) token ${short(aliceAndroid.token)}`);
  return { bobIphone, aliceAndroid };
}
