/**
 * The offline push of a call invite (signaling `invite` and `inviteInGroup`), with TUICallKit's content (action 2,
 * see im/offline-push/call-invite-push.ts), to each invitee device in the background or disconnected with a push
 * config. A call that is no longer waiting for the invitee is not pushed:
 * - the invitee's answer is read right before each push is handed to the push service (call-not-pending);
 * - a push already queued when the inviter cancels, or the invitee answers or times out, is stopped
 *   (dropQueuedCallPushes), so a phone does not ring for a call that no longer exists. The queued pushes are
 *   linked to the invite in the store (`im_call_push`), so the node handling the cancel need not be the one that
 *   queued them.
 * Invitees are named one by one (a group call too), so the pushes go out directly rather than through the queue.
 */
import { HeraldError, type OfflinePushInfo } from '@herald/protocol';
import type { ServerContext } from '../../context.ts';
import { stopPushMsg } from '../../push/tasks/control-task.ts';
import { NOT_DISPATCHED, TaskStatus } from '../../push/tasks/task-status.ts';
import { buildCallInvitePushContent, devicePushDecision, type CallInvite } from '../offline-push/index.ts';
import { listOfflinePushTargets } from '../offline-push-config/offline-push-targets.ts';
import type { DeviceState } from '../presence/device-state.ts';
import { recordPushOutcomes } from '../offline-push-check/record-push-outcome.ts';
import type { StoredInvite } from '../signaling/signaling-store.ts';
import type { DevicePushResult } from './c2c-offline-push.ts';
import { contentPlatform, iosExtKeyOf, pushAppOf, sendOfflinePush } from './send-offline-push.ts';

/** A task not yet finished may still hold the push back: stopPushMsg closes what it has not sent. */
const NOT_SENT: ReadonlySet<string> = new Set([...NOT_DISPATCHED, TaskStatus.started]);
/** Links older than this belong to calls long over (a call's timeout is minutes); they are pruned as new ones come. */
const CALL_PUSH_KEPT_MS = 24 * 3_600_000;

