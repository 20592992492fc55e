/**
 * Group messages on the client (docs/protocol.md §9). Groups are read-diffused on the server: a group message is
 * not in the user's inbox, so the C2C cursor does not cover it. Each joined group has its own cursor — the last
 * group seq this device has applied — and messages are applied per group in seq order, once each:
 *
 * - after login's C2C sync, `getJoinedGroupList` names the groups; each is pulled with `getGroupHistory newer`
 *   from its cursor (a group new to this device starts at its joinSeq; on a fresh device at its lastSeq, and a live
 *   message sent since the login is still news there even when that lastSeq, read after it, already counts it);
 * - a live message at cursor + 1 is applied at once; one further ahead waits and triggers a gap fill from history
 *   (history is authoritative: seqs it skips are directed messages this user does not see);
 * - `groupJoined` starts a group, `groupKicked` / `groupDismissed` stop it.
 *
 * All work runs on one queue, like the C2C pipeline, so interleaved tasks never both think a message is new.
 */
import type { MessageStore } from './message-store.ts';
import type { GroupChatMessage, GroupHistoryResult, JoinedGroup } from './message-types.ts';

export interface GroupSyncOptions {
  store: MessageStore;
  request: <T>(op: string, data: Record<string, unknown>) => Promise<T>;
  emitMessage: (message: GroupChatMessage) => void;
  /** Page size of history pulls (default 100, the server's maximum). */
  pageSize?: number;
  /** Upper bound of pages per pull (default 1000). */
  maxPages?: number;
  onError?: (err: unknown) => void;
}

export interface GroupSync {
  /**
   * Login's C2C sync is done: list the joined groups and pull each from its cursor. `fresh`: a device that never
   * synced; `loginTime`: the server time of its login (the login answer's serverTime).
   */
  start(fresh: boolean, loginTime?: number): void;
  /** A new login begins: live group messages wait until `start` has listed the groups again. */
  pause(): void;
  handleEvent(event: string, data: unknown): void;
  /**
   * A send of this device is on its way: if a history pull brings the message before its answer, it is stored but
   * not announced (the app has it from sendGroupMessage). Returns the function that forgets it (send failed).
   */
  expectOwn(groupId: string, from: string, random: number): () => void;
  /** This device's own stored send (no event comes back for it). */
  handleSent(message: GroupChatMessage): void;
  idle(): Promise<void>;
  /** The cursor of each group being synced. */
  cursors(): ReadonlyMap<string, number>;
}

interface GroupState {
  cursor: number;
  ahead: Map<number, { message: GroupChatMessage; announce: boolean }>;
  /** A group a fresh device started at its lastSeq: live messages from this server time on are news at any seq. */
  newSince?: number;
}

function isGroupMessage(value: unknown): value is GroupChatMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  return typeof m['groupId'] === 'string' && typeof m['seq'] === 'number' && typeof m['conversationId'] === 'string' && m['onlineUserOnly'] !== true;
}

