/**
 * The shape every benchmark's `run.ts` shares: read the flags, print the options, run, write the JSON report,
 * print the table and where the JSON went; a run that is not correct (or a bad flag) exits with code 1.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { writeReport } from './report-file.ts';

export interface BenchCli<O extends object, R extends { correct: boolean }> {
  /** Printed before the options, e.g. `chat-latency`. */
  name: string;
  /** The harness's defaults, printed merged with what the flags changed. */
  defaults: O;
  /** Reads the command line (throws on a bad flag): the options to change and the `--json` path, if any. */
  parse(): { options: Partial<O>; json: string | undefined };
  run(options: Partial<O>, log: (line: string) => void): Promise<R>;
  defaultReportPath(report: R): string;
  formatReport(report: R): string;
}

async function main<O extends object, R extends { correct: boolean }>(cli: BenchCli<O, R>): Promise<void> {
  const { options, json } = cli.parse();
  console.log(`${cli.name}: ${JSON.stringify({ ...cli.defaults, ...options })}`);
  const report = await cli.run(options, (line) => console.log(line));
  const out = json !== undefined ? resolve(json) : cli.defaultReportPath(report);
  writeReport(report, out);
  console.log('\n' + cli.formatReport(report));
  console.log(`\nJSON: ${out}`);
  if (!report.correct) process.exitCode = 1;
}

export function runBenchCli<O extends object, R extends { correct: boolean }>(cli: BenchCli<O, R>): void {
  main(cli).catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}

/** `set(key, value)` on `options`, skipping flags that were not given. */
export function definedSetter<O extends object>(options: Partial<O>): <K extends keyof O>(key: K, value: O[K] | undefined) => void {
  return (key, value) => {
    if (value !== undefined) options[key] = value;
  };
}

/** A directory named by a flag (e.g. `--profile DIR`), made absolute and created. */
export function outputDir(path: string): string {
  const dir = resolve(path);
  mkdirSync(dir, { recursive: true });
  return dir;
}
