/**
 * The webhook commands each IM app enabled, kept per process (`ctx.webhookCommands`). Every C2C and group send
 * asks and the answer rarely changes; a query per message was a measurable share of the server's CPU at chat rates.
 * Writers in this process forget the app's entry once their write is done (`invalidate`), so this process sees its
 * own changes at once; other nodes see them when the entry expires.
 */
import type { Clock } from '../../context.ts';

/**
 * How long an entry is trusted. Only another node's change waits for it (this process invalidates on its own
 * writes): in a multi-node deployment, a change made on one node is seen by the others within this time.
 */
export const ENABLED_COMMANDS_TTL_MS = 1_000;

export interface EnabledCommandsCache {
  /** The app's enabled commands (empty without a URL or app), read from the database at most TTL ago. */
  get(sdkAppId: number): Promise<ReadonlySet<string>>;
  /** Forgets the app. Call after the write that changed its settings has committed, also when it failed midway. */
  invalidate(sdkAppId: number): void;
}

export interface EnabledCommandsCacheOptions {
  clock: Clock;
  /** Reads the app's enabled commands from the database (`loadEnabledCommands`). */
  load: (sdkAppId: number) => Promise<ReadonlySet<string>>;
  ttlMs?: number | undefined;
}

interface Entry {
  /** Shared by every caller until the entry expires: concurrent misses wait for one query. */
  commands: Promise<ReadonlySet<string>>;
  /**
   * When the query started, not when it answered: a change committed while it ran may be missing from its answer,
   * and is still seen within the TTL of the commit.
   */
  readAt: number;
}

export function createEnabledCommandsCache(o: EnabledCommandsCacheOptions): EnabledCommandsCache {
  const ttlMs = o.ttlMs ?? ENABLED_COMMANDS_TTL_MS;
  const entries = new Map<number, Entry>();

  function query(sdkAppId: number, now: number): Promise<ReadonlySet<string>> {
    const entry: Entry = {
      commands: o.load(sdkAppId).catch((err: unknown) => {
        // Not cached: the next send asks the database again. Only this entry: an invalidation may have replaced it.
        if (entries.get(sdkAppId) === entry) entries.delete(sdkAppId);
        throw err;
      }),
      readAt: now,
    };
    entries.set(sdkAppId, entry);
    return entry.commands;
  }

  return {
    get(sdkAppId) {
      const now = o.clock.now();
      const entry = entries.get(sdkAppId);
      if (entry === undefined) return query(sdkAppId, now);
      const age = now - entry.readAt;
      // A clock set back would otherwise keep the entry for as long as it went back.
      return age >= 0 && age < ttlMs ? entry.commands : query(sdkAppId, now);
    },
    invalidate(sdkAppId) {
      // A query still running for the dropped entry may have read the old settings; its callers began before the
      // write finished, and nobody after them gets its answer.
      entries.delete(sdkAppId);
    },
  };
}
