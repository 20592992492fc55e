/**
 * Steps of the recall and retention tests (server, sockets, groups and `/v4` calls come from
 * helpers/im-fixtures.ts): group messages stored through storeGroupMessage, and waiting for a particular event.
 */
import { storeGroupMessage } from '../../src/im/group-messages/store-group-message.ts';
import { newMsgKey } from '../../src/im/messages/message-service.ts';
import { nextRandom, text } from '../helpers/im-fixtures.ts';
import type { TestServer } from '../helpers/test-server.ts';
import type { WsTestClient } from '../ws/ws-test-client.ts';

/** The next `name` event that satisfies `match`; earlier ones (of the sends that set the test up) are passed over. */
export async function eventWhere(c: WsTestClient, name: string, match: (d: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  for (;;) {
    const data = await c.nextEvent(name);
    if (match(data)) return data;
  }
}

export async function storeGroupText(
  server: TestServer, sdkAppId: number, groupId: string, from: string, t: string, o: { atUserList?: string[]; isTip?: boolean } = {},
) {
  const time = server.ctx.clock.now();
  const random = nextRandom();
  const stored = await storeGroupMessage(server.ctx.store, {
    sdkAppId, groupId, from, random, time, msgKey: newMsgKey(time, random), priority: 'normal', elements: text(t) as never,
    atUserList: o.atUserList, excludedFromUnread: false, isTip: o.isTip ?? false,
  });
  return stored.row;
}
