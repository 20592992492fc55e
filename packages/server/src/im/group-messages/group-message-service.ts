/**
 * Sending and paging group messages (docs/protocol.md §9), shared by the chat op and the REST API. A send is
 * checked (group of this app, member, not muted, mentions, receivers, size), put to the app's before-send
 * webhook, stored as ONE row (store-group-message.ts) and only then answered and fanned out live to the members'
 * connected devices. Nothing per member is written: unread counts and mentions are read from the rows later.
 */
import { AT_ALL, heraldError, type ChatMessageEvent, type MessageElement, type OfflinePushInfo } from '@herald/protocol';
import type { RealtimeDelivery, ServerContext } from '../../context.ts';
import { checkMessageSize, elementsFromMsgBody, msgBodyFromElements } from '../messages/elements.ts';
import type { Priority } from '../messages/message-event.ts';
import { newMsgKey } from '../messages/message-service.ts';
import { queueGroupMessagePush } from '../offline-push-dispatch/index.ts';
import { isOnlineOnlyGroupType } from '../receive/offline-push-filter.ts';
import { afterSendWebhook, beforeSendWebhook, webhookRejection } from '../webhooks/message-webhooks.ts';
export { optPlatformOf } from '../webhooks/callback-commands.ts';
import { deliverToGroup } from './deliver-to-group.ts';
import { groupConversationId, groupMessageEventFromRow, type GroupMessageRow } from './group-message-event.ts';
import { assertMaySpeak, requireGroup, requireMembership, visibleToSql, type GroupRow } from './group-access.ts';
import { GROUP_DEDUPE_WINDOW_MS, storeGroupMessage } from './store-group-message.ts';

/** Tencent's cap on a directed message's receivers. */
export const MAX_RECEIVERS = 50;
export const MAX_GROUP_HISTORY = 100;

export interface SendGroupInput {
  sdkAppId: number;
  groupId: string;
  from: string;
  /** Who asked: the sender on the socket, the admin identifier over REST (the webhooks' Operator_Account). */
  operator: string;
  /** REST: an app admin sends, as itself or as any account; membership and mutes are not checked. */
  byAdmin?: boolean;
  elements: MessageElement[];
  random: number;
  priority?: Priority | undefined;
  onlineUserOnly?: boolean | undefined;
  cloudCustomData?: string | undefined;
  offlinePushInfo?: OfflinePushInfo | undefined;
  excludedFromUnread?: boolean | undefined;
  /** UserIDs and/or AT_ALL, in the order of the mentions in the text. */
  atUserList?: readonly string[] | undefined;
  /** A directed message: only these members (and the sender) see it; never unread. */
  receivers?: readonly string[] | undefined;
  /** The sending device (it gets the answer, not the event); undefined over REST. */
  senderDeviceId?: string | undefined;
  /** The webhooks' OptPlatform. */
  optPlatform: string;
  clientIp?: string | undefined;
  skipBeforeWebhook?: boolean | undefined;
  skipAfterWebhook?: boolean | undefined;
}

export interface SendGroupResult {
  msgKey: string;
  time: number;
  /** Absent for online-only messages and for messages the webhook dropped (nothing was stored). */
  seq?: number;
}

export interface GroupHistoryPage {
  messages: ChatMessageEvent[];
  complete: boolean;
}

