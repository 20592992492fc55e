/**
 * Receive options (V2TIMReceiveMessageOpt, reference §4.8): per C2C peer in `im_receive_opt` (absent = 0), per
 * group in `im_group_member.recv_opt`, and the global option with its do-not-disturb window in
 * `im_user_setting`. Everything is keyed by SDKAppID: another app's users, groups and settings do not exist here.
 */
import { heraldError } from '@herald/protocol';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import type { Owner } from '../messages/conversations.ts';
import { SECONDS_PER_DAY } from './dnd-window.ts';

/** 0 receive, 1 not receive, 2 receive without push (C2C); groups add 3, no push except @. */
export type ReceiveOpt = 0 | 1 | 2 | 3;

export interface GlobalReceiveSetting {
  opt: number;
  startHour: number;
  startMinute: number;
  startSecond: number;
  /** Epoch seconds of a one-off window; 0 for a daily one. */
  startTimeStamp: number;
  duration: number;
}

export type GlobalReceiveInput =
  | { opt: 0 | 2; daily: { startSecond: number }; duration: number }
  | { opt: 0 | 2; once: { startTime: number }; duration: number };

/** Options the owner set for these peers (0 for every peer without a row). */
export async function getC2cReceiveOpts(db: Kysely<Database>, owner: Owner, peers: readonly string[]): Promise<Map<string, number>> {
  const rows = peers.length === 0 ? [] : await db.selectFrom('im_receive_opt').select(['peer', 'opt'])
    .where('sdk_app_id', '=', owner.sdkAppId).where('owner', '=', owner.userId).where('peer', 'in', [...peers])
    .execute();
  const byPeer = new Map(rows.map((r) => [r.peer, Number(r.opt)]));
  return new Map(peers.map((p) => [p, byPeer.get(p) ?? 0]));
}

/** The recipient's option for messages from `sender` (the send path's lookup). */
export async function c2cReceiveOpt(db: Kysely<Database>, sdkAppId: number, recipient: string, sender: string): Promise<number> {
  const row = await db.selectFrom('im_receive_opt').select('opt')
    .where('sdk_app_id', '=', sdkAppId).where('owner', '=', recipient).where('peer', '=', sender)
    .executeTakeFirst();
  return Number(row?.opt ?? 0);
}

/** 0 is the default, so it is stored as "no row". */
export async function setC2cReceiveOpts(db: Kysely<Database>, owner: Owner, peers: readonly string[], opt: 0 | 1 | 2, now: number): Promise<void> {
  const unique = [...new Set(peers)];
  if (opt === 0) {
    await db.deleteFrom('im_receive_opt')
      .where('sdk_app_id', '=', owner.sdkAppId).where('owner', '=', owner.userId).where('peer', 'in', unique)
      .execute();
    return;
  }
  // One statement: every peer gets the option, or none does.
  await db.insertInto('im_receive_opt')
    .values(unique.map((peer) => ({ sdk_app_id: owner.sdkAppId, owner: owner.userId, peer, opt, updated_at: now })))
    .onConflict((oc) => oc.columns(['sdk_app_id', 'owner', 'peer']).doUpdateSet({ opt, updated_at: now }))
    .execute();
}

/** Only a member of the group (in this app) has an option for it. */
export async function setGroupReceiveOpt(db: Kysely<Database>, owner: Owner, groupId: string, opt: ReceiveOpt): Promise<void> {
  const group = await db.selectFrom('im_group').select('group_id')
    .where('sdk_app_id', '=', owner.sdkAppId).where('group_id', '=', groupId)
    .executeTakeFirst();
  if (group === undefined) throw heraldError('IM_GROUP_NOT_FOUND', `No group ${groupId.slice(0, 48)}`);
  const result = await db.updateTable('im_group_member').set({ recv_opt: opt })
    .where('sdk_app_id', '=', owner.sdkAppId).where('group_id', '=', groupId).where('user_id', '=', owner.userId)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw heraldError('IM_GROUP_NOT_MEMBER', `${owner.userId} is not a member of ${groupId.slice(0, 48)}`);
}

export async function getGroupReceiveOpt(db: Kysely<Database>, owner: Owner, groupId: string): Promise<number | undefined> {
  const row = await db.selectFrom('im_group_member').select('recv_opt')
    .where('sdk_app_id', '=', owner.sdkAppId).where('group_id', '=', groupId).where('user_id', '=', owner.userId)
    .executeTakeFirst();
  return row === undefined ? undefined : Number(row.recv_opt);
}

export async function setGlobalReceiveOpt(db: Kysely<Database>, owner: Owner, input: GlobalReceiveInput, now: number): Promise<void> {
  const values = {
    global_opt: input.opt,
    dnd_start_second: 'daily' in input ? input.daily.startSecond : null,
    dnd_start_time: 'once' in input ? input.once.startTime : null,
    dnd_duration: input.duration,
    updated_at: now,
  };
  await db.insertInto('im_user_setting').values({ sdk_app_id: owner.sdkAppId, user_id: owner.userId, ...values })
    .onConflict((oc) => oc.columns(['sdk_app_id', 'user_id']).doUpdateSet(values))
    .execute();
}

export async function getUserSettingRow(db: Kysely<Database>, owner: Owner) {
  return db.selectFrom('im_user_setting').selectAll()
    .where('sdk_app_id', '=', owner.sdkAppId).where('user_id', '=', owner.userId)
    .executeTakeFirst();
}

/** In getAllReceiveMessageOpt's shape; a user who never set anything has opt 0 and no window. */
export async function getGlobalReceiveSetting(db: Kysely<Database>, owner: Owner): Promise<GlobalReceiveSetting> {
  const row = await getUserSettingRow(db, owner);
  const startSecond = row?.dnd_start_second === null || row === undefined ? 0 : Number(row.dnd_start_second) % SECONDS_PER_DAY;
  return {
    opt: Number(row?.global_opt ?? 0),
    startHour: Math.floor(startSecond / 3600),
    startMinute: Math.floor((startSecond % 3600) / 60),
    startSecond: startSecond % 60,
    startTimeStamp: row?.dnd_start_time === null || row === undefined ? 0 : Number(row.dnd_start_time),
    duration: Number(row?.dnd_duration ?? 0),
  };
}
