import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAccessTokenCache, createRetryDelays, createSendLimiter, parseRetryAfter, type AccessToken } from '../shared/index.ts';
import type { ChannelId } from '../types.ts';

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(err: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every pending promise callback run. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('send limiter', () => {
  it('runs up to maxInFlight at once and the rest in arrival order, counting what waited', async () => {
    const limited: Array<[ChannelId, 'delayed' | 'dropped']> = [];
    const limiter = createSendLimiter('fcm', { maxInFlight: 2, maxQueued: 10, observer: { onLimited: (c, k) => limited.push([c, k]) } });
    const gates = Array.from({ length: 5 }, () => deferred<number>());
    const started: number[] = [];
    const runs = gates.map((g, i) =>
      limiter.run(() => {
        started.push(i);
        return g.promise;
      }),
    );
    await settle();
    assert.deepEqual(started, [0, 1]);
    assert.deepEqual(limiter.stats, { inFlight: 2, queued: 3, delayed: 3, dropped: 0 });
    gates[1]!.resolve(1);
    await settle();
    assert.deepEqual(started, [0, 1, 2], 'the freed slot goes to the first in line');
    // A newcomer does not overtake the queue.
    const late = deferred<number>();
    const lateRun = limiter.run(() => {
      started.push(5);
      return late.promise;
    });
    gates[0]!.resolve(0);
    await settle();
    assert.deepEqual(started, [0, 1, 2, 3]);
    for (const [i, g] of gates.entries()) g.resolve(i);
    late.resolve(5);
    assert.deepEqual(await Promise.all([...runs, lateRun]), [0, 1, 2, 3, 4, 5]);
    assert.deepEqual(started, [0, 1, 2, 3, 4, 5]);
    assert.deepEqual(limiter.stats, { inFlight: 0, queued: 0, delayed: 4, dropped: 0 });
    assert.deepEqual(limited, [['fcm', 'delayed'], ['fcm', 'delayed'], ['fcm', 'delayed'], ['fcm', 'delayed']]);
  });

  it('refuses at once, without running it, what the full queue cannot hold', async () => {
    const limited: string[] = [];
    const limiter = createSendLimiter('huawei', { maxInFlight: 1, maxQueued: 1, observer: { onLimited: (_c, k) => limited.push(k) } });
    const gate = deferred<string>();
    let ran = 0;
    const first = limiter.run(() => gate.promise);
    const second = limiter.run(async () => {
      ran++;
      return 'second';
    });
    const third = await limiter.run(async () => {
      ran++;
      return 'third';
    });
    assert.equal(third, undefined);
    assert.equal(ran, 0);
    gate.resolve('first');
    assert.deepEqual([await first, await second], ['first', 'second']);
    assert.deepEqual(limiter.stats, { inFlight: 0, queued: 0, delayed: 1, dropped: 1 });
    assert.deepEqual(limited, ['delayed', 'dropped']);
    const none = createSendLimiter('vivo', { maxInFlight: 1, maxQueued: 0 });
    const busy = none.run(() => new Promise((resolve) => setImmediate(resolve)));
    assert.equal(await none.run(async () => 'x'), undefined);
    await busy;
  });

  it('frees the slot when the work fails, and passes the error on', async () => {
    const limiter = createSendLimiter('oppo', { maxInFlight: 1, maxQueued: 5 });
    const failing = limiter.run(async () => {
      throw new Error('vendor down');
    });
    const next = limiter.run(async () => 'ran');
    await assert.rejects(failing, /vendor down/);
    assert.equal(await next, 'ran');
    assert.equal(limiter.stats.inFlight, 0);
  });
});

describe('retry delays', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.UTC(2024, 0, 1, 12, 0, 0);
    assert.equal(parseRetryAfter('120', now), 120_000);
    assert.equal(parseRetryAfter('0', now), 0);
    assert.equal(parseRetryAfter('1.5', now), 1500);
    assert.equal(parseRetryAfter(' 7 ', now), 7000);
    assert.equal(parseRetryAfter('Mon, 01 Jan 2024 12:00:30 GMT', now), 30_000);
    assert.equal(parseRetryAfter('Mon, 01 Jan 2024 11:00:00 GMT', now), 0, 'a date in the past means now');
    for (const absent of [undefined, null, '', '   ', 'soon']) assert.equal(parseRetryAfter(absent, now), undefined, String(absent));
  });

  it('honours Retry-After, capped, without raising the backoff', () => {
    let now = 0;
    const delays = createRetryDelays({ maxDelayMs: 60_000, clock: () => now });
    assert.equal(delays.next(1000, '7'), 7000);
    assert.equal(delays.next(1000, '3600'), 60_000);
    now += 5000;
    assert.equal(delays.next(1000, null), 1000, 'the backoff starts at the base');
  });

  it('doubles once per base interval of trouble, not per failure, up to the cap, and starts over after a success', () => {
    let now = 0;
    const delays = createRetryDelays({ maxDelayMs: 8000, clock: () => now });
    const burst = [delays.next(1000), delays.next(1000), delays.next(1000)];
    assert.deepEqual(burst, [1000, 1000, 1000], 'a burst of failures in one instant is one incident');
    const seen: number[] = [];
    for (let i = 0; i < 5; i++) {
      now += 1000;
      seen.push(delays.next(1000));
    }
    assert.deepEqual(seen, [2000, 4000, 8000, 8000, 8000]);
    delays.succeeded();
    now += 1000;
    assert.equal(delays.next(1000), 1000);
    now += 1000;
    assert.equal(delays.next(1000), 2000);
  });

  it('gives the base delay to the first failure after a success', () => {
    let now = 0;
    const delays = createRetryDelays({ maxDelayMs: 8000, clock: () => now });
    assert.equal(delays.next(1000), 1000);
    delays.succeeded();
    now += 10;
    assert.equal(delays.next(1000), 1000);
  });

  it('ignores a Retry-After that is neither delay-seconds nor an HTTP date', () => {
    assert.equal(parseRetryAfter('-5', Date.now()), undefined);
  });
});

