/**
 * A fresh device starts each group at the lastSeq that getJoinedGroupList reports, read after the login. A message
 * sent after the login may already be counted in that lastSeq (stored before the list was read) while its live
 * event reaches the device after the list: it is still news there, and must be announced, once. Older messages
 * at or below the starting seq are not replayed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createGroupSync } from '../../src/chat/group-sync.ts';
import { createMemoryMessageStore } from '../../src/chat/message-store.ts';
import type { GroupChatMessage } from '../../src/chat/message-types.ts';

const LOGIN_TIME = 1_700_000_000_000;

function groupMessage(seq: number, time: number, text: string): GroupChatMessage {
  return {
    conversationId: 'group_g1', groupId: 'g1', seq, msgKey: `k${seq}`, from: 'alice', to: 'g1', time, random: seq, priority: 'normal',
    isExcludedFromUnreadCount: false, elements: [{ type: 'text', text }],
  } as unknown as GroupChatMessage;
}

test('a fresh device announces a live message sent after its login even when the listed lastSeq counts it', async () => {
  const emitted: GroupChatMessage[] = [];
  const requests: string[] = [];
  const sync = createGroupSync({
    store: createMemoryMessageStore(),
    emitMessage: (m) => emitted.push(m),
    request: async <T>(op: string): Promise<T> => {
      requests.push(op);
      if (op === 'getJoinedGroupList') return { groups: [{ groupId: 'g1', joinSeq: 1, lastSeq: 6 }] } as T;
      if (op === 'getGroupHistory') return { messages: [], complete: true } as T;
      throw new Error(`unexpected ${op}`);
    },
  });
  sync.start(true, LOGIN_TIME);
  // Both arrive live after the list was read: seq 6 was sent after the login, seq 5 (a late event) before it.
  sync.handleEvent('message', groupMessage(6, LOGIN_TIME + 40, 'after the login'));
  sync.handleEvent('message', groupMessage(5, LOGIN_TIME - 500, 'before the login'));
  sync.handleEvent('message', groupMessage(6, LOGIN_TIME + 40, 'after the login'));
  sync.handleEvent('message', groupMessage(7, LOGIN_TIME + 60, 'next'));
  await sync.idle();
  assert.deepEqual(emitted.map((m) => m.seq), [6, 7]);
  assert.deepEqual(requests.slice(0, 2), ['getJoinedGroupList', 'getGroupHistory']);
});

test('without a login time (or on a device that synced before) nothing at or below the starting seq is announced', async () => {
  const emitted: GroupChatMessage[] = [];
  const sync = createGroupSync({
    store: createMemoryMessageStore(),
    emitMessage: (m) => emitted.push(m),
    request: async <T>(op: string): Promise<T> => (op === 'getJoinedGroupList'
      ? { groups: [{ groupId: 'g1', joinSeq: 1, lastSeq: 6 }] }
      : { messages: [], complete: true }) as T,
  });
  sync.start(true);
  sync.handleEvent('message', groupMessage(6, LOGIN_TIME + 40, 'counted in lastSeq'));
  await sync.idle();
  assert.deepEqual(emitted, []);
});