/** Remembers a queued call push in the store, where the node that handles the cancel finds it. */
async function remember(ctx: ServerContext, sdkAppId: number, inviteId: string, userId: string, accessId: number, pushId: string): Promise<void> {
  const now = ctx.clock.now();
  await ctx.store.db.insertInto('im_call_push')
    .values({ sdk_app_id: sdkAppId, invite_id: inviteId, push_id: pushId, user_id: userId, access_id: accessId, created_at: now })
    .onConflict((oc) => oc.doNothing()).execute();
  await ctx.store.db.deleteFrom('im_call_push').where('created_at', '<', now - CALL_PUSH_KEPT_MS).execute();
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
  if (Number(invite.online_user_only) === 1) return [];
  const sdkAppId = Number(invite.sdk_app_id);
  const invitees = stored.invitees.map((e) => e.user_id);
  const targets = await listOfflinePushTargets(ctx.store.db, sdkAppId, invitees);
  if (targets.length === 0) return [];
  const inviter = await ctx.store.db.selectFrom('im_user').select(['nickname', 'face_url'])
    .where('sdk_app_id', '=', sdkAppId).where('user_id', '=', invite.inviter).executeTakeFirst();
  const call: CallInvite = {
    inviteId: invite.invite_id, inviter: invite.inviter, groupId: invite.group_id ?? undefined, inviteeList: invitees, data: invite.data,
    timeout: Number(invite.timeout_seconds), sendTime: Number(invite.created_at),
    offlinePushInfo: invite.offline_push_json === null ? undefined : (JSON.parse(invite.offline_push_json) as OfflinePushInfo),
  };
  const profile = { nickname: inviter?.nickname, faceUrl: inviter?.face_url };
  const results: DevicePushResult[] = [];
  const byUser = new Map<string, DevicePushResult[]>();
  const report = (userId: string, result: DevicePushResult): void => {
    results.push(result);
    const list = byUser.get(userId);
    if (list === undefined) byUser.set(userId, [result]);
    else list.push(result);
  };
  for (const target of targets) {
    const pending = await stillPending(ctx, sdkAppId, invite.invite_id, target.userId);
    const decision = devicePushDecision({
      chatType: 'c2c', onlineUserOnly: false, disablePush: call.offlinePushInfo?.disablePush === true, isCustomWithoutDesc: false,
      // Calls ring whatever the conversation's options: TUICallKit pushes invites as signaling, not messages.
      conversationOpt: 0, globalOpt: 0, dnd: { kind: 'none' }, mentionsMe: false, mentionsAll: false, now: ctx.clock.now(),
      callPending: pending, device: { state: target.deviceState as DeviceState, hasPushConfig: true },
    });
    if (!decision.push) {
      report(target.userId, { deviceId: target.deviceId, reason: decision.reason });
      continue;
    }
    const app = await pushAppOf(ctx, target.accessId);
    if (app === undefined) {
      report(target.userId, { deviceId: target.deviceId, reason: 'no-push-app' });
      continue;
    }
    const content = buildCallInvitePushContent(call, profile, contentPlatform(app), { iosExtKey: iosExtKeyOf(target) });
    // A device that reported a VoIP certificate (PushKit token) is rung by an APNs `voip` push on the `.voip` topic.
    const pushId = await sendOfflinePush(ctx, sdkAppId, app, target, content, { voip: target.voip });
    if (pushId === undefined) {
      report(target.userId, { deviceId: target.deviceId, reason: 'token-refused' });
      continue;
    }
    await remember(ctx, sdkAppId, invite.invite_id, target.userId, app.access_id, pushId);
    report(target.userId, { deviceId: target.deviceId, reason: 'push', pushId });
    // Cancelled while the push was being queued: stop it now rather than wait for the cancel to find it.
    if (!(await stillPending(ctx, sdkAppId, invite.invite_id, target.userId))) await dropQueuedCallPushes(ctx, sdkAppId, invite.invite_id, [target.userId]);
  }
  await recordPushOutcomes(ctx.store.db, sdkAppId, [...byUser].map(([userId, devices]) => ({
    userId, kind: 'call', fromUser: invite.inviter, conversation: invite.group_id ?? invite.inviter, messageRef: invite.invite_id, devices,
  })), ctx.clock.now());
  return results;
}

/**
 * The call was cancelled (every invitee), or answered or timed out for some invitees: stops their pushes that have
 * not gone out yet, whichever node queued them. One that a worker already started stays as it is (the vendor may
 * already have it).
 */
export async function dropQueuedCallPushes(ctx: ServerContext, sdkAppId: number, inviteId: string, invitees?: readonly string[]): Promise<number> {
  const db = ctx.store.db;
  let links = db.selectFrom('im_call_push').select(['push_id', 'access_id']).where('sdk_app_id', '=', sdkAppId).where('invite_id', '=', inviteId);
  if (invitees !== undefined) links = links.where('user_id', 'in', invitees.length > 0 ? [...invitees] : ['']);
  const pushes = await links.execute();
  if (pushes.length === 0) return 0;
  let gone = db.deleteFrom('im_call_push').where('sdk_app_id', '=', sdkAppId).where('invite_id', '=', inviteId);
  if (invitees !== undefined) gone = gone.where('user_id', 'in', invitees.length > 0 ? [...invitees] : ['']);
  await gone.execute();
  let stopped = 0;
  for (const p of pushes) {
    const task = await db.selectFrom('push_task').select('status').where('push_id', '=', p.push_id).executeTakeFirst();
    if (task === undefined || !NOT_SENT.has(task.status)) continue;
    try {
      await stopPushMsg(ctx, Number(p.access_id), p.push_id);
      stopped += 1;
    } catch (err) {
      if (!(err instanceof HeraldError && err.code === 'PUSH_TASK_STATE')) throw err;
    }
  }
  return stopped;
}
