/**
 * Items that each fall due at a deadline, in a binary min-heap ordered by deadline, with one timer for the whole
 * queue armed at the earliest deadline. It replaces one `setTimeout` per item (a Timeout object and a closure
 * for every connected session) while firing at the same moments. Each item carries its heap position, so
 * removing one is O(log n) with no side map.
 */

/** The field the queue keeps on each item: its index in the heap, -1 when not queued. */
export interface DeadlineQueued {
  deadlineQueueIndex: number;
}

export interface DeadlineQueue<T extends DeadlineQueued> {
  /** Queues the item (it must not be queued already) at `deadlineOf(item)`. */
  add(item: T): void;
  /** Takes the item out; nothing happens when it is not queued. */
  remove(item: T): void;
  readonly size: number;
  /** Stops the timer and drops every item. */
  clear(): void;
}

export interface DeadlineQueueOptions<T> {
  /** The clock deadlines are read against (it may be a test clock that jumps). */
  now(): number;
  /** Must not change while the item is queued. */
  deadlineOf(item: T): number;
  /** Called once for each item whose deadline has passed, after it left the queue. */
  onDue(item: T): void;
}

/** setTimeout's ceiling; a later deadline re-arms when the timer fires. */
const MAX_TIMER_MS = 2_147_483_647;

export function createDeadlineQueue<T extends DeadlineQueued>(o: DeadlineQueueOptions<T>): DeadlineQueue<T> {
  const heap: T[] = [];
  let timer: NodeJS.Timeout | undefined;
  /** The deadline the timer was armed for (Infinity when none): a new earlier head re-arms it. */
  let armedFor = Number.POSITIVE_INFINITY;

  const before = (a: T, b: T): boolean => o.deadlineOf(a) < o.deadlineOf(b);

  function place(item: T, index: number): void {
    heap[index] = item;
    item.deadlineQueueIndex = index;
  }

  function siftUp(index: number): void {
    const item = heap[index]!;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!before(item, heap[parent]!)) break;
      place(heap[parent]!, index);
      index = parent;
    }
    place(item, index);
  }

  function siftDown(index: number): void {
    const item = heap[index]!;
    const n = heap.length;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && before(heap[right]!, heap[left]!) ? right : left;
      if (!before(heap[child]!, item)) break;
      place(heap[child]!, index);
      index = child;
    }
    place(item, index);
  }

  function removeAt(index: number): T {
    const item = heap[index]!;
    const last = heap.pop()!;
    item.deadlineQueueIndex = -1;
    if (last !== item) {
      place(last, index);
      if (index > 0 && before(last, heap[(index - 1) >> 1]!)) siftUp(index);
      else siftDown(index);
    }
    return item;
  }

  function disarm(): void {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    armedFor = Number.POSITIVE_INFINITY;
  }

  function arm(): void {
    const head = heap[0];
    if (head === undefined) {
      disarm();
      return;
    }
    const deadline = o.deadlineOf(head);
    if (timer !== undefined && armedFor <= deadline) return;
    disarm();
    armedFor = deadline;
    timer = setTimeout(fire, Math.min(MAX_TIMER_MS, Math.max(0, deadline - o.now())));
    timer.unref();
  }

  function fire(): void {
    timer = undefined;
    armedFor = Number.POSITIVE_INFINITY;
    const now = o.now();
    while (heap.length > 0 && o.deadlineOf(heap[0]!) <= now) o.onDue(removeAt(0));
    arm();
  }

  return {
    add(item) {
      place(item, heap.length);
      siftUp(heap.length - 1);
      arm();
    },
    remove(item) {
      const index = item.deadlineQueueIndex;
      if (index < 0 || heap[index] !== item) return;
      removeAt(index);
      if (heap.length === 0) disarm();
    },
    get size() {
      return heap.length;
    },
    clear() {
      disarm();
      for (const item of heap) item.deadlineQueueIndex = -1;
      heap.length = 0;
    },
  };
}
