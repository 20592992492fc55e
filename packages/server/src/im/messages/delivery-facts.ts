/**
 * What live delivery of a stored C2C message needs to know besides the rows: each owner's receive option for
 * the conversation (its `recvOpt`) and the recipient's new total unread. (The sender's other devices get the
 * echo by a delivery to all of the sender's devices but the sending one: no device list is read.) On SQLite
 * they are read with the message's own grouped write (readDeliveryFactsSync), on the rows it just wrote and
 * without another trip through the connection lock; on PostgreSQL afterwards (readDeliveryFacts).
 * Both read the same things: the unread totals are the shared statements of unread-totals.ts.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import type { SyncSql } from '../../store/store.ts';
import { totalGroupUnread } from '../group-messages/group-conversations.ts';
import { c2cReceiveOpt } from '../receive/receive-options.ts';
import { totalC2cUnread } from './conversations.ts';
import type { C2cMessageRow } from './message-event.ts';
import { compiledUnreadTotals } from './unread-totals.ts';

export interface DeliveryFacts {
  /** Each row owner's receive option for the row's peer. */
  recvOpt: ReadonlyMap<string, number>;
  /** Owners whose unread count went up, with their new total. */
  totalUnread: ReadonlyMap<string, number>;
}

/** Rows whose owner's unread count this message raised. */
const raisesUnread = (row: C2cMessageRow) => row.owner !== row.from_user && row.excluded_from_unread === 0;

const RECV_OPT = 'select opt from im_receive_opt where sdk_app_id = ? and owner = ? and peer = ?';
/** The synchronous twin of receive-options.ts c2cReceiveOpt, for use inside a grouped write. */
export function c2cReceiveOptSync(q: SyncSql, sdkAppId: number, owner: string, peer: string): number {
  return Number(q.get(RECV_OPT, [sdkAppId, owner, peer])?.['opt'] ?? 0);
}

/** `knownRecvOpt`: owners whose receive option for their row's peer the caller has read in this write already. */
export function readDeliveryFactsSync(q: SyncSql, db: Kysely<Database>, sdkAppId: number, rows: readonly C2cMessageRow[],
  knownRecvOpt: ReadonlyMap<string, number> = new Map()): DeliveryFacts {
  const recvOpt = new Map<string, number>();
  const totalUnread = new Map<string, number>();
  const unreadTotals = compiledUnreadTotals(db);
  for (const row of rows) {
    recvOpt.set(row.owner, knownRecvOpt.get(row.owner) ?? c2cReceiveOptSync(q, sdkAppId, row.owner, row.peer));
    if (!raisesUnread(row)) continue;
    const owner = { sdkAppId, userId: row.owner };
    const c2c = unreadTotals.c2c(owner);
    const group = unreadTotals.group(owner);
    totalUnread.set(row.owner, Number(q.get(c2c.sql, c2c.parameters)?.['total'] ?? 0) + Number(q.get(group.sql, group.parameters)?.['n'] ?? 0));
  }
  return { recvOpt, totalUnread };
}

export async function readDeliveryFacts(db: Kysely<Database>, sdkAppId: number, rows: readonly C2cMessageRow[]): Promise<DeliveryFacts> {
  const recvOpt = new Map<string, number>();
  const totalUnread = new Map<string, number>();
  for (const row of rows) {
    recvOpt.set(row.owner, await c2cReceiveOpt(db, sdkAppId, row.owner, row.peer));
    if (!raisesUnread(row)) continue;
    const owner = { sdkAppId, userId: row.owner };
    totalUnread.set(row.owner, (await totalC2cUnread(db, owner)) + (await totalGroupUnread(db, owner)));
  }
  return { recvOpt, totalUnread };
}
