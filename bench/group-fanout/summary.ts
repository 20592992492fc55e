/**
 * The run's figures and the targets: the big group's ack p99 (≤ 50 ms, and ≤ 1.5× the 2-member group's)
 * and the fan-out's time to the last push against the dispatcher alone's (≤ 1.3×), as a ratio of the medians and
 * as the median of the per-round ratios.
 */
import { distribution, type Distribution } from '../chat-latency/stats.ts';
import { median, round } from '../shared/stats.ts';
import type { PushTrial, SmallGroupAcks, TrialKind } from './trial-types.ts';

export interface PhaseSummary {
  trials: number;
  /** Medians over the rounds. */
  answerMs: number;
  lastPushMs: number;
  settledMs: number;
  pushesPerSecond: number;
  serverCpuSeconds: number;
  emulatorCpuSeconds: number;
}

export interface FanoutSummary {
  /** The sender's ack of each big-group message (one per fan-out), each on an idle server. */
  bigGroupAck: Distribution;
  /** The sender's ack of the 2-member group's messages on an idle server. */
  smallGroupAck: Distribution;
  /** The 2-member group's probes sent while fan-outs ran, and while the dispatcher alone ran; null without probes. */
  probeAck: Distribution | null;
  probeAckDuringDispatch: Distribution | null;
  fanout: PhaseSummary;
  dispatch: PhaseSummary;
}

export interface PairedRatio {
  ofMedians: number;
  paired: number;
}

export interface FanoutRatios {
  ackP99BigVsSmall: number;
  /** Fan-out / dispatcher alone. */
  lastPush: PairedRatio;
  settled: PairedRatio;
  serverCpu: PairedRatio;
}

export interface Target {
  target: number;
  measured: number;
  met: boolean;
}

export interface FanoutTargets {
  ackP99Ms: Target;
  ackP99VsSmallGroup: Target;
  lastPushVsDispatcher: Target;
}

const medianOf = (xs: ReadonlyArray<number | null>): number => round(median(xs.filter((x): x is number => x !== null)), 3);

function phase(trials: readonly PushTrial[], kind: TrialKind): PhaseSummary {
  const ts = trials.filter((t) => t.kind === kind);
  return {
    trials: ts.length,
    answerMs: medianOf(ts.map((t) => t.answerMs)),
    lastPushMs: medianOf(ts.map((t) => t.lastPushMs)),
    settledMs: medianOf(ts.map((t) => t.settledMs)),
    pushesPerSecond: Math.round(median(ts.map((t) => t.pushesPerSecond))),
    serverCpuSeconds: medianOf(ts.map((t) => t.serverCpuSeconds)),
    emulatorCpuSeconds: medianOf(ts.map((t) => t.emulatorCpuSeconds)),
  };
}

function paired(trials: readonly PushTrial[], pick: (t: PushTrial) => number | null): number {
  const ratios: number[] = [];
  for (const r of new Set(trials.map((t) => t.round))) {
    const f = trials.find((t) => t.round === r && t.kind === 'fanout');
    const d = trials.find((t) => t.round === r && t.kind === 'dispatch');
    const fv = f === undefined ? null : pick(f);
    const dv = d === undefined ? null : pick(d);
    if (fv !== null && dv !== null && dv > 0) ratios.push(fv / dv);
  }
  return round(median(ratios), 3);
}

export function summarize(trials: readonly PushTrial[], small: readonly SmallGroupAcks[]): { summary: FanoutSummary; ratios: FanoutRatios; targets: FanoutTargets } {
  const probeAcks = trials.filter((t) => t.kind === 'fanout').flatMap((t) => t.probes?.ackMs ?? []);
  const dispatchProbeAcks = trials.filter((t) => t.kind === 'dispatch').flatMap((t) => t.probes?.ackMs ?? []);
  const summary: FanoutSummary = {
    bigGroupAck: distribution(trials.filter((t) => t.kind === 'fanout').map((t) => t.answerMs)),
    smallGroupAck: distribution(small.flatMap((s) => s.ackMs)),
    probeAck: probeAcks.length === 0 ? null : distribution(probeAcks),
    probeAckDuringDispatch: dispatchProbeAcks.length === 0 ? null : distribution(dispatchProbeAcks),
    fanout: phase(trials, 'fanout'),
    dispatch: phase(trials, 'dispatch'),
  };
  const ratio = (a: number, b: number): number => round(a / b, 3);
  const ratios: FanoutRatios = {
    ackP99BigVsSmall: ratio(summary.bigGroupAck.p99, summary.smallGroupAck.p99),
    lastPush: { ofMedians: ratio(summary.fanout.lastPushMs, summary.dispatch.lastPushMs), paired: paired(trials, (t) => t.lastPushMs) },
    settled: { ofMedians: ratio(summary.fanout.settledMs, summary.dispatch.settledMs), paired: paired(trials, (t) => t.settledMs) },
    serverCpu: { ofMedians: ratio(summary.fanout.serverCpuSeconds, summary.dispatch.serverCpuSeconds), paired: paired(trials, (t) => t.serverCpuSeconds) },
  };
  const target = (limit: number, measured: number): Target => ({ target: limit, measured, met: measured <= limit });
  return {
    summary,
    ratios,
    targets: {
      ackP99Ms: target(50, summary.bigGroupAck.p99),
      ackP99VsSmallGroup: target(1.5, ratios.ackP99BigVsSmall),
      lastPushVsDispatcher: target(1.3, ratios.lastPush.ofMedians),
    },
  };
}
