/**
 * Sending, syncing and paging C2C messages (docs/protocol.md §7). A send is validated, passed through the app's
 * before-send webhook (which may refuse, drop or rewrite it), stored (both inbox rows and both conversations in
 * one transaction, see store-message.ts) and only then delivered: one `message` event per inbox row to the
 * owner's connected devices (the sender's own device excepted), followed by `conversationChanged` and, for the
 * recipient, `totalUnreadChanged`; the after-send webhook is fired last, without waiting. Online-only messages
 * skip the store. A recipient who does not receive messages from the sender (receive option 1) gets no inbox row
 * and no event, while the sender keeps their copy and is told it was sent, as Tencent does.
 */
import { randomFillSync } from 'node:crypto';
import { heraldError } from '@herald/protocol';
import { eventFrame } from '../../bus/event-frame.ts';
import type { RealtimeDelivery, ServerContext } from '../../context.ts';
import { findImUsers } from '../identity/im-user-service.ts';
import { isValidUserId } from '../identity/user-id.ts';
import { createDevicePresence } from '../presence/device-presence.ts';
import { c2cReceiveOpt } from '../receive/receive-options.ts';
import { optPlatformOf } from '../webhooks/callback-commands.ts';
import { afterSendWebhook, beforeSendWebhook, enabledMessageWebhooks, webhookRejection } from '../webhooks/message-webhooks.ts';
import { totalC2cUnread, type Owner } from './conversations.ts';
import { checkMessageSize, elementsFromMsgBody, msgBodyFromElements, type MessageElement } from './elements.ts';
import { c2cConversationId, messageEventFromRow, type C2cMessageRow, type MessageEvent, type OfflinePushInfo, type Priority } from './message-event.ts';
import { findStoredC2c, storeC2cMessage, type NewC2cMessage, type StoredC2c } from './store-message.ts';
import { readDeliveryFacts, readDeliveryFactsSync, type DeliveryFacts } from './delivery-facts.ts';
import { writeC2cMessage } from './write-c2c-message.ts';
import { conversationViewJson, eventFrameOfJson, messageEventJson } from './event-json.ts';
import { pushC2cMessage } from '../offline-push-dispatch/index.ts';
import { listOfflinePushTargetsSync, type OfflinePushTarget } from '../offline-push-config/offline-push-targets.ts';

/** What goes out: the sent body, or the one the before-send webhook replaced it with. */
interface Outgoing {
  elements: MessageElement[];
  cloudCustomData: string | undefined;
  time: number;
  msgKey: string;
}

interface StoreResult {
  stored: StoredC2c;
  /** Undefined when nothing new was stored (a retry). */
  facts: DeliveryFacts | undefined;
  /** The recipient's offline push targets when read with the write; undefined: to be read by the push. */
  pushTargets?: readonly OfflinePushTarget[];
}

/** Receive option 1: the recipient receives nothing from this peer, online or offline. */
const NOT_RECEIVE = 1;

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
  /** REST `SendMsgControl: ["NoLastMsg"]`: the conversations' last message and order stay as they were. */
  noLastMsg?: boolean | undefined;
  /** REST `ForbidCallbackControl`: skip the app's before-send / after-send webhook for this message. */
  skipBeforeSendWebhook?: boolean | undefined;
  skipAfterSendWebhook?: boolean | undefined;
  /** The webhooks' `OptPlatform`: 'RESTAPI' on /v4; undefined = the sender device's platform (or Unknown). */
  optPlatform?: string | undefined;
  clientIp?: string | undefined;
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

/** Random bytes drawn a page at a time: one system call per 1,024 message keys rather than one each. */
const keyEntropy = { page: Buffer.alloc(4096), used: 4096 };

export function newMsgKey(time: number, random: number): string {
  if (keyEntropy.used === keyEntropy.page.length) {
    randomFillSync(keyEntropy.page);
    keyEntropy.used = 0;
  }
  const tail = keyEntropy.page.toString('hex', keyEntropy.used, (keyEntropy.used += 4));
  return `${time}_${random}_${tail}`;
}

const accountNotFound = (sdkAppId: number, userId: string) =>
  heraldError('IM_ACCOUNT_NOT_FOUND', `${userId.slice(0, 40)} is not an account of SDKAppID ${sdkAppId}`);

/** Whether the recipient exists and, if so, their receive option for the sender: one statement in the grouped write. */
const RECIPIENT_OPT = `select r.opt from im_user u
  left join im_receive_opt r on r.sdk_app_id = u.sdk_app_id and r.owner = u.user_id and r.peer = ?
  where u.sdk_app_id = ? and u.user_id = ?`;

export async function assertRecipient(ctx: ServerContext, sdkAppId: number, userId: string): Promise<void> {
  // Users are keyed by sdkAppId: another app's users simply do not exist here.
  if (!isValidUserId(userId) || !(await findImUsers(ctx.store.db, sdkAppId, [userId])).has(userId)) throw accountNotFound(sdkAppId, userId);
}

