/**
 * Follows a virtual device's inbox: asks for what came after the last count seen every `intervalMs` while the page
 * is visible (a hidden tab does not poll; it catches up at once when shown again), and appends what is new. A
 * failed poll is kept as the error and tried again on the next beat, except a 404: the device or sandbox mode is
 * gone, and asking again will not bring it back.
 */
import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/api-error.ts';
import type { SandboxApi, SandboxNotification } from '../api/sandbox-api.ts';

export const INBOX_POLL_MS = 1500;

export interface InboxState {
  notifications: SandboxNotification[];
  /** False until the first answer. */
  loaded: boolean;
  error: unknown;
  /** Polling stopped for good (the last error was a 404). */
  stopped: boolean;
}

export function useInboxPoll(api: SandboxApi, deviceId: string, o: { intervalMs?: number; onCount?: (count: number) => void } = {}): InboxState {
  const intervalMs = o.intervalMs ?? INBOX_POLL_MS;
  const [state, setState] = useState<InboxState>({ notifications: [], loaded: false, error: undefined, stopped: false });
  // The latest callback without restarting the poll when the parent passes a new function.
  const onCount = useRef(o.onCount);
  onCount.current = o.onCount;

  useEffect(() => {
    let after = 0;
    let running = false;
    let done = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const controller = new AbortController();
    setState({ notifications: [], loaded: false, error: undefined, stopped: false });

    const hidden = () => typeof document !== 'undefined' && document.visibilityState === 'hidden';
    const schedule = () => {
      if (!done) timer = setTimeout(() => void poll(), intervalMs);
    };

    async function poll() {
      timer = undefined;
      if (done || running) return;
      // Picked up again by the visibilitychange listener.
      if (hidden()) return;
      running = true;
      try {
        const page = await api.inbox(deviceId, after, controller.signal);
        if (done) return;
        const fresh = page.notifications.filter((n) => n.index >= after).sort((a, b) => a.index - b.index);
        after = Math.max(after, page.next, ...fresh.map((n) => n.index + 1));
        setState((s) => ({ notifications: fresh.length === 0 ? s.notifications : [...s.notifications, ...fresh], loaded: true, error: undefined, stopped: false }));
        onCount.current?.(after);
      } catch (error) {
        if (done) return;
        const gone = error instanceof ApiError && error.status === 404;
        setState((s) => ({ ...s, error, stopped: gone }));
        if (gone) done = true;
      } finally {
        running = false;
      }
      schedule();
    }

    const onVisibility = () => {
      if (hidden() || done || running) return;
      if (timer !== undefined) clearTimeout(timer);
      void poll();
    };
    document.addEventListener('visibilitychange', onVisibility);
    void poll();
    return () => {
      done = true;
      controller.abort();
      if (timer !== undefined) clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [api, deviceId, intervalMs]);

  return state;
}
