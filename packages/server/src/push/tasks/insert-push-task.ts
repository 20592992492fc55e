/**
 * Writes one accepted push: its task row and its first queue jobs, inside the caller's transaction. Token
 * audiences already known at acceptance get their send jobs at once (`queueBatchSize` tokens each); every other
 * audience gets a `resolve` job that a worker pages through. Shared by the TPNS API (accept-push.ts) and by pushes
 * Herald makes itself (IM offline push), so a task looks the same whoever asked for it.
 */
import type { Transaction } from 'kysely';
import type { Database } from '../../store/schema.ts';
import type { NewQueueJob, PushQueue } from '../../store/store.ts';
import { EXPIRE_TIME_FLOOR } from '../model/limits.ts';
import type { PushRequest } from '../model/push-request.ts';
import { TaskStatus } from './task-status.ts';

export interface NewPushTask {
  pushId: string;
  accessId: number;
  planId: string;
  req: PushRequest;
  /** The tokens to send to, checked by the caller; undefined for audiences resolved later. */
  sendTokens: readonly string[] | undefined;
  now: number;
}

export async function insertPushTask(trx: Transaction<Database>, queue: PushQueue, batchSize: number, t: NewPushTask): Promise<void> {
  const { req, pushId, accessId } = t;
  const jobs: NewQueueJob[] = [];
  if (t.sendTokens !== undefined) {
    for (let i = 0; i < t.sendTokens.length; i += batchSize) {
      jobs.push({ push_id: pushId, access_id: accessId, kind: 'send', tokens: t.sendTokens.slice(i, i + batchSize), available_at: req.sendAt });
    }
  } else {
    jobs.push({ push_id: pushId, access_id: accessId, kind: 'resolve', cursor: null, available_at: req.sendAt });
  }
  await trx
    .insertInto('push_task')
    .values({
      push_id: pushId,
      access_id: accessId,
      plan_id: t.planId,
      audience_type: req.audience.type,
      message_type: req.messageType,
      environment: req.environment,
      request_json: JSON.stringify(req),
      status: req.scheduled ? TaskStatus.wait : TaskStatus.init,
      send_at: req.sendAt,
      // Herald keeps undelivered batches at least 800 s even for expire_time 0 (real-time only): that
      // setting tells the vendor not to store the notification, not that Herald's own queue must hurry.
      expire_at: req.sendAt + Math.max(req.expireTime, EXPIRE_TIME_FLOOR) * 1000,
      // TPNS assigns every task a collapse id so a later push can override it; the task id is unique.
      collapse_id: req.collapseId ?? Number(pushId),
      seq: req.seq,
      upload_id: req.audience.type === 'package_account_push' || req.audience.type === 'package_token_push' ? req.audience.uploadId : null,
      created_at: t.now,
      updated_at: t.now,
      started_at: null,
      finished_at: null,
    })
    .execute();
  await queue.enqueue(jobs, trx);
}
