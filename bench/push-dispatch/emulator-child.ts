/**
 * What every emulator child of the harness answers alike: start once, reset between runs (then a forced GC, so
 * garbage from the previous client's run is not billed to the next one), set latency, report a snapshot with the
 * process's own CPU time, close. Each emulator says how it starts, resets and counts.
 */
import { serveParent } from '../shared/serve-parent.ts';
import type { ChildRequest, EmulatorSnapshot } from './types.ts';

type StartRequest = Extract<ChildRequest, { type: 'start-emulator' | 'start-fcm-emulator' | 'start-webpush-emulator' }>;

export interface RunningEmulator {
  setLatency(ms: number): void;
  close(): Promise<void>;
}

export interface EmulatorChild<S extends StartRequest, E extends RunningEmulator> {
  /** Names the process in errors. */
  what: string;
  startType: S['type'];
  /** Starts the emulator; `info` is the harness's answer. */
  start(request: S): Promise<{ emulator: E; info: unknown }>;
  reset(emulator: E): void;
  /** `cpuSeconds` is read before the counters, so counting is not billed to the run that just ended. */
  snapshot(emulator: E, cpuSeconds: number): EmulatorSnapshot;
  closed?(): void;
}

/** User+system CPU of this process so far (every thread). */
export function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

export function serveEmulatorChild<S extends StartRequest, E extends RunningEmulator>(child: EmulatorChild<S, E>): void {
  let emulator: E | undefined;
  const running = (): E => {
    if (emulator === undefined) throw new Error('emulator not started');
    return emulator;
  };
  serveParent<ChildRequest>(async (r) => {
    if (r.type === child.startType) {
      if (emulator !== undefined) throw new Error('emulator already started');
      const started = await child.start(r as S);
      emulator = started.emulator;
      return started.info;
    }
    switch (r.type) {
      case 'reset':
        child.reset(running());
        globalThis.gc?.();
        return null;
      case 'latency':
        running().setLatency(r.ms);
        return null;
      case 'snapshot': {
        const cpu = cpuSeconds();
        return child.snapshot(running(), cpu);
      }
      case 'close':
        await emulator?.close();
        emulator = undefined;
        child.closed?.();
        return null;
      default:
        throw new Error(`${child.what} cannot handle '${r.type}'`);
    }
  });
}
