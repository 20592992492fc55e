/**
 * TUIKit's tap handling: routeOfNotification reads the entity back from the notification and says which chat
 * to open. The push SDK reports the click for the push task's statistics; the app comes to the foreground and
 * bob reads the chat, so his unread total (the next badge) starts again from zero.
 */
import { routeOfNotification } from '@herald/sdk';
import { expect } from '../demo-failure.ts';
import type { ShownNotification } from '../phones.ts';
import type { Cast } from '../cast.ts';

export async function tapOpensChat({ chats, phones, out }: Cast, n: ShownNotification): Promise<void> {
  out.step('bob taps the notification: routeOfNotification(userInfo) says where to go');
  const route = routeOfNotification(n.payload);
  expect(route?.kind === 'c2c' && route.userID === 'alice', `expected the route to the chat with alice, got ${JSON.stringify(route)}`);
  if (n.pushId !== undefined) await phones.bobIphone.push.reportClicked(n.pushId);
  await chats.bob.setAppState('foreground');
  await chats.bob.markConversationRead('c2c_alice');
  out.answer(`route ${JSON.stringify(route)}: open the chat with alice; click reported for push ${n.pushId ?? '?'}; bob reads the chat`);
}