export function createGroupMessageService(ctx: ServerContext, realtime: RealtimeDelivery | undefined = ctx.realtime) {
  const db = ctx.store.db;

  async function checkReceivers(input: SendGroupInput): Promise<string[] | undefined> {
    if (input.receivers === undefined) return undefined;
    const receivers = [...new Set(input.receivers)];
    const members = await db.selectFrom('im_group_member').select('user_id')
      .where('sdk_app_id', '=', input.sdkAppId).where('group_id', '=', input.groupId).where('user_id', 'in', receivers)
      .execute();
    const found = new Set(members.map((m) => m.user_id));
    const missing = receivers.find((r) => !found.has(r));
    if (missing !== undefined) throw heraldError('IM_GROUP_PARAM_INVALID', `receiver ${missing.slice(0, 32)} is not a member of the group`);
    return receivers;
  }

  /** A repeat of (from, random) within Tencent's 5 minutes: the stored message, before any webhook runs again. */
  async function earlierSend(input: SendGroupInput, now: number): Promise<GroupMessageRow | undefined> {
    return db.selectFrom('im_group_message').selectAll()
      .where('sdk_app_id', '=', input.sdkAppId).where('group_id', '=', input.groupId)
      .where('from_user', '=', input.from).where('random', '=', input.random).where('time', '>=', now - GROUP_DEDUPE_WINDOW_MS)
      .where('is_tip', '=', 0)
      .orderBy('seq', 'desc')
      .executeTakeFirst();
  }

  async function deliverLive(input: SendGroupInput, data: ChatMessageEvent, receivers: string[] | undefined): Promise<void> {
    // Members who chose "do not receive" (option 1) get nothing live; the sender's own devices always do.
    const silenced = await db.selectFrom('im_group_member').select('user_id')
      .where('sdk_app_id', '=', input.sdkAppId).where('group_id', '=', input.groupId).where('recv_opt', '=', 1).where('user_id', '!=', input.from)
      .execute();
    await deliverToGroup(ctx, realtime, {
      sdkAppId: input.sdkAppId,
      groupId: input.groupId,
      event: 'message',
      data,
      onlyUsers: receivers === undefined ? undefined : [...new Set([...receivers, input.from])],
      exceptUsers: new Set(silenced.map((r) => r.user_id)),
      sender: input.senderDeviceId === undefined ? undefined : { userId: input.from, deviceId: input.senderDeviceId },
    });
  }

  function webhookBody(group: GroupRow, input: SendGroupInput, elements: MessageElement[], cloudCustomData: string | undefined): Record<string, unknown> {
    return {
      GroupId: group.group_id, Type: group.type, From_Account: input.from, Operator_Account: input.operator, Random: input.random,
      OnlineOnlyFlag: input.onlineUserOnly === true ? 1 : 0, MsgBody: msgBodyFromElements(elements),
      ...(cloudCustomData === undefined ? {} : { CloudCustomData: cloudCustomData }),
    };
  }

  return {
    async send(input: SendGroupInput): Promise<SendGroupResult> {
      const now = ctx.clock.now();
      let group: GroupRow;
      if (input.byAdmin === true) {
        group = await requireGroup(db, input.sdkAppId, input.groupId);
      } else {
        const access = await requireMembership(db, input.sdkAppId, input.groupId, input.from);
        group = access.group;
        assertMaySpeak(group, access.member, now);
      }
      if (input.atUserList?.includes(AT_ALL) === true && group.type === 'AVChatRoom') {
        throw heraldError('IM_GROUP_PARAM_INVALID', '@all is not supported in AVChatRoom groups');
      }
      const receivers = await checkReceivers(input);
      let elements = input.elements;
      let cloudCustomData = input.cloudCustomData;
      checkMessageSize({ elements, cloudCustomData, offlinePushInfo: input.offlinePushInfo });

      if (input.onlineUserOnly !== true) {
        const earlier = await earlierSend(input, now);
        if (earlier !== undefined) return { msgKey: earlier.msg_key, time: Number(earlier.time), seq: Number(earlier.seq) };
      }

      const optPlatform = input.optPlatform;
      const clientIp = input.clientIp;
      if (input.skipBeforeWebhook !== true) {
        const verdict = await beforeSendWebhook(ctx, {
          sdkAppId: input.sdkAppId, command: 'Group.CallbackBeforeSendMsg', body: webhookBody(group, input, elements, cloudCustomData), optPlatform, clientIp,
        });
        if (verdict.kind === 'reject') throw webhookRejection(verdict, 'group');
        if (verdict.kind === 'drop') return { msgKey: newMsgKey(now, input.random), time: now };
        if (verdict.msgBody !== undefined) elements = elementsFromMsgBody(verdict.msgBody);
        if (verdict.cloudCustomData !== undefined) cloudCustomData = verdict.cloudCustomData;
        checkMessageSize({ elements, cloudCustomData, offlinePushInfo: input.offlinePushInfo });
      }
      const time = ctx.clock.now();
      const msgKey = newMsgKey(time, input.random);
      const priority = input.priority ?? 'normal';
      // Tencent: directed messages never count as unread.
      const excludedFromUnread = input.excludedFromUnread === true || receivers !== undefined;
      const after = (seq: number): void => {
        if (input.skipAfterWebhook === true) return;
        afterSendWebhook(ctx, {
          sdkAppId: input.sdkAppId, command: 'Group.CallbackAfterSendMsg',
          body: { ...webhookBody(group, input, elements, cloudCustomData), MsgSeq: seq, MsgTime: Math.floor(time / 1000) }, optPlatform, clientIp,
        });
      };

      if (input.onlineUserOnly === true) {
        const event: ChatMessageEvent = {
          conversationId: groupConversationId(input.groupId), msgKey, from: input.from, to: input.groupId, groupId: input.groupId, time,
          elements, random: input.random, priority, isExcludedFromUnreadCount: excludedFromUnread, onlineUserOnly: true,
          ...(cloudCustomData === undefined ? {} : { cloudCustomData }),
          ...(input.atUserList === undefined || input.atUserList.length === 0 ? {} : { atUserList: [...input.atUserList] }),
        };
        await deliverLive(input, event, receivers).catch((err: unknown) => ctx.logger.warn({ err }, 'live delivery of an online-only group message failed'));
        after(0);
        return { msgKey, time };
      }

      const stored = await storeGroupMessage(ctx.store, {
        sdkAppId: input.sdkAppId, groupId: input.groupId, from: input.from, random: input.random, time, msgKey, priority, elements,
        cloudCustomData, offlinePushInfo: input.offlinePushInfo, atUserList: input.atUserList, toUsers: receivers,
        excludedFromUnread, isTip: false,
      });
      const row = stored.row;
      if (stored.created) {
        after(Number(row.seq));
        // Stored is what the acknowledgement promises: live delivery and the offline push (a queue job per page of
        // members) follow without holding it up, however large the group. They start on the next turn of the event
        // loop: on SQLite a query runs synchronously up to its first await, and a scan of a large group's members
        // must not run before the acknowledgement is written.
        const event = groupMessageEventFromRow(row);
        setImmediate(() => {
          void deliverLive(input, event, receivers).catch((err: unknown) => ctx.logger.warn({ err }, 'live delivery of a stored group message failed'));
          if (!isOnlineOnlyGroupType(group.type)) {
            void queueGroupMessagePush(ctx, { sdkAppId: input.sdkAppId, groupId: input.groupId, seq: Number(row.seq) })
              .catch((err: unknown) => ctx.logger.warn({ err }, 'queueing the offline push of a group message failed'));
          }
        });
      }
      return { msgKey: row.msg_key, time: Number(row.time), seq: Number(row.seq) };
    },

    /** A page of the group's messages the member may see (after their join; directed ones only theirs), oldest first. */
    async history(sdkAppId: number, userId: string, groupId: string, direction: 'older' | 'newer', fromSeq: number | undefined, count: number): Promise<GroupHistoryPage> {
      const { member } = await requireMembership(db, sdkAppId, groupId, userId);
      const floor = Number(member.join_seq);
      let query = db.selectFrom('im_group_message').selectAll()
        .where('sdk_app_id', '=', sdkAppId).where('group_id', '=', groupId).where('seq', '>', floor)
        .where((eb) => visibleToSql(eb, userId));
      query = direction === 'older'
        ? (fromSeq === undefined ? query : query.where('seq', '<', fromSeq)).orderBy('seq', 'desc')
        : query.where('seq', '>', fromSeq ?? 0).orderBy('seq', 'asc');
      const rows = await query.limit(count + 1).execute();
      const page = rows.slice(0, count).map(groupMessageEventFromRow);
      if (direction === 'older') page.reverse();
      return { messages: page, complete: rows.length <= count };
    },

    /** Admin read (REST group_msg_get_simple): newest first, seq ≤ `maxSeq`, every message (tips and directed ones too). */
    async adminPage(sdkAppId: number, groupId: string, maxSeq: number | undefined, count: number): Promise<{ group: GroupRow; rows: GroupMessageRow[]; complete: boolean }> {
      const group = await requireGroup(db, sdkAppId, groupId);
      let query = db.selectFrom('im_group_message').selectAll().where('sdk_app_id', '=', sdkAppId).where('group_id', '=', groupId);
      if (maxSeq !== undefined) query = query.where('seq', '<=', maxSeq);
      const rows = await query.orderBy('seq', 'desc').limit(count + 1).execute();
      return { group, rows: rows.slice(0, count), complete: rows.length <= count };
    },
  };
}

export type GroupMessageService = ReturnType<typeof createGroupMessageService>;
