/**
 * The message pipeline against a scripted transport: a fake inbox answers the `sync` op and the test plays the
 * server's events. Checks ordering, de-duplication, the login sync phase, gap filling and the persisted cursor.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMessagePipeline, type MessagePipeline } from '../../src/chat/message-pipeline.ts';
import { createMemoryMessageStore, type MessageStore } from '../../src/chat/message-store.ts';
import type { ChatMessage } from '../../src/chat/message-types.ts';
import { createMemoryStorage } from '../../src/push/push-storage.ts';
import { HeraldClientError } from '../../src/herald-client-error.ts';

/** Row n of the owner's inbox: alternates between two conversations, each with its own gap-free seq. */
function row(inboxSeq: number, extra: Partial<ChatMessage> = {}): ChatMessage {
  const peer = inboxSeq % 2 === 0 ? 'alice' : 'carol';
  return {
    conversationId: `c2c_${peer}`,
    seq: Math.ceil(inboxSeq / 2),
    inboxSeq,
    msgKey: `k${inboxSeq}`,
    from: peer,
    to: 'bob',
    time: 1_000 + inboxSeq,
    elements: [{ type: 'TIMTextElem', content: { text: `m${inboxSeq}` } }],
    random: inboxSeq,
    priority: 'normal',
    isExcludedFromUnreadCount: false,
    ...extra,
  };
}

interface Harness {
  pipeline: MessagePipeline;
  store: MessageStore;
  emitted: number[];
  completed: number[];
  syncCalls: Array<{ inboxSeq: number; limit: number }>;
  /** The server's inbox: rows 1..inboxSize. */
  setInboxSize(n: number): void;
  failSync(fail: boolean): void;
}

