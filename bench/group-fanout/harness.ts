/**
 * The group-fanout benchmark (issue 5): one message to a group of `members` (default 100,000, a Community's
 * maximum) whose every member is offline with an iPhone reporting its push token in TPNS mode. In one run:
 *   - the sender's ack of a big-group message, each sent on an idle server (one per round), against the ack of
 *     2-member-group messages (the same sender, group type and offline peer), also on an idle server;
 *   - the time from that send to the last member's push at the APNs emulator (fan-out), against the time from one
 *     `/v3/push/app` call with audience `all` to the last push to the same phones (dispatcher alone);
 *   - the acks of 2-member-group probes sent while each push phase runs (both kinds, so both carry that load).
 * Each round runs both push phases, dispatcher first in odd rounds and fan-out first in even ones, so neither
 * always runs on a database the other just grew. Herald (CPU 0) and the emulator (CPU 1) are separate processes.
 */
import { loadavg, uptime } from 'node:os';
import { textElem } from '@herald/sdk/chat';
import { hostFacts, type HostFacts } from '../shared/host.ts';
import { cpuLabel, planCpus } from '../shared/processes.ts';
import { round } from '../shared/stats.ts';
import { dispatchBody } from './dispatch-body.ts';
import { formatPhaseLine } from './format-report.ts';
import { dispatchTrial } from './dispatch-trial.ts';
import { fanoutTrial } from './fanout-trial.ts';
import { setUpRig, type SetupFacts } from './setup-rig.ts';
import { smallGroupAcks } from './small-group-acks.ts';
import { summarize, type FanoutRatios, type FanoutSummary, type FanoutTargets } from './summary.ts';
import type { PushTrial, SmallGroupAcks } from './trial-types.ts';

export interface GroupFanoutOptions {
  /** Members of the big group, the sender included (at most 100,000, a Community's limit). */
  members: number;
  /** Rounds of (dispatcher alone, fan-out) phases; each fan-out gives one big-group ack. */
  rounds: number;
  /** Messages to the 2-member group on an idle server, spread over the rounds. */
  smallAcks: number;
  /** A 2-member-group probe every this many ms while a push phase (either kind) runs; 0: none. */
  probeIntervalMs: number;
  /** Unmeasured 2-member-group messages before round 1 (the APNs connection, JIT). */
  warmupMessages: number;
  store: 'sqlite' | 'postgres';
  /** Server of the scratch databases when store is postgres. */
  databaseUrl: string;
  /** A phase that has not ended after this long fails; default 60 s + 2 ms per member. */
  phaseTimeoutSeconds?: number;
  /** Pin Herald to CPU 0 and the emulator to CPU 1; default: when taskset and ≥ 2 CPUs exist. */
  pin?: boolean;
  /** Time every SQL statement in Herald and report the top ones per phase (SQLite only; slows it a little). */
  sqlTiming: boolean;
  /** When set, Herald writes a V8 CPU profile of the whole run here on exit. */
  profileDir?: string;
  log?: (line: string) => void;
}

export const DEFAULT_OPTIONS: GroupFanoutOptions = {
  members: 100_000,
  rounds: 5,
  smallAcks: 20,
  probeIntervalMs: 250,
  warmupMessages: 3,
  store: 'sqlite',
  sqlTiming: false,
  databaseUrl: 'postgres://postgres@127.0.0.1:5432/postgres',
};

export interface GroupFanoutReport {
  benchmark: 'group-fanout';
  startedAt: string;
  finishedAt: string;
  machine: HostFacts & { pinned: boolean; serverCpu: string; emulatorCpu: string; loadAverageAtStart: number[]; uptimeSeconds: number };
  options: Omit<GroupFanoutOptions, 'log' | 'profileDir'>;
  setup: SetupFacts;
  trials: PushTrial[];
  smallGroupAcks: SmallGroupAcks[];
  summary: FanoutSummary;
  ratios: FanoutRatios;
  targets: FanoutTargets;
  correct: boolean;
}

export async function runGroupFanout(partial: Partial<GroupFanoutOptions> = {}): Promise<GroupFanoutReport> {
  const o: GroupFanoutOptions = { ...DEFAULT_OPTIONS, ...partial };
  const log = o.log ?? (() => undefined);
  if (!Number.isInteger(o.members) || o.members < 8 || o.members > 100_000) throw new Error('--members: 8 to 100000 (a Community holds at most 100,000)');
  const startedAt = new Date().toISOString();
  const host = hostFacts();
  const loadAverageAtStart = loadavg().map((x) => round(x, 2));
  log(`machine: ${host.nproc} × ${host.cpuModel}, load ${loadAverageAtStart.join(' ')}`);
  const { pinned, serverCpu, clientCpu } = planCpus(o.pin, host.nproc);
  const rig = await setUpRig({
    members: o.members, store: o.store, databaseUrl: o.databaseUrl, serverCpu, emulatorCpu: clientCpu,
    serverNodeArgs: o.profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${o.profileDir}`],
    sqlTiming: o.sqlTiming,
    // The profiler's sampling thread keeps the server at about 10 % of a core.
    quietShare: o.profileDir === undefined ? 0.05 : 0.2,
    phaseTimeoutMs: (o.phaseTimeoutSeconds ?? 60 + o.members * 0.002) * 1000,
    log,
  });
  const trials: PushTrial[] = [];
  const small: SmallGroupAcks[] = [];
  try {
    if (o.warmupMessages > 0) await smallGroupAcks(rig, 0, o.warmupMessages);
    for (let r = 1; r <= o.rounds; r++) {
      const share = Math.floor(o.smallAcks / o.rounds) + (r <= o.smallAcks % o.rounds ? 1 : 0);
      if (share > 0) small.push(await smallGroupAcks(rig, r, share));
      const phases = [
        async (position: number) => {
          const text = `dispatch r${r}`;
          return dispatchTrial(rig, r, position, { body: dispatchBody({ groupId: rig.bigGroup, name: rig.groupName }, [textElem(text)]), text }, o.probeIntervalMs);
        },
        (position: number) => fanoutTrial(rig, r, position, o.probeIntervalMs),
      ];
      if (r % 2 === 0) phases.reverse();
      for (const [i, phase] of phases.entries()) {
        const trial = await phase(i + 1);
        trials.push(trial);
        log(formatPhaseLine(trial));
      }
    }
  } finally {
    await rig.close();
  }

  const { summary, ratios, targets } = summarize(trials, small);
  const { log: _log, profileDir: _profileDir, ...recorded } = o;
  return {
    benchmark: 'group-fanout',
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: { ...host, pinned, serverCpu: cpuLabel(serverCpu), emulatorCpu: cpuLabel(clientCpu), loadAverageAtStart, uptimeSeconds: Math.round(uptime()) },
    options: recorded,
    setup: rig.facts,
    trials,
    smallGroupAcks: small,
    summary,
    ratios,
    targets,
    correct: rig.facts.seedingProblems.length === 0 && trials.length > 0 && trials.every((t) => t.correct) && small.every((s) => s.problems.length === 0),
  };
}
