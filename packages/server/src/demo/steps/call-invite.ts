/**
 * TUICallKit: a one-to-one call invite rings a phone in the background with action 2 (call) in the entity. On
 * tap, the helper gives the call, and isCallTimedOut says whether it is still worth ringing.
 */
import { createSignaling, isCallTimedOut, routeOfNotification } from '@herald/sdk';
import { expect } from '../demo-failure.ts';
import type { Cast } from '../cast.ts';

const TIMEOUT_SECONDS = 30;

export async function callInvite({ chats, phones, trays, out }: Cast): Promise<void> {
  out.step(`alice calls bob (signaling invite, timeout ${TIMEOUT_SECONDS} s) while his app is in the background`);
  const calls = createSignaling(chats.alice);
  const inviteId = await calls.invite('bob', { data: JSON.stringify({ version: 4, call_type: 2, room_id: 804544637 }), timeout: TIMEOUT_SECONDS });
  out.answer(`invite ${inviteId}`);
  const n = await trays.expectOne(phones.bobIphone, 'the call push');
  out.received(phones.bobIphone.name, n);
  expect(n.body === 'You have a call request', `expected "You have a call request", got ${JSON.stringify(n.body)}`);
  expect(n.sound === 'phone_ringing.mp3', `expected the ringing sound, got ${JSON.stringify(n.sound)}`);
  const route = routeOfNotification(n.payload);
  expect(route?.kind === 'call', `expected a call route, got ${JSON.stringify(route)}`);
  const call = route.call;
  expect(call.inviteID === inviteId && call.inviter === 'alice' && call.timeout === TIMEOUT_SECONDS, `the call read back is not the invite: ${JSON.stringify(call)}`);
  const now = await chats.bob.getServerTime();
  const later = call.sendTime * 1000 + (TIMEOUT_SECONDS + 1) * 1000;
  const ringsNow = !isCallTimedOut(call, now);
  const ringsLater = !isCallTimedOut(call, later);
  expect(ringsNow && !ringsLater, `isCallTimedOut: expected not timed out now and timed out after ${TIMEOUT_SECONDS} s, got ${!ringsNow} and ${!ringsLater}`);
  out.answer(`tap: route kind "call", invite ${call.inviteID} from ${call.inviter}; isCallTimedOut now: false (ring), ${TIMEOUT_SECONDS + 1} s after the invite: true`);
  await calls.cancel(inviteId);
  out.answer('alice hangs up (cancel)');
}
