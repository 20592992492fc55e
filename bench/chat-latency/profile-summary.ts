/**
 * `tsx bench/chat-latency/profile-summary.ts <file.cpuprofile|file.heapprofile> [--last S] [--top N]`
 * Prints where a server profile's time (CPU profile: self and inclusive, by function and by file; `--last S` keeps
 * only the final S seconds; the bench's profile runs from the warm-up to the end of the drain) or memory (sampling
 * heap profile: live bytes by allocating function and by stack) goes.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { repoRoot } from '../shared/processes.ts';

interface CallFrame { functionName: string; url: string; lineNumber: number }
interface CpuNode { id: number; callFrame: CallFrame; children?: number[] }
interface CpuProfile { nodes: CpuNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }
interface HeapNode { callFrame: CallFrame; selfSize: number; children: HeapNode[] }

const short = (url: string): string => url.replace(/^file:\/\//, '').replace(repoRoot, '').replace(/^.*node_modules\//, 'nm/');
const label = (cf: CallFrame): string => `${cf.functionName || '(anonymous)'} ${short(cf.url)}${cf.url ? `:${cf.lineNumber + 1}` : ''}`;

function top(map: Map<string, number>, total: number, n: number, unit: (v: number) => string): string[] {
  return [...map].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${((100 * v) / total).toFixed(1).padStart(5)}%  ${unit(v).padStart(9)}  ${k}`);
}

function add(map: Map<string, number>, key: string, v: number): void {
  map.set(key, (map.get(key) ?? 0) + v);
}

function cpu(p: CpuProfile, lastSeconds: number | undefined, n: number): string[] {
  const byId = new Map(p.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of p.nodes) for (const c of node.children ?? []) parent.set(c, node.id);
  const perNode = new Map<number, number>();
  let t = p.startTime;
  let total = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const dt = p.timeDeltas[i] ?? 0;
    t += dt;
    if (lastSeconds !== undefined && p.endTime - t > lastSeconds * 1e6) continue;
    perNode.set(p.samples[i]!, (perNode.get(p.samples[i]!) ?? 0) + dt);
    total += dt;
  }
  const self = new Map<string, number>();
  const file = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let idle = 0;
  for (const [id, us] of perNode) {
    const cf = byId.get(id)!.callFrame;
    if (cf.functionName === '(idle)') idle += us;
    add(self, label(cf), us);
    add(file, cf.url === '' ? cf.functionName : short(cf.url), us);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const key = label(byId.get(cur)!.callFrame);
      if (!seen.has(key)) add(inclusive, key, us);
      seen.add(key);
    }
  }
  const ms = (us: number): string => `${(us / 1000).toFixed(0)} ms`;
  return [
    `window ${(total / 1e6).toFixed(2)} s, idle ${((100 * idle) / total).toFixed(1)} %`,
    '', '-- self time by function', ...top(self, total, n, ms),
    '', '-- self time by file', ...top(file, total, n, ms),
    '', '-- inclusive time by function', ...top(inclusive, total, 2 * n, ms),
  ];
}

function heap(root: HeapNode, n: number): string[] {
  const byFunction = new Map<string, number>();
  const byStack = new Map<string, number>();
  let total = 0;
  const walk = (node: HeapNode, stack: string[]): void => {
    const here = [...stack, label(node.callFrame)];
    if (node.selfSize > 0) {
      total += node.selfSize;
      add(byFunction, label(node.callFrame), node.selfSize);
      // The innermost frames of our own code say who made it; library frames below them say what it is.
      const ours = here.filter((f) => /packages\/|bench\//.test(f)).slice(-3);
      add(byStack, `${ours.join(' < ') || '(no Herald frame)'}  @ ${label(node.callFrame)}`, node.selfSize);
    }
    for (const c of node.children) walk(c, here);
  };
  walk(root, []);
  const kib = (b: number): string => `${(b / 1024).toFixed(0)} KiB`;
  return [
    `live sampled bytes ${kib(total)}`,
    '', '-- by allocating function', ...top(byFunction, total, n, kib),
    '', '-- by Herald frames (innermost 3) and allocating function', ...top(byStack, total, n, kib),
  ];
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { last: { type: 'string' }, top: { type: 'string' } } });
const file = positionals[0];
if (file === undefined) throw new Error('usage: profile-summary.ts <file.cpuprofile|file.heapprofile> [--last S] [--top N]');
const data = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile | { head: HeapNode } | HeapNode;
const n = Number(values.top ?? 25);
const lines = 'nodes' in data ? cpu(data, values.last === undefined ? undefined : Number(values.last), n) : heap('head' in data ? data.head : data, n);
console.log(lines.join('\n'));
