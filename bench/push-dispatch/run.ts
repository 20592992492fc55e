/**
 * `npm run bench:push-dispatch -- [--vendors apns,fcm,webpush] [--count N] [--rounds N] [--warmup N]
 *   [--latency-count N] [--latency-ms N] [--streams N] [--fcm-count N] [--fcm-warmup N] [--webpush-count N]
 *   [--webpush-warmup N] [--concurrency N] [--verify] [--quick] [--no-pin] [--profile DIR] [--json out.json]`
 * Prints the results table and writes the JSON report (default bench/results/push-dispatch-<date>.json).
 * `--count`, `--warmup`, `--latency-*` and `--streams` are the APNs row's; `--concurrency` is the FCM and Web Push
 * rows' requests in flight; `--verify` has the Web Push browsers decrypt and check every message.
 */
import { parseArgs } from 'node:util';
import { definedSetter, outputDir, runBenchCli } from '../shared/cli.ts';
import { formatReport } from './format-report.ts';
import { DEFAULT_OPTIONS, runPushDispatch, type PushDispatchOptions } from './harness.ts';
import { defaultReportPath } from './report-file.ts';
import { VENDORS, type Vendor } from './types.ts';

const QUICK: Partial<PushDispatchOptions> = {
  count: 5_000,
  rounds: 1,
  warmupCount: 1_000,
  latencyCount: 5_000,
  latencyMs: 20,
  fcm: { ...DEFAULT_OPTIONS.fcm, count: 5_000, warmupCount: 1_000 },
  webPush: { ...DEFAULT_OPTIONS.webPush, count: 2_000, warmupCount: 500 },
};

function positiveInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got '${value}'`);
  return n;
}

function vendorList(value: string | undefined): Vendor[] | undefined {
  if (value === undefined) return undefined;
  const names = value.split(',').map((v) => v.trim());
  for (const n of names) if (!(VENDORS as readonly string[]).includes(n)) throw new Error(`--vendors takes ${VENDORS.join(',')}; got '${n}'`);
  return names as Vendor[];
}

function parse(): { options: Partial<PushDispatchOptions>; json: string | undefined } {
  const { values } = parseArgs({
    options: {
      vendors: { type: 'string' },
      count: { type: 'string' },
      rounds: { type: 'string' },
      warmup: { type: 'string' },
      'latency-count': { type: 'string' },
      'latency-ms': { type: 'string' },
      streams: { type: 'string' },
      'fcm-count': { type: 'string' },
      'fcm-warmup': { type: 'string' },
      'webpush-count': { type: 'string' },
      'webpush-warmup': { type: 'string' },
      concurrency: { type: 'string' },
      verify: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      'no-pin': { type: 'boolean', default: false },
      profile: { type: 'string' },
      json: { type: 'string' },
    },
  });
  const options: Partial<PushDispatchOptions> = values.quick ? { ...QUICK } : {};
  const set = definedSetter(options);
  set('vendors', vendorList(values.vendors));
  set('count', positiveInt('count', values.count));
  set('rounds', positiveInt('rounds', values.rounds));
  set('warmupCount', positiveInt('warmup', values.warmup));
  set('latencyCount', positiveInt('latency-count', values['latency-count']));
  set('latencyMs', positiveInt('latency-ms', values['latency-ms']));
  set('streams', positiveInt('streams', values.streams));
  const concurrency = positiveInt('concurrency', values.concurrency);
  const fcm = { ...(options.fcm ?? DEFAULT_OPTIONS.fcm) };
  fcm.count = positiveInt('fcm-count', values['fcm-count']) ?? fcm.count;
  fcm.warmupCount = positiveInt('fcm-warmup', values['fcm-warmup']) ?? fcm.warmupCount;
  fcm.concurrency = concurrency ?? fcm.concurrency;
  const webPush = { ...(options.webPush ?? DEFAULT_OPTIONS.webPush) };
  webPush.count = positiveInt('webpush-count', values['webpush-count']) ?? webPush.count;
  webPush.warmupCount = positiveInt('webpush-warmup', values['webpush-warmup']) ?? webPush.warmupCount;
  webPush.concurrency = concurrency ?? webPush.concurrency;
  if (values.verify) webPush.verify = true;
  options.fcm = fcm;
  options.webPush = webPush;
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
