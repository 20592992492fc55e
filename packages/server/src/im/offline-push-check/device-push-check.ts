/**
 * One device's part of the self-check: its state, what it reported with setOfflinePushConfig, and everything a
 * push through that report depends on — the certificate (native mode), the push app and whether it is authorized
 * to this IM app, the credential for the channel and environment, and the Herald push device the push is
 * addressed to — each with the findings that stop or weaken a push.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database, ImDeviceTable, ImOfflinePushConfigTable } from '../../store/schema.ts';
import { nativeHeraldToken } from '../offline-push-dispatch/native-push-device.ts';
import { channelDriver } from '../../push/channels/channel-drivers.ts';
import { credentialEnvironment } from '../offline-push-config/push-certificates.ts';
import { problem, TENCENT_STATE_NAMES, type SelfCheckProblem } from './self-check-texts.ts';

/** TPNS mode binds the IM UserID as this account type (reference §2.4). */
const TPNS_ACCOUNT_TYPE = 0;

type DeviceRow = Pick<Selectable<ImDeviceTable>, 'device_id' | 'platform' | 'state' | 'logged_in_at' | 'state_changed_at' | 'last_seen_at'>;
type ConfigRow = Selectable<ImOfflinePushConfigTable>;

export interface CertificateCheck {
  businessID: number;
  name: string;
  /** The push app whose credential it names. */
  accessId: number;
  channel: string;
  environment: 'dev' | 'product' | null;
  voip: boolean;
  state: 'active' | 'deleted';
}

export interface PushAppCheck {
  accessId: number;
  exists: boolean;
  platform?: string;
  bundleId?: string;
  /** Authorized to this IM app (third-party authorization). */
  authorized: boolean;
  /** 'im_push_only' while authorized, 'standard' otherwise. */
  serviceMode?: string;
}

export interface CredentialCheck {
  channel: string;
  /** The credential row's environment: 'dev' | 'product' for APNs; channels without environments use 'product'. */
  environment: string;
  exists: boolean;
  kind?: string;
  /** The vendor's last answer: 'ok', 'unverified' or 'rejected'. */
  status?: string;
  reason?: string;
  /** APNs .p12 certificates: when the certificate expires (ISO 8601). */
  notAfter?: string;
}

/** The Herald device a push is addressed to: the reported token (TPNS mode) or the one derived for the report (native mode). */
export interface PushDeviceCheck {
  exists: boolean;
  status?: string;
  invalidReason?: string;
  channel?: string;
  environment?: string;
  vendorTokenPresent?: boolean;
  /** TPNS mode: the UserID is bound to the token as account type 0. */
  accountBound?: boolean;
}

export interface PushReportCheck {
  mode: 'tpns' | 'native';
  businessID: number;
  /** Shortened: enough to tell tokens apart, not enough to push with. */
  token: string;
  channel: string;
  environment: 'dev' | 'product' | null;
  voip: boolean;
  reportedAt: number;
  status: 'active' | 'invalid';
  invalidReason?: string;
  invalidAt?: number;
  /** Native mode only; null when the IM app has no certificate with the reported ID. */
  certificate?: CertificateCheck | null;
  pushApp: PushAppCheck;
  credential: CredentialCheck;
  /** Native mode: exists only after the first push to the device. */
  pushDevice: PushDeviceCheck;
}

export interface DeviceCheck {
  deviceId: string;
  platform: string;
  /** Tencent's name: Online, Background, PushOnline or Offline. */
  state: string;
  loggedInAt: number;
  stateChangedAt: number;
  lastSeenAt: number;
  pushConfig: PushReportCheck | null;
}

/** The first 8 and last 4 characters: a token is a credential to push to a phone, so the check never shows it whole. */
export function shortToken(token: string): string {
  return token.length <= 16 ? `${token.slice(0, 4)}…` : `${token.slice(0, 8)}…${token.slice(-4)}`;
}

interface Checked {
  view: PushReportCheck;
  problems: SelfCheckProblem[];
}

