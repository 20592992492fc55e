/**
 * Accepts a /v3/push/app request: validates it, checks what can be checked cheaply (token targets, plan,
 * upload, that an account audience has any binding), stores the task and its first queue job in one
 * transaction, and wakes the workers. Large audiences are never resolved here: `all`, `tag`, account and
 * package audiences get a `resolve` job that a worker pages through.
 */
import { heraldError } from '@herald/protocol';
import type { ServerContext } from '../../context.ts';
import type { AppRow } from '../../store/schema.ts';
import { isUniqueViolation } from '../../store/unique-violation.ts';
import { buildApnsNotification } from '../model/apns/build-apns-notification.ts';
import { normalizePushRequest } from '../model/normalize-push-request.ts';
import type { PushRequest } from '../model/push-request.ts';
import { ensureDefaultPlan } from '../plans/ensure-default-plan.ts';
import { checkTokenTargets } from './check-token-targets.ts';
import type { PushIdAllocator } from './push-id.ts';
import { insertPushTask } from './insert-push-task.ts';

export interface PushAccepted {
  seq: number;
  push_id: string;
  ret_code: 0;
  err_msg: string;
  environment: string;
  invalid_targe_list?: string[];
}

/** Attempts at a fresh push_id when another process took the same one. */
const ID_ATTEMPTS = 5;

export async function acceptPush(ctx: ServerContext, app: AppRow, body: unknown, ids: PushIdAllocator): Promise<PushAccepted> {
  const now = ctx.clock.now();
  const req = normalizePushRequest(body, { platform: app.platform, now, utcOffsetMinutes: ctx.config.tpnsUtcOffsetMinutes });
  const accessId = app.access_id;
  const db = ctx.store.db;
  // Custom keys and Herald's own key are added to `message` in the APNs payload: refuse now what APNs would refuse
  // on every device later. A placeholder id as long as a real one keeps the size exact.
  if (app.platform === 'ios') {
    buildApnsNotification(req, { pushId: '0'.repeat(16), bundleId: app.bundle_id, badge: { current: 0 }, now });
  }

  let sendTokens: string[] | undefined;
  let invalid: string[] = [];
  const a = req.audience;
  if (a.type === 'token' || a.type === 'token_list') {
    const check = await checkTokenTargets(db, accessId, req.environment, a.tokens);
    invalid = check.invalid;
    if (invalid.length > 0 && !req.ignoreInvalidToken) {
      throw heraldError('PUSH_TARGET_NOT_FOUND', `token_list: ${invalid.length} token(s) not registered for this app and environment: ${invalid.slice(0, 5).join(', ')}`);
    }
    if (check.valid.length === 0) throw heraldError('PUSH_TARGET_NOT_FOUND', 'token_list: no valid token for this app and environment');
    sendTokens = check.valid;
  } else if (a.type === 'account' || a.type === 'account_list') {
    const bound = await db
      .selectFrom('account_binding')
      .select('token')
      .where('access_id', '=', accessId)
      .where('account_type', '=', req.accountType)
      .where('account', 'in', a.accounts)
      .limit(1)
      .executeTakeFirst();
    if (bound === undefined) throw heraldError('PUSH_TARGET_NOT_FOUND', `account_list: no account bound with account_type ${req.accountType}`);
  } else if (a.type === 'package_account_push' || a.type === 'package_token_push') {
    const upload = await db.selectFrom('upload').select('upload_id').where('upload_id', '=', a.uploadId).where('access_id', '=', accessId).executeTakeFirst();
    if (upload === undefined) throw heraldError('UPLOAD_NOT_FOUND', `upload_id: ${a.uploadId} was not uploaded by this app`);
  }

  const planId = await planFor(ctx, accessId, req, now);
  const pushId = await storeTask(ctx, accessId, planId, req, sendTokens, now, ids);
  ctx.metrics.tasksAccepted.inc({ audience_type: a.type });
  ctx.work.notify();
  return {
    seq: req.seq,
    push_id: pushId,
    ret_code: 0,
    err_msg: '',
    environment: req.environment,
    ...(req.ignoreInvalidToken && sendTokens !== undefined ? { invalid_targe_list: invalid } : {}),
  };
}

async function planFor(ctx: ServerContext, accessId: number, req: PushRequest, now: number): Promise<string> {
  if (req.planId === undefined) return ensureDefaultPlan(ctx.store.db, accessId, now);
  const plan = await ctx.store.db.selectFrom('plan').select('plan_id').where('plan_id', '=', req.planId).where('access_id', '=', accessId).executeTakeFirst();
  if (plan === undefined) throw heraldError('PUSH_PLAN_NOT_FOUND', `plan_id: no plan "${req.planId}" for this app`);
  return plan.plan_id;
}

async function storeTask(
  ctx: ServerContext,
  accessId: number,
  planId: string,
  req: PushRequest,
  sendTokens: string[] | undefined,
  now: number,
  ids: PushIdAllocator,
): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const pushId = ids.next();
    try {
      await ctx.store.transaction((trx) => insertPushTask(trx, ctx.store.queue, ctx.config.queueBatchSize, { pushId, accessId, planId, req, sendTokens, now }));
      return pushId;
    } catch (err) {
      if (!isUniqueViolation(err) || attempt >= ID_ATTEMPTS) throw err;
    }
  }
}
