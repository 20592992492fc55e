/**
 * Whether one device of one recipient gets the offline push for a message, and why (the reason the offline push
 * self-check shows). Pure: the caller gathers the facts. The message and recipient filters are Tencent's, in
 * im/receive/offline-push-filter.ts (reference §4.2, §4.8, §4.9); this adds what Herald knows beyond them:
 * - a group tip is never pushed (Tencent pushes messages, not group system notices);
 * - a call invite is pushed only while the invitee's answer is still pending (a cancelled, answered or timed-out
 *   call is not pushed after the fact);
 * - then the device (reference §4.2): `offline` (logged out, kicked, never logged in) gets nothing; `online`, in
 *   the foreground, gets the message over its connection instead; `background` and `push_online` get the push
 *   when they reported a push config (`setOfflinePushConfig`; `null` removed it).
 * Message filters come first: they hold for every device of the recipient, so they explain the most.
 */
import { AT_ALL } from '@herald/protocol';
import type { DeviceState } from '../presence/device-state.ts';
import { offlinePushDecision, type OfflinePushFilterInput, type OfflinePushReason } from '../receive/offline-push-filter.ts';

export interface DevicePushFacts {
  state: DeviceState;
  /** The device reported a push config (a token and certificate, or a Herald push token) and has not cleared it. */
  hasPushConfig: boolean;
}

export interface DevicePushInput extends OfflinePushFilterInput {
  /** A group tip (member joined, quit, …). */
  isTip?: boolean;
  /** Call invites only: whether the invitee's answer is still pending now. */
  callPending?: boolean;
  device: DevicePushFacts;
}

export type DevicePushReason = OfflinePushReason | 'group-tip' | 'call-not-pending' | 'device-offline' | 'device-foreground' | 'no-push-config';

export interface DevicePushDecision {
  push: boolean;
  reason: DevicePushReason;
}

const refuse = (reason: DevicePushReason): DevicePushDecision => ({ push: false, reason });

export function devicePushDecision(input: DevicePushInput): DevicePushDecision {
  if (input.isTip === true) return refuse('group-tip');
  if (input.callPending === false) return refuse('call-not-pending');
  const message = offlinePushDecision(input);
  if (!message.push) return message;
  switch (input.device.state) {
    case 'offline':
      return refuse('device-offline');
    case 'online':
      return refuse('device-foreground');
    case 'background':
    case 'push_online':
      return input.device.hasPushConfig ? { push: true, reason: 'push' } : refuse('no-push-config');
  }
}

/** The @ facts of a group message for one recipient: named in `atUserList`, or @all (never the sender's own). */
export function mentionFacts(atUserList: readonly string[] | undefined, recipient: string, sender: string): { mentionsMe: boolean; mentionsAll: boolean } {
  if (atUserList === undefined || recipient === sender) return { mentionsMe: false, mentionsAll: false };
  return { mentionsMe: atUserList.includes(recipient), mentionsAll: atUserList.includes(AT_ALL) };
}
