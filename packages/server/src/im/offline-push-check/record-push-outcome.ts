/**
 * The last offline push decision per user (`im_offline_push_outcome`), written by the dispatch after each message
 * or call invite and read by the offline push self-check. One row per user, replaced by each newer decision: the
 * question is "why did my last message not arrive", and a row per message would grow with every group message
 * times its members.
 *
 * Group messages are decided a page of members at a time (up to 1000), so a page is written with a few multi-row
 * upserts rather than a statement per member.
 */
import type { Insertable, Kysely } from 'kysely';
import type { DevicePushReason } from '../offline-push/device-push-decision.ts';
import type { Database, ImOfflinePushOutcomeTable } from '../../store/schema.ts';

export type PushOutcomeKind = 'c2c' | 'group' | 'call';

/**
 * Why one device was or was not pushed: the decision's reasons ('push' when it was), and the dispatch's own
 * (a VoIP certificate, the push app gone, a vendor token refused before).
 */
export type PushOutcomeReason = DevicePushReason | 'voip-certificate' | 'no-push-app' | 'token-refused';

/** One device's result; the dispatch's DevicePushResult has this shape, so its results can be passed as they are. */
export interface DevicePushOutcome {
  deviceId: string;
  reason: PushOutcomeReason;
  /** The push task queued for the device (reason 'push'). */
  pushId?: string;
}

export interface UserPushOutcome {
  userId: string;
  kind: PushOutcomeKind;
  fromUser: string;
  /** The peer for C2C messages and calls, the group ID for group messages. */
  conversation: string;
  /** The message's sequence in its conversation, or the call's invite ID. */
  messageRef: string | number;
  /** Every device with a push config the decision looked at; empty when the user had none. */
  devices: readonly DevicePushOutcome[];
}

/** 500 rows of 8 columns: 4000 bind parameters, well inside SQLite's and PostgreSQL's limits. */
const ROWS_PER_STATEMENT = 500;

const UPDATED_COLUMNS = ['kind', 'from_user', 'conversation', 'message_ref', 'devices_json', 'decided_at'] as const;

/** What is stored per device: only the fields the self-check reads, so callers may pass richer results. */
function devicesJson(devices: readonly DevicePushOutcome[]): string {
  return JSON.stringify(devices.map((d) => (d.pushId === undefined ? { deviceId: d.deviceId, reason: d.reason } : { deviceId: d.deviceId, reason: d.reason, pushId: d.pushId })));
}

/**
 * Records the decision of one message for each user given, replacing each user's previous one. A decision older
 * than the stored one (a slower node finishing later) leaves the stored one. A user listed twice keeps the last
 * entry.
 */
export async function recordPushOutcomes(db: Kysely<Database>, sdkAppId: number, outcomes: readonly UserPushOutcome[], now: number): Promise<void> {
  // One statement cannot update the same row twice (PostgreSQL refuses it), so repeats are merged first.
  const byUser = new Map<string, Insertable<ImOfflinePushOutcomeTable>>();
  for (const o of outcomes) {
    byUser.set(o.userId, {
      sdk_app_id: sdkAppId,
      user_id: o.userId,
      kind: o.kind,
      from_user: o.fromUser,
      conversation: o.conversation,
      message_ref: String(o.messageRef),
      devices_json: devicesJson(o.devices),
      decided_at: now,
    });
  }
  const rows = [...byUser.values()];
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    await db.insertInto('im_offline_push_outcome')
      .values(rows.slice(i, i + ROWS_PER_STATEMENT))
      .onConflict((oc) => oc.columns(['sdk_app_id', 'user_id'])
        .doUpdateSet((eb) => Object.fromEntries(UPDATED_COLUMNS.map((c) => [c, eb.ref(`excluded.${c}`)])))
        .where((eb) => eb('im_offline_push_outcome.decided_at', '<=', eb.ref('excluded.decided_at'))))
      .execute();
  }
}

export interface StoredPushOutcome {
  kind: PushOutcomeKind;
  fromUser: string;
  conversation: string;
  messageRef: string;
  decidedAt: number;
  devices: DevicePushOutcome[];
}

/** The user's last recorded decision; undefined when none was recorded yet. */
export async function readPushOutcome(db: Kysely<Database>, sdkAppId: number, userId: string): Promise<StoredPushOutcome | undefined> {
  const row = await db.selectFrom('im_offline_push_outcome').selectAll()
    .where('sdk_app_id', '=', sdkAppId).where('user_id', '=', userId)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    kind: row.kind as PushOutcomeKind,
    fromUser: row.from_user,
    conversation: row.conversation,
    messageRef: row.message_ref,
    decidedAt: Number(row.decided_at),
    devices: JSON.parse(row.devices_json) as DevicePushOutcome[],
  };
}
