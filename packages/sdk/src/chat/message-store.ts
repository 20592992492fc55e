/**
 * Where the chat client keeps what it has seen: per conversation the messages keyed by seq, and the device's
 * `inboxSeq` sync cursor. The default keeps messages in memory and the cursor in a key-value storage (the push
 * client's kind), so a restarted app resumes syncing where it stopped. Methods may be sync or async, so a
 * database-backed store (IndexedDB, SQLite) can be injected.
 */
import type { PushStorage } from '../push/push-storage.ts';
import type { AnyChatMessage } from './message-types.ts';

export interface MessageStore {
  /** The stored cursor (0 included); undefined when none was ever stored, i.e. the device never synced. */
  getInboxSeq(): number | undefined | Promise<number | undefined>;
  setInboxSeq(inboxSeq: number): void | Promise<void>;
  hasMessage(conversationId: string, seq: number): boolean | Promise<boolean>;
  putMessage(message: AnyChatMessage): void | Promise<void>;
  /** The stored messages of a conversation in seq order. */
  getMessages(conversationId: string): AnyChatMessage[] | Promise<AnyChatMessage[]>;
  /** A group's cursor: the last group seq applied (undefined: the group is new to this device). Kept in memory when absent. */
  getGroupSeq?(groupId: string): number | undefined | Promise<number | undefined>;
  setGroupSeq?(groupId: string, seq: number): void | Promise<void>;
}

/** Who the store belongs to: a store never mixes two accounts or two devices. */
export interface MessageStoreScope {
  sdkAppId: number;
  userId: string;
  deviceId: string;
}

export type MessageStoreFactory = (scope: MessageStoreScope) => MessageStore;

export type ChatStorage = PushStorage;

export function cursorStorageKey(scope: MessageStoreScope): string {
  return `herald.chat.${scope.sdkAppId}.${scope.userId}.${scope.deviceId}.inboxSeq`;
}

export function createMemoryMessageStore(o: { storage?: ChatStorage; key?: string } = {}): MessageStore {
  const conversations = new Map<string, Map<number, AnyChatMessage>>();
  const groupSeqs = new Map<string, number>();
  const groupKey = (groupId: string) => (key === undefined ? undefined : `${key}.group.${groupId}`);
  let inboxSeq: number | undefined;
  let loaded = false;
  const { storage, key } = o;

  return {
    async getInboxSeq() {
      if (!loaded && inboxSeq === undefined) {
        const raw = storage !== undefined && key !== undefined ? await storage.get(key) : undefined;
        const parsed = raw === null || raw === undefined || raw === '' ? undefined : Number(raw);
        // An unreadable value is treated as no cursor: a fresh start beats replaying or skipping on a guess.
        inboxSeq = parsed !== undefined && Number.isSafeInteger(parsed) && parsed >= 0 ? parsed : undefined;
        loaded = true;
      }
      return inboxSeq;
    },
    async setInboxSeq(next) {
      inboxSeq = next;
      if (storage !== undefined && key !== undefined) await storage.set(key, String(next));
    },
    hasMessage: (conversationId, seq) => conversations.get(conversationId)?.has(seq) ?? false,
    putMessage(message) {
      let byseq = conversations.get(message.conversationId);
      if (byseq === undefined) conversations.set(message.conversationId, (byseq = new Map()));
      byseq.set(message.seq, message);
    },
    async getGroupSeq(groupId) {
      if (groupSeqs.has(groupId)) return groupSeqs.get(groupId);
      const k = groupKey(groupId);
      const raw = storage !== undefined && k !== undefined ? await storage.get(k) : undefined;
      const parsed = raw === null || raw === undefined || raw === '' ? undefined : Number(raw);
      return parsed !== undefined && Number.isSafeInteger(parsed) && parsed >= 0 ? parsed : undefined;
    },
    async setGroupSeq(groupId, seq) {
      groupSeqs.set(groupId, seq);
      const k = groupKey(groupId);
      if (storage !== undefined && k !== undefined) await storage.set(k, String(seq));
    },
    getMessages: (conversationId) =>
      [...(conversations.get(conversationId)?.values() ?? [])].sort((a, b) => a.seq - b.seq),
  };
}
