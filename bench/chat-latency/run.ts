/**
 * `npm run bench:chat-latency -- [--clients N] [--rate N] [--duration S] [--warmup S] [--drain S] [--processes N]
 *   [--rounds N] [--store sqlite|postgres] [--database-url URL] [--text-bytes N] [--only herald|bare] [--no-pin] [--nice=N]
 *   [--server-node-flags="FLAGS" (both servers; = with nothing after it for none)]
 *   [--profile DIR] [--heap-profile DIR] [--promotion-profile DIR] [--json out.json] [--quick]`
 * Prints the per-run log, then the Markdown tables; writes the JSON report (default: the temp directory).
 */
import { parseArgs } from 'node:util';
import { definedSetter, outputDir, runBenchCli } from '../shared/cli.ts';
import { formatReport } from './format-report.ts';
import { DEFAULT_OPTIONS, runChatLatency, type ChatLatencyOptions } from './harness.ts';
import { defaultReportPath } from './report-file.ts';
import { TARGET_NAMES, type TargetName } from './types.ts';

const QUICK: Partial<ChatLatencyOptions> = { clients: 400, rate: 500, durationSeconds: 3, warmupSeconds: 1, drainSeconds: 5, processes: 2, primeSockets: 20 };

function count(name: string, value: string | undefined, min = 1): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number ≥ ${min}, got '${value}'`);
  return n;
}

function parse(): { options: Partial<ChatLatencyOptions>; json: string | undefined } {
  const { values } = parseArgs({
    options: {
      clients: { type: 'string' },
      rate: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      drain: { type: 'string' },
      processes: { type: 'string' },
      rounds: { type: 'string' },
      store: { type: 'string' },
      'database-url': { type: 'string' },
      'text-bytes': { type: 'string' },
      only: { type: 'string' },
      quick: { type: 'boolean', default: false },
      'no-pin': { type: 'boolean', default: false },
      nice: { type: 'string' },
      'server-node-flags': { type: 'string' },
      profile: { type: 'string' },
      'heap-profile': { type: 'string' },
      'promotion-profile': { type: 'string' },
      json: { type: 'string' },
    },
  });
  const options: Partial<ChatLatencyOptions> = values.quick ? { ...QUICK } : {};
  const set = definedSetter(options);
  set('clients', count('clients', values.clients, 2));
  set('rate', count('rate', values.rate));
  set('durationSeconds', count('duration', values.duration));
  set('warmupSeconds', count('warmup', values.warmup, 0));
  set('drainSeconds', count('drain', values.drain, 0));
  set('processes', count('processes', values.processes));
  set('rounds', count('rounds', values.rounds));
  set('textBytes', count('text-bytes', values['text-bytes'], 16));
  if (values.store !== undefined) {
    if (values.store !== 'sqlite' && values.store !== 'postgres') throw new Error(`--store is sqlite or postgres, got '${values.store}'`);
    options.store = values.store;
  }
  if (values['database-url'] !== undefined) options.databaseUrl = values['database-url'];
  if (values.only !== undefined) {
    if (!TARGET_NAMES.includes(values.only as TargetName)) throw new Error(`--only is herald or bare, got '${values.only}'`);
    options.targets = [values.only as TargetName];
  }
  if (values['no-pin']) options.pin = false;
  if (values.nice !== undefined) {
    const nice = Number(values.nice);
    if (!Number.isInteger(nice) || nice < -20 || nice > 19) throw new Error(`--nice is an integer from -20 to 19, got '${values.nice}'`);
    options.nice = nice;
  }
  if (values['server-node-flags'] !== undefined) options.serverNodeFlags = values['server-node-flags'].split(/\s+/).filter((f) => f !== '');
  if (values.profile !== undefined) options.profileDir = outputDir(values.profile);
  if (values['heap-profile'] !== undefined) options.heapProfileDir = outputDir(values['heap-profile']);
  if (values['promotion-profile'] !== undefined) options.promotionProfileDir = outputDir(values['promotion-profile']);
  return { options, json: values.json };
}

runBenchCli({
  name: 'chat-latency',
  defaults: DEFAULT_OPTIONS,
  parse,
  run: (options, log) => runChatLatency({ ...options, log }),
  defaultReportPath,
  formatReport,
});
