/** The UserSig-expiry queue: heap order, removal, one timer re-armed for the earliest deadline, clock jumps. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDeadlineQueue, type DeadlineQueued } from '../../src/ws/deadline-queue.ts';

interface Item extends DeadlineQueued {
  name: string;
  deadline: number;
}

const item = (name: string, deadline: number): Item => ({ name, deadline, deadlineQueueIndex: -1 });

function queueWith(clock: { now: number }) {
  const due: string[] = [];
  const queue = createDeadlineQueue<Item>({ now: () => clock.now, deadlineOf: (i) => i.deadline, onDue: (i) => due.push(i.name) });
  return { queue, due };
}

/** Resolves once the queue's timer has had a chance to fire `ms` from now. */
const after = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('items fall due in deadline order, removed items never do, and the timer follows the earliest deadline', async () => {
  const clock = { now: 1_000 };
  const { queue, due } = queueWith(clock);
  const items = [item('c', 1_300), item('a', 1_100), item('gone', 1_050), item('b', 1_200), item('later', 1_000_000)];
  for (const i of items) queue.add(i);
  queue.remove(items[2]!);
  queue.remove(items[2]!);
  assert.equal(items[2]!.deadlineQueueIndex, -1);
  assert.equal(queue.size, 4);
  clock.now = 1_250;
  await after(150);
  assert.deepEqual(due, ['a', 'b']);
  assert.equal(queue.size, 2);
  clock.now = 1_300;
  await after(100);
  assert.deepEqual(due, ['a', 'b', 'c']);
  queue.clear();
  assert.equal(queue.size, 0);
  assert.equal(items[4]!.deadlineQueueIndex, -1);
});

test('an item added with an earlier deadline than the armed one fires first', async () => {
  const clock = { now: 0 };
  const { queue, due } = queueWith(clock);
  queue.add(item('slow', 60_000));
  queue.add(item('fast', 20));
  clock.now = 20;
  await after(80);
  assert.deepEqual(due, ['fast']);
  queue.clear();
});

test('a timer that fires before the clock reaches the deadline re-arms instead of firing early', async () => {
  const clock = { now: 0 };
  const { queue, due } = queueWith(clock);
  queue.add(item('x', 30));
  await after(80);
  assert.deepEqual(due, [], 'the injected clock has not moved');
  clock.now = 30;
  await after(80);
  assert.deepEqual(due, ['x']);
});

test('the heap stays ordered through many random adds and removes', async () => {
  const clock = { now: 0 };
  const { queue } = queueWith(clock);
  let seed = 7;
  const random = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
  const live = new Set<Item>();
  for (let i = 0; i < 2_000; i += 1) {
    if (live.size > 0 && random() < 0.4) {
      const victim = [...live][Math.floor(random() * live.size)]!;
      queue.remove(victim);
      live.delete(victim);
    } else {
      const it = item(`i${i}`, 1_000 + Math.floor(random() * 100_000));
      queue.add(it);
      live.add(it);
    }
  }
  assert.equal(queue.size, live.size);
  // Fire everything at once and check the order.
  const due: number[] = [];
  const order = createDeadlineQueue<Item>({ now: () => Number.POSITIVE_INFINITY, deadlineOf: (i) => i.deadline, onDue: (i) => due.push(i.deadline) });
  queue.clear();
  for (const it of live) order.add(it);
  await after(20);
  assert.equal(due.length, live.size);
  assert.deepEqual(due, [...due].sort((a, b) => a - b));
});
