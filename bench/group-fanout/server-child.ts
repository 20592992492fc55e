/**
 * Child process: Herald as `npm start` composes it (packages/server/src/main.ts: config from HERALD_* variables,
 * the HTTP/WebSocket server, the channel registry and the in-process push worker with the IM job runners), plus
 * an IPC side door for the harness: bulk seeding through the store, the backlog, and the timelines read from the
 * queue and delivery rows, each IM job's run time (job-timing.ts) and, with `--sql-timing`, time per statement
 * (sql-timing.ts). Inside a measured window the door only answers `backlog` (two COUNTs) and `cpu`.
 */
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../packages/server/src/config/load-config.ts';
import type { ServerContext } from '../../packages/server/src/context.ts';
import { createContext } from '../../packages/server/src/create-context.ts';
import { buildServer } from '../../packages/server/src/http/build-server.ts';
import { imJobRunners } from '../../packages/server/src/im/offline-push-dispatch/index.ts';
import { createLogger } from '../../packages/server/src/observability/logger.ts';
import { createChannelRegistry, type ChannelRegistry } from '../../packages/server/src/push/dispatch/channel-registry.ts';
import { createPushWorker, type PushWorker } from '../../packages/server/src/push/dispatch/create-push-worker.ts';
import { serveParent } from '../shared/serve-parent.ts';
import { timeJobRunners, type JobTiming } from './job-timing.ts';
import { seedMembers } from './seed-members.ts';
import { backlog, dispatchTimeline, fanoutTimeline, memberRows } from './server-queries.ts';
import { enableSqlTiming, type SqlTiming } from './sql-timing.ts';
import type { ServerDiagnostics, ServerRequest } from './types.ts';

interface Running {
  ctx: ServerContext;
  app: FastifyInstance;
  channels: ChannelRegistry;
  worker: PushWorker | undefined;
  jobs: JobTiming;
  sql: SqlTiming | undefined;
}

let running: Running | undefined;

function server(): Running {
  if (running === undefined) throw new Error('server not started');
  return running;
}

async function start(sqlTiming: boolean): Promise<{ url: string }> {
  if (running !== undefined) throw new Error('server already started');
  // Before the store opens, so every statement it prepares is timed.
  const sql = sqlTiming ? enableSqlTiming() : undefined;
  const bootLogger = createLogger(process.env['HERALD_LOG_LEVEL'] ?? 'info');
  const config = loadConfig(process.env, {}, (message) => bootLogger.warn(message));
  const created = await createContext({ config, logger: createLogger(config.logLevel) });
  const { ctx } = created;
  const app = await buildServer(ctx);
  const channels = createChannelRegistry(ctx);
  const jobs = timeJobRunners(imJobRunners(ctx));
  const worker = config.workerEnabled ? createPushWorker(ctx, { channels, onWork: created.onWork, jobRunners: jobs.runners }) : undefined;
  const url = await app.listen({ host: config.host, port: config.port });
  worker?.start();
  running = { ctx, app, channels, worker, jobs, sql };
  return { url };
}

async function stop(): Promise<void> {
  if (running === undefined) return;
  const { ctx, app, channels, worker } = running;
  running = undefined;
  await app.close();
  await worker?.stop(ctx.config.shutdownGraceMs);
  await channels.closeAll();
  await ctx.bus.close();
  await ctx.store.close();
}

serveParent<ServerRequest>(async (r) => {
  switch (r.type) {
    case 'start':
      return start(r.sqlTiming);
    case 'member-rows':
      return memberRows(server().ctx, r.scope, r.userIds);
    case 'seed':
      return seedMembers(server().ctx, r);
    case 'backlog':
      return backlog(server().ctx);
    case 'cpu': {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1e6;
    }
    case 'fanout-timeline':
      return fanoutTimeline(server().ctx, r.sdkAppId, r.groupId, r.seq);
    case 'dispatch-timeline':
      return dispatchTimeline(server().ctx, r.pushId);
    case 'diagnostics': {
      const { jobs, sql } = server();
      return { jobs: jobs.take(), sql: sql?.take(12) ?? null } satisfies ServerDiagnostics;
    }
    case 'close':
      await stop();
      return null;
  }
});
