/**
 * Sending, syncing and paging C2C messages (docs/protocol.md §7). A send is validated, stored (both inbox rows
 * and both conversations in one transaction, see store-message.ts) and only then delivered: one `message`
 * event per inbox row to the owner's connected devices (the sender's own device excepted), followed by
 * `conversationChanged` and, for the recipient, `totalUnreadChanged`. Online-only messages skip the store.
 */
import { randomBytes } from 'node:crypto';
import { heraldError } from '@herald/protocol';
import type { RealtimeDelivery, ServerContext } from '../../context.ts';
import { findImUsers } from '../identity/im-user-service.ts';
import { isValidUserId } from '../identity/user-id.ts';
import { createDevicePresence } from '../presence/device-presence.ts';
import { conversationView, totalUnread, type Owner } from './conversations.ts';
import { checkMessageSize, type MessageElement } from './elements.ts';
import { c2cConversationId, messageEventFromRow, type C2cMessageRow, type MessageEvent, type OfflinePushInfo, type Priority } from './message-event.ts';
import { storeC2cMessage } from './store-message.ts';

export interface SendC2cInput {
  sdkAppId: number;
  from: string;
  to: string;
  elements: MessageElement[];
  random: number;
  priority?: Priority;
  onlineUserOnly?: boolean;
  cloudCustomData?: string | undefined;
  offlinePushInfo?: OfflinePushInfo | undefined;
  excludedFromUnread?: boolean;
  /** False: the sender keeps no copy (REST SyncOtherMachine 2). Default true. */
  senderCopy?: boolean;
  /** The sender's device that sent it (it gets the response, not the event); undefined = none (REST). */
  senderDeviceId?: string | undefined;
  /** False: the sender's devices get no live event (REST without SyncOtherMachine 1). Default true. */
  deliverToSender?: boolean;
  /** Skips the recipient-exists check (already done for a batch). */
  recipientChecked?: boolean;
}

export interface SendC2cResult {
  msgKey: string;
  time: number;
  /** The sender's conversation seq and inboxSeq; absent for online-only messages or without a sender copy. */
  seq?: number;
  inboxSeq?: number;
}

export interface SyncPage {
  messages: MessageEvent[];
  inboxSeq: number;
  complete: boolean;
}

export const MAX_SYNC_PAGE = 200;

export function newMsgKey(time: number, random: number): string {
  return `${time}_${random}_${randomBytes(4).toString('hex')}`;
}

export async function assertRecipient(ctx: ServerContext, sdkAppId: number, userId: string): Promise<void> {
  // Users are keyed by sdkAppId: another app's users simply do not exist here.
  if (!isValidUserId(userId) || !(await findImUsers(ctx.store.db, sdkAppId, [userId])).has(userId)) {
    throw heraldError('IM_ACCOUNT_NOT_FOUND', `${userId.slice(0, 40)} is not an account of SDKAppID ${sdkAppId}`);
  }
}

