/**
 * `npm run bench:push-dispatch -- [--count N] [--rounds N] [--warmup N] [--latency-count N] [--latency-ms N]
 *   [--streams N] [--quick] [--no-pin] [--profile DIR] [--json out.json]`
 * Prints the results table and writes the JSON report (default bench/results/push-dispatch-<date>.json).
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatReport } from './format-report.ts';
import { DEFAULT_OPTIONS, runPushDispatch, type PushDispatchOptions } from './harness.ts';
import { defaultReportPath, writeReport } from './report-file.ts';

const QUICK: Partial<PushDispatchOptions> = { count: 5_000, rounds: 1, warmupCount: 1_000, latencyCount: 5_000, latencyMs: 20 };

function positiveInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got '${value}'`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      count: { type: 'string' },
      rounds: { type: 'string' },
      warmup: { type: 'string' },
      'latency-count': { type: 'string' },
      'latency-ms': { type: 'string' },
      streams: { type: 'string' },
      quick: { type: 'boolean', default: false },
      'no-pin': { type: 'boolean', default: false },
      profile: { type: 'string' },
      json: { type: 'string' },
    },
  });
  const options: Partial<PushDispatchOptions> = values.quick ? { ...QUICK } : {};
  const set = <K extends keyof PushDispatchOptions>(k: K, v: PushDispatchOptions[K] | undefined): void => {
    if (v !== undefined) options[k] = v;
  };
  set('count', positiveInt('count', values.count));
  set('rounds', positiveInt('rounds', values.rounds));
  set('warmupCount', positiveInt('warmup', values.warmup));
  set('latencyCount', positiveInt('latency-count', values['latency-count']));
  set('latencyMs', positiveInt('latency-ms', values['latency-ms']));
  set('streams', positiveInt('streams', values.streams));
  if (values['no-pin']) options.pin = false;
  if (values.profile !== undefined) {
    options.profileDir = resolve(values.profile);
    mkdirSync(options.profileDir, { recursive: true });
  }
  options.log = (line) => console.log(line);

  console.log(`push-dispatch: ${JSON.stringify({ ...DEFAULT_OPTIONS, ...options, log: undefined })}`);
  const report = await runPushDispatch(options);
  const out = values.json !== undefined ? resolve(values.json) : defaultReportPath(report);
  writeReport(report, out);
  console.log('\n' + formatReport(report));
  console.log(`\nJSON: ${out}`);
  if (!report.correct) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
