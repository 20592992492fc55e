/**
 * TPNS guide, "Upload the push certificate": the iOS app's APNs `.p8` key and the Android app's Xiaomi app
 * secret. Herald checks each with the vendor (here the emulators, which play Apple's and Xiaomi's consoles).
 */
import { randomBytes } from 'node:crypto';
import { generateP8 } from '@herald/emulators';
import { expect } from '../demo-failure.ts';
import { answered } from '../herald-http.ts';
import type { Printer } from '../printer.ts';
import type { Rig } from '../rig.ts';
import type { DemoApps } from '../cast.ts';

const TEAM_ID = 'DEMOTEAM01';

function checkStatus(body: Record<string, any>): string {
  return String(body['meta']?.['check']?.['status'] ?? body['status'] ?? '?');
}

export async function uploadCredentials(rig: Rig, apps: DemoApps, out: Printer): Promise<void> {
  out.step('Upload the APNs .p8 key and the Xiaomi app secret (PUT /api/apps/:accessId/credentials/...)');
  // Apple's developer portal issues the key; Apple's gateway knows its public half.
  const p8 = generateP8();
  rig.apns.registerKey({ keyId: p8.keyId, teamId: TEAM_ID, publicKeyPem: p8.publicKeyPem, topics: [apps.ios.bundleId] });
  const apns = answered(
    await rig.http.admin('PUT', `/apps/${apps.ios.accessId}/credentials/apns/product`, { kind: 'p8', keyId: p8.keyId, teamId: TEAM_ID, key: p8.privateKeyPem }),
    'upload the APNs key',
  );
  // Xiaomi's console gives the app secret of the registered package.
  const appSecret = randomBytes(16).toString('base64url');
  rig.xiaomi.registerApp({ appSecret, packageNames: [apps.android.bundleId] });
  const xiaomi = answered(await rig.http.admin('PUT', `/apps/${apps.android.accessId}/credentials/xiaomi`, { appSecret }), 'save the Xiaomi app secret');
  expect(checkStatus(xiaomi) === 'ok', `Xiaomi did not accept the app secret: ${JSON.stringify(xiaomi)}`);
  const topics = (apns['meta']?.['topics'] ?? []) as string[];
  out.answer(`APNs ${apns['kind']} key ${p8.keyId} (team ${TEAM_ID}) saved for ${apns['environment']}, topics ${topics.join(', ')} (Apple sees it at the first push); Xiaomi app secret checked with Xiaomi: ok`);
}
