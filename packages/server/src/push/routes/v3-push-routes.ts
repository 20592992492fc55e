/**
 * TPNS push API: /v3/push/app, cancel_timing_task, stop_push_msg, plan/add_plan_push, package/upload.
 * Bodies are validated by the push model (TPNS's own rules and ret_codes), not by route schemas.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { normalizePushIdBody } from '../model/normalize-push-id.ts';
import { AddPlanPushBody, CancelTimingTaskBody, PushAppBody, StopPushMsgBody } from '../model/schemas.ts';
import { tpnsRouteDoc } from './tpns-route-doc.ts';
import type { ServerContext } from '../../context.ts';
import { requirePushApp } from '../../http/tpns-auth.ts';
import { addPlan } from '../plans/add-plan.ts';
import { acceptPush } from '../tasks/accept-push.ts';
import { cancelTimingTask, stopPushMsg } from '../tasks/control-task.ts';
import { createPushIdAllocator } from '../tasks/push-id.ts';
import { uploadPackage } from '../uploads/upload-package.ts';

/** TPNS spells the task id `pushId` in the table and `pushid` in the sample; both are accepted. */
function pushIdOf(request: FastifyRequest): string {
  return normalizePushIdBody(request.body).pushId;
}

export async function v3PushRoutes(scope: FastifyInstance, ctx: ServerContext): Promise<void> {
  const pushIds = createPushIdAllocator(ctx.clock);
  const planIds = createPushIdAllocator(ctx.clock);

  scope.post('/push/app', tpnsRouteDoc('TPNS push', 'Push to all, tags, tokens, accounts or an uploaded package', PushAppBody), async (request) => acceptPush(ctx, requirePushApp(request).row, request.body, pushIds));

  scope.post('/push/cancel_timing_task', tpnsRouteDoc('TPNS push', 'Cancel a scheduled task before it is dispatched', CancelTimingTaskBody), async (request) => {
    await cancelTimingTask(ctx, requirePushApp(request).row.access_id, pushIdOf(request));
    return { ret_code: 0, err_msg: '' };
  });

  scope.post('/push/stop_push_msg', tpnsRouteDoc('TPNS push', "Stop a task's remaining delivery", StopPushMsgBody), async (request) => {
    await stopPushMsg(ctx, requirePushApp(request).row.access_id, pushIdOf(request));
    return { ret_code: 0, err_msg: '' };
  });

  scope.post('/push/plan/add_plan_push', tpnsRouteDoc('TPNS push', 'Create a push plan for aggregated statistics', AddPlanPushBody, 'tpns-camel'), async (request) => {
    const result = await addPlan(ctx, requirePushApp(request).row.access_id, request.body, () => planIds.next());
    return { retCode: 0, errMsg: '', result };
  });

  scope.post('/push/package/upload', tpnsRouteDoc('TPNS push', 'Upload an account or token package (multipart "file"; Basic auth)', undefined, 'tpns-camel'), async (request) => {
    const app = requirePushApp(request);
    const { uploadId } = await uploadPackage(ctx, app.row.access_id, request);
    return { retCode: 0, errMsg: '', uploadId };
  });
}
