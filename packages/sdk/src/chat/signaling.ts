/**
 * Signaling (calls) on top of the chat client, Tencent's V2TIMSignalingManager (docs/protocol.md §10):
 * invite, inviteInGroup, cancel, accept, reject, getSignalingInfo, and listeners named after
 * V2TIMSignalingListener.
 *
 * A device that was offline when it was invited still rings: on every login the client asks the server for the
 * invitations still waiting for this user (before their deadline) and announces the ones it has not announced
 * yet, so each invitation reaches the app once however it arrived (live event, first login, re-login).
 *
 * Built only on the client's public API (`request` and `on`), so it adds nothing to the core client.
 */
import type { ChatClient } from './create-chat-client.ts';
import type { OfflinePushInfo } from './message-types.ts';

export interface SignalingInvitation {
  inviteId: string;
  inviter: string;
  /** Set for group invitations. */
  groupId?: string;
  inviteeList: string[];
  data: string;
  /** Seconds; 0 = never times out. */
  timeout: number;
  /** Epoch ms when it was sent. */
  sendTime: number;
  onlineUserOnly?: true;
}

export type SignalingInviteeState = 'pending' | 'accepted' | 'rejected' | 'timeout' | 'cancelled';

export interface SignalingInfo extends SignalingInvitation {
  state: 'pending' | 'finished' | 'cancelled';
  invitees: Array<{ userId: string; state: SignalingInviteeState; respondedAt?: number }>;
}

export interface SignalingEvents {
  /** An invitation for this user (live, or found pending at login). Once per invitation. */
  receiveNewInvitation: SignalingInvitation;
  inviteeAccepted: { inviteId: string; invitee: string; data: string };
  inviteeRejected: { inviteId: string; invitee: string; data: string };
  invitationCancelled: { inviteId: string; inviter: string; data: string };
  /** To the inviter (who did not answer) and to each invitee that did not answer. */
  invitationTimeout: { inviteId: string; inviteeList: string[] };
}

export type SignalingEventName = keyof SignalingEvents;

export interface SignalingInviteOptions {
  data?: string;
  /** Seconds (0 = never); required, as in Tencent's API. */
  timeout: number;
  /** Only devices connected now ring; nothing is pushed and a later login does not find it. */
  onlineUserOnly?: boolean;
  offlinePushInfo?: OfflinePushInfo;
}

export interface Signaling {
  /** Invites one user; resolves with the inviteId. */
  invite(invitee: string, options: SignalingInviteOptions): Promise<string>;
  /** Invites members of a group (the inviter must be a member too); resolves with the inviteId. */
  inviteInGroup(groupId: string, inviteeList: string[], options: SignalingInviteOptions): Promise<string>;
  /** The inviter withdraws a pending invitation. */
  cancel(inviteId: string, data?: string): Promise<void>;
  accept(inviteId: string, data?: string): Promise<void>;
  reject(inviteId: string, data?: string): Promise<void>;
  getSignalingInfo(inviteId: string): Promise<SignalingInfo>;
  /** Invitations waiting for this user's answer, newest first. */
  getPendingInvitations(): Promise<SignalingInvitation[]>;
  on<E extends SignalingEventName>(event: E, listener: (data: SignalingEvents[E]) => void): () => void;
  /** Resolves once the pending invitations fetched at the latest login have been announced. */
  whenPendingFetched(): Promise<void>;
  /** Stops listening to the client. */
  dispose(): void;
}

export interface SignalingOptions {
  /** A failed fetch of pending invitations at login (the live events keep working). */
  onError?: (err: unknown) => void;
}

/** Server event → listener event. */
const SERVER_EVENTS: Record<string, SignalingEventName> = {
  signalingReceiveNewInvitation: 'receiveNewInvitation',
  signalingInviteeAccepted: 'inviteeAccepted',
  signalingInviteeRejected: 'inviteeRejected',
  signalingInvitationCancelled: 'invitationCancelled',
  signalingInvitationTimeout: 'invitationTimeout',
};

/** How many announced inviteIds are remembered to drop repeats (oldest forgotten first). */
const REMEMBERED = 1000;

export function createSignaling(client: ChatClient, options: SignalingOptions = {}): Signaling {
  const listeners = new Map<SignalingEventName, Set<(data: never) => void>>();
  const announced = new Set<string>();
  let fetched: Promise<void> = Promise.resolve();

  function emit<E extends SignalingEventName>(event: E, data: SignalingEvents[E]): void {
    for (const listener of listeners.get(event) ?? []) {
      try {
        (listener as (d: SignalingEvents[E]) => void)(data);
      } catch {
        // A listener's failure must not stop the others.
      }
    }
  }

  function announce(invitation: SignalingInvitation): void {
    if (announced.has(invitation.inviteId)) return;
    announced.add(invitation.inviteId);
    if (announced.size > REMEMBERED) announced.delete(announced.values().next().value as string);
    emit('receiveNewInvitation', invitation);
  }

  async function getPendingInvitations(): Promise<SignalingInvitation[]> {
    return (await client.request<{ invitations: SignalingInvitation[] }>('getPendingInvitations', {})).invitations;
  }

  const offs = [
    client.on('serverEvent', ({ event, data }) => {
      const name = SERVER_EVENTS[event];
      if (name === undefined) return;
      if (name === 'receiveNewInvitation') announce(data as SignalingInvitation);
      else emit(name, data as never);
    }),
    client.on('loggedIn', () => {
      // Oldest first, so an app that shows the latest call on top sees them in the order they were made.
      fetched = getPendingInvitations().then(
        (invitations) => [...invitations].reverse().forEach(announce),
        (err: unknown) => options.onError?.(err),
      );
    }),
  ];

  const inviteData = (o: SignalingInviteOptions): Record<string, unknown> => {
    const data: Record<string, unknown> = { timeout: o.timeout };
    if (o.data !== undefined) data['data'] = o.data;
    if (o.onlineUserOnly !== undefined) data['onlineUserOnly'] = o.onlineUserOnly;
    if (o.offlinePushInfo !== undefined) data['offlinePushInfo'] = o.offlinePushInfo;
    return data;
  };
  const answerData = (inviteId: string, data: string | undefined) => (data === undefined ? { inviteId } : { inviteId, data });

  return {
    async invite(invitee, o) {
      return (await client.request<{ inviteId: string }>('invite', { invitee, ...inviteData(o) })).inviteId;
    },
    async inviteInGroup(groupId, inviteeList, o) {
      return (await client.request<{ inviteId: string }>('inviteInGroup', { groupId, inviteeList, ...inviteData(o) })).inviteId;
    },
    async cancel(inviteId, data) {
      await client.request('cancel', answerData(inviteId, data));
    },
    async accept(inviteId, data) {
      await client.request('accept', answerData(inviteId, data));
    },
    async reject(inviteId, data) {
      await client.request('reject', answerData(inviteId, data));
    },
    getSignalingInfo: (inviteId) => client.request<SignalingInfo>('getSignalingInfo', { inviteId }),
    getPendingInvitations,
    on(event, listener) {
      let set = listeners.get(event);
      if (set === undefined) listeners.set(event, (set = new Set()));
      const entry = listener as (data: never) => void;
      set.add(entry);
      return () => {
        set.delete(entry);
      };
    },
    whenPendingFetched: () => fetched,
    dispose() {
      for (const off of offs.splice(0)) off();
      listeners.clear();
    },
  };
}
