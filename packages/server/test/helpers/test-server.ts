/**
 * Starts a real Herald server for a test: a fresh SQLite store in a temp dir (or the store given), the real
 * HTTP edge on 127.0.0.1:0, and, unless disabled, the real push worker. Returns its URL and context.
 * HERALD_TEST_STORE=postgres runs the same tests on a throwaway PostgreSQL database instead of SQLite.
 * Several nodes of one deployment: give each the same `databaseUrl` (its own store on that database, which
 * `close()` leaves in place) and the same `config.redisUrl` with one `redisKeyPrefix` per test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../src/config/load-config.ts';
import type { Config } from '../../src/config/schema.ts';
import { systemClock, type Clock, type ServerContext } from '../../src/context.ts';
import { createContext } from '../../src/create-context.ts';
import { buildServer } from '../../src/http/build-server.ts';
import { createLogger } from '../../src/observability/logger.ts';
import type { Store } from '../../src/store/store.ts';
import { createChannelRegistry, type ChannelRegistry } from '../../src/push/dispatch/channel-registry.ts';
import { createPushWorker, type PushWorker } from '../../src/push/dispatch/create-push-worker.ts';
import { imJobRunners } from '../../src/im/offline-push-dispatch/index.ts';
import { createThrowawayPostgresDatabase } from '../store/test-stores.ts';
import { startSandbox } from '../../src/sandbox/sandbox.ts';
import { createPasswordHasher, type PasswordHasher } from '../../src/console/password-hash.ts';

export interface TestServer {
  url: string;
  app: FastifyInstance;
  ctx: ServerContext;
  adminToken: string;
  /** Headers for the management API. */
  admin: { authorization: string };
  close(): Promise<void>;
  onWork(listener: () => void): void;
  /** The channels the worker sends through (closed by `close()`). */
  channels: ChannelRegistry;
  /** The push worker, started unless `worker: false`; `close()` stops it. */
  worker: PushWorker | undefined;
}

export interface TestServerOptions {
  config?: Partial<Config>;
  store?: Store;
  /** Opens this server's own store on an existing database (shared by several test servers, not dropped). */
  databaseUrl?: string;
  /** Namespace of the Redis keys when `config.redisUrl` is set; servers of one deployment share it. */
  redisKeyPrefix?: string;
  clock?: Clock;
  worker?: boolean;
  /**
   * Sandbox mode: starts every vendor emulator in-process and points the channels at them, as HERALD_SANDBOX=true
   * does (`ctx.sandbox`; `close()` stops them). Config given in `config` is applied after, so a test can still
   * override a key.
   */
  sandbox?: boolean;
  /**
   * Console password hashing. Tests get cheap scrypt parameters (ln=10, p=1: about 5 ms a hash instead of 300),
   * which exercise the same code; a test about the stored parameters passes `createPasswordHasher()`.
   */
  passwords?: PasswordHasher;
}

const TEST_PASSWORD_HASHER = createPasswordHasher({ ln: 10, r: 8, p: 1 });

export async function startTestServer(o: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'herald-test-'));
  const sandbox = o.sandbox === true ? await startSandbox({ dataDir, clock: () => (o.clock ?? systemClock).now() }) : undefined;
  const config = loadConfig({}, { dataDir, host: '127.0.0.1', port: 0, logLevel: 'silent', adminToken: 'test-admin-token', ...sandbox?.config, ...o.config });
  const throwaway = o.store === undefined && o.databaseUrl === undefined && process.env['HERALD_TEST_STORE'] === 'postgres' ? await createThrowawayPostgresDatabase() : undefined;
  const databaseUrl = o.databaseUrl ?? throwaway?.url;
  const storeConfig = databaseUrl === undefined ? config : loadConfig({}, { ...config, databaseUrl });
  const created = await createContext({
    config: storeConfig,
    logger: createLogger(config.logLevel),
    ...(o.store ? { store: o.store } : {}),
    ...(o.clock ? { clock: o.clock } : {}),
    ...(o.redisKeyPrefix === undefined ? {} : { redisKeyPrefix: o.redisKeyPrefix }),
    ...(sandbox === undefined ? {} : { sandbox: sandbox.sandbox }),
    passwords: o.passwords ?? TEST_PASSWORD_HASHER,
  });
  let app: FastifyInstance;
  try {
    app = await buildServer(created.ctx);
    await app.listen({ host: '127.0.0.1', port: 0 });
  } catch (err) {
    // An unreachable Redis fails the start here; close what is open so the test process can exit.
    await created.ctx.bus.close();
    await created.ctx.store.close();
    await sandbox?.sandbox.close();
    await throwaway?.drop();
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  const channels = createChannelRegistry(created.ctx);
  const worker = o.worker === false ? undefined : createPushWorker(created.ctx, { channels, onWork: created.onWork, jobRunners: imJobRunners(created.ctx) });
  worker?.start();
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const server: FastifyInstance = app;
  async function closeOnce(): Promise<void> {
    await server.close();
    await worker?.stop(0);
    await channels.closeAll();
    await created.ctx.sandbox?.close();
    await created.ctx.bus.close();
    await created.ctx.store.close();
    await throwaway?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    ctx: created.ctx,
    adminToken: created.ctx.adminToken,
    admin: { authorization: `Bearer ${created.ctx.adminToken}` },
    onWork: created.onWork,
    channels,
    worker,
    close() {
      // Once: a test may stop a node early (several nodes) and its cleanup closes every server again.
      closing ??= closeOnce();
      return closing;
    },
  };
}
