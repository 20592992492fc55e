/**
 * Loads something for a page and keeps the three states every page shows: loading, error (with a retry) and
 * ready. A load still running when the inputs change or the page goes away is aborted and its answer dropped.
 */
import { useCallback, useEffect, useState } from 'react';

export type Resource<T> =
  | { status: 'loading' }
  | { status: 'error'; error: unknown }
  | { status: 'ready'; data: T };

export interface ResourceControls<T> {
  reload(): void;
  /** Replaces the loaded data after a change the page made itself (no reload needed). */
  set(data: T): void;
}

export function useResource<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]): [Resource<T>, ResourceControls<T>] {
  const [state, setState] = useState<Resource<T>>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  // The caller's deps decide when to load again, as with useEffect.
  const stableLoad = useCallback(load, deps);

  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    stableLoad(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ status: 'ready', data });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'error', error });
      },
    );
    return () => controller.abort();
  }, [stableLoad, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const set = useCallback((data: T) => setState({ status: 'ready', data }), []);
  return [state, { reload, set }];
}
