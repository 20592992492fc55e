/**
 * Starting the benchmark's processes. Every process goes through `sh -c 'ulimit -n <hard>; exec …'`: Node cannot
 * raise its own open-file limit (there is no setrlimit), and a server holding 5,000+ sockets needs more than a
 * default soft limit of 1024. The shell raises the soft limit to the hard one (the hard limit itself cannot be
 * raised without CAP_SYS_RESOURCE) and then `exec`s, optionally through `taskset -c <cpu>`, so the pid the
 * parent gets is the Node process itself (what /proc/<pid> readings need) and every thread inherits the pinning.
 *
 * Each process also gets its own session (`detached`), hence its own scheduler autogroup where the kernel has
 * them (/proc/sys/kernel/sched_autogroup_enabled): CPU is shared fairly between sessions first, so a server left
 * in the harness's session would share one slice with its own clients against every other session on the box.
 * `nice` is applied to that autogroup too (/proc/self/autogroup), the only place it counts between sessions.
 */
import { spawn, spawnSync, type ChildProcess, type StdioOptions } from 'node:child_process';
import { nodeCommand, repoRoot, type NodeCommandOptions } from '../shared/processes.ts';

export interface LaunchOptions extends NodeCommandOptions {
  env?: NodeJS.ProcessEnv;
  stdio: StdioOptions;
}

/** The soft open-file limit child processes get (the hard limit of this shell). */
export function childFileLimit(): string {
  const r = spawnSync('sh', ['-c', 'ulimit -Hn'], { encoding: 'utf8' });
  return r.stdout.trim() || 'unknown';
}

export function launch(o: LaunchOptions): ChildProcess {
  const autogroupNice = o.nice === undefined ? '' : `echo ${o.nice} > /proc/self/autogroup 2>/dev/null; `;
  return spawn('sh', ['-c', `ulimit -n "$(ulimit -Hn)" 2>/dev/null; ${autogroupNice}exec "$@"`, 'sh', ...nodeCommand(o)], {
    cwd: repoRoot,
    detached: true,
    env: o.env ?? process.env,
    stdio: o.stdio,
  });
}
