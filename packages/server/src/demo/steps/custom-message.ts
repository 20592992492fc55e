/**
 * Tencent IM: a message of custom elements has nothing to show unless it has a `desc` (the element's or
 * `offlinePushInfo.desc`), so without one it is not pushed; with one, the desc is the whole text.
 */
import { customElem } from '@herald/sdk';
import { expect } from '../demo-failure.ts';
import type { Cast } from '../cast.ts';

export async function customMessage({ chats, phones, trays, out }: Cast): Promise<void> {
  out.step('bob leaves the app again; alice sends a custom message without a desc, then one with a desc');
  await chats.bob.setAppState('background');
  await chats.alice.sendMessage({ to: 'bob', elements: [customElem({ data: '{"type":"typing"}' })] });
  await trays.expectNone('a custom message without desc');
  out.nothing('a custom message without desc has no text to show', 'custom-without-desc');
  await chats.alice.sendMessage({ to: 'bob', elements: [customElem({ data: '{"type":"parcel","id":42}' })], offlinePushInfo: { desc: 'You got a parcel' } });
  const n = await trays.expectOne(phones.bobIphone, 'the push of the custom message with a desc');
  out.received(phones.bobIphone.name, n);
  expect(n.body === 'You got a parcel', `expected the desc as the text, got ${JSON.stringify(n.body)}`);
}
