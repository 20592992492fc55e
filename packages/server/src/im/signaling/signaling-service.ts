/**
 * Signaling (calls), Tencent's V2TIMSignalingManager (docs/protocol.md §10): invite, inviteInGroup, cancel,
 * accept, reject, getSignalingInfo, and the pending invitations a device fetches when it logs in.
 *
 * Every change is stored first (signaling-store.ts, conditional on 'pending') and only then delivered, so an
 * event never announces something the store did not keep, and a lost race delivers nothing. Events are named
 * after V2TIMSignalingListener's callbacks with a `signaling` prefix.
 */
import { randomUUID } from 'node:crypto';
import { heraldError } from '@herald/protocol';
import type { RealtimeDelivery, ServerContext } from '../../context.ts';
import { checkMessageSize } from '../messages/elements.ts';
import { assertRecipient } from '../messages/message-service.ts';
import type { OfflinePushInfo } from '../messages/message-event.ts';
import { dropQueuedCallPushes, pushCallInvite } from '../offline-push-dispatch/index.ts';
import { createDevicePresence } from '../presence/device-presence.ts';
import {
  answerInvite, cancelInvite, findInvite, insertInvite, pendingForUser, settleAfterTimeout, type ClaimedTimeout, type StoredInvite,
} from './signaling-store.ts';
import { invitationView, isParticipant, participantsOf, signalingInfoView, type InvitationView, type SignalingInfoView } from './signaling-view.ts';

/** Who acts: a logged-in user, and the device it acts from (which gets the response, not the event). */
export interface SignalingActor {
  sdkAppId: number;
  userId: string;
  deviceId?: string | undefined;
}

export interface InviteInput {
  /** Set for inviteInGroup: the inviter and every invitee must be members. */
  groupId?: string | undefined;
  inviteeList: readonly string[];
  data: string;
  /** Seconds; 0 = never. */
  timeoutSeconds: number;
  onlineUserOnly: boolean;
  offlinePushInfo?: OfflinePushInfo | undefined;
}

export const MAX_PENDING_LISTED = 100;

