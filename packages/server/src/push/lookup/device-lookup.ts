/**
 * The console toolbox's lookups in one push app: a Herald token, or an account, with each device's vendor token
 * (shortened), environment, tags, accounts and recent pushes with the vendor's answer for that device. Only the
 * app's own rows are read: another app's token or account is "not found", never shown.
 *
 * Recent pushes are found from the app's newest push tasks (indexed by app and time) and their delivery rows for
 * the device (by primary key), so a lookup never scans the delivery table: a device's pushes older than the app's
 * last RECENT_TASK_WINDOW tasks are not shown.
 */
import type { Kysely } from 'kysely';
import { heraldError } from '@herald/protocol';
import type { Database } from '../../store/schema.ts';
import { requireApp } from '../apps/app-service.ts';

/** How many of the app's newest push tasks a lookup looks through for the device's pushes. */
export const RECENT_TASK_WINDOW = 200;
/** At most this many pushes are listed per device. */
export const RECENT_PUSHES_PER_DEVICE = 20;

export interface LookupPush {
  pushId: string;
  planId: string;
  audienceType: string;
  messageType: string;
  title: string;
  /** TPNS task status (PUSH_FINISHED, …). */
  taskStatus: string;
  createdAt: number;
  /** The vendor's answer for this device: delivered, rejected, failed or expired. */
  outcome: string;
  reason?: string;
  channel: string;
  answeredAt: number;
  arrived: boolean;
  clicked: boolean;
}

export interface LookupDevice {
  token: string;
  platform: string;
  channel: string;
  /** Shortened: enough to tell vendor tokens apart, not enough to push with. */
  vendorToken: string;
  environment: string;
  status: string;
  invalidReason?: string;
  appVersion: string;
  sdkVersion: string;
  systemVersion: string;
  deviceBrand: string;
  deviceModel: string;
  locale: string;
  timeZone: string;
  badge: number;
  createdAt: number;
  lastActiveAt: number;
  tags: Array<{ tag: string; tagType: string }>;
  accounts: Array<{ account: string; accountType: number; boundAt: number }>;
  recentPushes: LookupPush[];
}

export interface DeviceLookup {
  accessId: number;
  /** How many of the app's newest push tasks were looked through. */
  pushWindow: number;
  devices: LookupDevice[];
}

export function shortVendorToken(token: string): string {
  if (token === '') return '';
  return token.length <= 16 ? `${token.slice(0, 4)}…` : `${token.slice(0, 8)}…${token.slice(-4)}`;
}

export async function lookUpToken(db: Kysely<Database>, accessId: number, token: string): Promise<DeviceLookup> {
  await requireApp(db, accessId);
  const found = await describeDevices(db, accessId, [token]);
  if (found.length === 0) throw heraldError('DEVICE_NOT_FOUND', `app ${accessId} has no token ${token.slice(0, 40)}`);
  return { accessId, pushWindow: RECENT_TASK_WINDOW, devices: found };
}

/** Every device bound to the account, whatever the account type, newest binding first. */
export async function lookUpAccount(db: Kysely<Database>, accessId: number, account: string): Promise<DeviceLookup & { account: string }> {
  await requireApp(db, accessId);
  const bindings = await db.selectFrom('account_binding').select(['token', 'bound_at'])
    .where('access_id', '=', accessId).where('account', '=', account).orderBy('bound_at', 'desc').execute();
  const tokens = [...new Set(bindings.map((b) => b.token))];
  const devices = await describeDevices(db, accessId, tokens);
  if (devices.length === 0) throw heraldError('DEVICE_NOT_FOUND', `app ${accessId} has no device bound to account ${account.slice(0, 40)}`);
  return { accessId, account, pushWindow: RECENT_TASK_WINDOW, devices };
}

