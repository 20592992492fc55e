/** The log line of each phase, and the Markdown tables printed at the end of a run (the JSON file carries everything else). */
import type { Distribution } from '../chat-latency/stats.ts';
import type { GroupFanoutReport } from './harness.ts';
import type { Target } from './summary.ts';
import type { PushTrial } from './trial-types.ts';
import { speedOf } from '../shared/host-speed.ts';

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function table(header: readonly string[], align: readonly ('l' | 'r')[], rows: readonly (readonly string[])[]): string[] {
  return [row(header), row(align.map((a) => (a === 'r' ? '---:' : '---'))), ...rows.map(row)];
}

const ms = (x: number | null | undefined, digits = 1): string => (x === null || x === undefined || Number.isNaN(x) ? '—' : x.toFixed(digits));
const verdict = (t: Target, unit = ''): string => `${t.measured.toFixed(unit === ' ms' ? 1 : 2)}${unit} (target ≤ ${t.target}${unit}): **${t.met ? 'met' : 'missed'}**`;
const ackRow = (name: string, d: Distribution | null): string[] =>
  d === null ? [name, '0', '—', '—', '—'] : [name, String(d.count), ms(d.p50, 2), ms(d.p99, 2), ms(d.max, 2)];

/** One line of the run's log per push phase (with --sql-timing, its top statements under it). */
export function formatPhaseLine(t: PushTrial): string {
  const tl = t.timeline;
  return `r${t.round} ${t.kind.padEnd(8)}: ${t.kind === 'fanout' ? 'ack' : 'response'} ${t.answerMs.toFixed(1)} ms, first push ${t.firstPushMs ?? '—'} ms, ` +
    `last push ${t.lastPushMs ?? '—'} ms (${t.pushesPerSecond}/s), settled ${t.settledMs ?? '—'} ms, server ${t.serverCpuSeconds.toFixed(2)} CPU-s ` +
    `(${t.serverCores.toFixed(2)} core), then ${t.tail.cpuSeconds.toFixed(2)} CPU-s in ${t.tail.waitedMs} ms until quiet; emulator ${t.emulatorCpuSeconds.toFixed(2)} CPU-s; ` +
    (t.kind === 'fanout'
      ? `${tl.pages} pages (run: first ${t.pageRunMs?.first ?? '—'} ms, p50 ${t.pageRunMs?.p50 ?? '—'} ms, max ${t.pageRunMs?.max ?? '—'} ms, sum ${t.pageRunMs?.total ?? '—'} ms; queued+run p50 ${tl.pageMsP50} ms), `
      : `${tl.resolveJobs} resolve jobs, `) +
    `${tl.tasks} tasks, ${tl.sendJobs} send jobs` +
    (t.probes === undefined || t.probes.sent === 0 ? '' : `; ${t.probes.sent} probes, ack p50 ${t.probes.ack.p50.toFixed(1)} p99 ${t.probes.ack.p99.toFixed(1)} ms`) +
    `; load ${t.loadAverage}` + (t.correct ? '' : `  INCORRECT: ${t.problems.join('; ')}`) +
    (t.sql === null ? '' : t.sql.map((q) => `\n    sql ${q.totalMs.toFixed(0).padStart(6)} ms ${String(q.calls).padStart(6)}× max ${q.maxMs.toFixed(1)} ms  ${q.sql}`).join(''));
}

export function formatReport(r: GroupFanoutReport): string {
  const m = r.machine;
  const o = r.options;
  const s = r.summary;
  return [
    `group-fanout  ${r.startedAt}  node ${m.node}  nproc ${m.nproc}  ${m.cpuModel}  ${speedOf(m)}  load at start ${m.loadAverageAtStart.join(' ')}`,
    `pinned: ${m.pinned ? `herald cpu ${m.serverCpu}, emulator cpu ${m.emulatorCpu}` : 'no'}  members ${o.members}  rounds ${o.rounds}  store ${o.store}  ` +
      `probes every ${o.probeIntervalMs} ms  seeding ${r.setup.seed.seconds.toFixed(1)} s  setup ${r.setup.setupSeconds} s`,
    '',
    'Every push phase (ms from the send / the request; odd rounds run the dispatcher first; "after": the server\'s CPU from settled until quiet):',
    '',
    ...table(
      ['round', 'phase', 'ack / response', 'first push', 'last push', 'pushes/s', 'settled', 'server CPU-s', 'server core', 'after: CPU-s / ms', 'emulator CPU-s', 'page run p50 / max ms', 'probe ack p99', 'correct'],
      ['r', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
      r.trials.map((t) => [
        String(t.round), t.kind, ms(t.answerMs, 2), ms(t.firstPushMs), ms(t.lastPushMs), String(t.pushesPerSecond), ms(t.settledMs),
        t.serverCpuSeconds.toFixed(2), ms(t.serverCores, 2), `${t.tail.cpuSeconds.toFixed(2)} / ${t.tail.waitedMs}`, t.emulatorCpuSeconds.toFixed(2),
        t.pageRunMs === null ? '—' : `${ms(t.pageRunMs.p50, 0)} / ${ms(t.pageRunMs.max, 0)}`,
        t.probes === undefined ? '—' : ms(t.probes.ack.p99, 2),
        t.correct ? 'yes' : `NO: ${t.problems.join('; ')}`,
      ]),
    ),
    '',
    'Sender acks (ms; each big-group and 2-member-group message on an idle server; probes during the push phases):',
    '',
    ...table(['messages to', 'n', 'p50', 'p99', 'max'], ['l', 'r', 'r', 'r', 'r'], [
      ackRow(`big group (${o.members})`, s.bigGroupAck),
      ackRow('2-member group', s.smallGroupAck),
      ackRow('2-member group, during a fan-out', s.probeAck),
      ackRow('2-member group, during a dispatch', s.probeAckDuringDispatch),
    ]),
    '',
    `Medians over ${o.rounds} round(s): last push ${ms(s.fanout.lastPushMs)} ms (fan-out) vs ${ms(s.dispatch.lastPushMs)} ms (dispatcher alone); ` +
      `server CPU ${s.fanout.serverCpuSeconds.toFixed(2)} vs ${s.dispatch.serverCpuSeconds.toFixed(2)} s.`,
    '',
    ...table(['ratio', 'of medians', 'paired by round'], ['l', 'r', 'r'], [
      ['last push: fan-out / dispatcher alone', r.ratios.lastPush.ofMedians.toFixed(3), r.ratios.lastPush.paired.toFixed(3)],
      ['settled: fan-out / dispatcher alone', r.ratios.settled.ofMedians.toFixed(3), r.ratios.settled.paired.toFixed(3)],
      ['server CPU: fan-out / dispatcher alone', r.ratios.serverCpu.ofMedians.toFixed(3), r.ratios.serverCpu.paired.toFixed(3)],
      ['ack p99: big group / 2-member group', r.ratios.ackP99BigVsSmall.toFixed(3), '—'],
    ]),
    '',
    `Targets: ack p99 ${verdict(r.targets.ackP99Ms, ' ms')}; ack p99 vs 2-member group ${verdict(r.targets.ackP99VsSmallGroup, '×')}; ` +
      `last push vs dispatcher alone ${verdict(r.targets.lastPushVsDispatcher, '×')}.`,
    r.setup.seedingProblems.length === 0 ? 'Seeding: the seeded rows match a real-API member\'s.' : `SEEDING PROBLEMS: ${r.setup.seedingProblems.join('; ')}`,
    r.correct ? 'Every phase was correct: each member\'s phone got exactly one push with the expected text, nothing refused.' : 'NOT CORRECT (see above).',
  ].join('\n');
}
