/**
 * What live delivery of a stored C2C message needs to know besides the rows: each owner's receive option for
 * the conversation (its `recvOpt`), the recipient's new total unread, and which of the sender's devices get the
 * echo. On SQLite they are read with the message's own grouped write (readDeliveryFactsSync), on the rows it
 * just wrote and without another trip through the connection lock; on PostgreSQL afterwards (readDeliveryFacts).
 * Both read the same things: the unread totals are the shared statements of unread-totals.ts.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import type { SyncSql } from '../../store/store.ts';
import { totalGroupUnread } from '../group-messages/group-conversations.ts';
import { createDevicePresence } from '../presence/device-presence.ts';
import { c2cReceiveOpt } from '../receive/receive-options.ts';
import { totalC2cUnread } from './conversations.ts';
import type { C2cMessageRow } from './message-event.ts';
import { c2cUnreadTotalSql, groupUnreadTotalSql } from './unread-totals.ts';

export interface DeliveryFacts {
  /** Each row owner's receive option for the row's peer. */
  recvOpt: ReadonlyMap<string, number>;
  /** Owners whose unread count went up, with their new total. */
  totalUnread: ReadonlyMap<string, number>;
  /** The sender's devices that get the echo: every active one but the sending device; undefined = all. */
  senderDevices: readonly string[] | undefined;
}

export interface DeliveryFactsInput {
  sdkAppId: number;
  from: string;
  /** The sending device, which gets the response instead of the echo; undefined = none (REST). */
  senderDeviceId: string | undefined;
}

/** Rows whose owner's unread count this message raised. */
const raisesUnread = (row: C2cMessageRow) => row.owner !== row.from_user && row.excluded_from_unread === 0;

const RECV_OPT = 'select opt from im_receive_opt where sdk_app_id = ? and owner = ? and peer = ?';
/** The synchronous twin of receive-options.ts c2cReceiveOpt, for use inside a grouped write. */
export function c2cReceiveOptSync(q: SyncSql, sdkAppId: number, owner: string, peer: string): number {
  return Number(q.get(RECV_OPT, [sdkAppId, owner, peer])?.['opt'] ?? 0);
}

const ACTIVE_DEVICES = `select device_id from im_device where sdk_app_id = ? and user_id = ? and state != 'offline' order by device_id`;

export function readDeliveryFactsSync(q: SyncSql, db: Kysely<Database>, input: DeliveryFactsInput, rows: readonly C2cMessageRow[]): DeliveryFacts {
  const recvOpt = new Map<string, number>();
  const totalUnread = new Map<string, number>();
  for (const row of rows) {
    recvOpt.set(row.owner, c2cReceiveOptSync(q, input.sdkAppId, row.owner, row.peer));
    if (!raisesUnread(row)) continue;
    const owner = { sdkAppId: input.sdkAppId, userId: row.owner };
    const c2c = c2cUnreadTotalSql(owner).compile(db);
    const group = groupUnreadTotalSql(owner).compile(db);
    totalUnread.set(row.owner, Number(q.get(c2c.sql, c2c.parameters)?.['total'] ?? 0) + Number(q.get(group.sql, group.parameters)?.['n'] ?? 0));
  }
  const senderDevices = input.senderDeviceId === undefined ? undefined
    : q.all(ACTIVE_DEVICES, [input.sdkAppId, input.from]).map((d) => String(d['device_id'])).filter((id) => id !== input.senderDeviceId);
  return { recvOpt, totalUnread, senderDevices };
}

export async function readDeliveryFacts(db: Kysely<Database>, input: DeliveryFactsInput, rows: readonly C2cMessageRow[]): Promise<DeliveryFacts> {
  const recvOpt = new Map<string, number>();
  const totalUnread = new Map<string, number>();
  for (const row of rows) {
    recvOpt.set(row.owner, await c2cReceiveOpt(db, input.sdkAppId, row.owner, row.peer));
    if (!raisesUnread(row)) continue;
    const owner = { sdkAppId: input.sdkAppId, userId: row.owner };
    totalUnread.set(row.owner, (await totalC2cUnread(db, owner)) + (await totalGroupUnread(db, owner)));
  }
  const senderDevices = input.senderDeviceId === undefined ? undefined
    : (await createDevicePresence(db).listActive({ sdkAppId: input.sdkAppId, userId: input.from }))
      .map((d) => d.deviceId).filter((id) => id !== input.senderDeviceId);
  return { recvOpt, totalUnread, senderDevices };
}
