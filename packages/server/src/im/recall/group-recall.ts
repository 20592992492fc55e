/**
 * Recalling a group message (docs/protocol.md §12): its sender within the recall window, the group's Owner or
 * an Admin at any time, an app admin over REST at any time. AVChatRoom messages cannot be recalled. The row is
 * marked in one transaction (store-group-recall.ts), then every member who could see the message gets
 * `messageRevoked` (deliverToGroup), followed by the conversation updates of announce-group-recall.ts.
 * Recalling a recalled message succeeds and announces nothing.
 */
import { heraldError } from '@herald/protocol';
import type { Selectable } from 'kysely';
import type { RealtimeDelivery, ServerContext } from '../../context.ts';
import type { ImGroupTable } from '../../store/schema.ts';
import { deliverToGroup } from '../group-messages/deliver-to-group.ts';
import { groupConversationId } from '../group-messages/group-message-event.ts';
import { announceGroupConversations } from './announce-group-recall.ts';
import { revokerName, withinRecallWindow, type MessageRevokedEvent, type Revoker } from './revoked-event.ts';
import { storeGroupRecall, type StoredGroupRecall } from './store-group-recall.ts';

export type RecallGroup = Selectable<ImGroupTable>;

const ADMIN_ROLES: ReadonlySet<string> = new Set(['Owner', 'Admin']);

export interface RecalledGroupMessage {
  conversationId: string;
  seq: number;
  msgKey: string;
}

/** The group, if it exists in the app and its type keeps messages that can be recalled. */
export async function loadRecallGroup(ctx: ServerContext, sdkAppId: number, groupId: string): Promise<RecallGroup> {
  const group = await ctx.store.db.selectFrom('im_group').selectAll()
    .where('sdk_app_id', '=', sdkAppId).where('group_id', '=', groupId)
    .executeTakeFirst();
  if (group === undefined) throw heraldError('IM_GROUP_NOT_FOUND', `group ${groupId.slice(0, 48)} does not exist`);
  if (group.type === 'AVChatRoom') throw heraldError('IM_GROUP_RECALL_UNSUPPORTED', 'AVChatRoom messages cannot be recalled');
  return group;
}

async function announce(ctx: ServerContext, realtime: RealtimeDelivery | undefined, group: RecallGroup, stored: StoredGroupRecall, revoker: Revoker, reason: string | undefined): Promise<void> {
  if (!stored.changed) return;
  const { row } = stored;
  const sdkAppId = Number(group.sdk_app_id);
  const conversationId = groupConversationId(group.group_id);
  const event: MessageRevokedEvent = {
    conversationId, seq: Number(row.seq), msgKey: row.msg_key, revoker: revokerName(revoker), ...(reason === undefined ? {} : { reason }),
  };
  // A directed message was only ever seen by its recipients and its sender.
  const onlyUsers = row.to_users_json === null ? undefined : [...new Set([...(JSON.parse(row.to_users_json) as string[]), row.from_user])];
  await deliverToGroup(ctx, realtime, { sdkAppId, groupId: group.group_id, event: 'messageRevoked', data: event, onlyUsers });
  if (realtime !== undefined) {
    await announceGroupConversations(ctx, realtime, { sdkAppId, groupId: group.group_id, groupType: group.type, row, lastMessageChanged: stored.lastMessageChanged });
  }
}

/**
 * Recalls the message at `seq` in `group` (from loadRecallGroup) for `revoker`. A user must be a member; a
 * Member only recalls their own messages, within the window.
 */
export async function recallGroupMessage(
  ctx: ServerContext, realtime: RealtimeDelivery | undefined, group: RecallGroup, seq: number, revoker: Revoker, reason?: string | undefined,
): Promise<RecalledGroupMessage> {
  const sdkAppId = Number(group.sdk_app_id);
  let role: string | undefined;
  if (revoker.kind === 'user') {
    const member = await ctx.store.db.selectFrom('im_group_member').select('role')
      .where('sdk_app_id', '=', sdkAppId).where('group_id', '=', group.group_id).where('user_id', '=', revoker.userId)
      .executeTakeFirst();
    if (member === undefined) throw heraldError('IM_GROUP_NOT_MEMBER', `${revoker.userId} is not a member of ${group.group_id.slice(0, 48)}`);
    role = member.role;
  }
  const row = await ctx.store.db.selectFrom('im_group_message').selectAll()
    .where('sdk_app_id', '=', sdkAppId).where('group_id', '=', group.group_id).where('seq', '=', seq)
    .executeTakeFirst();
  if (row === undefined) throw heraldError('IM_GROUP_MSG_NOT_FOUND', `No message ${seq} in group ${group.group_id.slice(0, 48)}`);
  // Tips record what happened to the group (joins, kicks, …); they are not anyone's message to take back.
  if (row.is_tip === 1) throw heraldError('IM_GROUP_PERMISSION_DENIED', 'A group tip cannot be recalled');
  const privileged = revoker.kind === 'admin' || ADMIN_ROLES.has(role ?? '');
  if (!privileged && row.from_user !== revokerName(revoker)) throw heraldError('IM_GROUP_PERMISSION_DENIED', 'Only the sender, the owner or an admin may recall this message');
  const result = { conversationId: groupConversationId(group.group_id), seq, msgKey: row.msg_key };
  if (row.recalled === 1) return result;
  if (!privileged && !withinRecallWindow(ctx, Number(row.time))) {
    throw heraldError('IM_GROUP_RECALL_TIME_LIMIT', `A message can be recalled up to ${ctx.config.imRecallWindowSeconds} seconds after it was sent`);
  }
  const stored = await storeGroupRecall(ctx.store, row);
  await announce(ctx, realtime, group, stored, revoker, reason).catch((err: unknown) => ctx.logger.warn({ err }, 'live delivery of a group recall failed'));
  return result;
}
