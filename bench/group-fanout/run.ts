/**
 * `npm run bench:group-fanout -- [--members N] [--rounds N] [--small-acks N] [--probe-ms MS] [--warmup N]
 *   [--store sqlite|postgres] [--database-url URL] [--phase-timeout S] [--no-pin] [--sql-timing] [--profile DIR] [--json out.json]`
 * Prints the per-phase log, then the Markdown tables; writes the JSON report (default:
 * bench/results/group-fanout-<date>.json).
 */
import { parseArgs } from 'node:util';
import { definedSetter, outputDir, runBenchCli } from '../shared/cli.ts';
import { formatReport } from './format-report.ts';
import { DEFAULT_OPTIONS, runGroupFanout, type GroupFanoutOptions } from './harness.ts';
import { defaultReportPath } from './report-file.ts';

function count(name: string, value: string | undefined, min = 1): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}, got '${value}'`);
  return n;
}

function parse(): { options: Partial<GroupFanoutOptions>; json: string | undefined } {
  const { values } = parseArgs({
    options: {
      members: { type: 'string' },
      rounds: { type: 'string' },
      'small-acks': { type: 'string' },
      'probe-ms': { type: 'string' },
      warmup: { type: 'string' },
      store: { type: 'string' },
      'database-url': { type: 'string' },
      'phase-timeout': { type: 'string' },
      'no-pin': { type: 'boolean', default: false },
      'sql-timing': { type: 'boolean', default: false },
      profile: { type: 'string' },
      json: { type: 'string' },
    },
  });
  const options: Partial<GroupFanoutOptions> = {};
  const set = definedSetter(options);
  set('members', count('members', values.members, 8));
  set('rounds', count('rounds', values.rounds));
  set('smallAcks', count('small-acks', values['small-acks']));
  set('probeIntervalMs', count('probe-ms', values['probe-ms'], 0));
  set('warmupMessages', count('warmup', values.warmup, 0));
  set('phaseTimeoutSeconds', count('phase-timeout', values['phase-timeout']));
  if (values.store !== undefined) {
    if (values.store !== 'sqlite' && values.store !== 'postgres') throw new Error(`--store is sqlite or postgres, got '${values.store}'`);
    options.store = values.store;
  }
  if (values['database-url'] !== undefined) options.databaseUrl = values['database-url'];
  if (values['no-pin']) options.pin = false;
  if (values['sql-timing']) options.sqlTiming = true;
  if (values.profile !== undefined) options.profileDir = outputDir(values.profile);
  return { options, json: values.json };
}

runBenchCli({
  name: 'group-fanout',
  defaults: DEFAULT_OPTIONS,
  parse,
  run: (options, log) => runGroupFanout({ ...options, log }),
  defaultReportPath,
  formatReport,
});