export function createGroupSync(o: GroupSyncOptions): GroupSync {
  const { store } = o;
  const pageSize = o.pageSize ?? 100;
  const maxPages = o.maxPages ?? 1000;
  const groups = new Map<string, GroupState>();
  let chain: Promise<void> = Promise.resolve();
  let ready = false;
  /** Live messages that arrived before the groups were listed. */
  let held: Array<{ message: GroupChatMessage; announce: boolean }> = [];
  /** Sends of this device still waiting for their answer, as `groupId from random`. */
  const ownPending = new Map<string, number>();
  const ownKey = (m: { groupId: string; from: string; random: number }) => `${m.groupId} ${m.from} ${m.random}`;
  const announceable = (m: GroupChatMessage, announce: boolean) => announce && !ownPending.has(ownKey(m));

  function enqueue(task: () => Promise<void>): void {
    chain = chain.then(task).catch((err: unknown) => o.onError?.(err));
  }

  async function setCursor(groupId: string, state: GroupState, seq: number): Promise<void> {
    state.cursor = seq;
    await store.setGroupSeq?.(groupId, seq);
  }

  async function apply(state: GroupState, message: GroupChatMessage, announce: boolean): Promise<void> {
    if (!(await store.hasMessage(message.conversationId, message.seq))) {
      await store.putMessage(message);
      if (announce) o.emitMessage(message);
    }
    await setCursor(message.groupId, state, message.seq);
  }

  /** Applies the waiting messages that continue the cursor. */
  async function drain(state: GroupState): Promise<void> {
    for (let next = state.ahead.get(state.cursor + 1); next !== undefined; next = state.ahead.get(state.cursor + 1)) {
      state.ahead.delete(next.message.seq);
      await apply(state, next.message, next.announce);
    }
    for (const seq of state.ahead.keys()) if (seq <= state.cursor) state.ahead.delete(seq);
  }

  /** Pulls everything after the cursor the user may see, in seq order. */
  async function pull(groupId: string, state: GroupState): Promise<void> {
    for (let page = 0; page < maxPages; page += 1) {
      if (groups.get(groupId) !== state) return;
      const result = await o.request<GroupHistoryResult>('getGroupHistory', { groupId, direction: 'newer', fromSeq: state.cursor, count: pageSize });
      if (groups.get(groupId) !== state) return;
      for (const message of result.messages) {
        if (!isGroupMessage(message) || message.seq <= state.cursor) continue;
        const own = state.ahead.get(message.seq);
        state.ahead.delete(message.seq);
        await apply(state, message, own?.announce ?? announceable(message, true));
      }
      await drain(state);
      if (result.complete || result.messages.length === 0) return;
    }
  }

  async function pullSafely(groupId: string, state: GroupState): Promise<void> {
    try {
      await pull(groupId, state);
    } catch (err) {
      // Usually the connection dropped; the next login pulls from the cursor again.
      o.onError?.(err);
    }
  }

  async function ingest(message: GroupChatMessage, announce: boolean): Promise<void> {
    const state = groups.get(message.groupId);
    if (state === undefined) {
      // A group this device is not syncing (yet): its own send still belongs in the store.
      if (!announce && !(await store.hasMessage(message.conversationId, message.seq))) await store.putMessage(message);
      return;
    }
    if (message.seq <= state.cursor) {
      const newSinceLogin = announce && state.newSince !== undefined && message.time >= state.newSince;
      if ((!announce || newSinceLogin) && !(await store.hasMessage(message.conversationId, message.seq))) {
        await store.putMessage(message);
        if (newSinceLogin && announceable(message, true)) o.emitMessage(message);
      }
      return;
    }
    if (!state.ahead.has(message.seq) || !announce) state.ahead.set(message.seq, { message, announce: announceable(message, announce) });
    await drain(state);
    if (state.ahead.size > 0) await pullSafely(message.groupId, state);
  }

  async function track(group: JoinedGroup, fresh: boolean, loginTime?: number): Promise<GroupState> {
    const existing = groups.get(group.groupId);
    if (existing !== undefined) return existing;
    const stored = await store.getGroupSeq?.(group.groupId);
    const joinSeq = typeof group.joinSeq === 'number' ? group.joinSeq : 0;
    const lastSeq = typeof group.lastSeq === 'number' ? group.lastSeq : joinSeq;
    // A device that never synced does not replay old group history (it pages older on demand).
    const start = stored ?? (fresh ? Math.max(joinSeq, lastSeq) : joinSeq);
    const state: GroupState = {
      cursor: Math.max(start, joinSeq), ahead: new Map(), ...(stored === undefined && fresh && loginTime !== undefined ? { newSince: loginTime } : {}),
    };
    groups.set(group.groupId, state);
    if (stored === undefined) await store.setGroupSeq?.(group.groupId, state.cursor);
    return state;
  }

  async function onStart(fresh: boolean, loginTime: number | undefined): Promise<void> {
    let list: JoinedGroup[];
    try {
      list = (await o.request<{ groups: JoinedGroup[] }>('getJoinedGroupList', {})).groups ?? [];
    } catch (err) {
      o.onError?.(err);
      return;
    }
    const joined = new Set(list.map((g) => g.groupId));
    for (const groupId of [...groups.keys()]) if (!joined.has(groupId)) groups.delete(groupId);
    for (const group of list) await track(group, fresh, loginTime);
    ready = true;
    const live = held;
    held = [];
    for (const group of list) await pullSafely(group.groupId, groups.get(group.groupId)!);
    for (const { message, announce } of live) await ingest(message, announce);
  }

  return {
    start(fresh, loginTime) {
      enqueue(() => onStart(fresh, loginTime));
    },
    pause() {
      enqueue(async () => {
        ready = false;
        held = [];
        for (const state of groups.values()) state.ahead.clear();
      });
    },
    handleEvent(event, data) {
      if (event === 'message') {
        if (!isGroupMessage(data)) return;
        enqueue(async () => {
          if (!ready) held.push({ message: data, announce: true });
          else await ingest(data, true);
        });
      } else if (event === 'groupJoined') {
        const group = (data as { group?: JoinedGroup } | null)?.group;
        if (group === undefined || typeof group.groupId !== 'string') return;
        enqueue(async () => {
          if (!ready) return; // The next start lists it.
          const state = await track(group, false);
          await pullSafely(group.groupId, state);
        });
      } else if (event === 'groupKicked' || event === 'groupDismissed') {
        const groupId = (data as { groupId?: unknown } | null)?.groupId;
        if (typeof groupId !== 'string') return;
        enqueue(async () => {
          groups.delete(groupId);
        });
      }
    },
    expectOwn(groupId, from, random) {
      const key = ownKey({ groupId, from, random });
      ownPending.set(key, (ownPending.get(key) ?? 0) + 1);
      return () => {
        const n = (ownPending.get(key) ?? 1) - 1;
        if (n <= 0) ownPending.delete(key);
        else ownPending.set(key, n);
      };
    },
    handleSent(message) {
      enqueue(async () => {
        if (!ready) held.push({ message, announce: false });
        else await ingest(message, false);
        // Stored now: a later pull finds it by seq and does not announce it.
        const key = ownKey(message);
        const n = (ownPending.get(key) ?? 1) - 1;
        if (n <= 0) ownPending.delete(key);
        else ownPending.set(key, n);
      });
    },
    idle: () => chain,
    cursors: () => new Map([...groups].map(([id, s]) => [id, s.cursor])),
  };
}
