/**
 * The `/v3/push/app` body of the dispatcher-alone phase: audience `all` of the push app (exactly the members'
 * phones plus the peer's), with the very `message` a page of the group's offline push carries, made by the same
 * server functions the page job calls (buildOfflinePushContent for iOS in TPNS mode, then messageWithExtensions).
 * So both phases send the same notification to the same phones and differ only in how the audience is found:
 * the push app's device pages (a resolve job per 2,000 devices) versus the group's member pages (a planner job per
 * 1,000 members making token-list tasks).
 */
import type { MessageElement } from '@herald/protocol';
import { buildOfflinePushContent } from '../../packages/server/src/im/offline-push/index.ts';
import { messageWithExtensions } from '../../packages/server/src/im/offline-push-dispatch/vendor-extensions.ts';
import { SENDER, SENDER_NICK } from './member-names.ts';

export function dispatchBody(group: { groupId: string; name: string }, elements: readonly MessageElement[]): Record<string, unknown> {
  const content = buildOfflinePushContent({
    platform: 'ios', elements, sender: { userId: SENDER, nickname: SENDER_NICK, nameCard: '' }, group, iosExtKey: 'custom',
  });
  if (content === undefined) throw new Error('the bench message has no push text');
  return { audience_type: 'all', message_type: 'notify', environment: 'product', message: messageWithExtensions(content, { voip: false }) };
}

/** What the phones show for a group message of the sender (`Name (group name): content`). */
export function expectedAlert(groupName: string, text: string): string {
  return `${SENDER_NICK} (${groupName}): ${text}`;
}
