/**
 * The C2C message ops of docs/protocol.md §7: send, sync, history; and the conversation ops, which cover C2C and
 * group conversations (§9): list, read marks, unread counts, pin and delete.
 */
import { heraldError } from '@herald/protocol';
import type { ServerContext } from '../../context.ts';
import {
  c2cReceiveOpt, conversationView, decodeCursor, deleteConversation, listConversations, markRead, parseC2cConversationId, parseConversationId,
  setPinned, totalUnread, type Owner,
} from '../../im/messages/conversations.ts';
import { hideGroupConversation, markGroupRead, setGroupPinned } from '../../im/group-messages/group-conversations.ts';
import { parseElements } from '../../im/messages/elements.ts';
import { PRIORITIES, type OfflinePushInfo } from '../../im/messages/message-event.ts';
import { createMessageService, MAX_SYNC_PAGE, type MessageService } from '../../im/messages/message-service.ts';
import { optionalEnum, requireString } from '../op-args.ts';
import type { GatewayApi, OpData, OpModule } from '../op-registry.ts';
import type { ChatSession } from '../types.ts';

const MAX_USER_ID = 32;
const MAX_HISTORY = 100;
const MAX_CONVERSATIONS = 100;

export function optionalInt(data: OpData, name: string, o: { min: number; max: number }): number | undefined {
  const value = data[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < o.min || value > o.max) {
    throw heraldError('REQUEST_PARAM_INVALID', `${name} must be an integer from ${o.min} to ${o.max}`);
  }
  return value;
}

export function requireInt(data: OpData, name: string, o: { min: number; max: number }): number {
  const value = optionalInt(data, name, o);
  if (value === undefined) throw heraldError('REQUEST_PARAM_MISSING', `${name} is required`);
  return value;
}

