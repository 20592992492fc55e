/**
 * Wires a ServerContext from config: opens the store, loads or creates the master key and admin token,
 * builds the logger, metrics and the bus (close `ctx.bus` with the store). Used by main.ts and by tests (with
 * their own config and store).
 */
import type { Logger } from 'pino';
import { createBus } from './bus/create-bus.ts';
import type { Config } from './config/schema.ts';
import { systemClock, type Clock, type ServerContext, type WorkSignal } from './context.ts';
import { loadOrCreateLocalSecret, makeAdminToken, makeMasterKey } from './crypto/local-secrets.ts';
import { createSecretBox, parseMasterKey } from './crypto/secret-box.ts';
import { createLogger } from './observability/logger.ts';
import { createMetrics } from './observability/metrics.ts';
import { createStore } from './store/create-store.ts';
import type { Store } from './store/store.ts';
import type { Sandbox } from './sandbox/sandbox.ts';
import { createPasswordHasher, type PasswordHasher } from './console/password-hash.ts';
import { createEnabledCommandsCache } from './im/webhooks/enabled-commands-cache.ts';
import { loadEnabledCommands } from './im/webhooks/webhook-settings.ts';

export interface ContextOptions {
  config: Config;
  logger?: Logger;
  store?: Store;
  clock?: Clock;
  /** Namespace of the Redis keys (default "herald:"); tests sharing a Redis give each run its own. */
  redisKeyPrefix?: string | undefined;
  /** Console password hashing; today's scrypt parameters when absent. */
  passwords?: PasswordHasher | undefined;
  /** Sandbox mode's emulators and devices (sandbox/sandbox.ts), started with the config they required. */
  sandbox?: Sandbox | undefined;
}

export interface CreatedContext {
  ctx: ServerContext;
  /** Set when this start generated a secret, so main.ts can say where it is. */
  generated: { masterKeyFile?: string; adminTokenFile?: string };
  /** Listeners for the work signal; the push worker subscribes here. */
  onWork(listener: () => void): void;
}

export async function createContext(options: ContextOptions): Promise<CreatedContext> {
  const { config } = options;
  const logger = options.logger ?? createLogger(config.logLevel);
  const generated: CreatedContext['generated'] = {};
  let masterKeyText = config.masterKey;
  if (masterKeyText === undefined) {
    const secret = loadOrCreateLocalSecret(config.dataDir, 'master.key', makeMasterKey);
    masterKeyText = secret.value;
    if (secret.createdAt !== undefined) generated.masterKeyFile = secret.createdAt;
  }
  let adminToken = config.adminToken;
  if (adminToken === undefined) {
    const secret = loadOrCreateLocalSecret(config.dataDir, 'admin.token', makeAdminToken);
    adminToken = secret.value;
    if (secret.createdAt !== undefined) generated.adminTokenFile = secret.createdAt;
  }
  const store = options.store ?? (await createStore({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    sqliteCommitDelayMs: config.sqliteCommitDelayMs,
    onBackgroundError: (err) => logger.warn({ err }, 'store background error'),
  }));
  const listeners: Array<() => void> = [];
  const work: WorkSignal = { notify: () => listeners.forEach((listener) => listener()) };
  const clock = options.clock ?? systemClock;
  const ctx: ServerContext = {
    config,
    store,
    logger,
    metrics: createMetrics(),
    secretBox: createSecretBox(parseMasterKey(masterKeyText)),
    clock,
    adminToken,
    work,
    bus: createBus({ config, logger, redisKeyPrefix: options.redisKeyPrefix }),
    webhookCommands: createEnabledCommandsCache({ clock, load: (sdkAppId) => loadEnabledCommands(store.db, sdkAppId) }),
    readiness: { shuttingDown: false },
    passwords: options.passwords ?? createPasswordHasher(),
    ...(options.sandbox === undefined ? {} : { sandbox: options.sandbox }),
  };
  return { ctx, generated, onWork: (listener) => listeners.push(listener) };
}
