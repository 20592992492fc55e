/**
 * Marks one group message recalled in ONE transaction: the row stays (seqs stay gap-free) with `recalled = 1`,
 * its @ mention rows go (a recalled mention no longer counts), and the group's last message shows it recalled
 * if it still is the last one. The message row is locked first, then the group row, conditionally: a send
 * holds the group row while it inserts a NEW row, so the two never wait on each other in a cycle.
 */
import type { Store } from '../../store/store.ts';
import { groupMessageEventFromRow, type GroupMessageRow } from '../group-messages/group-message-event.ts';

export interface StoredGroupRecall {
  /** False: it was already recalled (nothing written, nothing to announce). */
  changed: boolean;
  /** True: it is the group's last message, now shown recalled. */
  lastMessageChanged: boolean;
  row: GroupMessageRow;
}

export async function storeGroupRecall(store: Store, row: GroupMessageRow): Promise<StoredGroupRecall> {
  const recalled: GroupMessageRow = { ...row, recalled: 1 };
  return store.transaction(async (trx) => {
    const key = { sdkAppId: Number(row.sdk_app_id), groupId: row.group_id, seq: Number(row.seq) };
    const marked = await trx.updateTable('im_group_message').set({ recalled: 1 })
      .where('sdk_app_id', '=', key.sdkAppId).where('group_id', '=', key.groupId).where('seq', '=', key.seq).where('recalled', '=', 0)
      .executeTakeFirst();
    if (Number(marked.numUpdatedRows) === 0) return { changed: false, lastMessageChanged: false, row: recalled };
    await trx.deleteFrom('im_group_at')
      .where('sdk_app_id', '=', key.sdkAppId).where('group_id', '=', key.groupId).where('seq', '=', key.seq)
      .execute();
    const last = await trx.updateTable('im_group').set({ last_message_json: JSON.stringify(groupMessageEventFromRow(recalled)) })
      .where('sdk_app_id', '=', key.sdkAppId).where('group_id', '=', key.groupId).where('last_seq', '=', key.seq)
      .executeTakeFirst();
    return { changed: true, lastMessageChanged: Number(last.numUpdatedRows) > 0, row: recalled };
  });
}