async function certificateCheck(db: Kysely<Database>, config: ConfigRow, out: Checked): Promise<void> {
  const row = await db.selectFrom('im_push_certificate').selectAll()
    .where('sdk_app_id', '=', Number(config.sdk_app_id)).where('business_id', '=', Number(config.business_id))
    .executeTakeFirst();
  const facts = { deviceId: config.device_id, businessID: Number(config.business_id) };
  if (row === undefined) {
    out.view.certificate = null;
    out.problems.push(problem('certificate-missing', facts));
    return;
  }
  const deleted = row.deleted_at !== null;
  out.view.certificate = {
    businessID: Number(row.business_id), name: row.name, accessId: Number(row.access_id), channel: row.channel,
    environment: row.environment === '' ? null : (row.environment as 'dev' | 'product'), voip: Number(row.voip) === 1,
    state: deleted ? 'deleted' : 'active',
  };
  if (deleted) out.problems.push(problem('certificate-deleted', facts));
  else if (Number(row.voip) === 1) out.problems.push(problem('voip-certificate', facts));
}

async function pushAppCheck(db: Kysely<Database>, sdkAppId: number, config: ConfigRow, out: Checked): Promise<boolean> {
  const accessId = Number(config.access_id);
  const app = await db.selectFrom('app').select(['platform', 'bundle_id', 'service_mode', 'im_sdk_app_id']).where('access_id', '=', accessId).executeTakeFirst();
  if (app === undefined) {
    out.view.pushApp = { accessId, exists: false, authorized: false };
    out.problems.push(problem('push-app-missing', { deviceId: config.device_id, accessId }));
    return false;
  }
  const authorized = app.im_sdk_app_id !== null && Number(app.im_sdk_app_id) === sdkAppId;
  out.view.pushApp = { accessId, exists: true, platform: app.platform, bundleId: app.bundle_id, authorized, serviceMode: app.service_mode };
  // A native-mode certificate may name a push app that is not authorized (its pushes count in its default plan).
  if (!authorized && config.mode === 'tpns') out.problems.push(problem('push-app-not-authorized', { deviceId: config.device_id, accessId }));
  return true;
}

async function pushDeviceCheck(db: Kysely<Database>, config: ConfigRow, out: Checked): Promise<void> {
  const accessId = Number(config.access_id);
  const tpns = config.mode === 'tpns';
  const token = tpns ? config.token : nativeHeraldToken(accessId, Number(config.sdk_app_id), config.user_id, config.device_id);
  const row = await db.selectFrom('device').select(['status', 'invalid_reason', 'channel', 'environment', 'vendor_token'])
    .where('access_id', '=', accessId).where('token', '=', token).executeTakeFirst();
  const facts = { deviceId: config.device_id, accessId };
  if (row === undefined) {
    out.view.pushDevice = { exists: false };
    // Native mode creates its push device at the first push.
    if (tpns) out.problems.push(problem('push-device-missing', facts));
    return;
  }
  const view: PushDeviceCheck = { exists: true, status: row.status, channel: row.channel, environment: row.environment, vendorTokenPresent: row.vendor_token !== '' };
  if (row.invalid_reason !== null) view.invalidReason = row.invalid_reason;
  out.view.pushDevice = view;
  if (tpns) {
    const binding = await db.selectFrom('account_binding').select('token')
      .where('access_id', '=', accessId).where('token', '=', token)
      .where('account', '=', config.user_id).where('account_type', '=', TPNS_ACCOUNT_TYPE)
      .executeTakeFirst();
    view.accountBound = binding !== undefined;
  }
  // Native mode: a row still holding an older token is refreshed by the next push, so its state says nothing yet.
  const current = tpns || row.vendor_token === config.token;
  if (!current) return;
  if (row.status === 'unregistered') out.problems.push(problem('push-device-missing', facts));
  else if (row.status !== 'active' && config.status === 'active') {
    out.problems.push(problem('push-device-invalid', { ...facts, status: row.status, ...(row.invalid_reason === null ? {} : { reason: row.invalid_reason }) }));
  }
  if (tpns && row.status === 'active' && row.vendor_token === '') out.problems.push(problem('vendor-token-missing', facts));
  if (tpns && view.accountBound === false) out.problems.push(problem('account-not-bound', facts));
}

