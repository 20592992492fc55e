/**
 * What a group recall changes in members' conversation lists, sent live: `conversationChanged` with the member's
 * own view (its last message now shows the recall; its unread count and @ list lose the message) and, where the
 * unread total moved, `totalUnreadChanged`. Views are per member, so only members with a connected device get
 * one (read in pages); the others read the current view with their next conversation list.
 */
import type { RealtimeDelivery, ServerContext } from '../../context.ts';
import { isVisibleTo, NO_UNREAD_GROUP_TYPES, unreadFloor } from '../group-messages/group-access.ts';
import { groupConversationView } from '../group-messages/group-conversations.ts';
import type { GroupMessageRow } from '../group-messages/group-message-event.ts';
import { totalUnread } from '../messages/conversations.ts';

const PAGE = 1000;

export interface GroupRecallChange {
  sdkAppId: number;
  groupId: string;
  groupType: string;
  /** The recalled row. */
  row: GroupMessageRow;
  lastMessageChanged: boolean;
}

async function connectedMembers(ctx: ServerContext, c: GroupRecallChange, after: string) {
  return ctx.store.db.selectFrom('im_group_member as gm')
    .select(['gm.user_id', 'gm.join_seq', 'gm.read_seq', 'gm.recv_opt', 'gm.hidden_seq'])
    .where('gm.sdk_app_id', '=', c.sdkAppId).where('gm.group_id', '=', c.groupId).where('gm.user_id', '>', after)
    .where(({ exists, selectFrom }) => exists(
      selectFrom('im_device as d').select('d.device_id')
        .whereRef('d.sdk_app_id', '=', 'gm.sdk_app_id').whereRef('d.user_id', '=', 'gm.user_id').where('d.state', 'in', ['online', 'background']),
    ))
    .orderBy('gm.user_id').limit(PAGE)
    .execute();
}

export async function announceGroupConversations(ctx: ServerContext, realtime: RealtimeDelivery, c: GroupRecallChange): Promise<void> {
  const seq = Number(c.row.seq);
  const countsAsUnread = c.row.excluded_from_unread === 0 && c.row.is_tip === 0;
  let after = '';
  for (;;) {
    const page = await connectedMembers(ctx, c, after);
    for (const m of page) {
      // A member who never saw it (directed to others, sent before they joined, or a conversation they deleted since) has nothing to update.
      if (!isVisibleTo(c.row, m.user_id) || seq <= Number(m.join_seq) || seq <= Number(m.hidden_seq)) continue;
      const wasUnread = countsAsUnread && c.row.from_user !== m.user_id && seq > unreadFloor(m);
      if (!c.lastMessageChanged && !wasUnread) continue;
      const owner = { sdkAppId: c.sdkAppId, userId: m.user_id };
      try {
        const view = await groupConversationView(ctx.store.db, owner, c.groupId);
        await realtime.deliverToUser(owner, 'conversationChanged', { conversations: [view] });
        if (wasUnread && m.recv_opt === 0 && !NO_UNREAD_GROUP_TYPES.includes(c.groupType)) {
          await realtime.deliverToUser(owner, 'totalUnreadChanged', { total: await totalUnread(ctx.store.db, owner) });
        }
      } catch (err) {
        // The member left meanwhile: nothing of this group to show them.
        ctx.logger.debug({ err }, 'no group conversation view after a recall');
      }
    }
    if (page.length < PAGE) return;
    after = page.at(-1)!.user_id;
  }
}
