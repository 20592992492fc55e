/**
 * Who is in the bench's groups, named so that every process can work them out from two numbers (the member count
 * and the run's token seed) instead of shipping 100,000 names over IPC:
 * - seeded members `m000000`, `m000001`, … (UserID order is the order the page planner reads them in);
 * - three members set up through the public APIs, named to land on the first page, in the middle and on the last
 *   page of the planner's walk (`a-real`, `m<middle>-real`, `z-real`);
 * - the sender (a member of every group) and the peer (the other member of the 2-member group).
 * Each member's phone has the APNs token `sha256(seed:index)`, which the emulator child registers the same way.
 */
import { createHash } from 'node:crypto';

export const SENDER = 'sender';
export const SENDER_NICK = 'Sender';
export const PEER = 'peer';
/** Members set up through the public APIs (push SDK, chat SDK), not seeded. */
export const REAL_MEMBER_COUNT = 3;

/** Seeded members: the group minus the sender and the real-API members. */
export function seededCount(members: number): number {
  return members - 1 - REAL_MEMBER_COUNT;
}

export function seededUserId(i: number): string {
  return `m${String(i).padStart(6, '0')}`;
}

export function realMemberIds(members: number): string[] {
  return ['a-real', `${seededUserId(Math.floor(seededCount(members) / 2))}-real`, 'z-real'];
}

/** The IM deviceId of a member's phone (the push SDK's phone and the chat SDK's login are the same iPhone). */
export function phoneDeviceId(userId: string): string {
  return `${userId}-iphone`;
}

/** The APNs device token (64 hex characters) of seeded member `i`, or of a named phone. */
export function vendorToken(seed: string, key: number | string): string {
  return createHash('sha256').update(`${seed}:${key}`).digest('hex');
}
