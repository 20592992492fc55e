/**
 * The one ordered path every incoming message takes (login sync, live events, gap fills and this device's own
 * sends), so the app sees each message once and in inbox order. Work runs strictly one task after another:
 * the store may be async, and two interleaved tasks could otherwise both think a message is new.
 *
 * The cursor (`inboxSeq`) only moves over contiguous data: a message beyond cursor + 1 waits in `ahead` until the
 * rows before it arrive — from events still on the wire, or from the `sync` op when the pipeline asks for them.
 *
 * The app hears (`emitMessage`) every message except this device's own sends, which it already has from
 * sendMessage. A gap fill can bring an own send before its answer (concurrent sends: the peer's messages overtake
 * the answers), so a send is registered with `expectOwnSend` before it goes out, and a row matching a registered
 * send is stored without being announced.
 */
import type { MessageStore } from './message-store.ts';
import type { ChatMessage, SyncResult } from './message-types.ts';

export interface MessagePipelineOptions {
  store: MessageStore;
  /** Sends an op on the current connection (the `sync` op fills gaps). */
  request: <T>(op: string, data: Record<string, unknown>) => Promise<T>;
  emitMessage: (message: ChatMessage) => void;
  emitSyncCompleted: (data: { inboxSeq: number }) => void;
  /** Page size of gap fills (default 100). */
  syncPageSize?: number;
  /** Upper bound of pages per gap fill, so a misbehaving server cannot keep the client looping (default 1000). */
  maxSyncPages?: number;
  onError?: (err: unknown) => void;
}

export interface MessagePipeline {
  /**
   * Called before every login: lets queued work finish, enters the sync phase (live messages wait until
   * `syncCompleted`) and says what to send as login's `sync`: `{fresh: true}` when `fresh` (the device never
   * stored a cursor and never completed a sync in this client), `{inboxSeq}` otherwise.
   */
  beginLogin(): Promise<LoginSyncStart>;
  /** A server event; the pipeline uses `message` and `syncCompleted` and ignores the rest. */
  handleEvent(event: string, data: unknown): void;
  /**
   * A C2C send of this device is about to go out: until its answer has been handled (`handleSent`), a row with
   * this `to` and `random` that arrives some other way (a gap fill) is stored but not announced. Returns the
   * release for a send that ends without `handleSent` (it failed, or it was online-only); calling it after
   * `handleSent` does nothing.
   */
  expectOwnSend(to: string, random: number): () => void;
  /**
   * This device's own stored send (the server sends no event for it to this device). Ends the earliest
   * registration of its `to` and `random`, once the message has been processed.
   */
  handleSent(message: ChatMessage): void;
  /** Resolves once everything queued so far has been processed. */
  idle(): Promise<void>;
  /** The cursor as processed so far (0 before the first login). */
  readonly inboxSeq: number;
}

export interface LoginSyncStart {
  fresh: boolean;
  /** The cursor (0 for a fresh device). */
  inboxSeq: number;
}

interface OwnSend {
  key: string;
  released: boolean;
}

interface Pending {
  message: ChatMessage;
  /** Own sends are stored but not announced: the app already has them from sendMessage. */
  announce: boolean;
}

function isMessage(value: unknown): value is ChatMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  return typeof m['conversationId'] === 'string' && typeof m['msgKey'] === 'string'
    && (m['onlineUserOnly'] === true || (typeof m['seq'] === 'number' && typeof m['inboxSeq'] === 'number'));
}

