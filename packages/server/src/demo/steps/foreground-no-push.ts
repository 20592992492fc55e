/**
 * Tencent IM: offline push is for devices that are not in the foreground. With the app open, the message comes
 * over the connection and no notification is shown.
 */
import { textElem } from '@herald/sdk';
import { nextMessageFrom } from '../live-messages.ts';
import type { Cast } from '../cast.ts';

export async function foregroundGetsNoPush({ chats, trays, out }: Cast): Promise<void> {
  out.step('bob has the app open; alice sends "are you there?"');
  const live = nextMessageFrom(chats.bob, 'alice');
  const sent = await chats.alice.sendMessage({ to: 'bob', elements: [textElem('are you there?')] });
  const got = await live;
  out.answer(`message ${sent.msgKey} stored; bob's app got it over its connection (${got.conversationId})`);
  await trays.expectNone('a message to a device in the foreground');
  out.nothing('bob is in the foreground, so the message came over his connection', 'device-foreground');
}
