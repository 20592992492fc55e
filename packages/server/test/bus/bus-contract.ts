/**
 * What every bus adapter must do, as one suite run against each (bus.test.ts). A harness opens the bus "as one
 * process of the deployment sees it": in-process that is the same bus every time, on Redis a new bus with its
 * own connections on the same key prefix, so the suite also checks what one process sees of another's nodes.
 *
 * "Did not arrive" is checked with a barrier: after the message under test, the same bus publishes a marker to
 * a user of the node that must not have received it; pub/sub keeps one publisher's order, so when the marker has
 * arrived, anything published before it would have too.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Bus, BusMessage, UserAddress } from '../../src/bus/bus.ts';
import { eventFrame } from '../../src/bus/event-frame.ts';

export interface BusHarness {
  open(): Promise<Bus>;
  /**
   * Runs node `nodeId` in another process holding `deviceId` of `user`, then kills it without any cleanup.
   * Absent where a node cannot die apart from the bus (in-process).
   */
  crashNode?: ((nodeId: string, user: UserAddress, deviceId: string) => Promise<void>) | undefined;
  /** Closes every bus it opened and removes what they stored. */
  close(): Promise<void>;
}

export interface NodeRecorder {
  readonly got: BusMessage[];
  handler(message: BusMessage): void;
  /** Resolves when `count` messages have arrived; fails after 10 s saying what did arrive. */
  received(count: number): Promise<BusMessage[]>;
}

