/**
 * Retries a send across reconnects. A send whose answer was lost (connection dropped, or no answer in time) is
 * sent again once the client is logged in again, with the same arguments — the same `random` — so the server
 * returns the stored message instead of storing a second one.
 */
import { HeraldClientError } from '../herald-client-error.ts';

export interface SendRetryDeps<T> {
  attempt(): Promise<T>;
  /** Resolves once logged in (at once if already), rejects if the client stopped for good. */
  waitForLogin(): Promise<void>;
  maxAttempts: number;
}

export function isRetryableSendError(err: unknown): boolean {
  return err instanceof HeraldClientError && (err.code === 'NETWORK' || err.code === 'TIMEOUT');
}

export async function sendWithRetry<T>(deps: SendRetryDeps<T>): Promise<T> {
  let lastError: unknown;
  for (let i = 0; i < deps.maxAttempts; i += 1) {
    await deps.waitForLogin();
    try {
      return await deps.attempt();
    } catch (err) {
      if (!isRetryableSendError(err)) throw err;
      lastError = err;
    }
  }
  throw lastError instanceof Error ? lastError : new HeraldClientError('NETWORK', 'Send failed', 0);
}
