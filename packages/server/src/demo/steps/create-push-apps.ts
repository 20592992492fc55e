/** TPNS guide, "Create a product and apps": one product with an iOS and an Android app, and their keys. */
import { DemoFailure } from '../demo-failure.ts';
import { answered } from '../herald-http.ts';
import { short, type Printer } from '../printer.ts';
import type { Rig } from '../rig.ts';
import { BUNDLE_ID, type DemoApps, type PushApp } from '../cast.ts';

export async function createPushApps(rig: Rig, out: Printer): Promise<DemoApps> {
  out.step('Create a push product with an iOS app and an Android app (POST /api/products)');
  const created = answered(
    await rig.http.admin('POST', '/products', {
      name: 'Herald demo',
      accessPoint: 'guangzhou',
      platforms: [{ platform: 'ios', bundleId: BUNDLE_ID }, { platform: 'android', bundleId: BUNDLE_ID }],
    }),
    'create the product',
    [201],
  );
  const apps = created['apps'] as Array<{ accessId: number; platform: 'ios' | 'android' }>;
  async function withKeys(platform: 'ios' | 'android'): Promise<PushApp> {
    const app = apps.find((a) => a.platform === platform);
    if (app === undefined) throw new DemoFailure(`the product has no ${platform} app: ${JSON.stringify(created)}`);
    const keys = answered(await rig.http.admin('GET', `/apps/${app.accessId}?reveal=1`), `read the ${platform} app's keys`);
    return { platform, accessId: Number(app.accessId), accessKey: String(keys['accessKey']), secretKey: String(keys['secretKey']), bundleId: BUNDLE_ID };
  }
  const ios = await withKeys('ios');
  const android = await withKeys('android');
  out.answer(`product ${created['productId']}: iOS app ${ios.accessId}, Android app ${android.accessId} (${BUNDLE_ID}); keys from GET /api/apps/:accessId?reveal=1 (SecretKey ${short(ios.secretKey)})`);
  return { productId: Number(created['productId']), ios, android };
}
