/** The human-readable table printed at the end of a run (the JSON file carries everything else). */
import { COMPARISONS, type Target } from './comparisons.ts';
import type { PushDispatchReport } from './harness.ts';
import { speedOf } from '../shared/host-speed.ts';

function pad(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  return [pad(header, widths), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map((r) => pad(r, widths))];
}

export function formatReport(r: PushDispatchReport): string {
  const m = r.machine;
  const o = r.options;
  const bytes = Object.entries(r.payloadBytes)
    .map(([vendor, n]) => `${vendor} ${n} B`)
    .join(', ');
  const counts = [
    o.vendors.includes('apns') ? `apns ${o.count}` : undefined,
    o.vendors.includes('fcm') ? `fcm ${o.fcm.count} (${o.fcm.concurrency} in flight)` : undefined,
    o.vendors.includes('webpush') ? `webpush ${o.webPush.count} (${o.webPush.concurrency} in flight${o.webPush.verify ? ', decrypted' : ''})` : undefined,
  ].filter((x): x is string => x !== undefined);
  const lines: string[] = [
    `push-dispatch  ${r.startedAt}  node ${m.node}  nproc ${m.nproc}  ${m.cpuModel}  ${speedOf(m)}`,
    `pinned: ${m.pinned ? `emulator cpu ${m.emulatorCpu}, clients cpu ${m.clientCpu}` : 'no'}  payload ${bytes}  ` +
      `apns streams ${o.streams}  chunk ${o.chunkSize} x ${o.sendsInFlight} in flight`,
    '',
    `CPU-bound (latency 0): ${counts.join(', ')} messages per client, ${o.rounds} round(s), medians [IQR]`,
    ...table(
      ['row', 'client', 'msg/s', 'IQR', 'cpu-s/10k', 'msg/cpu-s', 'client core', 'emulator core'],
      r.cpuMode.map((s) => [
        s.vendor,
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
  for (const c of COMPARISONS) {
    const x = r.ratios[c.key];
    if (x === undefined) continue;
    ratioRows.push([
      `${c.herald} / ${c.other}`,
      x.rate.ofMedians.toFixed(2),
      x.rate.pairedMedian.toFixed(2),
      x.cpuPer10k.ofMedians.toFixed(2),
      c.target === undefined ? '-' : `>= ${c.target.min.toFixed(2)}`,
    ]);
  }
  if (ratioRows.length > 0) {
    lines.push('', ...table(['ratio', 'rate', 'rate (paired)', 'cpu/10k', 'rate target'], ratioRows));
  }
  if (r.latencyMode.length > 0) {
    lines.push(
      '',
      `Latency-bound (APNs): one connection, injected latency in the emulator`,
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
  const verdict = (name: string, x: Target | undefined): string | undefined =>
    x === undefined ? undefined : `${name}: ${x.measured.toFixed(3)} (target ${x.target}) ${x.met ? 'MET' : 'MISSED'}`;
  const rateVerdicts = COMPARISONS.map((c) => (c.target === undefined ? undefined : verdict(`${c.herald}/${c.other} rate`, r.targets[c.target.key])));
  lines.push(
    '',
    ...[...rateVerdicts, verdict('latency efficiency', r.targets.latencyEfficiency)].filter((x): x is string => x !== undefined),
    `correctness (emulator accepted = client delivered = count, nothing refused, every run): ${r.correct ? 'OK' : 'FAILED'}`,
  );
  return lines.join('\n');
}
