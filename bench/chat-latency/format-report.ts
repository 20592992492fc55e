/** The Markdown tables printed at the end of a run (the JSON file carries everything else). */
import type { ChatLatencyReport } from './harness.ts';
import { speedOf } from '../shared/host-speed.ts';

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function table(header: readonly string[], align: readonly ('l' | 'r')[], rows: readonly (readonly string[])[]): string[] {
  return [row(header), row(align.map((a) => (a === 'r' ? '---:' : '---'))), ...rows.map(row)];
}

/** `∞`: not delivered (or not answered) within the drain; JSON carries it as null. */
const ms = (x: number | null | undefined): string =>
  x === undefined ? '—' : x === null || x === Number.POSITIVE_INFINITY ? '∞' : Number.isNaN(x) ? '—' : x.toFixed(2);
const kb = (bytes: number): string => (bytes / 1024).toFixed(1);

export function formatReport(r: ChatLatencyReport): string {
  const m = r.machine;
  const o = r.options;
  const lines: string[] = [
    `chat-latency  ${r.startedAt}  node ${m.node}  nproc ${m.nproc}  ${m.cpuModel}  ${speedOf(m)}  open files ${m.openFileLimit}`,
    `pinned: ${m.pinned ? `server cpu ${m.serverCpu}, clients cpu ${m.clientCpu}` : 'no'}  nice ${m.nice}  clients ${o.clients} in ${o.processes} processes  ` +
      `rate ${o.rate}/s  warm-up ${o.warmupSeconds} s  measured ${o.durationSeconds} s  store ${o.store}  text ${o.textBytes} B  ` +
      `server node flags: ${Object.entries(o.serverNodeFlags).map(([target, flags]) => `${target} ${flags.join(' ') || 'none'}`).join(', ')}`,
    '',
    'Every run (end-to-end = receive − send at the recipient, ms):',
    '',
    ...table(
      ['round', 'server', 'p50', 'p99', 'p99.9', 'max', 'ack p99', 'msg/s', 'lost', 'server core', 'server CPU ms/msg', 'client core', 'send lag p99', 'RSS/conn KiB', 'heap/conn KiB', 'sent/acked/stored/acked-not-stored'],
      ['r', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
      r.runs.map((x) => [
        String(x.round),
        x.target,
        ms(x.endToEnd.p50),
        ms(x.endToEnd.p99),
        ms(x.endToEnd.p999),
        ms(x.endToEnd.max),
        ms(x.ack?.p99),
        String(x.achievedRate),
        String(x.lost),
        x.serverCpuShare.toFixed(2),
        x.serverCpuMsPerMessage.toFixed(3),
        x.clientCpuShare.toFixed(2),
        ms(x.sendLagP99Ms),
        kb(x.memory.rssPerConnectionBytes),
        kb(x.memory.heapPerConnectionBytes),
        x.persistence === undefined ? '—' : `${x.persistence.sent}/${x.persistence.acked}/${x.persistence.stored}/${x.persistence.ackedNotStored}`,
      ]),
    ),
    '',
    `Medians over ${o.rounds} round(s):`,
    '',
    ...table(
      ['server', 'p50', 'p99', 'p99.9', 'max', 'ack p99', 'msg/s', 'RSS/conn KiB', 'heap/conn KiB', 'server core', 'server CPU ms/msg'],
      ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
      r.summary.map((s) => [
        s.target, ms(s.p50), ms(s.p99), ms(s.p999), ms(s.max), ms(s.ackP99), String(s.achievedRate),
        kb(s.rssPerConnectionBytes), kb(s.heapPerConnectionBytes), s.serverCpuShare.toFixed(2), s.serverCpuMsPerMessage.toFixed(3),
      ]),
    ),
  ];
  const x = r.ratios;
  if (x.p99 !== undefined && x.p50 !== undefined && x.memoryPerConnection !== undefined) {
    lines.push(
      '',
      ...table(['herald / bare', 'of medians', 'paired (median of per-round)'], ['l', 'r', 'r'], [
        ['p50', ms(x.p50.ofMedians), ms(x.p50.paired)],
        ['p99', ms(x.p99.ofMedians), ms(x.p99.paired)],
        ['RSS per idle connection', ms(x.memoryPerConnection.ofMedians), ms(x.memoryPerConnection.paired)],
      ]),
    );
  }
  const t = r.targets;
  const verdict = (name: string, v: { target: number; measured: number; met: boolean } | undefined): string | undefined =>
    v === undefined ? undefined : `${name}: ${ms(v.measured)} (target ≤ ${v.target}) ${v.met ? 'MET' : 'MISSED'}`;
  lines.push(
    '',
    ...[
      verdict('herald p99 / bare p99', t.p99VsBare),
      verdict('herald p99 ms', t.p99Absolute),
      verdict('herald / bare RSS per idle connection', t.memoryVsBare),
    ].filter((v): v is string => v !== undefined),
    `correctness (nothing lost, no errors, no socket closed, every Herald message acked and stored): ${r.correct ? 'OK' : 'FAILED'}`,
  );
  return lines.join('\n');
}
