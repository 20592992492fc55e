/**
 * Group tips: every membership or profile change is stored as a group message (`isTip`, one `TIMGroupTipsElem`)
 * so members who were away see it in order, and is delivered live as a `message` event. Tips are written through
 * `storeGroupMessage` (the only writer of group messages and `last_seq`) INSIDE the transaction that makes the
 * change: the change and its tip commit together, and a joiner's `join_seq` (read under the same group-row lock)
 * is exactly the seq before its own join tip. Tips are kept for every group type, AVChatRoom included: Herald
 * stores AVChatRoom history like the other types, so its members see joins and quits the same way.
 */
import type { Transaction } from 'kysely';
import type { MessageElement } from '@herald/protocol';
import type { RealtimeDelivery, ServerContext } from '../../context.ts';
import type { Database } from '../../store/schema.ts';
import type { Store } from '../../store/store.ts';
import { deliverToGroup } from '../group-messages/deliver-to-group.ts';
import { groupMessageEventFromRow, type GroupMessageRow } from '../group-messages/group-message-event.ts';
import { storeGroupMessage } from '../group-messages/store-group-message.ts';
import { newMsgKey } from '../messages/message-service.ts';

/** Tencent's tip kinds (V2TIMGroupTipsType) as the contract names them. */
export type GroupTipType = 'Join' | 'Invite' | 'Quit' | 'Kicked' | 'SetAdmin' | 'CancelAdmin' | 'GroupInfoChange' | 'MemberInfoChange';

export interface GroupTip {
  opType: GroupTipType;
  /** Who did it: the member, or the app admin's identifier for REST calls. */
  opUser: string;
  /** The members it is about (joined, left, kicked, promoted, muted); empty for profile changes. */
  userList: string[];
  /** The group's name when the tip was made (for notification texts). */
  groupName: string;
  /** GroupInfoChange: the changed fields with their new values. */
  changes?: Record<string, unknown>;
  /** MemberInfoChange: mute seconds (0 = unmuted). */
  muteTime?: number;
  /** Kicked: the reason given. */
  reason?: string;
}

/** A store whose transactions run inside `trx`, so storeGroupMessage joins the caller's transaction. */
function storeInTransaction(store: Store, trx: Transaction<Database>): Store {
  return {
    dialect: store.dialect,
    db: trx,
    queue: store.queue,
    transaction: (fn) => fn(trx),
    ping: () => store.ping(),
    close: () => store.close(),
  };
}

export function tipElement(tip: GroupTip): MessageElement {
  const content: Record<string, unknown> = { ...tip };
  return { type: 'TIMGroupTipsElem', content };
}

export async function storeTip(ctx: ServerContext, trx: Transaction<Database>, sdkAppId: number, groupId: string, tip: GroupTip): Promise<GroupMessageRow> {
  const time = ctx.clock.now();
  const random = Math.floor(Math.random() * 4_294_967_296);
  const stored = await storeGroupMessage(storeInTransaction(ctx.store, trx), {
    sdkAppId, groupId, from: tip.opUser, random, time, msgKey: newMsgKey(time, random), priority: 'normal',
    elements: [tipElement(tip)], excludedFromUnread: true, isTip: true,
  });
  return stored.row;
}

/** The stored tip as a `message` event to every current member (after commit). */
export async function deliverTip(ctx: ServerContext, realtime: RealtimeDelivery | undefined, row: GroupMessageRow): Promise<void> {
  await deliverToGroup(ctx, realtime, { sdkAppId: Number(row.sdk_app_id), groupId: row.group_id, event: 'message', data: groupMessageEventFromRow(row) });
}