describe('access token cache', () => {
  function source(lifetimeMs: number, clock: () => number) {
    let n = 0;
    const fetch = async (): Promise<AccessToken> => {
      n++;
      return { value: `token-${n}`, expiresAt: clock() + lifetimeMs };
    };
    return { fetch, count: () => n };
  }

  it('reuses a token until five minutes before it expires', async () => {
    let now = 0;
    const s = source(3600_000, () => now);
    const cache = createAccessTokenCache(s.fetch, { clock: () => now });
    assert.equal(await cache.get(), 'token-1');
    now = 3600_000 - 300_000 - 1;
    assert.equal(await cache.get(), 'token-1');
    now += 1;
    assert.equal(await cache.get(), 'token-2');
    assert.equal(s.count(), 2);
  });

  it('honours another margin', async () => {
    let now = 0;
    const s = source(60_000, () => now);
    const cache = createAccessTokenCache(s.fetch, { clock: () => now, marginMs: 10_000 });
    await cache.get();
    now = 49_999;
    assert.equal(await cache.get(), 'token-1');
    now = 50_000;
    assert.equal(await cache.get(), 'token-2');
  });

  it('shares one fetch between concurrent callers', async () => {
    const gate = deferred<AccessToken>();
    let fetches = 0;
    const cache = createAccessTokenCache(() => {
      fetches++;
      return gate.promise;
    });
    const waiting = [cache.get(), cache.get(), cache.get()];
    gate.resolve({ value: 'shared', expiresAt: Date.now() + 3600_000 });
    assert.deepEqual(await Promise.all(waiting), ['shared', 'shared', 'shared']);
    assert.equal(fetches, 1);
  });

  it('does not cache a failure: every waiter gets the error and the next call fetches again', async () => {
    let fetches = 0;
    const gate = deferred<AccessToken>();
    const cache = createAccessTokenCache(() => {
      fetches++;
      return fetches === 1 ? gate.promise : Promise.resolve({ value: 'second', expiresAt: Date.now() + 3600_000 });
    });
    const a = cache.get();
    const b = cache.get();
    gate.reject(new Error('invalid_grant'));
    await assert.rejects(a, /invalid_grant/);
    await assert.rejects(b, /invalid_grant/);
    assert.equal(await cache.get(), 'second');
    assert.equal(fetches, 2);
  });

  it('forgets a refused token, but not one that already replaced it', async () => {
    let now = 0;
    const s = source(3600_000, () => now);
    const cache = createAccessTokenCache(s.fetch, { clock: () => now });
    assert.equal(await cache.get(), 'token-1');
    cache.invalidate('token-1');
    assert.equal(await cache.get(), 'token-2');
    // A late 401 for the old token must not throw away the new one.
    cache.invalidate('token-1');
    assert.equal(await cache.get(), 'token-2');
    assert.equal(s.count(), 2);
  });

  it('caches a token whose lifetime is shorter than the margin', async () => {
    let now = 0;
    const s = source(120_000, () => now);
    const cache = createAccessTokenCache(s.fetch, { clock: () => now });
    await cache.get();
    await cache.get();
    assert.equal(s.count(), 1);
  });
});