export function createMessagePipeline(o: MessagePipelineOptions): MessagePipeline {
  const { store } = o;
  const pageSize = o.syncPageSize ?? 100;
  const maxPages = o.maxSyncPages ?? 1000;
  let chain: Promise<void> = Promise.resolve();
  let cursor = 0;
  let loaded = false;
  /** Whether the store had a cursor when loaded, or a sync has completed since: then the device is not fresh. */
  let known = false;
  let syncing = false;
  /** Whether the current login was sent as fresh: such a device starts at the server's cursor, with no backlog. */
  let freshLogin = false;
  /** Live messages that arrived during the login sync. */
  let held: ChatMessage[] = [];
  const ahead = new Map<number, Pending>();
  /** Registered sends still waiting for their answer, by `to random`; several when an app reuses a random. */
  const ownPending = new Map<string, OwnSend[]>();
  const ownKey = (to: string, random: number) => `${to} ${random}`;
  const isPendingOwn = (m: ChatMessage) => typeof m.to === 'string' && typeof m.random === 'number' && ownPending.has(ownKey(m.to, m.random));

  function releaseOwn(send: OwnSend): void {
    if (send.released) return;
    send.released = true;
    const list = ownPending.get(send.key)?.filter((s) => s !== send) ?? [];
    if (list.length === 0) ownPending.delete(send.key);
    else ownPending.set(send.key, list);
  }

  function enqueue(task: () => Promise<void>): void {
    chain = chain.then(task).catch((err: unknown) => o.onError?.(err));
  }

  async function load(): Promise<void> {
    if (loaded) return;
    const stored = await store.getInboxSeq();
    cursor = stored ?? 0;
    known = stored !== undefined;
    loaded = true;
  }

  /** Applies every pending message that continues the cursor; persists the cursor once. */
  async function drain(): Promise<void> {
    const before = cursor;
    for (let next = ahead.get(cursor + 1); next !== undefined; next = ahead.get(cursor + 1)) {
      ahead.delete(cursor + 1);
      const { message, announce } = next;
      if (!(await store.hasMessage(message.conversationId, message.seq))) {
        await store.putMessage(message);
        if (announce) o.emitMessage(message);
      }
      cursor += 1;
    }
    for (const [key, { message, announce }] of ahead) {
      if (key > cursor) continue;
      ahead.delete(key);
      // An answered own send passed by a fresh login's cursor jump: the app still expects it in the store.
      if (!announce && !(await store.hasMessage(message.conversationId, message.seq))) await store.putMessage(message);
    }
    if (cursor !== before) await store.setInboxSeq(cursor);
  }

  async function ingest(message: ChatMessage, announceIfNotOwn: boolean): Promise<void> {
    const announce = announceIfNotOwn && !isPendingOwn(message);
    if (message.onlineUserOnly === true) {
      // Not stored and outside the inbox order: there is nothing to order it against.
      if (announce) o.emitMessage(message);
      return;
    }
    if (message.inboxSeq <= cursor) {
      // An own send answered only after a login moved the cursor past it (a retried send, or a fresh device's
      // cursor jump): the app still expects it in the store.
      if (!announce && !(await store.hasMessage(message.conversationId, message.seq))) await store.putMessage(message);
      return;
    }
    if (ahead.has(message.inboxSeq)) return;
    ahead.set(message.inboxSeq, { message, announce });
    await drain();
  }

  /** Pulls rows after the cursor with the `sync` op until the cursor reaches `target` (or the server has no more). */
  async function fillGap(target: number): Promise<void> {
    for (let page = 0; page < maxPages && cursor < target; page += 1) {
      const before = cursor;
      const result = await o.request<SyncResult>('sync', { inboxSeq: cursor, limit: pageSize });
      for (const message of result.messages) if (isMessage(message)) await ingest(message, true);
      if (result.complete || cursor === before) return;
    }
  }

  function highestAhead(): number {
    let max = 0;
    for (const key of ahead.keys()) max = Math.max(max, key);
    return max;
  }

  async function fillGapSafely(target: number): Promise<void> {
    try {
      await fillGap(target);
    } catch (err) {
      // Usually the connection dropped; the next login's sync resumes from the cursor.
      o.onError?.(err);
    }
  }

  async function onSyncCompleted(data: unknown): Promise<void> {
    if (!syncing) return;
    syncing = false;
    const serverCursor = (data as { inboxSeq?: unknown } | null)?.inboxSeq;
    if (typeof serverCursor === 'number' && Number.isSafeInteger(serverCursor)) {
      if (freshLogin) {
        // Own sends may have moved the cursor already; the cursor is persisted even at 0, so the next login asks
        // for everything after it instead of starting fresh again.
        cursor = Math.max(cursor, serverCursor);
        await drain();
        await store.setInboxSeq(cursor);
        known = true;
      } else if (serverCursor > cursor) {
        await fillGapSafely(serverCursor);
      }
    }
    if (freshLogin && !known) {
      // A malformed syncCompleted: still not fresh next time, from the cursor this client has.
      await store.setInboxSeq(cursor);
    }
    known = true;
    freshLogin = false;
    o.emitSyncCompleted({ inboxSeq: cursor });
    const live = held;
    held = [];
    for (const message of live) await ingest(message, true);
    if (ahead.size > 0) await fillGapSafely(highestAhead() - 1);
  }

  async function onMessage(data: unknown): Promise<void> {
    if (!isMessage(data)) return;
    if (syncing && data.sync !== true && data.onlineUserOnly !== true) {
      held.push(data);
      return;
    }
    await ingest(data, true);
    if (!syncing && ahead.size > 0) await fillGapSafely(highestAhead() - 1);
  }

  return {
    async beginLogin() {
      await chain;
      await load();
      syncing = true;
      freshLogin = !known;
      held = [];
      // The server resends everything after the cursor, these included. Own answered sends stay: resent by the
      // sync, they would look like anyone else's message, their registration being over.
      for (const [key, pending] of ahead) if (pending.announce) ahead.delete(key);
      return { fresh: freshLogin, inboxSeq: cursor };
    },
    handleEvent(event, data) {
      if (event === 'message') enqueue(() => onMessage(data));
      else if (event === 'syncCompleted') enqueue(() => onSyncCompleted(data));
    },
    expectOwnSend(to, random) {
      const send: OwnSend = { key: ownKey(to, random), released: false };
      ownPending.set(send.key, [...(ownPending.get(send.key) ?? []), send]);
      // Queued, so work queued before the release (a gap fill bringing this row) still sees the send as pending.
      return () => {
        if (!send.released) enqueue(async () => releaseOwn(send));
      };
    },
    handleSent(message) {
      enqueue(async () => {
        await ingest(message, false);
        // Stored or waiting in `ahead` as own now: the registration has done its work.
        const first = ownPending.get(ownKey(message.to, message.random))?.[0];
        if (first !== undefined) releaseOwn(first);
        if (!syncing && ahead.size > 0) await fillGapSafely(highestAhead() - 1);
      });
    },
    idle: () => chain,
    get inboxSeq() {
      return cursor;
    },
  };
}