export function createMessageService(ctx: ServerContext, realtime: RealtimeDelivery | undefined = ctx.realtime) {
  const presence = createDevicePresence(ctx.store.db);

  async function deliverTo(owner: Owner, event: string, data: unknown, exceptDeviceId: string | undefined): Promise<void> {
    if (realtime === undefined) return;
    if (exceptDeviceId === undefined) return realtime.deliverToUser(owner, event, data);
    const devices = (await presence.listActive(owner)).map((d) => d.deviceId).filter((id) => id !== exceptDeviceId);
    if (devices.length > 0) await realtime.deliverToUser(owner, event, data, devices);
  }

  /** Each owner's events go out as one delivery, so each of their devices gets them in one write. */
  async function deliverStored(input: SendC2cInput, stored: StoredC2c, facts: DeliveryFacts): Promise<void> {
    if (realtime === undefined) return;
    for (const row of stored.rows) {
      const owner = { sdkAppId: input.sdkAppId, userId: row.owner };
      const isSender = row.owner === input.from;
      if (isSender && input.deliverToSender === false) continue;
      const frames: string[] = [];
      const conversation = stored.conversations.find((c) => c.owner === row.owner);
      if (conversation !== undefined && conversation.deleted === 0) {
        const view = conversationViewJson(conversation, facts.recvOpt.get(row.owner) ?? 0);
        frames.push(eventFrameOfJson('conversationChanged', `{"conversations":[${view}]}`));
      }
      const total = facts.totalUnread.get(row.owner);
      if (total !== undefined) frames.push(eventFrame('totalUnreadChanged', { total }));
      const message = eventFrameOfJson('message', messageEventJson(row));
      // The sending device gets the response instead of the message; the conversation change goes to every device.
      const sendingDevice = isSender ? input.senderDeviceId : undefined;
      if (sendingDevice === undefined) {
        await realtime.deliverFrames(owner, [message, ...frames]);
        continue;
      }
      await realtime.deliverFrames(owner, [message], undefined, sendingDevice);
      if (frames.length > 0) await realtime.deliverFrames(owner, frames);
    }
  }

  /**
   * Stores the message and reads what its live delivery needs. On SQLite both happen in one grouped write
   * (group commit), which also checks the recipient when asked to, applies their receive option there and reads
   * where their offline pushes could go (`pushTargets`; PostgreSQL's offline push reads them itself).
   */
  async function store(input: SendC2cInput, m: NewC2cMessage, checkRecipient: boolean): Promise<StoreResult> {
    const grouped = ctx.store.groupedWrite;
    if (grouped !== undefined) {
      const db = ctx.store.db;
      return grouped((q) => {
        const recipient = q.get(RECIPIENT_OPT, [input.from, input.sdkAppId, input.to]);
        if (checkRecipient && recipient === undefined) throw accountNotFound(input.sdkAppId, input.to);
        // The recipient's option for the sender is also the option of the recipient's row (owner to, peer from).
        const knownRecvOpt = new Map(recipient === undefined ? [] : [[input.to, Number(recipient['opt'] ?? 0)]]);
        const recipientCopy = m.recipientCopy !== false && (input.to === input.from || knownRecvOpt.get(input.to) !== NOT_RECEIVE);
        const stored = writeC2cMessage(q, { ...m, recipientCopy });
        if (!stored.created) return { stored, facts: undefined };
        const pushed = input.to !== input.from && stored.rows.some((r) => r.owner === input.to);
        return {
          stored,
          facts: readDeliveryFactsSync(q, db, input.sdkAppId, stored.rows, knownRecvOpt),
          pushTargets: pushed ? listOfflinePushTargetsSync(q, db, input.sdkAppId, [input.to]) : [],
        };
      });
    }
    if (checkRecipient) await assertRecipient(ctx, input.sdkAppId, input.to);
    const recipientCopy = m.recipientCopy !== false && (input.to === input.from || (await c2cReceiveOpt(ctx.store.db, input.sdkAppId, input.to, input.from)) !== NOT_RECEIVE);
    const stored = await storeC2cMessage(ctx.store, { ...m, recipientCopy });
    return { stored, facts: stored.created ? await readDeliveryFacts(ctx.store.db, input.sdkAppId, stored.rows) : undefined };
  }

  async function optPlatform(input: SendC2cInput): Promise<string> {
    if (input.optPlatform !== undefined) return input.optPlatform;
    if (input.senderDeviceId === undefined) return 'Unknown';
    const device = await ctx.store.db.selectFrom('im_device').select('platform')
      .where('sdk_app_id', '=', input.sdkAppId).where('user_id', '=', input.from).where('device_id', '=', input.senderDeviceId)
      .executeTakeFirst();
    return device === undefined ? 'Unknown' : optPlatformOf(device.platform);
  }

  /** The seq the message should get in the conversation the webhook reports (only known for sure once stored). */
  async function expectedSeq(input: SendC2cInput): Promise<number> {
    const [owner, peer] = input.senderCopy === false ? [input.to, input.from] : [input.from, input.to];
    const row = await ctx.store.db.selectFrom('im_conversation').select('last_seq')
      .where('sdk_app_id', '=', input.sdkAppId).where('owner', '=', owner).where('conversation_id', '=', c2cConversationId(peer))
      .executeTakeFirst();
    return Number(row?.last_seq ?? 0) + 1;
  }

  function resultFromRows(input: SendC2cInput, rows: C2cMessageRow[]): SendC2cResult {
    const senderRow = rows.find((r) => r.owner === input.from);
    const anyRow = rows[0]!;
    return {
      msgKey: anyRow.msg_key,
      time: Number(anyRow.time),
      ...(senderRow === undefined ? {} : { seq: Number(senderRow.seq), inboxSeq: Number(senderRow.inbox_seq) }),
    };
  }

  /** Tencent's webhook body fields shared by before- and after-send. */
  function webhookBody(input: SendC2cInput, m: Outgoing, msgSeq: number): Record<string, unknown> {
    return {
      From_Account: input.from,
      To_Account: input.to,
      MsgSeq: msgSeq,
      MsgRandom: input.random,
      MsgTime: Math.floor(m.time / 1000),
      MsgKey: m.msgKey,
      OnlineOnlyFlag: input.onlineUserOnly === true ? 1 : 0,
      MsgBody: msgBodyFromElements(m.elements),
      ...(m.cloudCustomData === undefined ? {} : { CloudCustomData: m.cloudCustomData }),
    };
  }

  /** Asks the before-send webhook; undefined means "drop": answer as sent, store and deliver nothing. */
  async function passBeforeSend(input: SendC2cInput, m: Outgoing, platform: string): Promise<Outgoing | undefined> {
    const msgSeq = input.onlineUserOnly === true ? 0 : await expectedSeq(input);
    const verdict = await beforeSendWebhook(ctx, {
      sdkAppId: input.sdkAppId, command: 'C2C.CallbackBeforeSendMsg', body: webhookBody(input, m, msgSeq), optPlatform: platform, clientIp: input.clientIp,
    });
    if (verdict.kind === 'reject') throw webhookRejection(verdict, 'c2c');
    if (verdict.kind === 'drop') return undefined;
    if (verdict.msgBody === undefined && verdict.cloudCustomData === undefined) return m;
    // Replaced parts must pass what a sent message passes; if not, the original goes out (as with any bad answer).
    try {
      const elements = verdict.msgBody === undefined ? m.elements : elementsFromMsgBody(verdict.msgBody);
      const cloudCustomData = verdict.cloudCustomData ?? m.cloudCustomData;
      checkMessageSize({ elements, cloudCustomData, offlinePushInfo: input.offlinePushInfo });
      return { ...m, elements, cloudCustomData };
    } catch (err) {
      ctx.logger.warn({ sdkAppId: input.sdkAppId, why: (err as Error).message }, 'before-send webhook replacement ignored');
      return m;
    }
  }

  /** Fired once the message is out and never awaited, so it can neither delay nor fail the send. */
  function fireAfterSend(input: SendC2cInput, m: Outgoing, msgSeq: number, platform: string): void {
    const recipient = { sdkAppId: input.sdkAppId, userId: input.to };
    void (async () => {
      // Tencent's UnreadMsgNum: all of the recipient's one-to-one unread messages, whatever their options.
      const unread = await totalC2cUnread(ctx.store.db, recipient, { all: true }).catch(() => -1);
      afterSendWebhook(ctx, {
        sdkAppId: input.sdkAppId, command: 'C2C.CallbackAfterSendMsg', optPlatform: platform, clientIp: input.clientIp,
        body: { ...webhookBody(input, m, msgSeq), SendMsgResult: 0, ErrorInfo: 'send msg succeed', UnreadMsgNum: unread },
      });
    })().catch((err: unknown) => ctx.logger.warn({ err, sdkAppId: input.sdkAppId }, 'after-send webhook failed'));
  }

  return {
    async sendC2c(input: SendC2cInput): Promise<SendC2cResult> {
      checkMessageSize({ elements: input.elements, cloudCustomData: input.cloudCustomData, offlinePushInfo: input.offlinePushInfo });
      if (!isValidUserId(input.to)) throw accountNotFound(input.sdkAppId, input.to);
      const online = input.onlineUserOnly === true;
      const hooks = await enabledMessageWebhooks(ctx, input.sdkAppId);
      const useBefore = input.skipBeforeSendWebhook !== true && hooks.has('C2C.CallbackBeforeSendMsg');
      const useAfter = input.skipAfterSendWebhook !== true && hooks.has('C2C.CallbackAfterSendMsg');
      // The recipient is checked before anything reaches the app's webhook or a device; a plain stored send checks
      // it as part of its store step (one round on SQLite).
      const checkWhenStoring = input.recipientChecked !== true && !online && !useBefore;
      if (input.recipientChecked !== true && !checkWhenStoring) await assertRecipient(ctx, input.sdkAppId, input.to);
      // A retry of a stored message answers with the stored one and is delivered once: the store finds it by
      // (from, to, random). Only the before-send webhook must not be asked twice, so only then look first.
      if (!online && useBefore) {
        const stored = await findStoredC2c(ctx.store.db, input);
        if (stored.length > 0) return resultFromRows(input, stored);
      }
      const time = ctx.clock.now();
      let m: Outgoing = { elements: input.elements, cloudCustomData: input.cloudCustomData, time, msgKey: newMsgKey(time, input.random) };
      const platform = useBefore || useAfter ? await optPlatform(input) : 'Unknown';
      if (useBefore) {
        const passed = await passBeforeSend(input, m, platform);
        if (passed === undefined) return { msgKey: m.msgKey, time };
        m = passed;
      }
      const priority = input.priority ?? 'normal';
      const excludedFromUnread = input.excludedFromUnread ?? false;
      if (online) {
        const recipientReceives = input.to === input.from || (await c2cReceiveOpt(ctx.store.db, input.sdkAppId, input.to, input.from)) !== NOT_RECEIVE;
        const base = { msgKey: m.msgKey, from: input.from, to: input.to, time, elements: m.elements, random: input.random, priority,
          isExcludedFromUnreadCount: excludedFromUnread, onlineUserOnly: true as const,
          ...(m.cloudCustomData === undefined ? {} : { cloudCustomData: m.cloudCustomData }) };
        if (recipientReceives) {
          await deliverTo({ sdkAppId: input.sdkAppId, userId: input.to }, 'message', { ...base, conversationId: c2cConversationId(input.from) }, undefined);
        }
        if (input.deliverToSender !== false && input.to !== input.from) {
          await deliverTo({ sdkAppId: input.sdkAppId, userId: input.from }, 'message', { ...base, conversationId: c2cConversationId(input.to) }, input.senderDeviceId);
        }
        if (useAfter) fireAfterSend(input, m, 0, platform);
        return { msgKey: m.msgKey, time };
      }
      const { stored, facts, pushTargets } = await store(input, {
        sdkAppId: input.sdkAppId, from: input.from, to: input.to, random: input.random, time, msgKey: m.msgKey, priority,
        elements: m.elements, cloudCustomData: m.cloudCustomData, offlinePushInfo: input.offlinePushInfo,
        excludedFromUnread, senderCopy: input.senderCopy !== false, updateLastMessage: input.noLastMsg !== true,
      }, checkWhenStoring);
      // Neither side keeps a copy (no sender copy, recipient not receiving): sent, as far as the sender can tell.
      if (stored.rows.length === 0) return { msgKey: m.msgKey, time };
      if (stored.created) {
        // Stored is what the acknowledgement promises; live delivery follows without holding it up. It needs no
        // further reads, so one sender's messages are handed to the devices in the order they were stored.
        if (facts !== undefined) void deliverStored(input, stored, facts).catch((err: unknown) => ctx.logger.warn({ err }, 'live delivery of a stored message failed'));
        // Offline push follows the same way, to the recipient's devices in the background (or disconnected).
        const received = input.to === input.from ? undefined : stored.rows.find((r) => r.owner === input.to);
        // Read with the write (SQLite) and none: nowhere to push.
        const noTargets = pushTargets !== undefined && pushTargets.length === 0;
        if (facts !== undefined && received !== undefined && !noTargets) {
          const push = {
            sdkAppId: input.sdkAppId, from: input.from, to: input.to, elements: m.elements, offlinePushInfo: input.offlinePushInfo,
            recvOpt: facts.recvOpt.get(input.to) ?? 0, totalUnread: facts.totalUnread.get(input.to), seq: Number(received.seq), targets: pushTargets,
          };
          // On the next turn: its reads (synchronous on SQLite) would otherwise run before the acknowledgement and
          // the live delivery are written.
          setImmediate(() => void pushC2cMessage(ctx, push).catch((err: unknown) => ctx.logger.warn({ err }, 'offline push of a stored message failed')));
        }
        const reported = stored.rows.find((r) => r.owner === input.from) ?? stored.rows[0]!;
        if (useAfter) fireAfterSend(input, m, Number(reported.seq), platform);
      }
      return resultFromRows(input, stored.rows);
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