export function createSignalingService(ctx: ServerContext, realtime: RealtimeDelivery | undefined = ctx.realtime) {
  const presence = createDevicePresence(ctx.store.db);
  const db = ctx.store.db;

  async function deliver(sdkAppId: number, userId: string, event: string, data: unknown, exceptDeviceId?: string | undefined): Promise<void> {
    if (realtime === undefined) return;
    const user = { sdkAppId, userId };
    if (exceptDeviceId === undefined) return realtime.deliverToUser(user, event, data);
    const devices = (await presence.listActive(user)).map((d) => d.deviceId).filter((id) => id !== exceptDeviceId);
    if (devices.length > 0) await realtime.deliverToUser(user, event, data, devices);
  }

  /** Delivery after the store committed: a failure is logged, never turned into a failed op (the change stands). */
  async function deliverAll(sends: Array<() => Promise<void>>): Promise<void> {
    for (const send of sends) {
      await send().catch((err: unknown) => ctx.logger.warn({ err }, 'live delivery of a signaling event failed'));
    }
  }

  /** Every participant's devices except the acting device: the others stop ringing or learn the answer. */
  async function deliverToParticipants(stored: StoredInvite, actor: SignalingActor, event: string, data: unknown): Promise<void> {
    await deliverAll(participantsOf(stored).map((userId) => () =>
      deliver(actor.sdkAppId, userId, event, data, userId === actor.userId ? actor.deviceId : undefined)));
  }

  async function assertGroupMembers(sdkAppId: number, groupId: string, users: readonly string[]): Promise<void> {
    const group = await db.selectFrom('im_group').select('group_id')
      .where('sdk_app_id', '=', sdkAppId).where('group_id', '=', groupId)
      .executeTakeFirst();
    if (group === undefined) throw heraldError('IM_GROUP_NOT_FOUND', `Group ${groupId} does not exist`);
    const members = new Set((await db.selectFrom('im_group_member').select('user_id')
      .where('sdk_app_id', '=', sdkAppId).where('group_id', '=', groupId).where('user_id', 'in', [...users])
      .execute()).map((r) => r.user_id));
    const outsider = users.find((u) => !members.has(u));
    if (outsider !== undefined) throw heraldError('IM_GROUP_NOT_MEMBER', `${outsider} is not a member of group ${groupId}`);
  }

  async function load(actor: SignalingActor, inviteId: string): Promise<StoredInvite> {
    // Invitations are keyed by SDKAppID: another app's invitation does not exist here.
    const stored = await findInvite(db, actor.sdkAppId, inviteId);
    if (stored === undefined) throw heraldError('IM_SIGNAL_INVITE_NOT_FOUND', `No invitation ${inviteId}`);
    return stored;
  }

  return {
    async invite(actor: SignalingActor, input: InviteInput): Promise<{ inviteId: string }> {
      checkMessageSize({ data: input.data, inviteeList: input.inviteeList, groupId: input.groupId, offlinePushInfo: input.offlinePushInfo });
      if (input.inviteeList.includes(actor.userId)) throw heraldError('REQUEST_PARAM_INVALID', 'The inviter cannot invite itself');
      if (input.groupId === undefined) {
        for (const invitee of input.inviteeList) await assertRecipient(ctx, actor.sdkAppId, invitee);
      } else {
        await assertGroupMembers(actor.sdkAppId, input.groupId, [actor.userId, ...input.inviteeList]);
      }
      const now = ctx.clock.now();
      const deadline = input.timeoutSeconds === 0 ? null : now + input.timeoutSeconds * 1000;
      const stored = await insertInvite(ctx.store, {
        sdkAppId: actor.sdkAppId, inviteId: randomUUID(), inviter: actor.userId, groupId: input.groupId,
        inviteeList: input.inviteeList, data: input.data, timeoutSeconds: input.timeoutSeconds, onlineUserOnly: input.onlineUserOnly,
        // Kept for offline push of calls; online-only invitations are never pushed, so they keep none.
        offlinePushJson: input.onlineUserOnly ? null : JSON.stringify(input.offlinePushInfo ?? {}),
        createdAt: now, deadline,
      });
      const event = invitationView(stored);
      await deliverAll(stored.invitees.map((e) => () => deliver(actor.sdkAppId, e.user_id, 'signalingReceiveNewInvitation', event)));
      // Invitees in the background or disconnected are rung by offline push; the invite's answer does not wait for it.
      void pushCallInvite(ctx, stored).catch((err: unknown) => ctx.logger.warn({ err }, 'offline push of a call invite failed'));
      return { inviteId: stored.invite.invite_id };
    },

    async cancel(actor: SignalingActor, inviteId: string, data: string): Promise<void> {
      checkMessageSize({ data });
      const outcome = await cancelInvite(ctx.store, { sdkAppId: actor.sdkAppId, inviteId, userId: actor.userId, now: ctx.clock.now() });
      if (!outcome.ok) {
        if (outcome.reason === 'notInviter') throw heraldError('IM_SIGNAL_NO_PERMISSION', 'Only the inviter may cancel an invitation');
        throw heraldError('IM_SIGNAL_INVITE_NOT_FOUND', `Invitation ${inviteId} does not exist or is no longer pending`);
      }
      await dropQueuedCallPushes(ctx, actor.sdkAppId, inviteId).catch((err: unknown) => ctx.logger.warn({ err }, 'stopping the pushes of a cancelled call failed'));
      await deliverToParticipants(outcome.stored, actor, 'signalingInvitationCancelled', { inviteId, inviter: actor.userId, data });
    },

    async answer(actor: SignalingActor, inviteId: string, answer: 'accepted' | 'rejected', data: string): Promise<void> {
      checkMessageSize({ data });
      const outcome = await answerInvite(ctx.store, { sdkAppId: actor.sdkAppId, inviteId, userId: actor.userId, state: answer, now: ctx.clock.now() });
      if (!outcome.ok) {
        if (outcome.reason === 'notInvitee') throw heraldError('IM_SIGNAL_NO_PERMISSION', 'Only an invitee may accept or reject an invitation');
        throw heraldError('IM_SIGNAL_INVITE_NOT_FOUND', `Invitation ${inviteId} does not exist or is no longer pending for ${actor.userId}`);
      }
      await dropQueuedCallPushes(ctx, actor.sdkAppId, inviteId, [actor.userId]).catch((err: unknown) => ctx.logger.warn({ err }, 'stopping the pushes of an answered call failed'));
      const event = answer === 'accepted' ? 'signalingInviteeAccepted' : 'signalingInviteeRejected';
      await deliverToParticipants(outcome.stored, actor, event, { inviteId, invitee: actor.userId, data });
    },

    async getSignalingInfo(actor: SignalingActor, inviteId: string): Promise<SignalingInfoView> {
      const stored = await load(actor, inviteId);
      if (!isParticipant(stored.invite, stored.invitees, actor.userId)) {
        throw heraldError('IM_SIGNAL_NO_PERMISSION', 'Only the inviter and the invitees may read an invitation');
      }
      return signalingInfoView(stored);
    },

    async pendingInvitations(actor: SignalingActor): Promise<InvitationView[]> {
      const stored = await pendingForUser(db, actor.sdkAppId, actor.userId, ctx.clock.now(), MAX_PENDING_LISTED);
      return stored.map(invitationView);
    },

    /**
     * After the sweeper claimed timed-out invitees: closes each invite if it is settled and tells its inviter
     * and each timed-out invitee, once per invite, who timed out.
     */
    async deliverTimeouts(claimed: readonly ClaimedTimeout[]): Promise<void> {
      const byInvite = new Map<string, { sdkAppId: number; inviteId: string; users: string[] }>();
      for (const c of claimed) {
        const key = `${c.sdkAppId}\u0000${c.inviteId}`;
        const entry = byInvite.get(key) ?? { sdkAppId: c.sdkAppId, inviteId: c.inviteId, users: [] };
        entry.users.push(c.userId);
        byInvite.set(key, entry);
      }
      for (const { sdkAppId, inviteId, users } of byInvite.values()) {
        await dropQueuedCallPushes(ctx, sdkAppId, inviteId, users).catch((err: unknown) => ctx.logger.warn({ err }, 'stopping the pushes of a timed-out call failed'));
        const invite = await settleAfterTimeout(ctx.store, sdkAppId, inviteId);
        if (invite === undefined) continue;
        const inviteeList = [...users].sort();
        const event = { inviteId, inviteeList };
        await deliverAll([invite.inviter, ...inviteeList].map((userId) => () => deliver(sdkAppId, userId, 'signalingInvitationTimeout', event)));
      }
    },
  };
}

export type SignalingService = ReturnType<typeof createSignalingService>;
