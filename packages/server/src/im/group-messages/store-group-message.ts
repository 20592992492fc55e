/**
 * Stores one group message: ONE row whatever the member count (read diffusion), its @ mention rows, and the
 * group's last message, in one transaction. The seq comes from `im_group.last_seq`, incremented with
 * `UPDATE … RETURNING`: the increment holds the group row's lock until commit, so on PostgreSQL concurrent sends
 * to one group queue on it and seqs stay gap-free (SQLite serialises all writes). The de-duplication check runs
 * after that lock is held, so two attempts of the same send cannot both store it. Group tips (member joined,
 * quit, …) are stored through here too, so members who were away see them in order.
 */
import { sql } from 'kysely';
import { AT_ALL, heraldError, type MessageElement, type OfflinePushInfo } from '@herald/protocol';
import type { Store } from '../../store/store.ts';
import type { Priority } from '../messages/message-event.ts';
import { groupMessageEventFromRow, type GroupMessageRow } from './group-message-event.ts';

/** Tencent discards a repeated Random from the same sender within 5 minutes. */
export const GROUP_DEDUPE_WINDOW_MS = 5 * 60_000;

/** The `im_group_at.user_id` of an @all mention. */
export const AT_ALL_ROW = '__all__';

export interface NewGroupMessage {
  sdkAppId: number;
  groupId: string;
  from: string;
  random: number;
  time: number;
  msgKey: string;
  priority: Priority;
  elements: MessageElement[];
  cloudCustomData?: string | undefined;
  offlinePushInfo?: OfflinePushInfo | undefined;
  /** Mentioned UserIDs, AT_ALL for @all, as sent. */
  atUserList?: readonly string[] | undefined;
  /** Directed message: only these members see it. */
  toUsers?: readonly string[] | undefined;
  excludedFromUnread: boolean;
  isTip: boolean;
}

export interface StoredGroupMessage {
  /** False when the same (from, random) was stored within the window: `row` is that message, nothing was written. */
  created: boolean;
  row: GroupMessageRow;
}

class Duplicate extends Error {
  constructor(readonly row: GroupMessageRow) {
    super('duplicate group message');
  }
}

export async function storeGroupMessage(store: Store, m: NewGroupMessage): Promise<StoredGroupMessage> {
  try {
    return await store.transaction(async (trx) => {
      const counter = await trx.updateTable('im_group')
        .set({ last_seq: sql<number>`last_seq + 1` })
        .where('sdk_app_id', '=', m.sdkAppId).where('group_id', '=', m.groupId)
        .returning('last_seq')
        .executeTakeFirst();
      if (counter === undefined) throw heraldError('IM_GROUP_NOT_FOUND', `group ${m.groupId.slice(0, 48)} does not exist`);
      if (!m.isTip) {
        const earlier = await trx.selectFrom('im_group_message').selectAll()
          .where('sdk_app_id', '=', m.sdkAppId).where('group_id', '=', m.groupId)
          .where('from_user', '=', m.from).where('random', '=', m.random).where('time', '>=', m.time - GROUP_DEDUPE_WINDOW_MS)
          .orderBy('seq', 'desc')
          .executeTakeFirst();
        // Rolls the increment back with everything else.
        if (earlier !== undefined) throw new Duplicate(earlier);
      }
      const seq = Number(counter.last_seq);
      const row: GroupMessageRow = {
        sdk_app_id: m.sdkAppId, group_id: m.groupId, seq, msg_key: m.msgKey, from_user: m.from, random: m.random, time: m.time,
        priority: m.priority, elements_json: JSON.stringify(m.elements), cloud_custom_data: m.cloudCustomData ?? null,
        offline_push_json: m.offlinePushInfo === undefined ? null : JSON.stringify(m.offlinePushInfo),
        at_json: m.atUserList === undefined || m.atUserList.length === 0 ? null : JSON.stringify(m.atUserList),
        to_users_json: m.toUsers === undefined ? null : JSON.stringify(m.toUsers),
        excluded_from_unread: m.excludedFromUnread || m.isTip ? 1 : 0, is_tip: m.isTip ? 1 : 0, recalled: 0,
      };
      await trx.insertInto('im_group_message').values(row).execute();
      const mentioned = [...new Set((m.atUserList ?? []).map((u) => (u === AT_ALL ? AT_ALL_ROW : u)))];
      if (mentioned.length > 0) {
        await trx.insertInto('im_group_at').values(mentioned.map((userId) => ({ sdk_app_id: m.sdkAppId, group_id: m.groupId, user_id: userId, seq }))).execute();
      }
      await trx.updateTable('im_group')
        .set({ last_message_json: JSON.stringify(groupMessageEventFromRow(row)), last_time: m.time, updated_at: m.time })
        .where('sdk_app_id', '=', m.sdkAppId).where('group_id', '=', m.groupId)
        .execute();
      return { created: true, row };
    });
  } catch (err) {
    if (err instanceof Duplicate) return { created: false, row: err.row };
    throw err;
  }
}
