/**
 * What the offline push of one stored group message needs to know about the message, its group and its sender,
 * read once per page of members from the stored rows (the queue job carries only the message's address, so a
 * recall or a dismissed group between pages is seen).
 */
import type { Kysely } from 'kysely';
import type { MessageElement, OfflinePushInfo } from '@herald/protocol';
import type { Database } from '../../store/schema.ts';

export interface GroupPushAddress {
  sdkAppId: number;
  groupId: string;
  seq: number;
}

export interface GroupPushMessage extends GroupPushAddress {
  from: string;
  elements: MessageElement[];
  offlinePushInfo: OfflinePushInfo | undefined;
  /** UserIDs and/or AT_ALL. */
  atUserList: string[] | undefined;
  /** A directed message: only these members see it. */
  toUsers: string[] | undefined;
  isTip: boolean;
  groupType: string;
  groupName: string;
  sender: { userId: string; nickname: string | undefined; nameCard: string | undefined };
}

/** Undefined when there is nothing to push any more: the message or its group is gone, or it was recalled. */
export async function loadGroupPushMessage(db: Kysely<Database>, at: GroupPushAddress): Promise<GroupPushMessage | undefined> {
  const row = await db.selectFrom('im_group_message as m')
    .innerJoin('im_group as g', (j) => j.onRef('g.sdk_app_id', '=', 'm.sdk_app_id').onRef('g.group_id', '=', 'm.group_id'))
    .select(['m.from_user', 'm.elements_json', 'm.offline_push_json', 'm.at_json', 'm.to_users_json', 'm.is_tip', 'm.recalled', 'g.type', 'g.name'])
    .where('m.sdk_app_id', '=', at.sdkAppId).where('m.group_id', '=', at.groupId).where('m.seq', '=', at.seq)
    .executeTakeFirst();
  if (row === undefined || Number(row.recalled) === 1) return undefined;
  const [user, member] = await Promise.all([
    db.selectFrom('im_user').select('nickname').where('sdk_app_id', '=', at.sdkAppId).where('user_id', '=', row.from_user).executeTakeFirst(),
    db.selectFrom('im_group_member').select('name_card')
      .where('sdk_app_id', '=', at.sdkAppId).where('group_id', '=', at.groupId).where('user_id', '=', row.from_user).executeTakeFirst(),
  ]);
  return {
    ...at,
    from: row.from_user,
    elements: JSON.parse(row.elements_json) as MessageElement[],
    offlinePushInfo: row.offline_push_json === null ? undefined : (JSON.parse(row.offline_push_json) as OfflinePushInfo),
    atUserList: row.at_json === null ? undefined : (JSON.parse(row.at_json) as string[]),
    toUsers: row.to_users_json === null ? undefined : (JSON.parse(row.to_users_json) as string[]),
    isTip: Number(row.is_tip) === 1,
    groupType: row.type,
    groupName: row.name,
    sender: { userId: row.from_user, nickname: user?.nickname, nameCard: member?.name_card },
  };
}
