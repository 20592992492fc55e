/**
 * Management API for pushing as the console (`/api/apps/:accessId/…`, admin bearer token or console session):
 * create a push with the body of `/v3/push/app`, list the app's tasks with their funnel, cancel and stop a task,
 * upload an account or token package, create a plan, the app's plans with their statistics, and the app's
 * overview. The console cannot use the app's TPNS keys, so these routes call the same functions as `/v3`
 * (acceptPush, cancelTimingTask, stopPushMsg, the package reading of package/upload, addPlan): a push, a package or
 * a plan is validated, refused and stored exactly as `/v3` would, with Herald's error shape.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { heraldError } from '@herald/protocol';
import { Type, type Static } from 'typebox';
import type { ServerContext } from '../../context.ts';
import { requireApp } from '../apps/app-service.ts';
import { addPlan } from '../plans/add-plan.ts';
import { acceptPush } from '../tasks/accept-push.ts';
import { cancelTimingTask, stopPushMsg } from '../tasks/control-task.ts';
import { createPushIdAllocator } from '../tasks/push-id.ts';
import { appOverview } from './app-overview.ts';
import { listPushPlans } from './push-plan-list.ts';
import { getPushTask, listPushTasks } from './push-task-list.ts';
import { uploadPackage } from '../uploads/upload-package.ts';

const AccessId = Type.String({ pattern: '^[0-9]{1,15}$' });
const AppParams = Type.Object({ accessId: AccessId });
const TaskParams = Type.Object({ accessId: AccessId, pushId: Type.String({ pattern: '^[0-9]{1,20}$', description: 'The push_id /v3/push/app answered' }) });
const ListQuery = Type.Object(
  {
    offset: Type.Optional(Type.String({ pattern: '^[0-9]{1,9}$', description: 'Default 0' })),
    limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$', description: '1–100, default 20' })),
  },
  { additionalProperties: false },
);
const OverviewQuery = Type.Object({ days: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$', description: '1–90, default 14' })) }, { additionalProperties: false });

export const MAX_TASK_PAGE = 100;
export const MAX_OVERVIEW_DAYS = 90;

const security = [{ adminBearer: [] }];

const tags = ['Push (console)'];

function intParam(value: string | undefined, name: string, def: number, min: number, max: number): number {
  if (value === undefined) return def;
  const n = Number(value);
  if (n < min || n > max) throw heraldError('REQUEST_PARAM_INVALID', `querystring.${name}: must be ${min}–${max}`);
  return n;
}

export async function consolePushRoutes(scope: FastifyInstance, ctx: ServerContext): Promise<void> {
  const pushIds = createPushIdAllocator(ctx.clock);
  const planIds = createPushIdAllocator(ctx.clock);

  /** The route's app (`:accessId`), refused as APP_NOT_FOUND unless it exists. */
  async function requestedAccessId(request: FastifyRequest): Promise<number> {
    const accessId = Number((request.params as Static<typeof AppParams>).accessId);
    await requireApp(ctx.store.db, accessId);
    return accessId;
  }

  scope.post(
    '/apps/:accessId/pushes',
    {
      schema: {
        tags, security, params: AppParams,
        summary: 'Push as the console: the body of /v3/push/app, checked by the same rules',
        description: 'Body and refusals as POST /v3/push/app (docs/push-api.md), in Herald\'s error shape. 201 {pushId, seq, environment, invalidTokens?}.',
      },
    },
    async (request, reply) => {
      const { accessId } = request.params as Static<typeof AppParams>;
      const app = await requireApp(ctx.store.db, Number(accessId));
      const accepted = await acceptPush(ctx, app, request.body, pushIds);
      return reply.status(201).send({
        pushId: accepted.push_id,
        seq: accepted.seq,
        environment: accepted.environment,
        ...(accepted.invalid_targe_list === undefined ? {} : { invalidTokens: accepted.invalid_targe_list }),
      });
    },
  );

  scope.get('/apps/:accessId/pushes', { schema: { tags, security, params: AppParams, querystring: ListQuery, summary: "The app's push tasks, newest first, with status and funnel per channel" } }, async (request) => {
    const q = request.query as Static<typeof ListQuery>;
    const offset = intParam(q.offset, 'offset', 0, 0, 999_999_999);
    const limit = intParam(q.limit, 'limit', 20, 1, MAX_TASK_PAGE);
    const accessId = await requestedAccessId(request);
    return listPushTasks(ctx.store.db, accessId, offset, limit);
  });

  scope.post('/apps/:accessId/pushes/:pushId/cancel', { schema: { tags, security, params: TaskParams, summary: 'Cancel a task no worker has started (as /v3/push/cancel_timing_task)' } }, async (request) => {
    const { pushId } = request.params as Static<typeof TaskParams>;
    const accessId = await requestedAccessId(request);
    await cancelTimingTask(ctx, accessId, pushId);
    return getPushTask(ctx.store.db, accessId, pushId);
  });

  scope.post('/apps/:accessId/pushes/:pushId/stop', { schema: { tags, security, params: TaskParams, summary: "Stop a waiting or running task's remaining delivery (as /v3/push/stop_push_msg)" } }, async (request) => {
    const { pushId } = request.params as Static<typeof TaskParams>;
    const accessId = await requestedAccessId(request);
    await stopPushMsg(ctx, accessId, pushId);
    return getPushTask(ctx.store.db, accessId, pushId);
  });

  scope.get('/apps/:accessId/plans', { schema: { tags, security, params: AppParams, summary: "The app's push plans with their funnel per channel over all time" } }, async (request) => {
    const accessId = await requestedAccessId(request);
    return { plans: await listPushPlans(ctx.store.db, accessId) };
  });

  scope.post(
    '/apps/:accessId/plans',
    {
      schema: {
        tags, security, params: AppParams,
        summary: 'Create a push plan (as /v3/push/plan/add_plan_push); its source is "console"',
        description: 'Body {planName (1–60 characters), planDescribe (1–300)}, checked by addPlan as add_plan_push checks it (no route schema, so its codes are those of /v3). 201 with the plan as GET …/plans lists it.',
      },
    },
    async (request, reply) => {
      const accessId = await requestedAccessId(request);
      const created = await addPlan(ctx, accessId, request.body, () => planIds.next(), 'console');
      const plan = (await listPushPlans(ctx.store.db, accessId)).find((p) => p.planId === created.planId);
      return reply.status(201).send(plan);
    },
  );

  scope.post(
    '/apps/:accessId/packages',
    {
      schema: {
        tags, security, params: AppParams,
        summary: 'Upload an account or token package (multipart "file"), as /v3/push/package/upload',
        description: 'A .txt or .csv file (or a .zip of one), one id per line, read and limited as /v3/push/package/upload. 201 {uploadId, fileName, count}; push to it with audience_type package_account_push or package_token_push and upload_id.',
      },
    },
    async (request, reply) => {
      const accessId = await requestedAccessId(request);
      return reply.status(201).send(await uploadPackage(ctx, accessId, request));
    },
  );

  scope.get('/apps/:accessId/overview', { schema: { tags, security, params: AppParams, querystring: OverviewQuery, summary: 'Device counts and the push funnel per channel per day' } }, async (request) => {
    const days = intParam((request.query as Static<typeof OverviewQuery>).days, 'days', 14, 1, MAX_OVERVIEW_DAYS);
    const accessId = await requestedAccessId(request);
    return appOverview(ctx.store.db, accessId, { days, now: ctx.clock.now(), utcOffsetMinutes: ctx.config.tpnsUtcOffsetMinutes });
  });
}
