/** The node's session registry: one device per user without a map, a second device and back. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionRegistry } from '../../src/ws/session-registry.ts';
import type { ChatSession } from '../../src/ws/types.ts';

const session = (userId: string, deviceId: string, sdkAppId = 1) => ({ sdkAppId, userId, deviceId }) as unknown as ChatSession;

test('get, list, replace and remove across one and several devices of a user', () => {
  const registry = createSessionRegistry();
  const alice = { sdkAppId: 1, userId: 'alice' };
  const phone = session('alice', 'phone');
  const laptop = session('alice', 'laptop');
  const tablet = session('alice', 'tablet');
  assert.equal(registry.add(phone), undefined);
  assert.equal(registry.get(alice, 'phone'), phone);
  assert.equal(registry.get(alice, 'laptop'), undefined);
  assert.equal(registry.get({ sdkAppId: 2, userId: 'alice' }, 'phone'), undefined);
  assert.equal(registry.add(laptop), undefined);
  assert.equal(registry.add(tablet), undefined);
  assert.deepEqual(registry.list(alice), [phone, laptop, tablet]);
  assert.equal(registry.size, 3);
  const phone2 = session('alice', 'phone');
  assert.equal(registry.add(phone2), phone);
  assert.equal(registry.size, 3);
  registry.remove(phone);
  assert.equal(registry.get(alice, 'phone'), phone2, 'a replaced session cannot remove its successor');
  registry.remove(laptop);
  registry.remove(phone2);
  assert.deepEqual(registry.list(alice), [tablet]);
  assert.equal(registry.get(alice, 'tablet'), tablet);
  const tablet2 = session('alice', 'tablet');
  assert.equal(registry.add(tablet2), tablet);
  assert.deepEqual(registry.list(alice), [tablet2]);
  registry.remove(tablet);
  assert.equal(registry.size, 1);
  registry.remove(tablet2);
  assert.deepEqual(registry.list(alice), []);
  assert.equal(registry.size, 0);
  assert.equal(registry.add(laptop), undefined);
  assert.deepEqual(registry.list(alice), [laptop]);
});

test("another app's user with the same userId and deviceId is another session", () => {
  const registry = createSessionRegistry();
  const one = session('alice', 'phone', 1);
  const two = session('alice', 'phone', 2);
  assert.equal(registry.add(one), undefined);
  assert.equal(registry.add(two), undefined);
  assert.equal(registry.get({ sdkAppId: 1, userId: 'alice' }, 'phone'), one);
  assert.equal(registry.get({ sdkAppId: 2, userId: 'alice' }, 'phone'), two);
  registry.remove(one);
  assert.deepEqual(registry.list({ sdkAppId: 1, userId: 'alice' }), []);
  assert.deepEqual(registry.list({ sdkAppId: 2, userId: 'alice' }), [two]);
  assert.equal(registry.size, 1);
});