export function createMessageService(ctx: ServerContext, realtime: RealtimeDelivery | undefined = ctx.realtime) {
  const presence = createDevicePresence(ctx.store.db);

  async function deliverTo(owner: Owner, event: string, data: unknown, exceptDeviceId: string | undefined): Promise<void> {
    if (realtime === undefined) return;
    if (exceptDeviceId === undefined) return realtime.deliverToUser(owner, event, data);
    const devices = (await presence.listActive(owner)).map((d) => d.deviceId).filter((id) => id !== exceptDeviceId);
    if (devices.length > 0) await realtime.deliverToUser(owner, event, data, devices);
  }

  async function deliverStored(input: SendC2cInput, rows: C2cMessageRow[], conversations: Awaited<ReturnType<typeof storeC2cMessage>>['conversations']): Promise<void> {
    for (const row of rows) {
      const owner = { sdkAppId: input.sdkAppId, userId: row.owner };
      const isSender = row.owner === input.from;
      if (isSender && input.deliverToSender === false) continue;
      const except = isSender ? input.senderDeviceId : undefined;
      await deliverTo(owner, 'message', messageEventFromRow(row), except);
      const conversation = conversations.find((c) => c.owner === row.owner);
      if (conversation !== undefined) await deliverTo(owner, 'conversationChanged', { conversations: [conversationView(conversation)] }, undefined);
      if (!isSender && row.excluded_from_unread === 0) {
        await deliverTo(owner, 'totalUnreadChanged', { total: await totalUnread(ctx.store.db, owner) }, undefined);
      }
    }
  }

  return {
    async sendC2c(input: SendC2cInput): Promise<SendC2cResult> {
      checkMessageSize({ elements: input.elements, cloudCustomData: input.cloudCustomData, offlinePushInfo: input.offlinePushInfo });
      if (input.recipientChecked !== true) await assertRecipient(ctx, input.sdkAppId, input.to);
      const time = ctx.clock.now();
      const msgKey = newMsgKey(time, input.random);
      const priority = input.priority ?? 'normal';
      const excludedFromUnread = input.excludedFromUnread ?? false;
      if (input.onlineUserOnly === true) {
        const base = { msgKey, from: input.from, to: input.to, time, elements: input.elements, random: input.random, priority,
          isExcludedFromUnreadCount: excludedFromUnread, onlineUserOnly: true as const,
          ...(input.cloudCustomData === undefined ? {} : { cloudCustomData: input.cloudCustomData }) };
        await deliverTo({ sdkAppId: input.sdkAppId, userId: input.to }, 'message', { ...base, conversationId: c2cConversationId(input.from) }, undefined);
        if (input.deliverToSender !== false && input.to !== input.from) {
          await deliverTo({ sdkAppId: input.sdkAppId, userId: input.from }, 'message', { ...base, conversationId: c2cConversationId(input.to) }, input.senderDeviceId);
        }
        return { msgKey, time };
      }
      const stored = await storeC2cMessage(ctx.store, {
        sdkAppId: input.sdkAppId, from: input.from, to: input.to, random: input.random, time, msgKey, priority,
        elements: input.elements, cloudCustomData: input.cloudCustomData, offlinePushInfo: input.offlinePushInfo,
        excludedFromUnread, senderCopy: input.senderCopy !== false,
      });
      if (stored.created) {
        await deliverStored(input, stored.rows, stored.conversations).catch((err: unknown) => ctx.logger.warn({ err }, 'live delivery of a stored message failed'));
      }
      const senderRow = stored.rows.find((r) => r.owner === input.from) ;
      const anyRow = stored.rows[0]!;
      return {
        msgKey: anyRow.msg_key,
        time: Number(anyRow.time),
        ...(senderRow === undefined ? {} : { seq: Number(senderRow.seq), inboxSeq: Number(senderRow.inbox_seq) }),
      };
    },

    /**
     * Inbox rows after `after`, oldest first (0 = everything). `'fresh'` is a device that has never synced: no
     * backlog, just the current cursor.
     */
    async syncPage(owner: Owner, after: number | 'fresh', limit: number): Promise<SyncPage> {
      if (after === 'fresh') {
        const counter = await ctx.store.db.selectFrom('im_inbox_counter').select('inbox_seq')
          .where('sdk_app_id', '=', owner.sdkAppId).where('owner', '=', owner.userId).executeTakeFirst();
        return { messages: [], inboxSeq: Number(counter?.inbox_seq ?? 0), complete: true };
      }
      const rows = await ctx.store.db.selectFrom('im_c2c_message').selectAll()
        .where('sdk_app_id', '=', owner.sdkAppId).where('owner', '=', owner.userId).where('inbox_seq', '>', after)
        .orderBy('inbox_seq').limit(limit + 1)
        .execute();
      const page = rows.slice(0, limit);
      return {
        messages: page.map(messageEventFromRow),
        inboxSeq: page.length === 0 ? after : Number(page.at(-1)!.inbox_seq),
        complete: rows.length <= limit,
      };
    },

    /** A page of one conversation, returned oldest first whichever the direction. */
    async history(owner: Owner, peer: string, direction: 'older' | 'newer', fromSeq: number | undefined, count: number) {
      let query = ctx.store.db.selectFrom('im_c2c_message').selectAll()
        .where('sdk_app_id', '=', owner.sdkAppId).where('owner', '=', owner.userId).where('peer', '=', peer);
      query = direction === 'older'
        ? (fromSeq === undefined ? query : query.where('seq', '<', fromSeq)).orderBy('seq', 'desc')
        : query.where('seq', '>', fromSeq ?? 0).orderBy('seq', 'asc');
      const rows = await query.limit(count + 1).execute();
      const page = rows.slice(0, count).map(messageEventFromRow);
      if (direction === 'older') page.reverse();
      return { messages: page, complete: rows.length <= count };
    },
  };
}

export type MessageService = ReturnType<typeof createMessageService>;
