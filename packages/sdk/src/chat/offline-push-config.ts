/**
 * The device's offline push report (Tencent's setOfflinePushConfig / setAPNS, docs/protocol.md §13), kept by the
 * chat client across reconnects: the last config the app set is sent again after every automatic re-login, so a
 * report cut off by a dropped connection still lands. The server removes the report at logout and kick; the
 * client then forgets it too, so logging in again pushes nothing until the app reports again (Tencent's rule).
 */
import type { OfflinePushConfig, OfflinePushConfigState } from '@herald/protocol';
import { HeraldClientError } from '../herald-client-error.ts';
import { isRetryableSendError, sendWithRetry } from './send-retry.ts';

export type { OfflinePushConfig, OfflinePushConfigState };

export interface OfflinePushConfigKeeperDeps {
  /** One `setOfflinePushConfig` request on the current connection. */
  attempt(config: OfflinePushConfig | null): Promise<OfflinePushConfigState | null>;
  /** Resolves once logged in (at once if already), rejects if the client stopped for good. */
  waitForLogin(): Promise<void>;
  maxAttempts: number;
  /** The server refused the report sent again after a re-login (e.g. its certificate was deleted meanwhile). */
  onResendRefused(err: HeraldClientError): void;
}

export interface OfflinePushConfigKeeper {
  /** Reports `config` (null turns offline push off); resolves with what the server stored. Retried across reconnects. */
  set(config: OfflinePushConfig | null): Promise<OfflinePushConfigState | null>;
  /** Called after every login: sends the remembered report again. */
  afterLogin(): void;
  /** The report is gone on the server (logout, kick) or belongs to another login identity. */
  forget(): void;
  /** The report the client would send again; undefined when there is none. */
  readonly current: OfflinePushConfig | undefined;
}

export function createOfflinePushConfigKeeper(deps: OfflinePushConfigKeeperDeps): OfflinePushConfigKeeper {
  /** The app's latest wish: a config, null (off), or undefined (nothing reported since the last forget). */
  let desired: OfflinePushConfig | null | undefined;
  /** Bumped by every set and forget, so an older call's failure never undoes a newer one. */
  let generation = 0;

  return {
    async set(config) {
      // Refused at once when the client is not logged in: nothing is remembered for a login that never comes.
      await deps.waitForLogin();
      const copy = config === null ? null : { ...config };
      const previous = desired;
      const mine = (generation += 1);
      desired = copy;
      try {
        return await sendWithRetry({ attempt: () => deps.attempt(copy), waitForLogin: deps.waitForLogin, maxAttempts: deps.maxAttempts });
      } catch (err) {
        // A refusal leaves the server with the previous report, so that is the one to send again.
        if (generation === mine && !isRetryableSendError(err)) desired = previous;
        throw err;
      }
    },

    afterLogin() {
      const config = desired;
      if (config === undefined || config === null) return;
      const mine = generation;
      deps.attempt(config).catch((err: unknown) => {
        // A dropped connection is retried by the next login's afterLogin.
        if (isRetryableSendError(err) || generation !== mine) return;
        desired = undefined;
        deps.onResendRefused(err instanceof HeraldClientError ? err : new HeraldClientError('INTERNAL', String(err), 0));
      });
    },

    forget() {
      desired = undefined;
      generation += 1;
    },

    get current() {
      return desired ?? undefined;
    },
  };
}
