/**
 * The self-check's "last message" part: the user's last recorded offline push decision, each device's reason in
 * words and, for the devices pushed, how the push task went and what the vendor answered for the device.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import { readPushOutcome, type PushOutcomeKind } from './record-push-outcome.ts';
import { outcomeSummary, problem, reasonSentence, type SelfCheckProblem } from './self-check-texts.ts';

export interface PushTaskCheck {
  accessId: number;
  /** TPNS task status: PUSH_WAIT, PUSH_STARTED, PUSH_FINISHED, PUSH_FAILED, PUSH_CANCELED, PUSH_DELETED_PUSH_MSG, … */
  status: string;
  createdAt: number;
  finishedAt?: number;
}

export interface DeliveryCheck {
  /** 'delivered' | 'rejected' | 'failed' | 'expired'. */
  outcome: string;
  reason?: string;
  channel: string;
  at: number;
}

export interface OutcomeDeviceCheck {
  deviceId: string;
  pushed: boolean;
  /** The reason code (docs/offline-push.md, "Who gets a push"); 'push' when pushed. */
  reason: string;
  explanation: string;
  pushId?: string;
  /** Pushed devices: the push task (null once it was deleted with its push app). */
  task?: PushTaskCheck | null;
  /** Pushed devices: the vendor's final answer for the device; null while none has come yet. */
  delivery?: DeliveryCheck | null;
}

export interface LastOutcomeCheck {
  kind: PushOutcomeKind;
  fromUser: string;
  conversation: string;
  messageRef: string;
  decidedAt: number;
  summary: string;
  devices: OutcomeDeviceCheck[];
}

async function pushedDetails(db: Kysely<Database>, pushId: string): Promise<{ task: PushTaskCheck | null; delivery: DeliveryCheck | null }> {
  const task = await db.selectFrom('push_task').select(['access_id', 'status', 'created_at', 'finished_at']).where('push_id', '=', pushId).executeTakeFirst();
  // An IM offline push task has the one device as its audience, so its delivery rows are that device's.
  const delivery = await db.selectFrom('push_delivery').select(['outcome', 'reason', 'channel', 'created_at'])
    .where('push_id', '=', pushId).orderBy('created_at', 'desc').executeTakeFirst();
  return {
    task: task === undefined ? null : {
      accessId: Number(task.access_id), status: task.status, createdAt: Number(task.created_at),
      ...(task.finished_at === null ? {} : { finishedAt: Number(task.finished_at) }),
    },
    delivery: delivery === undefined ? null : {
      outcome: delivery.outcome, channel: delivery.channel, at: Number(delivery.created_at),
      ...(delivery.reason === null ? {} : { reason: delivery.reason }),
    },
  };
}

/** The last decision with its details, and a finding per pushed device the vendor did not deliver to; null when none was recorded. */
export async function lastPushOutcome(db: Kysely<Database>, sdkAppId: number, userId: string): Promise<{ outcome: LastOutcomeCheck | null; problems: SelfCheckProblem[] }> {
  const stored = await readPushOutcome(db, sdkAppId, userId);
  if (stored === undefined) return { outcome: null, problems: [] };
  const problems: SelfCheckProblem[] = [];
  const devices: OutcomeDeviceCheck[] = [];
  for (const d of stored.devices) {
    const pushed = d.reason === 'push';
    const check: OutcomeDeviceCheck = { deviceId: d.deviceId, pushed, reason: d.reason, explanation: reasonSentence(d.reason) };
    if (d.pushId !== undefined) {
      check.pushId = d.pushId;
      const { task, delivery } = await pushedDetails(db, d.pushId);
      check.task = task;
      check.delivery = delivery;
      if (delivery !== null && delivery.outcome !== 'delivered') {
        problems.push(problem('last-push-not-delivered', { deviceId: d.deviceId, pushId: d.pushId, status: delivery.outcome, ...(delivery.reason === undefined ? {} : { reason: delivery.reason }) }));
      }
    }
    devices.push(check);
  }
  return {
    outcome: {
      kind: stored.kind, fromUser: stored.fromUser, conversation: stored.conversation, messageRef: stored.messageRef,
      decidedAt: stored.decidedAt, summary: outcomeSummary(devices.filter((d) => d.pushed).length, devices.length), devices,
    },
    problems,
  };
}
