/**
 * The stored state of signaling invitations (im_signal_invite + one im_signal_invitee row per invitee).
 *
 * Every state change is a conditional UPDATE … WHERE state = 'pending' … RETURNING, so racing answers, a cancel
 * and the timeout sweep on any node resolve each invitee exactly once: whoever changes the row wins, the others
 * change nothing and learn so from the empty RETURNING.
 *
 * Answers and cancels first lock the invite row (FOR UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE serialises
 * all writers), then change invitees, then close the invite if no invitee is pending. Because every change is
 * followed by that lock-then-count step, the last change to commit always sees every other one and closes the
 * invite. The sweeper claims invitees without the invite lock (one atomic UPDATE across all invites) and closes
 * each invite afterwards in its own transaction, so lock order is always invite → invitee and never deadlocks.
 */
import type { ExpressionBuilder, Kysely, Selectable, Transaction } from 'kysely';
import type { Database, ImSignalInviteTable, ImSignalInviteeTable } from '../../store/schema.ts';
import type { Store } from '../../store/store.ts';

export type InviteRow = Selectable<ImSignalInviteTable>;
export type InviteeRow = Selectable<ImSignalInviteeTable>;
export type InviteeState = 'pending' | 'accepted' | 'rejected' | 'timeout' | 'cancelled';

export interface StoredInvite {
  invite: InviteRow;
  invitees: InviteeRow[];
}

export interface NewInvite {
  sdkAppId: number;
  inviteId: string;
  inviter: string;
  groupId: string | undefined;
  inviteeList: readonly string[];
  data: string;
  timeoutSeconds: number;
  onlineUserOnly: boolean;
  offlinePushJson: string | null;
  createdAt: number;
  deadline: number | null;
}

type Db = Kysely<Database> | Transaction<Database>;

/** Still answerable at `now`: pending and before its deadline (a passed deadline belongs to the sweeper). */
const notDue = (now: number) => (eb: ExpressionBuilder<Database, 'im_signal_invitee'>) =>
  eb.or([eb('deadline', 'is', null), eb('deadline', '>', now)]);

export async function insertInvite(store: Store, n: NewInvite): Promise<StoredInvite> {
  const invite: InviteRow = {
    sdk_app_id: n.sdkAppId, invite_id: n.inviteId, inviter: n.inviter, group_id: n.groupId ?? null, data: n.data,
    timeout_seconds: n.timeoutSeconds, online_user_only: n.onlineUserOnly ? 1 : 0, offline_push_json: n.offlinePushJson,
    state: 'pending', created_at: n.createdAt, deadline: n.deadline,
  };
  const invitees: InviteeRow[] = n.inviteeList.map((userId) => ({
    sdk_app_id: n.sdkAppId, invite_id: n.inviteId, user_id: userId, state: 'pending', deadline: n.deadline, responded_at: null,
  }));
  await store.transaction(async (trx) => {
    await trx.insertInto('im_signal_invite').values(invite).execute();
    await trx.insertInto('im_signal_invitee').values(invitees).execute();
  });
  return { invite, invitees };
}

async function inviteesOf(db: Db, sdkAppId: number, inviteId: string): Promise<InviteeRow[]> {
  return db.selectFrom('im_signal_invitee').selectAll()
    .where('sdk_app_id', '=', sdkAppId).where('invite_id', '=', inviteId)
    .orderBy('user_id')
    .execute();
}

export async function findInvite(db: Db, sdkAppId: number, inviteId: string): Promise<StoredInvite | undefined> {
  const invite = await db.selectFrom('im_signal_invite').selectAll()
    .where('sdk_app_id', '=', sdkAppId).where('invite_id', '=', inviteId)
    .executeTakeFirst();
  if (invite === undefined) return undefined;
  return { invite, invitees: await inviteesOf(db, sdkAppId, inviteId) };
}

async function lockInvite(store: Store, trx: Transaction<Database>, sdkAppId: number, inviteId: string): Promise<InviteRow | undefined> {
  let query = trx.selectFrom('im_signal_invite').selectAll().where('sdk_app_id', '=', sdkAppId).where('invite_id', '=', inviteId);
  if (store.dialect === 'postgres') query = query.forUpdate();
  return query.executeTakeFirst();
}

/** Closes the invite ('finished') once no invitee is pending. Runs under the invite lock. */
async function finishIfSettled(trx: Transaction<Database>, sdkAppId: number, inviteId: string): Promise<void> {
  const pending = await trx.selectFrom('im_signal_invitee').select('user_id')
    .where('sdk_app_id', '=', sdkAppId).where('invite_id', '=', inviteId).where('state', '=', 'pending')
    .limit(1)
    .executeTakeFirst();
  if (pending !== undefined) return;
  await trx.updateTable('im_signal_invite').set({ state: 'finished' })
    .where('sdk_app_id', '=', sdkAppId).where('invite_id', '=', inviteId).where('state', '=', 'pending')
    .execute();
}

export type AnswerOutcome =
  | { ok: true; stored: StoredInvite }
  | { ok: false; reason: 'notFound' | 'notInvitee' | 'notPending' };

