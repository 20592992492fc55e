/**
 * The reference ack: messages to the 2-member group (sender and peer, the peer's phone offline like every big-group
 * member), each on an idle server as the big group's are (queue drained, CPU quiet): send, ack, wait for the
 * peer's push, then the next. A round's share is sent before its push phases, so these samples spread over the run as the
 * database grows, like the big group's.
 */
import { performance } from 'node:perf_hooks';
import { textElem } from '@herald/sdk/chat';
import { round } from '../shared/stats.ts';
import { armEmulator, QUIET_TIMEOUT_MS, type BenchRig } from './bench-rig.ts';
import type { SmallGroupAcks } from './trial-types.ts';
import { waitForExtraPushes, waitForIdleServer, waitForQuietServer } from './waits.ts';

export async function smallGroupAcks(rig: BenchRig, roundNo: number, count: number): Promise<SmallGroupAcks> {
  await armEmulator(rig);
  const ackMs: number[] = [];
  const problems: string[] = [];
  for (let i = 1; i <= count; i++) {
    if (!(await waitForIdleServer(rig.server, rig.phaseTimeoutMs))) throw new Error('the server did not drain its queue before a 2-member group message');
    await waitForQuietServer(rig.server, QUIET_TIMEOUT_MS, rig.quietShare);
    const t0 = performance.now();
    await rig.sender.sendGroupMessage({ groupId: rig.smallGroup, elements: [textElem(`duo r${roundNo} #${i}`)] });
    ackMs.push(round(performance.now() - t0, 3));
    if (!(await waitForExtraPushes(rig.emulator, i, 30_000))) problems.push(`no push reached the peer for message ${i} of round ${roundNo}`);
  }
  return { round: roundNo, ackMs, problems };
}
