/** The one-number token bucket gives the burst and the refill rate of a classic token bucket. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TokenBucketRule } from '../../src/ws/token-bucket.ts';

test('a full bucket allows `capacity` takes at once, then refills at `perSecond`', () => {
  const rule = new TokenBucketRule({ capacity: 5, perSecond: 2 });
  let state = 10_000;
  for (let i = 0; i < 5; i += 1) {
    state = rule.take(state, 10_000);
    assert.ok(!Number.isNaN(state), `take ${i + 1} of 5`);
  }
  assert.ok(Number.isNaN(rule.take(state, 10_000)), 'empty after the burst');
  assert.ok(Number.isNaN(rule.take(state, 10_499)), 'no token before 500 ms');
  state = rule.take(state, 10_500);
  assert.ok(!Number.isNaN(state), 'one token after 500 ms at 2/s');
  assert.ok(Number.isNaN(rule.take(state, 10_500)));
  // A long pause refills to capacity, never beyond.
  let takes = 0;
  for (let s = state; ; takes += 1) {
    s = rule.take(s, 1_000_000);
    if (Number.isNaN(s)) break;
  }
  assert.equal(takes, 5);
});

test('a steady rate at perSecond is never refused', () => {
  const rule = new TokenBucketRule({ capacity: 1, perSecond: 100 });
  let state = 0;
  for (let t = 0; t < 10_000; t += 10) {
    state = rule.take(state, t);
    assert.ok(!Number.isNaN(state), `refused at ${t} ms`);
  }
});