async function describeDevices(db: Kysely<Database>, accessId: number, tokens: readonly string[]): Promise<LookupDevice[]> {
  if (tokens.length === 0) return [];
  const rows = await db.selectFrom('device').selectAll().where('access_id', '=', accessId).where('token', 'in', tokens).execute();
  if (rows.length === 0) return [];
  const found = rows.map((r) => r.token);
  const tags = await db.selectFrom('tag').select(['token', 'tag', 'tag_type']).where('access_id', '=', accessId).where('token', 'in', found).orderBy('tag').execute();
  const accounts = await db.selectFrom('account_binding').select(['token', 'account', 'account_type', 'bound_at'])
    .where('access_id', '=', accessId).where('token', 'in', found).orderBy('account_type').execute();
  const pushes = await recentPushes(db, accessId, found);
  const byToken = new Map(rows.map((r) => [r.token, r]));
  return tokens.flatMap((token) => {
    const r = byToken.get(token);
    if (r === undefined) return [];
    return [{
      token: r.token, platform: r.platform, channel: r.channel, vendorToken: shortVendorToken(r.vendor_token), environment: r.environment,
      status: r.status, ...(r.invalid_reason === null ? {} : { invalidReason: r.invalid_reason }),
      appVersion: r.app_version, sdkVersion: r.sdk_version, systemVersion: r.system_version, deviceBrand: r.device_brand, deviceModel: r.device_model,
      locale: r.locale, timeZone: r.time_zone, badge: Number(r.badge), createdAt: Number(r.created_at), lastActiveAt: Number(r.last_active_at),
      tags: tags.filter((t) => t.token === token).map((t) => ({ tag: t.tag, tagType: t.tag_type })),
      accounts: accounts.filter((a) => a.token === token).map((a) => ({ account: a.account, accountType: Number(a.account_type), boundAt: Number(a.bound_at) })),
      recentPushes: pushes.get(token) ?? [],
    }];
  });
}

async function recentPushes(db: Kysely<Database>, accessId: number, tokens: readonly string[]): Promise<Map<string, LookupPush[]>> {
  const tasks = await db.selectFrom('push_task').select(['push_id', 'plan_id', 'audience_type', 'message_type', 'request_json', 'status', 'created_at'])
    .where('access_id', '=', accessId).orderBy('created_at', 'desc').limit(RECENT_TASK_WINDOW).execute();
  const result = new Map<string, LookupPush[]>();
  if (tasks.length === 0) return result;
  const pushIds = tasks.map((t) => t.push_id);
  const deliveries = await db.selectFrom('push_delivery').select(['push_id', 'token', 'channel', 'outcome', 'reason', 'created_at'])
    .where('access_id', '=', accessId).where('push_id', 'in', pushIds).where('token', 'in', tokens).execute();
  const receipts = deliveries.length === 0 ? [] : await db.selectFrom('push_receipt').select(['push_id', 'token', 'kind'])
    .where('push_id', 'in', [...new Set(deliveries.map((d) => d.push_id))]).where('token', 'in', tokens).execute();
  const taskById = new Map(tasks.map((t) => [t.push_id, t]));
  for (const d of deliveries) {
    const task = taskById.get(d.push_id);
    if (task === undefined) continue;
    const got = receipts.filter((r) => r.push_id === d.push_id && r.token === d.token).map((r) => r.kind);
    const push: LookupPush = {
      pushId: d.push_id, planId: task.plan_id, audienceType: task.audience_type, messageType: task.message_type, title: titleOf(task.request_json),
      taskStatus: task.status, createdAt: Number(task.created_at), outcome: d.outcome, ...(d.reason === null ? {} : { reason: d.reason }),
      channel: d.channel, answeredAt: Number(d.created_at), arrived: got.includes('arrived'), clicked: got.includes('clicked'),
    };
    result.set(d.token, [...(result.get(d.token) ?? []), push]);
  }
  for (const [token, list] of result) result.set(token, list.sort((a, b) => b.createdAt - a.createdAt).slice(0, RECENT_PUSHES_PER_DEVICE));
  return result;
}

function titleOf(requestJson: string): string {
  try {
    const title = (JSON.parse(requestJson) as { message?: { title?: unknown } }).message?.title;
    return typeof title === 'string' ? title : '';
  } catch {
    return '';
  }
}
