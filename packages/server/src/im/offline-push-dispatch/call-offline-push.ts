/**
 * The offline push of a one-to-one call invite (signaling `invite`), with TUICallKit's content (action 2, see
 * im/offline-push/call-invite-push.ts), to each invitee device in the background or disconnected with a push
 * config. A call that is no longer waiting for the invitee is not pushed:
 * - the invitee's answer is read right before each push is handed to the push service (call-not-pending);
 * - a push already queued when the inviter cancels is stopped (dropQueuedCallPushes), so a phone does not ring
 *   for a call that no longer exists. The queued pushes are remembered by the process that queued them.
 * Group calls (inviteInGroup) are not pushed yet: they go with group offline push.
 */
import { HeraldError, type OfflinePushInfo } from '@herald/protocol';
import type { ServerContext } from '../../context.ts';
import { stopPushMsg } from '../../push/tasks/control-task.ts';
import { NOT_DISPATCHED, TaskStatus } from '../../push/tasks/task-status.ts';
import { buildCallInvitePushContent, devicePushDecision, type CallInvite } from '../offline-push/index.ts';
import { listOfflinePushTargets } from '../offline-push-config/offline-push-targets.ts';
import type { DeviceState } from '../presence/device-state.ts';
import type { StoredInvite } from '../signaling/signaling-store.ts';
import type { DevicePushResult } from './c2c-offline-push.ts';
import { contentPlatform, iosExtKeyOf, pushAppOf, sendOfflinePush } from './send-offline-push.ts';

interface QueuedPush {
  accessId: number;
  pushId: string;
}

/** Pushes queued per call, until the call is cancelled or answered; bounded so unanswered calls cannot pile up. */
const MAX_REMEMBERED_CALLS = 10_000;
/** A task not yet finished may still hold the push back: stopPushMsg closes what it has not sent. */
const NOT_SENT: ReadonlySet<string> = new Set([...NOT_DISPATCHED, TaskStatus.started]);
const queuedByServer = new WeakMap<ServerContext, Map<string, QueuedPush[]>>();

function queuedOf(ctx: ServerContext): Map<string, QueuedPush[]> {
  let queued = queuedByServer.get(ctx);
  if (queued === undefined) queuedByServer.set(ctx, (queued = new Map()));
  return queued;
}

const callKey = (sdkAppId: number, inviteId: string) => `${sdkAppId}\u0000${inviteId}`;

function remember(ctx: ServerContext, key: string, push: QueuedPush): void {
  const queued = queuedOf(ctx);
  const list = queued.get(key) ?? [];
  list.push(push);
  queued.set(key, list);
  if (queued.size > MAX_REMEMBERED_CALLS) queued.delete(queued.keys().next().value!);
}

/** Whether the invitee's answer is still pending now (not cancelled, answered or timed out). */
async function stillPending(ctx: ServerContext, sdkAppId: number, inviteId: string, invitee: string): Promise<boolean> {
  const now = ctx.clock.now();
  const row = await ctx.store.db.selectFrom('im_signal_invitee').select(['state', 'deadline'])
    .where('sdk_app_id', '=', sdkAppId).where('invite_id', '=', inviteId).where('user_id', '=', invitee)
    .executeTakeFirst();
  return row !== undefined && row.state === 'pending' && (row.deadline === null || Number(row.deadline) > now);
}

export async function pushCallInvite(ctx: ServerContext, stored: StoredInvite): Promise<DevicePushResult[]> {
  const { invite } = stored;
  if (invite.group_id !== null || Number(invite.online_user_only) === 1) return [];
  const sdkAppId = Number(invite.sdk_app_id);
  const invitees = stored.invitees.map((e) => e.user_id);
  const targets = await listOfflinePushTargets(ctx.store.db, sdkAppId, invitees);
  if (targets.length === 0) return [];
  const inviter = await ctx.store.db.selectFrom('im_user').select(['nickname', 'face_url'])
    .where('sdk_app_id', '=', sdkAppId).where('user_id', '=', invite.inviter).executeTakeFirst();
  const call: CallInvite = {
    inviteId: invite.invite_id, inviter: invite.inviter, inviteeList: invitees, data: invite.data,
    timeout: Number(invite.timeout_seconds), sendTime: Number(invite.created_at),
    offlinePushInfo: invite.offline_push_json === null ? undefined : (JSON.parse(invite.offline_push_json) as OfflinePushInfo),
  };
  const profile = { nickname: inviter?.nickname, faceUrl: inviter?.face_url };
  const results: DevicePushResult[] = [];
  for (const target of targets) {
    const pending = await stillPending(ctx, sdkAppId, invite.invite_id, target.userId);
    const decision = devicePushDecision({
      chatType: 'c2c', onlineUserOnly: false, disablePush: call.offlinePushInfo?.disablePush === true, isCustomWithoutDesc: false,
      // Calls ring whatever the conversation's options: TUICallKit pushes invites as signaling, not messages.
      conversationOpt: 0, globalOpt: 0, dnd: { kind: 'none' }, mentionsMe: false, mentionsAll: false, now: ctx.clock.now(),
      callPending: pending, device: { state: target.deviceState as DeviceState, hasPushConfig: true },
    });
    if (!decision.push) {
      results.push({ deviceId: target.deviceId, reason: decision.reason });
      continue;
    }
    // A VoIP certificate needs an APNs `voip` push, which the push model cannot send yet: such devices are skipped.
    if (target.voip) {
      results.push({ deviceId: target.deviceId, reason: 'voip-certificate' });
      continue;
    }
    const app = await pushAppOf(ctx, target.accessId);
    if (app === undefined) {
      results.push({ deviceId: target.deviceId, reason: 'no-push-app' });
      continue;
    }
    const content = buildCallInvitePushContent(call, profile, contentPlatform(app), { iosExtKey: iosExtKeyOf(target) });
    const pushId = await sendOfflinePush(ctx, sdkAppId, app, target, content);
    if (pushId === undefined) {
      results.push({ deviceId: target.deviceId, reason: 'token-refused' });
      continue;
    }
    remember(ctx, callKey(sdkAppId, invite.invite_id), { accessId: app.access_id, pushId });
    results.push({ deviceId: target.deviceId, reason: 'push', pushId });
    // Cancelled while the push was being queued: stop it now rather than wait for the cancel to find it.
    if (!(await stillPending(ctx, sdkAppId, invite.invite_id, target.userId))) await dropQueuedCallPushes(ctx, sdkAppId, invite.invite_id);
  }
  return results;
}

/**
 * The call was cancelled or answered: stops its pushes that have not gone out yet. One that a worker already
 * started stays as it is (the vendor may already have it).
 */
export async function dropQueuedCallPushes(ctx: ServerContext, sdkAppId: number, inviteId: string): Promise<number> {
  const queued = queuedOf(ctx);
  const key = callKey(sdkAppId, inviteId);
  const pushes = queued.get(key) ?? [];
  queued.delete(key);
  let stopped = 0;
  for (const p of pushes) {
    const task = await ctx.store.db.selectFrom('push_task').select('status').where('push_id', '=', p.pushId).executeTakeFirst();
    if (task === undefined || !NOT_SENT.has(task.status)) continue;
    try {
      await stopPushMsg(ctx, p.accessId, p.pushId);
      stopped += 1;
    } catch (err) {
      if (!(err instanceof HeraldError && err.code === 'PUSH_TASK_STATE')) throw err;
    }
  }
  return stopped;
}
