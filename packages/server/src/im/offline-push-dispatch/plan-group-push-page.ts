/**
 * One page of a group message's offline push: the next members after `after` (in UserID order), their devices
 * with a push config, and for each device whether it gets the push and why not (devicePushDecision, the same rules
 * as C2C, with the member's group receive option and @ mentions). Devices that get it are grouped by what their
 * push task must share: push app, environment, and where the iOS app reads `ext` (TPNS or native mode).
 * Native-mode devices get their Herald device row here, before the page's transaction: that write is idempotent.
 */
import type { ServerContext } from '../../context.ts';
import type { AppRow } from '../../store/schema.ts';
import { devicePushDecision, isCustomWithoutDesc, mentionFacts, readOfflinePushSettings } from '../offline-push/index.ts';
import { listOfflinePushTargets, type OfflinePushTarget } from '../offline-push-config/offline-push-targets.ts';
import type { DeviceState } from '../presence/device-state.ts';
import { dndWindowOf } from '../receive/dnd-window.ts';
import type { DevicePushResult } from './c2c-offline-push.ts';
import type { GroupPushMessage } from './group-push-message.ts';
import { ensureNativePushDevice } from './native-push-device.ts';
import { iosExtKeyOf, pushAppOf } from './send-offline-push.ts';

export interface UserPushOutcome {
  userId: string;
  devices: DevicePushResult[];
}

/** Devices that share one push task (at most MAX_PUSH_TARGETS tokens go into one). */
export interface PlannedSend {
  app: AppRow;
  environment: 'dev' | 'product';
  iosExtKey: 'ext' | 'custom';
  tokens: string[];
  /** The outcome of each token's device, in token order, to receive the push_id of the task it goes into. */
  results: DevicePushResult[];
}

export interface GroupPushPage {
  outcomes: UserPushOutcome[];
  sends: PlannedSend[];
  /** The last UserID of a full page; undefined when this was the last page. */
  next: string | undefined;
}

interface Member {
  user_id: string;
  recv_opt: number | string;
}

