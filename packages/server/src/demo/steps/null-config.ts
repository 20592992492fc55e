/**
 * Tencent IM: setOfflinePushConfig(null) turns offline push off for the device (the app's "notifications off"
 * switch); reporting the token again turns it back on.
 */
import { textElem } from '@herald/sdk';
import { expect } from '../demo-failure.ts';
import type { Cast } from '../cast.ts';

export async function nullConfig({ chats, phones, trays, out }: Cast): Promise<void> {
  out.step('bob turns notifications off with setOfflinePushConfig(null); alice sends; bob reports his token again; alice sends');
  const off = await chats.bob.setOfflinePushConfig(null);
  expect(off === null, `expected no report after null, got ${JSON.stringify(off)}`);
  await chats.alice.sendMessage({ to: 'bob', elements: [textElem('lunch?')] });
  await trays.expectNone('a message after setOfflinePushConfig(null)');
  out.nothing('bob set his push config to null', 'no-push-config');
  await chats.bob.setOfflinePushConfig({ businessID: 0, token: phones.bobIphone.token, isTPNSToken: true });
  await chats.alice.sendMessage({ to: 'bob', elements: [textElem('lunch at noon?')] });
  const n = await trays.expectOne(phones.bobIphone, 'the push after reporting again');
  out.received(phones.bobIphone.name, n);
  expect(n.body === 'Alice: lunch at noon?', `expected "Alice: lunch at noon?", got ${JSON.stringify(n.body)}`);
}
