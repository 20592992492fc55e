/**
 * `npm run bench:push-dispatch -- [--count N] [--rounds N] [--warmup N] [--latency-count N] [--latency-ms N]
 *   [--streams N] [--quick] [--no-pin] [--profile DIR] [--json out.json]`
 * Prints the results table and writes the JSON report (default bench/results/push-dispatch-<date>.json).
 */
import { parseArgs } from 'node:util';
import { definedSetter, outputDir, runBenchCli } from '../shared/cli.ts';
import { formatReport } from './format-report.ts';
import { DEFAULT_OPTIONS, runPushDispatch, type PushDispatchOptions } from './harness.ts';
import { defaultReportPath } from './report-file.ts';

const QUICK: Partial<PushDispatchOptions> = { count: 5_000, rounds: 1, warmupCount: 1_000, latencyCount: 5_000, latencyMs: 20 };

function positiveInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got '${value}'`);
  return n;
}

function parse(): { options: Partial<PushDispatchOptions>; json: string | undefined } {
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
  const set = definedSetter(options);
  set('count', positiveInt('count', values.count));
  set('rounds', positiveInt('rounds', values.rounds));
  set('warmupCount', positiveInt('warmup', values.warmup));
  set('latencyCount', positiveInt('latency-count', values['latency-count']));
  set('latencyMs', positiveInt('latency-ms', values['latency-ms']));
  set('streams', positiveInt('streams', values.streams));
  if (values['no-pin']) options.pin = false;
  if (values.profile !== undefined) options.profileDir = outputDir(values.profile);
  return { options, json: values.json };
}

runBenchCli({
  name: 'push-dispatch',
  defaults: DEFAULT_OPTIONS,
  parse,
  run: (options, log) => runPushDispatch({ ...options, log }),
  defaultReportPath,
  formatReport,
});
