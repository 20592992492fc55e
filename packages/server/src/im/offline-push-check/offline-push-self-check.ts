/**
 * The offline push self-check of one user (the IM console's "offline push self-check"): which devices and
 * certificates are registered, their states, why the last message was or was not pushed, and the problems found,
 * each with a stable code and a sentence. It only reads; nothing is sent to a vendor.
 */
import { heraldError } from '@herald/protocol';
import type { ServerContext } from '../../context.ts';
import { authorizedPushApps, type AuthorizedPushApp } from '../../push/authorization/authorized-push-apps.ts';
import { requireImApp } from '../identity/im-app-service.ts';
import { listPushCertificates, type PushCertificateView } from '../offline-push-config/push-certificates.ts';
import { checkDevice, type DeviceCheck } from './device-push-check.ts';
import { lastPushOutcome, type LastOutcomeCheck } from './last-push-outcome.ts';
import { problem, type SelfCheckProblem } from './self-check-texts.ts';

export interface OfflinePushSelfCheck {
  sdkAppId: number;
  userId: string;
  /** The account in this IM app (an unknown one is IM_ACCOUNT_NOT_FOUND). */
  user: { userId: string; nickname: string; createdAt: number };
  imApp: { sdkAppId: number; name: string };
  /** The push apps authorized to this IM app, which TPNS-mode reports must come from. */
  pushApps: AuthorizedPushApp[];
  /** The IM app's offline push certificates (native mode), deleted ones left out. */
  certificates: PushCertificateView[];
  /** Every device the user logged in from, logged-out ones included, by device ID. */
  devices: DeviceCheck[];
  /** The last message or call decided for the user; null when none was recorded. */
  lastOutcome: LastOutcomeCheck | null;
  problems: SelfCheckProblem[];
  checkedAt: number;
}

export async function offlinePushSelfCheck(ctx: ServerContext, sdkAppId: number, userId: string): Promise<OfflinePushSelfCheck> {
  const db = ctx.store.db;
  const now = ctx.clock.now();
  const app = await requireImApp(db, sdkAppId);
  const user = await db.selectFrom('im_user').select(['user_id', 'nickname', 'created_at'])
    .where('sdk_app_id', '=', sdkAppId).where('user_id', '=', userId).executeTakeFirst();
  if (user === undefined) throw heraldError('IM_ACCOUNT_NOT_FOUND', `IM app ${sdkAppId} has no account ${userId}`);

  const deviceRows = await db.selectFrom('im_device').select(['device_id', 'platform', 'state', 'logged_in_at', 'state_changed_at', 'last_seen_at'])
    .where('sdk_app_id', '=', sdkAppId).where('user_id', '=', userId).orderBy('device_id').execute();
  const configs = new Map((await db.selectFrom('im_offline_push_config').selectAll()
    .where('sdk_app_id', '=', sdkAppId).where('user_id', '=', userId).execute()).map((r) => [r.device_id, r]));

  const problems: SelfCheckProblem[] = [];
  const loggedIn = deviceRows.filter((d) => d.state !== 'offline');
  if (deviceRows.length === 0) problems.push(problem('no-devices'));
  else if (loggedIn.length > 0 && loggedIn.every((d) => !configs.has(d.device_id))) problems.push(problem('no-push-config'));

  const devices: DeviceCheck[] = [];
  for (const row of deviceRows) {
    const checked = await checkDevice(db, sdkAppId, row, configs.get(row.device_id), now);
    devices.push(checked.device);
    problems.push(...checked.problems);
  }
  const last = await lastPushOutcome(db, sdkAppId, userId);
  problems.push(...last.problems);

  return {
    sdkAppId,
    userId,
    user: { userId: user.user_id, nickname: user.nickname, createdAt: Number(user.created_at) },
    imApp: { sdkAppId, name: app.name },
    pushApps: await authorizedPushApps(db, sdkAppId),
    certificates: await listPushCertificates(ctx, sdkAppId),
    devices,
    lastOutcome: last.outcome,
    problems,
    checkedAt: now,
  };
}
