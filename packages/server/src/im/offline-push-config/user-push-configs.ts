/**
 * The per-user answer of "which devices can get offline push, through what, and what is wrong": every device
 * the user logged in from, with its state and what it reported, the certificate and credential (native mode) or
 * the push device and its account binding (TPNS mode) behind it, and the problems that stop a push — the part of
 * the IM console's offline push self-check that is about registration.
 */
import type { Kysely } from 'kysely';
import { heraldError, type OfflinePushConfigState } from '@herald/protocol';
import type { ServerContext } from '../../context.ts';
import type { Database } from '../../store/schema.ts';
import { requireImApp } from '../identity/im-app-service.ts';
import { toConfigState } from './device-push-config.ts';
import { credentialEnvironment, type CertificateCredentialView, toPushCertificateView } from './push-certificates.ts';

/** TPNS mode binds the IM UserID as this account type (reference §2.4). */
const TPNS_ACCOUNT_TYPE = 0;

export interface ReportedPushConfigView extends OfflinePushConfigState {
  accessId: number;
  reportedAt: number;
  /** 'invalid' once a vendor refused the token ("bad devicetoken"), until the device reports again. */
  status: 'active' | 'invalid';
  invalidReason?: string;
  invalidAt?: number;
  /** Native mode: whether the certificate still exists, and the credential it names (null: deleted). */
  certificate?: { state: 'active' | 'deleted'; name: string; credential: CertificateCredentialView | null };
  /** TPNS mode: the push device behind the Herald token (null: gone), and whether the UserID is bound to it. */
  pushDevice?: { status: string; channel: string; environment: string; accountBound: boolean } | null;
  /** Why a push cannot go out through this report; empty when nothing stops it. */
  problems: string[];
}

export interface UserDevicePushView {
  deviceId: string;
  platform: string;
  state: string;
  stateChangedAt: number;
  pushConfig: ReportedPushConfigView | null;
}

type ConfigRow = Awaited<ReturnType<typeof readConfigs>>[number];

function readConfigs(db: Kysely<Database>, sdkAppId: number, userId: string) {
  return db.selectFrom('im_offline_push_config').selectAll().where('sdk_app_id', '=', sdkAppId).where('user_id', '=', userId).execute();
}

async function nativeDetails(db: Kysely<Database>, row: ConfigRow, view: ReportedPushConfigView): Promise<void> {
  const certificate = await db.selectFrom('im_push_certificate').selectAll()
    .where('sdk_app_id', '=', Number(row.sdk_app_id)).where('business_id', '=', Number(row.business_id)).executeTakeFirst();
  if (certificate === undefined) {
    view.problems.push(`certificate ${Number(row.business_id)} does not exist`);
    return;
  }
  const credential = await db.selectFrom('credential').selectAll()
    .where('access_id', '=', Number(certificate.access_id)).where('channel', '=', certificate.channel)
    .where('environment', '=', credentialEnvironment(certificate.channel, certificate.environment))
    .executeTakeFirst();
  const shown = toPushCertificateView(certificate, credential);
  const deleted = certificate.deleted_at !== null;
  view.certificate = { state: deleted ? 'deleted' : 'active', name: certificate.name, credential: shown.credential };
  if (deleted) view.problems.push(`certificate ${shown.businessID} was deleted`);
  else if (shown.credential === null) view.problems.push(`push app ${shown.accessId} has no ${shown.channel} credential for this certificate`);
  else if (shown.credential.status === 'rejected') view.problems.push(`the vendor refused the ${shown.channel} credential: ${shown.credential.reason ?? 'rejected'}`);
}

async function tpnsDetails(db: Kysely<Database>, row: ConfigRow, view: ReportedPushConfigView): Promise<void> {
  const device = await db.selectFrom('device').select(['access_id', 'status', 'channel', 'environment', 'invalid_reason'])
    .where('token', '=', row.token).executeTakeFirst();
  if (device === undefined) {
    view.pushDevice = null;
    view.problems.push('the Herald push token no longer exists');
    return;
  }
  const binding = await db.selectFrom('account_binding').select('token')
    .where('access_id', '=', Number(device.access_id)).where('token', '=', row.token)
    .where('account', '=', row.user_id).where('account_type', '=', TPNS_ACCOUNT_TYPE)
    .executeTakeFirst();
  view.pushDevice = { status: device.status, channel: device.channel, environment: device.environment, accountBound: binding !== undefined };
  if (device.status !== 'active') view.problems.push(`the push device is ${device.status}${device.invalid_reason === null ? '' : `: ${device.invalid_reason}`}`);
  if (binding === undefined) view.problems.push(`the UserID is not bound to the push token as account type ${TPNS_ACCOUNT_TYPE}`);
}

async function reportView(db: Kysely<Database>, row: ConfigRow, deviceState: string): Promise<ReportedPushConfigView> {
  const view: ReportedPushConfigView = {
    ...toConfigState(row),
    accessId: Number(row.access_id),
    reportedAt: Number(row.reported_at),
    status: row.status === 'invalid' ? 'invalid' : 'active',
    problems: [],
  };
  if (row.status === 'invalid') {
    view.invalidReason = row.invalid_reason ?? '';
    if (row.invalid_at !== null) view.invalidAt = Number(row.invalid_at);
    view.problems.push(`the vendor refused the token: ${view.invalidReason}`);
  }
  if (row.mode === 'tpns') await tpnsDetails(db, row, view);
  else await nativeDetails(db, row, view);
  if (deviceState === 'offline') view.problems.push('the device is logged out');
  return view;
}

/** Every device of the user (logged out ones too), by deviceId, with its report. */
export async function listUserPushConfigs(ctx: ServerContext, sdkAppId: number, userId: string): Promise<UserDevicePushView[]> {
  const db = ctx.store.db;
  await requireImApp(db, sdkAppId);
  const user = await db.selectFrom('im_user').select('user_id').where('sdk_app_id', '=', sdkAppId).where('user_id', '=', userId).executeTakeFirst();
  if (user === undefined) throw heraldError('IM_ACCOUNT_NOT_FOUND', `IM app ${sdkAppId} has no account ${userId}`);
  const devices = await db.selectFrom('im_device').select(['device_id', 'platform', 'state', 'state_changed_at'])
    .where('sdk_app_id', '=', sdkAppId).where('user_id', '=', userId).orderBy('device_id').execute();
  const configs = new Map((await readConfigs(db, sdkAppId, userId)).map((r) => [r.device_id, r]));
  const views: UserDevicePushView[] = [];
  for (const d of devices) {
    const config = configs.get(d.device_id);
    views.push({
      deviceId: d.device_id,
      platform: d.platform,
      state: d.state,
      stateChangedAt: Number(d.state_changed_at),
      pushConfig: config === undefined ? null : await reportView(db, config, d.state),
    });
  }
  return views;
}
