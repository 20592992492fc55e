/**
 * `npm start`: Herald on the embedded default (SQLite under HERALD_DATA_DIR, in-process push workers).
 * Stops cleanly on SIGINT/SIGTERM: stop accepting, let in-flight pushes finish within the grace period, give the
 * rest back to the queue, close the bus and the store.
 */
// First, so that it runs before the rest of the server allocates.
import './runtime/tune-v8-at-start.ts';
import { ConfigError, loadConfig } from './config/load-config.ts';
import { createContext } from './create-context.ts';
import { buildServer } from './http/build-server.ts';
import { createLogger } from './observability/logger.ts';
import { createChannelRegistry } from './push/dispatch/channel-registry.ts';
import { createPushWorker } from './push/dispatch/create-push-worker.ts';
import { imJobRunners } from './im/offline-push-dispatch/index.ts';
import { ensureSetupToken } from './console/setup-token.ts';
import { startSandbox, type Sandbox } from './sandbox/sandbox.ts';
import { systemClock } from './context.ts';
import { setHeapGrowingPercent } from './runtime/v8-gc-tuning.ts';

async function main(): Promise<void> {
  const bootLogger = createLogger(process.env['HERALD_LOG_LEVEL'] ?? 'info');
  let config;
  try {
    config = loadConfig(process.env, {}, (message) => bootLogger.warn(message));
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  setHeapGrowingPercent(config.gcHeapGrowingPercent);
  let sandbox: Sandbox | undefined;
  if (config.sandbox) {
    // The emulators come first: the config that points the channels at them is only known once they listen.
    const started = await startSandbox({ dataDir: config.dataDir, clock: () => systemClock.now() });
    sandbox = started.sandbox;
    config = loadConfig(process.env, started.config);
  }
  const logger = createLogger(config.logLevel);
  const created = await createContext({ config, logger, sandbox });
  const { ctx } = created;
  if (created.generated.masterKeyFile !== undefined) logger.warn({ file: created.generated.masterKeyFile }, 'generated a master key for secrets at rest; back it up with the data');
  if (created.generated.adminTokenFile !== undefined) logger.info({ file: created.generated.adminTokenFile }, 'generated the management API token (Authorization: Bearer <token>)');

  const app = await buildServer(ctx);
  const channels = createChannelRegistry(ctx);
  const worker = config.workerEnabled ? createPushWorker(ctx, { channels, onWork: created.onWork, jobRunners: imJobRunners(ctx) }) : undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    ctx.readiness.shuttingDown = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => process.exit(1), config.shutdownGraceMs + 15_000);
    timer.unref();
    await app.close();
    await worker?.stop(config.shutdownGraceMs);
    await channels.closeAll();
    await ctx.sandbox?.close();
    // After the server: the gateway has detached from the bus and removed this node's presence.
    await ctx.bus.close();
    await ctx.store.close();
    logger.info('stopped');
    process.exit(0);
  };
  // Before listening: a signal that arrives while the node starts (or reads its setup token) still stops it cleanly.
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  const address = await app.listen({ host: config.host, port: config.port });
  if (!stopping) worker?.start();
  const where = config.databaseUrl === undefined ? `SQLite in ${config.dataDir}` : 'PostgreSQL';
  const bus = config.redisUrl === undefined ? '' : '; nodes linked through Redis';
  process.stdout.write(`Herald listening on ${address} (storage: ${where}${bus}; API docs at ${address}/docs)\n`);
  if (ctx.sandbox !== undefined) {
    process.stdout.write(`Sandbox mode: pushes go only to the loopback vendor emulators in this process (${ctx.sandbox.channels.join(', ')}); virtual devices are on the console's Sandbox page and are forgotten on restart\n`);
  }
  // The token itself stays in its owner-only file: start-up output often lands in logs that more people read.
  const setup = await ensureSetupToken(ctx);
  if (setup !== undefined && 'file' in setup) process.stdout.write(`No console admin yet: open ${address}/console/setup and enter the setup token from ${setup.file}\n`);
  if (setup !== undefined && 'unwritable' in setup) process.stdout.write(`No console admin yet, and no setup token (${setup.unwritable} is not writable): create one with the admin token, POST ${address}/api/console/admins\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`Herald failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
if (process.env['TMP_ELD']) {
  const { monitorEventLoopDelay } = await import('node:perf_hooks');
  const h = monitorEventLoopDelay({ resolution: 2 });
  h.enable();
  setInterval(() => {
    console.error(`TMPELD p50 ${(h.percentile(50) / 1e6).toFixed(1)} p99 ${(h.percentile(99) / 1e6).toFixed(1)} max ${(h.max / 1e6).toFixed(1)} ms`);
    h.reset();
  }, 1000).unref();
}