export function optionalBool(data: OpData, name: string): boolean | undefined {
  const value = data[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw heraldError('REQUEST_PARAM_INVALID', `${name} must be a boolean`);
  return value;
}

export function optionalOfflinePushInfo(data: OpData): OfflinePushInfo | undefined {
  const value = data['offlinePushInfo'];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw heraldError('REQUEST_PARAM_INVALID', 'offlinePushInfo must be an object');
  const info = value as Record<string, unknown>;
  for (const key of ['title', 'desc', 'ext']) {
    if (info[key] !== undefined && typeof info[key] !== 'string') throw heraldError('REQUEST_PARAM_INVALID', `offlinePushInfo.${key} must be a string`);
  }
  if (info['disablePush'] !== undefined && typeof info['disablePush'] !== 'boolean') throw heraldError('REQUEST_PARAM_INVALID', 'offlinePushInfo.disablePush must be a boolean');
  return info as OfflinePushInfo;
}

const ownerOf = (s: ChatSession): Owner => ({ sdkAppId: s.sdkAppId, userId: s.userId });

/** One service per gateway (its context is the gateway's), rather than one per op. */
const services = new WeakMap<GatewayApi, MessageService>();
function messageServiceOf(ctx: ServerContext, gateway: GatewayApi): MessageService {
  let service = services.get(gateway);
  if (service === undefined) services.set(gateway, (service = createMessageService(ctx, gateway)));
  return service;
}

async function announce(ctx: ServerContext, gateway: GatewayApi, owner: Owner, conversations: unknown[], unreadChanged: boolean): Promise<void> {
  if (conversations.length > 0) await gateway.deliverToUser(owner, 'conversationChanged', { conversations });
  if (unreadChanged) await gateway.deliverToUser(owner, 'totalUnreadChanged', { total: await totalUnread(ctx.store.db, owner) });
}

export const messageOps: OpModule = (registry) => {
  registry.registerOp('sendMessage', async (data, { ctx, gateway, session }) => {
    const to = requireString(data, 'to', { max: MAX_USER_ID });
    const elements = parseElements(data['elements']);
    const random = requireInt(data, 'random', { min: 0, max: 4_294_967_295 });
    const cloudCustomData = data['cloudCustomData'];
    if (cloudCustomData !== undefined && cloudCustomData !== null && typeof cloudCustomData !== 'string') throw heraldError('REQUEST_PARAM_INVALID', 'cloudCustomData must be a string');
    const service = messageServiceOf(ctx, gateway);
    return service.sendC2c({
      sdkAppId: session.sdkAppId,
      from: session.userId,
      to,
      elements,
      random,
      priority: optionalEnum(data, 'priority', PRIORITIES, 'normal'),
      onlineUserOnly: optionalBool(data, 'onlineUserOnly') ?? false,
      cloudCustomData: typeof cloudCustomData === 'string' ? cloudCustomData : undefined,
      offlinePushInfo: optionalOfflinePushInfo(data),
      excludedFromUnread: optionalBool(data, 'isExcludedFromUnreadCount') ?? false,
      senderDeviceId: session.deviceId,
    });
  }, { requiresLogin: true });

  // A number only (0 = everything, paged); a fresh device gets its cursor from login's `sync: {fresh: true}`.
  registry.registerOp('sync', async (data, { ctx, gateway, session }) => {
    const inboxSeq = requireInt(data, 'inboxSeq', { min: 0, max: Number.MAX_SAFE_INTEGER });
    const limit = optionalInt(data, 'limit', { min: 1, max: MAX_SYNC_PAGE }) ?? MAX_SYNC_PAGE;
    return messageServiceOf(ctx, gateway).syncPage(ownerOf(session), inboxSeq, limit);
  }, { requiresLogin: true });

  registry.registerOp('getHistory', async (data, { ctx, gateway, session }) => {
    const peer = parseC2cConversationId(data['conversationId']);
    const direction = optionalEnum(data, 'direction', ['older', 'newer'] as const, 'older');
    const fromSeq = optionalInt(data, 'fromSeq', { min: 0, max: Number.MAX_SAFE_INTEGER });
    const count = optionalInt(data, 'count', { min: 1, max: MAX_HISTORY }) ?? 20;
    return messageServiceOf(ctx, gateway).history(ownerOf(session), peer, direction, fromSeq, count);
  }, { requiresLogin: true });

  // C2C and group conversations in one list; the cursor is an opaque keyset position, valid across both kinds.
  registry.registerOp('getConversationList', async (data, { ctx, session }) => {
    const cursor = decodeCursor(data['cursor']);
    const count = optionalInt(data, 'count', { min: 1, max: MAX_CONVERSATIONS }) ?? MAX_CONVERSATIONS;
    return listConversations(ctx.store.db, ownerOf(session), cursor, count);
  }, { requiresLogin: true });

  registry.registerOp('markConversationRead', async (data, { ctx, gateway, session }) => {
    const ref = parseConversationId(data['conversationId']);
    const seq = optionalInt(data, 'seq', { min: 0, max: Number.MAX_SAFE_INTEGER });
    const owner = ownerOf(session);
    if (ref.kind === 'group') {
      const { readSeq, view } = await markGroupRead(ctx.store, owner, ref.groupId, seq);
      await announce(ctx, gateway, owner, [view], true);
      return { conversationId: view.conversationId, readSeq, unreadCount: view.unreadCount };
    }
    const row = await markRead(ctx.store, owner, ref.peer, seq);
    await announce(ctx, gateway, owner, [conversationView(row, await c2cReceiveOpt(ctx.store.db, owner, ref.peer))], true);
    return { conversationId: row.conversation_id, readSeq: Number(row.read_seq), unreadCount: Number(row.unread_count) };
  }, { requiresLogin: true });

  registry.registerOp('getTotalUnreadMessageCount', async (_data, { ctx, session }) => ({ total: await totalUnread(ctx.store.db, ownerOf(session)) }), { requiresLogin: true });

  registry.registerOp('deleteConversation', async (data, { ctx, gateway, session }) => {
    const ref = parseConversationId(data['conversationId']);
    const owner = ownerOf(session);
    if (ref.kind === 'group') await hideGroupConversation(ctx.store, owner, ref.groupId);
    else await deleteConversation(ctx.store.db, owner, ref.peer);
    await announce(ctx, gateway, owner, [], true);
    return {};
  }, { requiresLogin: true });

  registry.registerOp('pinConversation', async (data, { ctx, gateway, session }) => {
    const ref = parseConversationId(data['conversationId']);
    const pinned = optionalBool(data, 'pinned');
    if (pinned === undefined) throw heraldError('REQUEST_PARAM_MISSING', 'pinned is required');
    const owner = ownerOf(session);
    if (ref.kind === 'group') {
      await announce(ctx, gateway, owner, [await setGroupPinned(ctx.store, owner, ref.groupId, pinned)], false);
      return {};
    }
    const row = await setPinned(ctx.store.db, owner, ref.peer, pinned);
    await announce(ctx, gateway, owner, [conversationView(row, await c2cReceiveOpt(ctx.store.db, owner, ref.peer))], false);
    return {};
  }, { requiresLogin: true });
};

/**
 * Login's sync (docs/protocol.md §7): every inbox row after the device's cursor as `message` events marked
 * `sync: true`, then `syncCompleted`. Runs while the connection holds its live events; live messages already
 * covered by the backlog are dropped when the hold is released.
 */
export async function runLoginSync(ctx: ServerContext, gateway: GatewayApi, session: ChatSession, from: number | 'fresh',
  hold: ReturnType<ChatSession['connection']['holdEvents']>): Promise<void> {
  // Until a page names the server's cursor, a fresh device covers nothing: a failed lookup drops no held message.
  let after: number | 'fresh' = from;
  let cursor = from === 'fresh' ? 0 : from;
  try {
    const service = messageServiceOf(ctx, gateway);
    for (;;) {
      if (session.ended) return;
      const page = await service.syncPage(ownerOf(session), after, MAX_SYNC_PAGE);
      for (const message of page.messages) hold.sendNow('message', { ...message, sync: true });
      after = cursor = page.inboxSeq;
      if (page.complete) break;
    }
    hold.sendNow('syncCompleted', { inboxSeq: cursor });
  } finally {
    const synced = cursor;
    hold.release((event, data) => {
      if (event !== 'message') return true;
      const inboxSeq = (data as { inboxSeq?: unknown }).inboxSeq;
      return typeof inboxSeq !== 'number' || inboxSeq > synced;
    });
  }
}