/** A pending invitee accepts or rejects. Exactly one of racing answers/cancel/timeout changes the row. */
export async function answerInvite(store: Store, a: { sdkAppId: number; inviteId: string; userId: string; state: 'accepted' | 'rejected'; now: number }): Promise<AnswerOutcome> {
  return store.transaction(async (trx): Promise<AnswerOutcome> => {
    const invite = await lockInvite(store, trx, a.sdkAppId, a.inviteId);
    if (invite === undefined) return { ok: false, reason: 'notFound' };
    const changed = await trx.updateTable('im_signal_invitee').set({ state: a.state, responded_at: a.now })
      .where('sdk_app_id', '=', a.sdkAppId).where('invite_id', '=', a.inviteId).where('user_id', '=', a.userId)
      .where('state', '=', 'pending').where(notDue(a.now))
      .returning('user_id')
      .executeTakeFirst();
    if (changed === undefined) {
      const row = await trx.selectFrom('im_signal_invitee').select('state')
        .where('sdk_app_id', '=', a.sdkAppId).where('invite_id', '=', a.inviteId).where('user_id', '=', a.userId)
        .executeTakeFirst();
      return { ok: false, reason: row === undefined ? 'notInvitee' : 'notPending' };
    }
    await finishIfSettled(trx, a.sdkAppId, a.inviteId);
    return { ok: true, stored: (await findInvite(trx, a.sdkAppId, a.inviteId))! };
  });
}

export type CancelOutcome =
  | { ok: true; stored: StoredInvite; cancelled: string[] }
  | { ok: false; reason: 'notFound' | 'notInviter' | 'notPending' };

/** The inviter cancels: every still-pending invitee becomes 'cancelled', the invite 'cancelled'. */
export async function cancelInvite(store: Store, c: { sdkAppId: number; inviteId: string; userId: string; now: number }): Promise<CancelOutcome> {
  return store.transaction(async (trx): Promise<CancelOutcome> => {
    const invite = await lockInvite(store, trx, c.sdkAppId, c.inviteId);
    if (invite === undefined) return { ok: false, reason: 'notFound' };
    if (invite.inviter !== c.userId) return { ok: false, reason: 'notInviter' };
    const cancelled = await trx.updateTable('im_signal_invitee').set({ state: 'cancelled', responded_at: c.now })
      .where('sdk_app_id', '=', c.sdkAppId).where('invite_id', '=', c.inviteId)
      .where('state', '=', 'pending').where(notDue(c.now))
      .returning('user_id')
      .execute();
    if (cancelled.length === 0) return { ok: false, reason: 'notPending' };
    await trx.updateTable('im_signal_invite').set({ state: 'cancelled' })
      .where('sdk_app_id', '=', c.sdkAppId).where('invite_id', '=', c.inviteId).where('state', '=', 'pending')
      .execute();
    return { ok: true, stored: (await findInvite(trx, c.sdkAppId, c.inviteId))!, cancelled: cancelled.map((r) => r.user_id).sort() };
  });
}

export interface ClaimedTimeout {
  sdkAppId: number;
  inviteId: string;
  userId: string;
}

/**
 * Every pending invitee whose deadline has passed becomes 'timeout' in ONE statement: with sweepers on several
 * nodes, each row is returned to exactly one of them.
 */
export async function claimDueInvitees(db: Kysely<Database>, now: number): Promise<ClaimedTimeout[]> {
  const rows = await db.updateTable('im_signal_invitee').set({ state: 'timeout', responded_at: now })
    .where('state', '=', 'pending').where('deadline', 'is not', null).where('deadline', '<=', now)
    .returning(['sdk_app_id', 'invite_id', 'user_id'])
    .execute();
  return rows.map((r) => ({ sdkAppId: Number(r.sdk_app_id), inviteId: r.invite_id, userId: r.user_id }));
}

/** After a sweep: closes the invite if that was its last pending invitee, and returns it for delivery. */
export async function settleAfterTimeout(store: Store, sdkAppId: number, inviteId: string): Promise<InviteRow | undefined> {
  return store.transaction(async (trx) => {
    const invite = await lockInvite(store, trx, sdkAppId, inviteId);
    if (invite === undefined) return undefined;
    await finishIfSettled(trx, sdkAppId, inviteId);
    return invite;
  });
}

/** The earliest deadline of a pending invitee (any app), or null. */
export async function nearestDeadline(db: Kysely<Database>): Promise<number | null> {
  const row = await db.selectFrom('im_signal_invitee')
    .select((eb) => eb.fn.min('deadline').as('deadline'))
    .where('state', '=', 'pending').where('deadline', 'is not', null)
    .executeTakeFirst();
  return row?.deadline === null || row?.deadline === undefined ? null : Number(row.deadline);
}

/**
 * Invitations still waiting for this user's answer and before their deadline, newest first. Online-only
 * invitations are left out: like Tencent's, they reach only the devices that were connected when sent.
 */
export async function pendingForUser(db: Kysely<Database>, sdkAppId: number, userId: string, now: number, limit: number): Promise<StoredInvite[]> {
  const invites = await db.selectFrom('im_signal_invitee as e')
    .innerJoin('im_signal_invite as i', (join) => join.onRef('i.sdk_app_id', '=', 'e.sdk_app_id').onRef('i.invite_id', '=', 'e.invite_id'))
    .selectAll('i')
    .where('e.sdk_app_id', '=', sdkAppId).where('e.user_id', '=', userId).where('e.state', '=', 'pending')
    .where((eb) => eb.or([eb('e.deadline', 'is', null), eb('e.deadline', '>', now)]))
    .where('i.online_user_only', '=', 0)
    // invite_id breaks ties of one millisecond, so every store returns (and the limit cuts) the same list.
    .orderBy('i.created_at', 'desc')
    .orderBy('i.invite_id', 'desc')
    .limit(limit)
    .execute();
  const result: StoredInvite[] = [];
  for (const invite of invites) result.push({ invite, invitees: await inviteesOf(db, sdkAppId, invite.invite_id) });
  return result;
}
