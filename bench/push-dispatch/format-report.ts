/** The human-readable table printed at the end of a run (the JSON file carries everything else). */
import type { PushDispatchReport } from './harness.ts';

function pad(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  return [pad(header, widths), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map((r) => pad(r, widths))];
}

export function formatReport(r: PushDispatchReport): string {
  const m = r.machine;
  const lines: string[] = [
    `push-dispatch  ${r.startedAt}  node ${m.node}  nproc ${m.nproc}  ${m.cpuModel}`,
    `pinned: ${m.pinned ? `emulator cpu ${m.emulatorCpu}, clients cpu ${m.clientCpu}` : 'no'}  payload ${r.payloadBytes} B  ` +
      `streams ${r.options.streams}  chunk ${r.options.chunkSize} x ${r.options.sendsInFlight} in flight`,
    '',
    `CPU-bound (latency 0): ${r.options.count} notifications per client, ${r.options.rounds} round(s), medians [IQR]`,
    ...table(
      ['client', 'notif/s', 'IQR', 'cpu-s/10k', 'notif/cpu-s', 'client core', 'emulator core'],
      r.cpuMode.map((s) => [
        s.client,
        String(s.notificationsPerSecond.median),
        `${s.notificationsPerSecond.q1}-${s.notificationsPerSecond.q3}`,
        s.cpuSecondsPer10k.median.toFixed(3),
        String(s.notificationsPerCpuSecond),
        s.clientCpuShare.toFixed(2),
        s.emulatorCpuShare.toFixed(2),
      ]),
    ),
  ];
  const ratioRows: string[][] = [];
  if (r.ratios.heraldOverNodeApn !== undefined) {
    const x = r.ratios.heraldOverNodeApn;
    ratioRows.push(['herald / node-apn', x.rate.ofMedians.toFixed(2), x.rate.pairedMedian.toFixed(2), x.cpuPer10k.ofMedians.toFixed(2), '>= 2.00']);
  }
  if (r.ratios.heraldOverBare !== undefined) {
    const x = r.ratios.heraldOverBare;
    ratioRows.push(['herald / bare-h2', x.rate.ofMedians.toFixed(2), x.rate.pairedMedian.toFixed(2), x.cpuPer10k.ofMedians.toFixed(2), '>= 0.80']);
  }
  if (ratioRows.length > 0) {
    lines.push('', ...table(['ratio', 'rate', 'rate (paired)', 'cpu/10k', 'rate target'], ratioRows));
  }
  if (r.latencyMode.length > 0) {
    lines.push(
      '',
      `Latency-bound: one connection, injected latency in the emulator`,
      ...table(
        ['client', 'count', 'latency ms', 'streams', 'notif/s', 'streams/RTT', 'efficiency', 'max streams seen'],
        r.latencyMode.map((l) => [
          l.client,
          String(l.count),
          String(l.latencyMs),
          String(l.streams),
          String(l.notificationsPerSecond),
          String(Math.round(l.idealPerSecond)),
          l.efficiency.toFixed(3),
          String(l.maxStreamsSeen),
        ]),
      ),
    );
  }
  const t = r.targets;
  const verdict = (name: string, x: { target: number; measured: number; met: boolean } | undefined): string | undefined =>
    x === undefined ? undefined : `${name}: ${x.measured.toFixed(3)} (target ${x.target}) ${x.met ? 'MET' : 'MISSED'}`;
  lines.push(
    '',
    ...[
      verdict('herald/node-apn rate', t.rateVsNodeApn),
      verdict('herald/bare-h2 rate', t.rateVsBare),
      verdict('latency efficiency', t.latencyEfficiency),
    ].filter((x): x is string => x !== undefined),
    `correctness (emulator accepted = client delivered = count, every run): ${r.correct ? 'OK' : 'FAILED'}`,
  );
  return lines.join('\n');
}