function harness(o: { store?: MessageStore; pageSize?: number; rowAt?: (inboxSeq: number) => ChatMessage } = {}): Harness {
  const rowAt = o.rowAt ?? ((i: number) => row(i));
  const store = o.store ?? createMemoryMessageStore();
  const emitted: number[] = [];
  const completed: number[] = [];
  const syncCalls: Array<{ inboxSeq: number; limit: number }> = [];
  let inboxSize = 0;
  let failing = false;
  const pipeline = createMessagePipeline({
    store,
    syncPageSize: o.pageSize ?? 100,
    async request<T>(op: string, data: Record<string, unknown>): Promise<T> {
      assert.equal(op, 'sync');
      const from = data['inboxSeq'] as number;
      const limit = data['limit'] as number;
      syncCalls.push({ inboxSeq: from, limit });
      if (failing) throw new HeraldClientError('NETWORK', 'Connection closed (1006)', 0);
      const to = Math.min(inboxSize, from + limit);
      const messages = [];
      for (let i = from + 1; i <= to; i += 1) messages.push(rowAt(i));
      return { messages, inboxSeq: to, complete: to === inboxSize } as T;
    },
    emitMessage: (m) => emitted.push(m.inboxSeq),
    emitSyncCompleted: (d) => completed.push(d.inboxSeq),
  });
  return {
    pipeline, store, emitted, completed, syncCalls,
    setInboxSize: (n) => void (inboxSize = n),
    failSync: (f) => void (failing = f),
  };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

test('a fresh device starts at the server cursor and gets only new messages', async () => {
  const h = harness();
  h.setInboxSize(7);
  assert.deepEqual(await h.pipeline.beginLogin(), { fresh: true, inboxSeq: 0 });
  h.pipeline.handleEvent('syncCompleted', { inboxSeq: 7 });
  h.pipeline.handleEvent('message', row(8));
  await h.pipeline.idle();
  assert.deepEqual(h.completed, [7]);
  assert.deepEqual(h.emitted, [8]);
  assert.equal(h.pipeline.inboxSeq, 8);
  assert.deepEqual(h.syncCalls, []);
  assert.equal(await h.store.getInboxSeq(), 8);
});

test('a device that first synced at cursor 0 persists it and asks for everything after 0 next time', async () => {
  const storage = createMemoryStorage();
  const h = harness({ store: createMemoryMessageStore({ storage, key: 'cursor' }) });
  assert.equal(await h.store.getInboxSeq(), undefined, 'nothing stored is no cursor');
  assert.deepEqual(await h.pipeline.beginLogin(), { fresh: true, inboxSeq: 0 });
  h.pipeline.handleEvent('syncCompleted', { inboxSeq: 0 });
  await h.pipeline.idle();
  assert.equal(storage.get('cursor'), '0');
  // Same client, next login: not fresh even though the cursor is still 0.
  assert.deepEqual(await h.pipeline.beginLogin(), { fresh: false, inboxSeq: 0 });
  for (const i of range(1, 3)) h.pipeline.handleEvent('message', { ...row(i), sync: true });
  h.pipeline.handleEvent('syncCompleted', { inboxSeq: 3 });
  await h.pipeline.idle();
  assert.deepEqual(h.emitted, [1, 2, 3]);
  // A restarted app with the stored "0" is not fresh either.
  const again = harness({ store: createMemoryMessageStore({ storage: (() => { const s = createMemoryStorage(); s.set('cursor', '0'); return s; })(), key: 'cursor' }) });
  assert.equal(await again.store.getInboxSeq(), 0);
  assert.deepEqual(await again.pipeline.beginLogin(), { fresh: false, inboxSeq: 0 });
});

test('sync, then live: live messages during the sync wait for syncCompleted; duplicates are dropped', async () => {
  const h = harness();
  h.setInboxSize(2);
  await h.pipeline.beginLogin();
  h.pipeline.handleEvent('syncCompleted', { inboxSeq: 2 });
  await h.pipeline.idle();
  h.setInboxSize(6);
  // Reconnect: the server resends 3..5, a live 6 slips in before syncCompleted, and 4 and 6 come twice.
  assert.deepEqual(await h.pipeline.beginLogin(), { fresh: false, inboxSeq: 2 });
  h.pipeline.handleEvent('message', { ...row(3), sync: true });
  h.pipeline.handleEvent('message', row(6));
  h.pipeline.handleEvent('message', { ...row(4), sync: true });
  h.pipeline.handleEvent('message', { ...row(4), sync: true });
  h.pipeline.handleEvent('message', { ...row(5), sync: true });
  h.pipeline.handleEvent('syncCompleted', { inboxSeq: 5 });
  h.pipeline.handleEvent('message', row(6));
  h.pipeline.handleEvent('message', row(7));
  h.pipeline.handleEvent('serverEvent-ignored', row(99));
  await h.pipeline.idle();
  assert.deepEqual(h.emitted, [3, 4, 5, 6, 7]);
  assert.deepEqual(h.completed, [2, 5]);
  assert.deepEqual(h.syncCalls, []);
  assert.deepEqual((await h.store.getMessages('c2c_carol')).map((m) => m.seq), [2, 3, 4]);
  assert.deepEqual((await h.store.getMessages('c2c_alice')).map((m) => m.seq), [2, 3]);
});

test('a jump in inboxSeq is filled with the sync op, page by page, and emitted in order', async () => {
  const h = harness({ pageSize: 3 });
  h.setInboxSize(1);
  await h.pipeline.beginLogin();
  h.pipeline.handleEvent('syncCompleted', { inboxSeq: 1 });
  await h.pipeline.idle();
  h.setInboxSize(10);
  h.pipeline.handleEvent('message', row(10));
  await h.pipeline.idle();
  assert.deepEqual(h.emitted, range(2, 10));
  assert.deepEqual(h.syncCalls, [{ inboxSeq: 1, limit: 3 }, { inboxSeq: 4, limit: 3 }, { inboxSeq: 7, limit: 3 }]);
  assert.equal(h.pipeline.inboxSeq, 10);
});

test('a syncCompleted beyond what the login sync sent is filled with the sync op', async () => {
  const h = harness({ pageSize: 2 });
  h.setInboxSize(1);
  await h.pipeline.beginLogin();
  h.pipeline.handleEvent('syncCompleted', { inboxSeq: 1 });
  await h.pipeline.idle();
  h.setInboxSize(6);
  await h.pipeline.beginLogin();
  h.pipeline.handleEvent('message', { ...row(2), sync: true });
  h.pipeline.handleEvent('syncCompleted', { inboxSeq: 6 });
  await h.pipeline.idle();
  assert.deepEqual(h.emitted, range(2, 6));
  assert.deepEqual(h.completed, [1, 6]);
});

test('a failed gap fill keeps the cursor at the contiguous end; the next login resumes from there', async () => {
  const h = harness();
  h.setInboxSize(3);
  await h.pipeline.beginLogin();
  h.pipeline.handleEvent('syncCompleted', { inboxSeq: 3 });
  await h.pipeline.idle();
  h.setInboxSize(8);
  h.failSync(true);
  h.pipeline.handleEvent('message', row(4));
  h.pipeline.handleEvent('message', row(8));
  await h.pipeline.idle();
  assert.deepEqual(h.emitted, [4]);
  assert.equal(h.pipeline.inboxSeq, 4);
  h.failSync(false);
  assert.deepEqual(await h.pipeline.beginLogin(), { fresh: false, inboxSeq: 4 });
  for (const i of range(5, 8)) h.pipeline.handleEvent('message', { ...row(i), sync: true });
  h.pipeline.handleEvent('syncCompleted', { inboxSeq: 8 });
  await h.pipeline.idle();
  assert.deepEqual(h.emitted, range(4, 8));
});

test("this device's own sends advance the cursor without being announced", async () => {
  const h = harness();
  h.setInboxSize(2);
  await h.pipeline.beginLogin();
  h.pipeline.handleEvent('syncCompleted', { inboxSeq: 2 });
  await h.pipeline.idle();
  h.setInboxSize(5);
  h.pipeline.handleSent(row(3));
  // The answer to a send can overtake the event of a message stored just before it.
  h.pipeline.handleSent(row(5));
  h.pipeline.handleEvent('message', row(4));
  await h.pipeline.idle();
  assert.deepEqual(h.emitted, [4]);
  assert.equal(h.pipeline.inboxSeq, 5);
  assert.deepEqual((await h.store.getMessages('c2c_carol')).map((m) => m.seq), [2, 3]);
});

test('onlineUserOnly messages are announced but neither stored nor counted', async () => {
  const h = harness();
  await h.pipeline.beginLogin();
  h.pipeline.handleEvent('syncCompleted', { inboxSeq: 0 });
  h.pipeline.handleEvent('message', { conversationId: 'c2c_alice', msgKey: 'typing', onlineUserOnly: true, from: 'alice', to: 'bob' });
  await h.pipeline.idle();
  assert.equal(h.emitted.length, 1);
  assert.equal(h.pipeline.inboxSeq, 0);
});

test('the cursor is persisted: a restarted app resumes from it', async () => {
  const storage = createMemoryStorage();
  const first = harness({ store: createMemoryMessageStore({ storage, key: 'cursor' }) });
  first.setInboxSize(4);
  await first.pipeline.beginLogin();
  for (const i of range(1, 4)) first.pipeline.handleEvent('message', { ...row(i), sync: true });
  first.pipeline.handleEvent('syncCompleted', { inboxSeq: 4 });
  await first.pipeline.idle();
  assert.equal(storage.get('cursor'), '4');

  const second = harness({ store: createMemoryMessageStore({ storage, key: 'cursor' }) });
  assert.deepEqual(await second.pipeline.beginLogin(), { fresh: false, inboxSeq: 4 });
});

test('an own send answered after a login moved the cursor past it is still stored, not announced', async () => {
  const h = harness();
  await h.pipeline.beginLogin();
  h.pipeline.handleEvent('syncCompleted', { inboxSeq: 3 });
  h.pipeline.handleSent(row(3));
  h.pipeline.handleSent(row(3));
  await h.pipeline.idle();
  assert.deepEqual(h.emitted, []);
  assert.equal(h.pipeline.inboxSeq, 3);
  assert.deepEqual((await h.store.getMessages('c2c_carol')).map((m) => m.seq), [2]);
});

/** Bob's inbox where rows 3..5 are bob's sends to dave (seqs 1..3, random 100 + inboxSeq); the rest as `row`. */
const OWN = [3, 4, 5];
function inboxWithOwnSends(inboxSeq: number): ChatMessage {
  if (!OWN.includes(inboxSeq)) return row(inboxSeq);
  return row(inboxSeq, { conversationId: 'c2c_dave', seq: inboxSeq - 2, from: 'bob', to: 'dave', random: 100 + inboxSeq });
}

async function loggedInAt(h: Harness, inboxSeq: number): Promise<void> {
  h.setInboxSize(inboxSeq);
  await h.pipeline.beginLogin();
  h.pipeline.handleEvent('syncCompleted', { inboxSeq });
  await h.pipeline.idle();
}

test("concurrent own sends brought by a gap fill before their answers are stored, not announced", async () => {
  const h = harness({ rowAt: inboxWithOwnSends });
  await loggedInAt(h, 2);
  const releases = OWN.map((i) => h.pipeline.expectOwnSend('dave', 100 + i));
  // The peer's messages overtake the answers to the three sends: 6 shows a gap, the sync returns 3..8.
  h.setInboxSize(8);
  for (const i of [6, 7, 8]) h.pipeline.handleEvent('message', row(i));
  await h.pipeline.idle();
  assert.deepEqual(h.emitted, [6, 7, 8]);
  assert.equal(h.pipeline.inboxSeq, 8);
  // Then the answers, and the app's release after each (a no-op once the answer is handled).
  for (const [n, i] of OWN.entries()) {
    h.pipeline.handleSent(inboxWithOwnSends(i));
    releases[n]!();
  }
  await h.pipeline.idle();
  assert.deepEqual(h.emitted, [6, 7, 8]);
  assert.deepEqual((await h.store.getMessages('c2c_dave')).map((m) => [m.seq, m.from, m.random]), [[1, 'bob', 103], [2, 'bob', 104], [3, 'bob', 105]]);
});

test('a message from another device of the user, or of a send released as failed, is announced', async () => {
  const h = harness({ rowAt: inboxWithOwnSends });
  await loggedInAt(h, 2);
  // 3 was sent by the user's other device (nothing registered here); 4 by a send of this device that failed.
  h.pipeline.expectOwnSend('dave', 104)();
  const pending = h.pipeline.expectOwnSend('dave', 105);
  h.setInboxSize(6);
  h.pipeline.handleEvent('message', row(6));
  await h.pipeline.idle();
  assert.deepEqual(h.emitted, [3, 4, 6]);
  pending();
});

test('the release is queued: a gap fill queued before it still treats the row as own', async () => {
  const h = harness({ rowAt: inboxWithOwnSends });
  await loggedInAt(h, 2);
  const release = h.pipeline.expectOwnSend('dave', 103);
  h.setInboxSize(4);
  h.pipeline.handleEvent('message', row(4));
  // The app gives up on the send while the gap fill (which brings 3) is still queued.
  release();
  await h.pipeline.idle();
  assert.deepEqual(h.emitted, [4]);
});

test('an answered own send waiting for a gap is not announced when the next login resends it', async () => {
  const h = harness({ rowAt: inboxWithOwnSends });
  await loggedInAt(h, 2);
  h.setInboxSize(5);
  h.failSync(true);
  h.pipeline.expectOwnSend('dave', 105);
  h.pipeline.handleSent(inboxWithOwnSends(5));
  await h.pipeline.idle();
  assert.equal(h.pipeline.inboxSeq, 2, '5 waits for 3 and 4; the gap fill failed (the connection dropped)');
  h.failSync(false);
  await h.pipeline.beginLogin();
  for (const i of [3, 4, 5]) h.pipeline.handleEvent('message', { ...inboxWithOwnSends(i), sync: true });
  h.pipeline.handleEvent('syncCompleted', { inboxSeq: 5 });
  await h.pipeline.idle();
  assert.deepEqual(h.emitted, [3, 4], '3 and 4 were sent by another device of the user');
  assert.equal(h.pipeline.inboxSeq, 5);
  assert.deepEqual((await h.store.getMessages('c2c_dave')).map((m) => m.random), [103, 104, 105]);
});
