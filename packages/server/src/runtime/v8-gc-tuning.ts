/**
 * Two V8 garbage-collector settings for the server process. Each is left alone when the node command line sets the
 * flag itself.
 *
 * Allocation-site pretenuring off. A chat server's objects live for one message, a few milliseconds. When a stall
 * holds messages in queues across a young-generation GC, their allocation sites look long-lived and V8 starts
 * allocating everything from them straight in the old generation: old-generation garbage that then costs a full GC
 * every few seconds and makes every young GC slower (old-to-new slots to scan: 2–6 ms instead of ~1 ms at 5,000
 * msg/s). V8 reads the flag as it counts survivors at each young GC, so it is set before the server's modules run.
 *
 * Heap growing percent. After a full GC V8 lets the old generation grow by a factor it picks from its own GC and
 * allocation speeds, here ~1.3 times the live heap: with a few MB a second promoted, a full GC every 2–4 s, and on
 * one core each one's marking holds up chat messages for 100–300 ms. A fixed factor of 4 (V8's own upper bound for
 * large heaps) makes them a fraction as frequent, for a heap up to four times its live size between them. V8 reads
 * it when it sets the next limit, so it can follow the configuration.
 */
import { setFlagsFromString } from 'node:v8';

export type SetV8Flags = (flags: string) => void;

function setOnCommandLine(execArgv: readonly string[], flag: string): boolean {
  const names = new Set([flag, flag.replaceAll('-', '_')]);
  return execArgv.some((arg) => {
    const name = arg.replace(/^--(no-)?/, '').split('=')[0]!;
    return arg.startsWith('--') && names.has(name);
  });
}

/** Returns whether it set the flag. */
export function disablePretenuring(execArgv: readonly string[] = process.execArgv, setFlags: SetV8Flags = setFlagsFromString): boolean {
  if (setOnCommandLine(execArgv, 'allocation-site-pretenuring')) return false;
  setFlags('--no-allocation-site-pretenuring');
  return true;
}

/** 0 leaves V8's own choice. Returns whether it set the flag. */
export function setHeapGrowingPercent(percent: number, execArgv: readonly string[] = process.execArgv, setFlags: SetV8Flags = setFlagsFromString): boolean {
  if (percent === 0 || setOnCommandLine(execArgv, 'heap-growing-percent')) return false;
  setFlags(`--heap-growing-percent=${percent}`);
  return true;
}