export function recorder(): NodeRecorder {
  const got: BusMessage[] = [];
  let wake: Array<() => void> = [];
  return {
    got,
    handler(message) {
      got.push(message);
      const waiting = wake;
      wake = [];
      for (const w of waiting) w();
    },
    async received(count) {
      const deadline = Date.now() + 10_000;
      while (got.length < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`expected ${count} bus messages, got ${got.length}: ${JSON.stringify(got)}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          wake.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return got;
    },
  };
}

const APP = 1400000001;
const OTHER_APP = 1400000002;
const user = (userId: string, sdkAppId = APP): UserAddress => ({ sdkAppId, userId });
const alice = user('alice');
const bob = user('bob');
const carol = user('carol');
const event = (to: UserAddress, name: string, data: unknown, deviceIds?: string[]): BusMessage => {
  const frames = [eventFrame(name, data)];
  return deviceIds === undefined ? { kind: 'event', user: to, frames } : { kind: 'event', user: to, frames, deviceIds };
};
/** The name of the first event an event message carries (undefined for a kick). */
export const eventName = (m: BusMessage): string | undefined =>
  m.kind === 'event' ? (JSON.parse(m.frames[0]!) as { event: string }).event : undefined;
const sorted = (nodes: string[]) => [...nodes].sort();

export function busContract(name: string, makeHarness: () => Promise<BusHarness>): void {
  describe(`bus contract: ${name}`, () => {
    async function withHarness(fn: (h: BusHarness) => Promise<void>): Promise<void> {
      const harness = await makeHarness();
      try {
        await fn(harness);
      } finally {
        await harness.close();
      }
    }

    test('join, leave and nodesOf track which attached nodes hold which devices, per app and user', () =>
      withHarness(async (h) => {
        const [one, two] = [await h.open(), await h.open()];
        await one.attachNode('n1', () => undefined);
        await two.attachNode('n2', () => undefined);
        await one.join('n1', alice, 'd1');
        await two.join('n2', alice, 'd2');
        await two.join('n2', bob, 'd3');
        for (const view of [one, two]) {
          assert.deepEqual(sorted(await view.nodesOf(alice)), ['n1', 'n2']);
          assert.deepEqual(await view.nodesOf(alice, 'd1'), ['n1']);
          assert.deepEqual(await view.nodesOf(alice, 'd3'), []);
          assert.deepEqual(await view.nodesOf(bob), ['n2']);
          assert.deepEqual(await view.nodesOf(carol), []);
          assert.deepEqual(await view.nodesOf(user('alice', OTHER_APP)), [], 'another app\'s alice is another user');
        }
        // The moment a login replaces a connection: one device on two nodes.
        await two.join('n2', alice, 'd1');
        assert.deepEqual(sorted(await one.nodesOf(alice, 'd1')), ['n1', 'n2']);
        await one.leave('n1', alice, 'd1');
        assert.deepEqual(await two.nodesOf(alice, 'd1'), ['n2']);
        // Joining twice is one entry; one leave removes it.
        await one.join('n1', carol, 'd9');
        await one.join('n1', carol, 'd9');
        assert.deepEqual(await two.nodesOf(carol), ['n1']);
        await one.leave('n1', carol, 'd9');
        assert.deepEqual(await two.nodesOf(carol), []);
        // Leaving what was never joined is harmless.
        await one.leave('n1', carol, 'never');
        // User ids are opaque: separators inside them do not make two users share presence.
        await one.join('n1', user('x:y'), 'z');
        assert.deepEqual(await two.nodesOf(user('x')), []);
        assert.deepEqual(await two.nodesOf(user('x:y')), ['n1']);
        await one.join('n1', user('名前 ü'), 'd\u00e9');
        assert.deepEqual(await two.nodesOf(user('名前 ü'), 'd\u00e9'), ['n1']);
      }));

    test('publish reaches exactly the nodes holding the user, once per node, with the message intact', () =>
      withHarness(async (h) => {
        const buses = [await h.open(), await h.open(), await h.open()];
        const [r1, r2, r3] = [recorder(), recorder(), recorder()];
        await buses[0]!.attachNode('n1', r1.handler);
        await buses[1]!.attachNode('n2', r2.handler);
        await buses[2]!.attachNode('n3', r3.handler);
        await buses[0]!.join('n1', alice, 'a1');
        await buses[0]!.join('n1', alice, 'a2');
        await buses[1]!.join('n2', bob, 'b1');
        await buses[2]!.join('n3', carol, 'c1');
        const data = { text: 'héllo 👋', n: 12.5, nested: { list: [1, null, 'x'], flag: true }, empty: {} };
        const publisher = buses[2]!;
        await publisher.publish(event(alice, 'message', data));
        await publisher.publish(event(user('nobody'), 'message', data));
        await publisher.publish(event(bob, 'barrier', 1));
        await publisher.publish(event(carol, 'barrier', 2));
        assert.deepEqual(await r1.received(1), [event(alice, 'message', data)]);
        assert.deepEqual(await r2.received(1), [event(bob, 'barrier', 1)]);
        assert.deepEqual(await r3.received(1), [event(carol, 'barrier', 2)]);
        // And nothing else reached n1 by the time the later barriers did.
        await publisher.publish(event(alice, 'barrier', 3));
        assert.deepEqual((await r1.received(2)).map((m) => eventName(m)), ['message', 'barrier']);
      }));

    test('an event naming deviceIds carries them and reaches only the nodes holding one of them', () =>
      withHarness(async (h) => {
        const buses = [await h.open(), await h.open(), await h.open()];
        const recorders = [recorder(), recorder(), recorder()];
        for (const [i, bus] of buses.entries()) {
          await bus.attachNode(`n${i + 1}`, recorders[i]!.handler);
          await bus.join(`n${i + 1}`, alice, `d${i + 1}`);
        }
        const publisher = buses[0]!;
        await publisher.publish(event(alice, 'conversationChanged', { c: 1 }, ['d2', 'd3']));
        await publisher.publish(event(alice, 'barrier', 0, ['d1']));
        assert.deepEqual(await recorders[1]!.received(1), [event(alice, 'conversationChanged', { c: 1 }, ['d2', 'd3'])]);
        assert.deepEqual(await recorders[2]!.received(1), [event(alice, 'conversationChanged', { c: 1 }, ['d2', 'd3'])]);
        assert.deepEqual(await recorders[0]!.received(1), [event(alice, 'barrier', 0, ['d1'])]);
        // Naming no device reaches nobody.
        await publisher.publish(event(alice, 'nobody', 0, []));
        await publisher.publish(event(alice, 'barrier', 1, ['d2']));
        assert.deepEqual((await recorders[1]!.received(2)).map((m) => eventName(m)), ['conversationChanged', 'barrier']);
      }));

    test('an event for all devices but one carries exceptDeviceId to the nodes holding the others', () =>
      withHarness(async (h) => {
        const buses = [await h.open(), await h.open()];
        const recorders = [recorder(), recorder()];
        for (const [i, bus] of buses.entries()) {
          await bus.attachNode(`n${i + 1}`, recorders[i]!.handler);
          await bus.join(`n${i + 1}`, alice, `d${i + 1}`);
        }
        const echo: BusMessage = { kind: 'event', user: alice, frames: [eventFrame('message', { m: 1 })], exceptDeviceId: 'd1' };
        await buses[0]!.publish(echo);
        assert.deepEqual(await recorders[1]!.received(1), [echo]);
      }));

    test('a kick reaches only the nodes holding that device, with every field', () =>
      withHarness(async (h) => {
        const buses = [await h.open(), await h.open(), await h.open()];
        const recorders = [recorder(), recorder(), recorder()];
        for (const [i, bus] of buses.entries()) await bus.attachNode(`n${i + 1}`, recorders[i]!.handler);
        await buses[0]!.join('n1', alice, 'phone');
        await buses[1]!.join('n2', alice, 'phone');
        await buses[2]!.join('n3', alice, 'tablet');
        const kick: BusMessage = { kind: 'kick', user: alice, deviceId: 'phone', reason: 'loggedInAgain', keepConnectionId: 'n2:7' };
        const kicked: BusMessage = { kind: 'kick', user: alice, deviceId: 'phone', reason: 'kicked', byDeviceId: 'tablet' };
        await buses[2]!.publish(kick);
        await buses[2]!.publish(kicked);
        await buses[2]!.publish(event(alice, 'barrier', 0, ['tablet']));
        assert.deepEqual(await recorders[0]!.received(2), [kick, kicked]);
        assert.deepEqual(await recorders[1]!.received(2), [kick, kicked]);
        assert.deepEqual(await recorders[2]!.received(1), [event(alice, 'barrier', 0, ['tablet'])]);
      }));

    test('a detached node receives nothing and holds no presence; attaching again starts empty', () =>
      withHarness(async (h) => {
        const [one, two] = [await h.open(), await h.open()];
        const [r1, r2] = [recorder(), recorder()];
        await one.attachNode('n1', r1.handler);
        const detach = await two.attachNode('n2', r2.handler);
        await one.join('n1', alice, 'a1');
        await two.join('n2', bob, 'b1');
        await one.publish(event(bob, 'before', 0));
        assert.equal((await r2.received(1))[0]?.kind, 'event');
        await detach();
        assert.deepEqual(await one.nodesOf(bob), []);
        await one.publish(event(bob, 'after', 0));
        const again = recorder();
        await two.attachNode('n2', again.handler);
        assert.deepEqual(await one.nodesOf(bob), [], 'the node comes back without its old presence');
        await two.join('n2', bob, 'b1');
        await one.publish(event(bob, 'barrier', 0));
        assert.deepEqual(await again.received(1), [event(bob, 'barrier', 0)]);
        assert.deepEqual(r2.got, [event(bob, 'before', 0)], 'nothing reached the detached handler');
        assert.equal(r1.got.length, 0);
      }));

    test('a node that dies without cleaning up stops counting once its presence expires', async (t) => {
      const probe = await makeHarness();
      const canCrash = probe.crashNode !== undefined;
      await probe.close();
      if (!canCrash) {
        t.skip(`${name}: a node cannot die apart from its bus (one process)`);
        return;
      }
      await withHarness(async (h) => {
        const live = await h.open();
        const r1 = recorder();
        await live.attachNode('n1', r1.handler);
        await live.join('n1', alice, 'phone');
        await h.crashNode!('dead', alice, 'laptop');
        const deadline = Date.now() + 15_000;
        while ((await live.nodesOf(alice)).includes('dead')) {
          assert.ok(Date.now() < deadline, 'the dead node still counts after 15 s');
          await new Promise((r) => setTimeout(r, 50));
        }
        assert.deepEqual(await live.nodesOf(alice), ['n1']);
        assert.deepEqual(await live.nodesOf(alice, 'laptop'), []);
        await live.publish(event(alice, 'still', 1));
        assert.deepEqual(await r1.received(1), [event(alice, 'still', 1)]);
      });
    });
  });
}
