/**
 * Probe messages to the 2-member group while a push phase runs: what a fan-out (or a broadcast) does to the ack of
 * everyone else's messages. One every `intervalMs` on a fixed schedule (a probe whose ack is late does not delay
 * the next), from the same sender and connection. Each probe is a real group message, so the peer's phone gets a
 * push for each; the harness waits for those before the phase ends.
 */
import { performance } from 'node:perf_hooks';
import { textElem } from '@herald/sdk/chat';
import type { BenchRig } from './bench-rig.ts';

export interface ProbeResult {
  sent: number;
  ackMs: number[];
  failures: number;
}

export interface Probes {
  stop(): Promise<ProbeResult>;
}

export function startProbes(rig: BenchRig, intervalMs: number, label: string): Probes {
  const result: ProbeResult = { sent: 0, ackMs: [], failures: 0 };
  const inFlight = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  const start = performance.now();

  function send(): void {
    result.sent += 1;
    const t0 = performance.now();
    const p = rig.sender.sendGroupMessage({ groupId: rig.smallGroup, elements: [textElem(`${label} probe ${result.sent}`)] }).then(
      () => void result.ackMs.push(performance.now() - t0),
      () => void (result.failures += 1),
    );
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  }

  function schedule(): void {
    const next = start + (result.sent + 1) * intervalMs;
    timer = setTimeout(() => {
      send();
      schedule();
    }, Math.max(0, next - performance.now()));
  }

  if (intervalMs > 0) schedule();
  return {
    async stop() {
      clearTimeout(timer);
      await Promise.all([...inFlight]);
      return result;
    },
  };
}