/** The credential a push through this report uses: the certificate's (native mode) or the push device's channel (TPNS mode). */
async function credentialCheck(db: Kysely<Database>, config: ConfigRow, out: Checked, now: number): Promise<void> {
  const certificate = out.view.certificate ?? undefined;
  const accessId = certificate?.accessId ?? Number(config.access_id);
  const channel = certificate?.channel ?? out.view.pushDevice.channel ?? config.channel;
  const reported = certificate === undefined ? (out.view.pushDevice.environment ?? config.environment) : (certificate.environment ?? '');
  const scoped = channelDriver(channel)?.environmentScoped === true;
  const environment = credentialEnvironment(channel, reported);
  const row = await db.selectFrom('credential').select(['kind', 'meta_json'])
    .where('access_id', '=', accessId).where('channel', '=', channel).where('environment', '=', environment)
    .executeTakeFirst();
  const facts = { deviceId: config.device_id, accessId, channel, ...(scoped ? { environment } : {}) };
  if (row === undefined) {
    out.view.credential = { channel, environment, exists: false };
    out.problems.push(problem('credential-missing', facts));
    return;
  }
  const meta = JSON.parse(row.meta_json) as { check?: { status?: string; reason?: string }; notAfter?: string };
  const view: CredentialCheck = { channel, environment, exists: true, kind: row.kind, status: meta.check?.status ?? 'ok' };
  if (meta.check?.reason !== undefined) view.reason = meta.check.reason;
  if (meta.notAfter !== undefined) view.notAfter = meta.notAfter;
  out.view.credential = view;
  if (view.status === 'rejected') out.problems.push(problem('credential-rejected', { ...facts, ...(view.reason === undefined ? {} : { reason: view.reason }) }));
  else if (view.status === 'unverified') out.problems.push(problem('credential-unverified', { ...facts, ...(view.reason === undefined ? {} : { reason: view.reason }) }));
  if (view.notAfter !== undefined && Date.parse(view.notAfter) <= now) out.problems.push(problem('credential-expired', { ...facts, reason: `not after ${view.notAfter}` }));
}

async function reportCheck(db: Kysely<Database>, sdkAppId: number, config: ConfigRow, now: number): Promise<Checked> {
  const out: Checked = {
    view: {
      mode: config.mode === 'tpns' ? 'tpns' : 'native',
      businessID: Number(config.business_id),
      token: shortToken(config.token),
      channel: config.channel,
      environment: config.environment === '' ? null : (config.environment as 'dev' | 'product'),
      voip: Number(config.voip) === 1,
      reportedAt: Number(config.reported_at),
      status: config.status === 'invalid' ? 'invalid' : 'active',
      pushApp: { accessId: Number(config.access_id), exists: false, authorized: false },
      credential: { channel: config.channel, environment: config.environment, exists: false },
      pushDevice: { exists: false },
    },
    problems: [],
  };
  if (config.status === 'invalid') {
    out.view.invalidReason = config.invalid_reason ?? '';
    if (config.invalid_at !== null) out.view.invalidAt = Number(config.invalid_at);
    out.problems.push(problem('report-invalid', { deviceId: config.device_id, reason: out.view.invalidReason }));
  }
  if (out.view.mode === 'native') await certificateCheck(db, config, out);
  if (!(await pushAppCheck(db, sdkAppId, config, out))) return out;
  await pushDeviceCheck(db, config, out);
  await credentialCheck(db, config, out, now);
  return out;
}

/** The device's check and its findings; `config` is its report, if it has one. */
export async function checkDevice(
  db: Kysely<Database>, sdkAppId: number, device: DeviceRow, config: ConfigRow | undefined, now: number,
): Promise<{ device: DeviceCheck; problems: SelfCheckProblem[] }> {
  const problems: SelfCheckProblem[] = [];
  if (device.state === 'offline') problems.push(problem('device-logged-out', { deviceId: device.device_id }));
  let pushConfig: PushReportCheck | null = null;
  if (config !== undefined) {
    const checked = await reportCheck(db, sdkAppId, config, now);
    pushConfig = checked.view;
    problems.push(...checked.problems);
  }
  return {
    device: {
      deviceId: device.device_id,
      platform: device.platform,
      state: TENCENT_STATE_NAMES[device.state] ?? device.state,
      loggedInAt: Number(device.logged_in_at),
      stateChangedAt: Number(device.state_changed_at),
      lastSeenAt: Number(device.last_seen_at),
      pushConfig,
    },
    problems,
  };
}
