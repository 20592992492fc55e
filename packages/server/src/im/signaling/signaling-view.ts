/**
 * What clients see of an invitation (docs/protocol.md §10), named after Tencent's V2TIMSignalingInfo
 * (inviteID, inviter, groupID, inviteeList, data, timeout) in the contract's camelCase.
 */
import type { InviteRow, InviteeState, StoredInvite } from './signaling-store.ts';

/** The `signalingReceiveNewInvitation` event and each entry of getPendingInvitations. */
export interface InvitationView {
  inviteId: string;
  inviter: string;
  groupId?: string;
  inviteeList: string[];
  data: string;
  /** Seconds; 0 = never times out. */
  timeout: number;
  /** Epoch ms when the invitation was sent. */
  sendTime: number;
  onlineUserOnly?: true;
}

/** getSignalingInfo: the invitation plus where it stands. */
export interface SignalingInfoView extends InvitationView {
  state: 'pending' | 'finished' | 'cancelled';
  invitees: Array<{ userId: string; state: InviteeState; respondedAt?: number }>;
}

export function invitationView(stored: StoredInvite): InvitationView {
  const { invite } = stored;
  return {
    inviteId: invite.invite_id,
    inviter: invite.inviter,
    ...(invite.group_id === null ? {} : { groupId: invite.group_id }),
    inviteeList: stored.invitees.map((e) => e.user_id),
    data: invite.data,
    timeout: Number(invite.timeout_seconds),
    sendTime: Number(invite.created_at),
    ...(Number(invite.online_user_only) === 1 ? { onlineUserOnly: true as const } : {}),
  };
}

export function signalingInfoView(stored: StoredInvite): SignalingInfoView {
  return {
    ...invitationView(stored),
    state: stored.invite.state as SignalingInfoView['state'],
    invitees: stored.invitees.map((e) => ({
      userId: e.user_id,
      state: e.state as InviteeState,
      ...(e.responded_at === null ? {} : { respondedAt: Number(e.responded_at) }),
    })),
  };
}

/** Everyone taking part: the inviter and every invitee. */
export function participantsOf(stored: StoredInvite): string[] {
  return [stored.invite.inviter, ...stored.invitees.map((e) => e.user_id)];
}

export function isParticipant(invite: InviteRow, invitees: readonly { user_id: string }[], userId: string): boolean {
  return invite.inviter === userId || invitees.some((e) => e.user_id === userId);
}
