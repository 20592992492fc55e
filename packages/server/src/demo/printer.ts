/**
 * What the newcomer reads: numbered steps, one line each of what the step does, what Herald answered, and what
 * each virtual device showed (or that it showed nothing, and why). Writes through `write`, so the test can read it.
 */
import { parseOfflinePushExt } from '@herald/sdk';
import type { ShownNotification } from './phones.ts';

export interface Printer {
  line(text?: string): void;
  /** Starts the next numbered step. */
  step(title: string): void;
  /** What Herald (or an SDK call) answered. */
  answer(text: string): void;
  received(device: string, n: ShownNotification): void;
  /** No device showed anything; `code` is the self-check's reason (docs/offline-push.md, "Who gets a push"). */
  nothing(reason: string, code?: string): void;
  /** The step running now, for the failure message. */
  readonly current: { number: number; title: string } | undefined;
  readonly steps: number;
}

/** Tokens and secrets are long; the first characters are enough to tell them apart. */
export function short(value: string, keep = 8): string {
  return value.length <= keep + 3 ? value : `${value.slice(0, keep)}...`;
}

const ACTIONS: Record<number, string> = { 1: 'chat', 2: 'call' };
const CHAT_TYPES: Record<number, string> = { 1: 'c2c', 2: 'group' };

export function describeExt(ext: unknown): string {
  const entity = parseOfflinePushExt(ext);
  if (entity !== undefined) {
    return `entity {action ${entity.action} (${ACTIONS[entity.action] ?? '?'}), chatType ${entity.chatType} (${CHAT_TYPES[entity.chatType] ?? '?'}), sender ${entity.sender}}`;
  }
  if (ext === undefined || ext === null || ext === '') return 'none';
  const text = typeof ext === 'string' ? ext : JSON.stringify(ext);
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}

export function describeNotification(n: ShownNotification): string {
  const parts = [n.title === undefined ? `"${n.body ?? ''}"` : `"${n.title}" / "${n.body ?? ''}"`];
  if (n.badge !== undefined) parts.push(`badge ${n.badge}`);
  if (n.sound !== undefined) parts.push(`sound ${n.sound}`);
  parts.push(`ext ${describeExt(n.ext)}`);
  return parts.join(', ');
}

export function createPrinter(write: (text: string) => void = (text) => process.stdout.write(text)): Printer {
  let current: { number: number; title: string } | undefined;
  let count = 0;
  const line = (text = '') => write(`${text}\n`);
  return {
    line,
    step(title) {
      count += 1;
      current = { number: count, title };
      line();
      line(`${String(count).padStart(2)}. ${title}`);
    },
    answer: (text) => line(`    -> ${text}`),
    received: (device, n) => line(`    📱 ${device} received: ${describeNotification(n)}`),
    nothing: (reason, code) => line(`    (nothing received, as expected: ${reason}${code === undefined ? '' : ` [${code}]`})`),
    get current() {
      return current;
    },
    get steps() {
      return count;
    },
  };
}