export async function planGroupPushPage(ctx: ServerContext, m: GroupPushMessage, after: string, pageSize: number): Promise<GroupPushPage> {
  const db = ctx.store.db;
  const { members, next } = await membersPage(ctx, m, after, pageSize);
  const recipients = members.filter((r) => r.user_id !== m.from);
  const targets = await listOfflinePushTargets(db, m.sdkAppId, recipients.map((r) => r.user_id));
  if (targets.length === 0) return { outcomes: [], sends: [], next };

  const users = [...new Set(targets.map((t) => t.userId))];
  const settings = await db.selectFrom('im_user_setting').select(['user_id', 'global_opt', 'dnd_start_second', 'dnd_start_time', 'dnd_duration'])
    .where('sdk_app_id', '=', m.sdkAppId).where('user_id', 'in', users).execute();
  const settingOf = new Map(settings.map((s) => [s.user_id, s]));
  const optOf = new Map(recipients.map((r) => [r.user_id, Number(r.recv_opt)]));
  const pushSettings = readOfflinePushSettings(m.offlinePushInfo);
  const customWithoutDesc = isCustomWithoutDesc(m.elements, pushSettings);
  const now = ctx.clock.now();

  const outcomes = new Map<string, DevicePushResult[]>();
  const report = (t: OfflinePushTarget, r: Omit<DevicePushResult, 'deviceId'>): DevicePushResult => {
    const result = { deviceId: t.deviceId, ...r };
    const list = outcomes.get(t.userId);
    if (list === undefined) outcomes.set(t.userId, [result]);
    else list.push(result);
    return result;
  };
  const apps = new Map<number, Promise<AppRow | undefined>>();
  const appOf = (accessId: number) => {
    let app = apps.get(accessId);
    if (app === undefined) apps.set(accessId, (app = pushAppOf(ctx, accessId)));
    return app;
  };

  const pushed: Array<{ target: OfflinePushTarget; app: AppRow }> = [];
  for (const target of targets) {
    const setting = settingOf.get(target.userId);
    const decision = devicePushDecision({
      chatType: 'group', groupType: m.groupType, isTip: m.isTip, onlineUserOnly: false,
      disablePush: pushSettings.disablePush, isCustomWithoutDesc: customWithoutDesc,
      conversationOpt: optOf.get(target.userId) ?? 0, globalOpt: Number(setting?.global_opt ?? 0), dnd: dndWindowOf(setting),
      ...mentionFacts(m.atUserList, target.userId, m.from), now,
      device: { state: target.deviceState as DeviceState, hasPushConfig: true },
    });
    if (!decision.push) report(target, { reason: decision.reason });
    else if (target.voip) report(target, { reason: 'voip-certificate' });
    else {
      const app = await appOf(target.accessId);
      if (app === undefined) report(target, { reason: 'no-push-app' });
      else pushed.push({ target, app });
    }
  }

  const sends = new Map<string, PlannedSend>();
  const tpnsDevices = await tpnsDeviceEnvironments(ctx, pushed.filter((p) => p.target.mode === 'tpns').map((p) => p.target));
  for (const { target, app } of pushed) {
    let token = target.token;
    let environment: 'dev' | 'product' | undefined;
    if (target.mode === 'native') {
      const device = await ensureNativePushDevice(db, m.sdkAppId, target, app.platform, now);
      if (device !== undefined) ({ token, environment } = device);
    } else {
      environment = tpnsDevices.get(`${target.accessId}\u0000${target.token}`);
    }
    if (environment === undefined) {
      report(target, { reason: 'token-refused' });
      continue;
    }
    const iosExtKey = iosExtKeyOf(target);
    const key = `${app.access_id}\u0000${environment}\u0000${iosExtKey}`;
    let send = sends.get(key);
    if (send === undefined) sends.set(key, (send = { app, environment, iosExtKey, tokens: [], results: [] }));
    send.tokens.push(token);
    send.results.push(report(target, { reason: 'push' }));
  }
  return { outcomes: [...outcomes].map(([userId, devices]) => ({ userId, devices })), sends: [...sends.values()], next };
}

/**
 * The members this page covers (everyone after `after`, or the named receivers of a directed message) who could
 * see the message, and where the next page starts.
 */
async function membersPage(ctx: ServerContext, m: GroupPushMessage, after: string, pageSize: number): Promise<{ members: Member[]; next: string | undefined }> {
  let q = ctx.store.db.selectFrom('im_group_member').select(['user_id', 'recv_opt', 'join_seq'])
    .where('sdk_app_id', '=', m.sdkAppId).where('group_id', '=', m.groupId);
  q = m.toUsers === undefined ? q.where('user_id', '>', after).orderBy('user_id').limit(pageSize) : q.where('user_id', 'in', m.toUsers.length > 0 ? m.toUsers : ['']);
  const rows = await q.execute();
  const next = m.toUsers === undefined && rows.length === pageSize ? rows.at(-1)!.user_id : undefined;
  // A member who joined after the message never saw it in the group: no push either.
  return { members: rows.filter((r) => Number(r.join_seq) < m.seq), next };
}

/** TPNS-mode targets' environments, read from their Herald devices; a token whose device is gone has none. */
async function tpnsDeviceEnvironments(ctx: ServerContext, targets: readonly OfflinePushTarget[]): Promise<Map<string, 'dev' | 'product'>> {
  const byApp = new Map<number, string[]>();
  for (const t of targets) {
    const tokens = byApp.get(t.accessId);
    if (tokens === undefined) byApp.set(t.accessId, [t.token]);
    else tokens.push(t.token);
  }
  const found = new Map<string, 'dev' | 'product'>();
  for (const [accessId, tokens] of byApp) {
    const rows = await ctx.store.db.selectFrom('device').select(['token', 'environment'])
      .where('access_id', '=', accessId).where('token', 'in', tokens).where('status', '=', 'active').execute();
    for (const r of rows) found.set(`${accessId}\u0000${r.token}`, r.environment as 'dev' | 'product');
  }
  return found;
}
