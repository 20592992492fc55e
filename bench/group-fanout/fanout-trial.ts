/**
 * One fan-out: the sender sends one text message to the big group, on an idle server (queue drained, CPU quiet),
 * and the clock runs from the send until the emulator holds a push for every member's phone. The ack is one sample
 * of the big group's ack latency; while the fan-out runs, probes go to the 2-member group (probes.ts). The phase
 * ends when the probes' pushes have arrived too and Herald's queue has drained; what the server does after that
 * (until its CPU is quiet) is reported apart.
 */
import { performance } from 'node:perf_hooks';
import { textElem } from '@herald/sdk/chat';
import { groupPushJobIdPrefix } from '../../packages/server/src/im/offline-push-dispatch/group-push-job.ts';
import { distribution } from '../chat-latency/stats.ts';
import { round } from '../shared/stats.ts';
import { armEmulator, cpuSeconds, diagnostics, epochNow, expectedPhones, QUIET_TIMEOUT_MS, type BenchRig } from './bench-rig.ts';
import { startProbes } from './probes.ts';
import { pushTrial, tallyProblems } from './trial-outcome.ts';
import type { PushTrial } from './trial-types.ts';
import type { ServerTimeline } from './types.ts';
import { waitForExtraPushes, waitForIdleServer, waitForPushes, waitForQuietServer } from './waits.ts';

export async function fanoutTrial(rig: BenchRig, roundNo: number, position: number, probeIntervalMs: number): Promise<PushTrial> {
  await armEmulator(rig);
  if (!(await waitForIdleServer(rig.server, rig.phaseTimeoutMs))) throw new Error('the server did not drain its queue before the fan-out');
  const text = `fan-out r${roundNo}`;
  const { quiet: startedQuiet } = await waitForQuietServer(rig.server, QUIET_TIMEOUT_MS, rig.quietShare);
  await diagnostics(rig);
  const cpu0 = await cpuSeconds(rig);

  const t0 = epochNow();
  const p0 = performance.now();
  const ack = await rig.sender.sendGroupMessage({ groupId: rig.bigGroup, elements: [textElem(text)] });
  const answerMs = performance.now() - p0;
  const probes = startProbes(rig, probeIntervalMs, `fan-out r${roundNo}`);
  const { tally, timedOut } = await waitForPushes(rig.emulator, expectedPhones(rig), rig.phaseTimeoutMs);
  const probed = await probes.stop();

  const problems: string[] = [];
  if (timedOut) problems.push(`${tally.missing} of ${tally.expected} phones had no push after ${rig.phaseTimeoutMs / 1000} s`);
  if (!(await waitForExtraPushes(rig.emulator, probed.sent, rig.phaseTimeoutMs))) problems.push('the peer did not get a push for every probe');
  const idle = await waitForIdleServer(rig.server, rig.phaseTimeoutMs);
  const settledAt = idle ? epochNow() : null;
  if (!idle) problems.push('the queue did not drain');
  const cpu1 = await cpuSeconds(rig);
  const measured = await diagnostics(rig);
  const tail = await waitForQuietServer(rig.server, QUIET_TIMEOUT_MS, rig.quietShare);

  if (ack.seq === undefined) throw new Error('the ack of the big group message has no seq');
  const timeline = await rig.server.request<ServerTimeline>({ type: 'fanout-timeline', sdkAppId: rig.imApp.sdkAppId, groupId: rig.bigGroup, seq: ack.seq });
  problems.push(...tallyProblems(rig, tally, text));
  if (probed.failures > 0) problems.push(`${probed.failures} probes failed`);
  if (timeline.delivered !== expectedPhones(rig)) problems.push(`the server recorded ${timeline.delivered} deliveries, not ${expectedPhones(rig)}`);

  return pushTrial(rig, {
    kind: 'fanout', round: roundNo, position, answerMs, t0, tally, settledAt, startedQuiet, tail, cpu0, cpu1, timeline, diagnostics: measured,
    pagesOf: `${groupPushJobIdPrefix(rig.imApp.sdkAppId)}${rig.bigGroup}:${ack.seq}`,
    probes: { sent: probed.sent, failures: probed.failures, ack: distribution(probed.ackMs), ackMs: probed.ackMs.map((x) => round(x, 3)) },
    problems,
  });
}
