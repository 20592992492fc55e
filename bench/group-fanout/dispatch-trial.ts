/**
 * The dispatcher alone: one `/v3/push/app` call with audience `all` (dispatch-body.ts) on an idle server (queue
 * drained, CPU quiet), timed from the request until the emulator holds a push for every member's phone. The
 * 2-member group's probes run during it as during a fan-out, so both phases carry the same extra load. The push
 * app's devices are the members' phones and the peer's, so the peer gets this push besides the probes', outside
 * the members' count.
 */
import { performance } from 'node:perf_hooks';
import { distribution } from '../chat-latency/stats.ts';
import { round } from '../shared/stats.ts';
import { armEmulator, cpuSeconds, diagnostics, epochNow, expectedPhones, QUIET_TIMEOUT_MS, type BenchRig } from './bench-rig.ts';
import { startProbes } from './probes.ts';
import { pushTrial, tallyProblems } from './trial-outcome.ts';
import type { PushTrial } from './trial-types.ts';
import type { ServerTimeline } from './types.ts';
import { waitForExtraPushes, waitForIdleServer, waitForPushes, waitForQuietServer } from './waits.ts';

export interface DispatchRequest {
  body: Record<string, unknown>;
  /** The text the phones must show. */
  text: string;
}

export async function dispatchTrial(rig: BenchRig, roundNo: number, position: number, request: DispatchRequest, probeIntervalMs: number): Promise<PushTrial> {
  await armEmulator(rig);
  if (!(await waitForIdleServer(rig.server, rig.phaseTimeoutMs))) throw new Error('the server did not drain its queue before the dispatch');
  const auth = `Basic ${Buffer.from(`${rig.pushApp.accessId}:${rig.pushApp.secretKey}`).toString('base64')}`;
  const payload = JSON.stringify(request.body);
  const { quiet: startedQuiet } = await waitForQuietServer(rig.server, QUIET_TIMEOUT_MS, rig.quietShare);
  await diagnostics(rig);
  const cpu0 = await cpuSeconds(rig);

  const t0 = epochNow();
  const p0 = performance.now();
  const res = await fetch(`${rig.url}/v3/push/app`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: payload });
  const reply = (await res.json()) as { ret_code?: number; push_id?: string };
  const answerMs = performance.now() - p0;
  if (res.status !== 200 || reply.ret_code !== 0 || reply.push_id === undefined) throw new Error(`/v3/push/app: HTTP ${res.status} ${JSON.stringify(reply)}`);
  const probes = startProbes(rig, probeIntervalMs, `dispatch r${roundNo}`);
  const { tally, timedOut } = await waitForPushes(rig.emulator, expectedPhones(rig), rig.phaseTimeoutMs);
  const probed = await probes.stop();

  const problems: string[] = [];
  if (timedOut) problems.push(`${tally.missing} of ${tally.expected} phones had no push after ${rig.phaseTimeoutMs / 1000} s`);
  if (!(await waitForExtraPushes(rig.emulator, 1 + probed.sent, rig.phaseTimeoutMs))) problems.push("the peer's phone did not get the push and one per probe");
  const idle = await waitForIdleServer(rig.server, rig.phaseTimeoutMs);
  const settledAt = idle ? epochNow() : null;
  if (!idle) problems.push('the queue did not drain');
  const cpu1 = await cpuSeconds(rig);
  const measured = await diagnostics(rig);
  const tail = await waitForQuietServer(rig.server, QUIET_TIMEOUT_MS, rig.quietShare);

  const timeline = await rig.server.request<ServerTimeline>({ type: 'dispatch-timeline', pushId: reply.push_id });
  problems.push(...tallyProblems(rig, tally, request.text));
  if (probed.failures > 0) problems.push(`${probed.failures} probes failed`);
  // The peer's phone is one of the push app's devices too.
  if (timeline.delivered !== expectedPhones(rig) + 1) problems.push(`the server recorded ${timeline.delivered} deliveries, not ${expectedPhones(rig) + 1}`);

  return pushTrial(rig, {
    kind: 'dispatch', round: roundNo, position, answerMs, t0, tally, settledAt, startedQuiet, tail, cpu0, cpu1, timeline, diagnostics: measured,
    probes: { sent: probed.sent, failures: probed.failures, ack: distribution(probed.ackMs), ackMs: probed.ackMs.map((x) => round(x, 3)) },
    problems,
  });
}
