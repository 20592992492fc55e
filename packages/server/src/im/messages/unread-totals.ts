/**
 * The two halves of an owner's total unread count as single SQL statements, shared by the async queries
 * (conversations.ts, group-conversations.ts) and the synchronous ones run inside a SQLite grouped write
 * (delivery-facts.ts), so the rule is written once. Both halves leave out what Tencent's
 * getTotalUnreadMessageCount leaves out: conversations whose receive option is 1, 2 or 3, and Meeting and
 * AVChatRoom groups, which keep no unread counts. The same text runs on SQLite and PostgreSQL.
 */
import { sql, type CompiledQuery, type Kysely, type RawBuilder } from 'kysely';
import { NO_UNREAD_GROUP_TYPES } from '../group-messages/group-access.ts';

export interface UnreadOwner {
  sdkAppId: number;
  userId: string;
}

/** Unread C2C messages; `all` keeps the conversations the receive option leaves out (REST's AllC2CUnreadMsgNum). */
export function c2cUnreadTotalSql(owner: UnreadOwner, o: { all?: boolean } = {}): RawBuilder<{ total: number | string }> {
  const optFilter = o.all === true ? sql`` : sql`and not exists (
      select 1 from im_receive_opt r
      where r.sdk_app_id = c.sdk_app_id and r.owner = c.owner and r.peer = c.peer and r.opt in (1, 2, 3))`;
  return sql<{ total: number | string }>`select coalesce(sum(c.unread_count), 0) as total from im_conversation c
    where c.sdk_app_id = ${owner.sdkAppId} and c.owner = ${owner.userId} and c.deleted = 0 ${optFilter}`;
}

/**
 * Unread group messages: after the member's read mark (and join), from others, counted, not recalled, and
 * visible to the member (a message directed to some members names them in `to_users_json`).
 * The plan is spelled out for SQLite, which keeps the order of CROSS JOINs (PostgreSQL plans them as inner
 * joins): the member's groups from the user index (`mine`, covered by it), then each membership, group and the
 * messages after the mark by primary key. Left to itself on a database without statistics, SQLite scans every
 * group message of the app, or every membership, on every C2C message.
 */
export function groupUnreadTotalSql(owner: UnreadOwner): RawBuilder<{ n: number | string }> {
  const types = sql.join(NO_UNREAD_GROUP_TYPES.map((t) => sql`${t}`));
  return sql<{ n: number | string }>`select count(*) as n
    from (select group_id from im_group_member where sdk_app_id = ${owner.sdkAppId} and user_id = ${owner.userId}) mine
    cross join im_group_member gm
    cross join im_group g
    cross join im_group_message m
    where gm.sdk_app_id = ${owner.sdkAppId} and gm.group_id = mine.group_id and gm.user_id = ${owner.userId}
      and g.sdk_app_id = gm.sdk_app_id and g.group_id = gm.group_id
      and m.sdk_app_id = gm.sdk_app_id and m.group_id = gm.group_id
      and m.seq > case when gm.read_seq > gm.join_seq then gm.read_seq else gm.join_seq end
      and m.from_user <> ${owner.userId}
      and m.excluded_from_unread = 0 and m.is_tip = 0 and m.recalled = 0
      and (m.to_users_json is null or m.from_user = ${owner.userId}
        or replace(m.to_users_json, ${JSON.stringify(owner.userId)}, '') <> m.to_users_json)
      and gm.recv_opt = 0 and g.type not in (${types})`;
}

/** An owner no app or user can be: its values mark where an owner's values go in the compiled parameters. */
const PROBE: UnreadOwner = { sdkAppId: -4_242_424_242, userId: '\u0000unread-total-probe' };
/** The probe's id as the group half quotes it (to find the user in `to_users_json`). */
const QUOTED_PROBE = JSON.stringify(PROBE.userId);

function substitute(compiled: CompiledQuery, owner: UnreadOwner): { sql: string; parameters: unknown[] } {
  const quoted = JSON.stringify(owner.userId);
  return {
    sql: compiled.sql,
    parameters: compiled.parameters.map((p) => (p === PROBE.sdkAppId ? owner.sdkAppId : p === PROBE.userId ? owner.userId : p === QUOTED_PROBE ? quoted : p)),
  };
}

export interface CompiledUnreadTotals {
  c2c(owner: UnreadOwner): { sql: string; parameters: unknown[] };
  group(owner: UnreadOwner): { sql: string; parameters: unknown[] };
}

const compiledByDb = new WeakMap<object, CompiledUnreadTotals>();

/**
 * Both halves compiled once per database for the synchronous executor of a SQLite grouped write, which runs them
 * on every stored C2C message: building and compiling the templates each time cost more than running them.
 */
export function compiledUnreadTotals<DB>(db: Kysely<DB>): CompiledUnreadTotals {
  let compiled = compiledByDb.get(db);
  if (compiled === undefined) {
    const c2c = c2cUnreadTotalSql(PROBE).compile(db);
    const group = groupUnreadTotalSql(PROBE).compile(db);
    compiled = { c2c: (owner) => substitute(c2c, owner), group: (owner) => substitute(group, owner) };
    compiledByDb.set(db, compiled);
  }
  return compiled;
}
