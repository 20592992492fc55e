/**
 * The heart of the guide: bob's app goes to the background, alice sends with `offlinePushInfo.ext` built by the
 * entity helper (TUIKit's entity), and bob's iPhone shows `Nickname: text` with the unread total as badge, the
 * default sound and the ext under `custom` (TPNS mode).
 */
import { buildChatPushExt, textElem } from '@herald/sdk';
import { expect } from '../demo-failure.ts';
import type { ShownNotification } from '../phones.ts';
import type { Cast } from '../cast.ts';

export async function backgroundPush({ chats, phones, trays, out }: Cast): Promise<ShownNotification> {
  out.step('bob\'s app goes to the background; alice sends "hi bob" with offlinePushInfo.ext from buildChatPushExt');
  await chats.bob.setAppState('background');
  const ext = buildChatPushExt({ chatType: 'c2c', senderUserId: 'alice', nickname: 'Alice', serverTime: await chats.alice.getServerTime() });
  const sent = await chats.alice.sendMessage({ to: 'bob', elements: [textElem('hi bob')], offlinePushInfo: { ext } });
  out.answer(`bob's device is now "background"; message ${sent.msgKey} stored`);
  const n = await trays.expectOne(phones.bobIphone, 'the push of "hi bob"');
  out.received(phones.bobIphone.name, n);
  expect(n.body === 'Alice: hi bob', `expected the text "Alice: hi bob", got ${JSON.stringify(n.body)}`);
  expect(n.badge === 2, `expected badge 2 (two unread messages from alice), got ${n.badge}`);
  expect(n.sound === 'default', `expected the default sound, got ${JSON.stringify(n.sound)}`);
  expect(n.ext === ext, `expected the ext as sent under "custom", got ${JSON.stringify(n.ext)}`);
  return n;
}
