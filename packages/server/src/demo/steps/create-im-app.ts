/**
 * IM console: create the IM app and its users; TPNS console, "IM Application Authorization": authorize the IM app
 * to both push apps, so its offline pushes go out through them and are counted in their "IM message" plan.
 */
import { DemoFailure } from '../demo-failure.ts';
import { answered, imAnswered } from '../herald-http.ts';
import type { Printer } from '../printer.ts';
import type { Rig } from '../rig.ts';
import type { DemoApps, DemoImApp } from '../cast.ts';

export const USERS = [
  { UserID: 'alice', Nick: 'Alice' },
  { UserID: 'bob', Nick: 'Bob' },
];

export async function createImApp(rig: Rig, apps: DemoApps, out: Printer): Promise<DemoImApp> {
  out.step('Create the IM app, import alice and bob, authorize the IM app to both push apps (/api/im/apps, /v4)');
  const created = answered(await rig.http.admin('POST', '/im/apps', { name: 'Herald demo chat' }), 'create the IM app', [201]);
  const sdkAppId = Number(created['sdkAppId']);
  const userSig = async (userId: string): Promise<string> =>
    String(answered(await rig.http.admin('POST', `/im/apps/${sdkAppId}/usersig`, { userId }), `a UserSig for ${userId}`)['userSig']);

  // The app's backend imports its users with the REST API, as the app administrator.
  const admin = 'administrator';
  const imported = imAnswered(
    await rig.http.imRest(sdkAppId, admin, await userSig(admin), 'im_open_login_svc/multiaccount_import', { AccountList: USERS }),
    'import the accounts',
  );
  if ((imported['FailAccounts'] as unknown[] | undefined)?.length) throw new DemoFailure(`accounts not imported: ${JSON.stringify(imported['FailAccounts'])}`);

  const plans: string[] = [];
  for (const app of [apps.ios, apps.android]) {
    const auth = answered(await rig.http.admin('POST', `/im/apps/${sdkAppId}/push-authorizations`, { accessId: app.accessId }), `authorize the IM app to ${app.accessId}`, [201]);
    plans.push(String(auth['planId']));
  }
  out.answer(`IM app ${sdkAppId}; alice (Alice) and bob (Bob) imported; authorized to both push apps, counted in plans ${plans.join(', ')}`);
  return { sdkAppId, userSig };
}
