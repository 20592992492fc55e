/**
 * The same on Android: alice leaves the app, bob replies, and alice's Xiaomi phone shows the push with the entity
 * in the message's extras (`MiPushMessage.getExtra().get("ext")`), which routes back to the chat with bob.
 */
import { buildChatPushExt, routeOfNotification, textElem } from '@herald/sdk';
import { expect } from '../demo-failure.ts';
import type { Cast } from '../cast.ts';

export async function androidPush({ chats, phones, trays, out }: Cast): Promise<void> {
  out.step('alice\'s app goes to the background; bob replies "on my way"');
  await chats.alice.setAppState('background');
  const ext = buildChatPushExt({ chatType: 'c2c', senderUserId: 'bob', nickname: 'Bob', serverTime: await chats.bob.getServerTime() });
  const sent = await chats.bob.sendMessage({ to: 'alice', elements: [textElem('on my way')], offlinePushInfo: { ext } });
  out.answer(`message ${sent.msgKey} stored`);
  const n = await trays.expectOne(phones.aliceAndroid, 'the push of "on my way"');
  out.received(phones.aliceAndroid.name, n);
  expect(n.body === 'Bob: on my way', `expected the text "Bob: on my way", got ${JSON.stringify(n.body)}`);
  const route = routeOfNotification(n.payload);
  expect(route?.kind === 'c2c' && route.userID === 'bob', `expected the route to the chat with bob, got ${JSON.stringify(route)}`);
  await chats.alice.setAppState('foreground');
  out.answer(`alice taps it: route ${JSON.stringify(route)}; her app is in the foreground again`);
}
