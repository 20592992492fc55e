/**
 * Who gets an offline push, per device (reference §4.2, §4.8, §4.9): Tencent's message and recipient filters
 * first, then group tips and finished calls, then the device's state and push config — each with its reason.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AT_ALL } from '@herald/protocol';
import { devicePushDecision, mentionFacts, type DevicePushInput } from '../../src/im/offline-push/device-push-decision.ts';
import { DEVICE_STATES } from '../../src/im/presence/device-state.ts';

const noon = Date.UTC(2030, 0, 1, 12);
const base: DevicePushInput = {
  chatType: 'c2c', onlineUserOnly: false, disablePush: false, isCustomWithoutDesc: false, conversationOpt: 0, globalOpt: 0,
  dnd: { kind: 'none' }, mentionsMe: false, mentionsAll: false, now: noon,
  device: { state: 'push_online', hasPushConfig: true },
};
const decide = (o: Partial<DevicePushInput>) => devicePushDecision({ ...base, ...o });

describe('devicePushDecision', () => {
  it('pushes to a backgrounded or PushOnline device with a push config', () => {
    assert.deepEqual(decide({}), { push: true, reason: 'push' });
    assert.deepEqual(decide({ device: { state: 'background', hasPushConfig: true } }), { push: true, reason: 'push' });
  });

  it('never pushes to an offline device, nor to one in the foreground', () => {
    assert.deepEqual(decide({ device: { state: 'offline', hasPushConfig: true } }), { push: false, reason: 'device-offline' });
    assert.deepEqual(decide({ device: { state: 'online', hasPushConfig: true } }), { push: false, reason: 'device-foreground' });
  });

  it('does not push to a device without a push config (never reported, or set to null)', () => {
    assert.deepEqual(decide({ device: { state: 'push_online', hasPushConfig: false } }), { push: false, reason: 'no-push-config' });
    assert.deepEqual(decide({ device: { state: 'background', hasPushConfig: false } }), { push: false, reason: 'no-push-config' });
  });

  it('decides every device state', () => {
    const pushed = DEVICE_STATES.filter((state) => decide({ device: { state, hasPushConfig: true } }).push);
    assert.deepEqual(pushed, ['background', 'push_online']);
  });

  it('applies Tencent\'s message filters before the device, for every device alike', () => {
    for (const state of DEVICE_STATES) {
      const device = { state, hasPushConfig: true };
      assert.deepEqual(decide({ device, onlineUserOnly: true }), { push: false, reason: 'online-only' });
      assert.deepEqual(decide({ device, disablePush: true }), { push: false, reason: 'push-disabled' });
      assert.deepEqual(decide({ device, isCustomWithoutDesc: true }), { push: false, reason: 'custom-without-desc' });
      assert.deepEqual(decide({ device, conversationOpt: 2 }), { push: false, reason: 'receive-without-push' });
    }
  });

  it('keeps Meeting and AVChatRoom groups online only, and pushes Work, Public and Community', () => {
    for (const groupType of ['Meeting', 'AVChatRoom']) assert.deepEqual(decide({ chatType: 'group', groupType }), { push: false, reason: 'group-type-online-only' });
    for (const groupType of ['Work', 'Public', 'Community']) assert.equal(decide({ chatType: 'group', groupType }).push, true, groupType);
  });

  it('lets @ and @all through "push only @", and nothing else', () => {
    const group = { chatType: 'group' as const, groupType: 'Work', conversationOpt: 3 };
    assert.deepEqual(decide(group), { push: false, reason: 'mentions-only' });
    assert.equal(decide({ ...group, mentionsMe: true }).push, true);
    assert.equal(decide({ ...group, mentionsAll: true }).push, true);
    assert.deepEqual(decide({ ...group, mentionsMe: true, device: { state: 'offline', hasPushConfig: true } }), { push: false, reason: 'device-offline' });
  });

  it('holds back pushes inside the global do-not-disturb window', () => {
    const dnd = { kind: 'daily' as const, startSecond: 11 * 3600, duration: 2 * 3600 };
    assert.deepEqual(decide({ globalOpt: 2, dnd }), { push: false, reason: 'do-not-disturb' });
    assert.equal(decide({ globalOpt: 2, dnd, now: noon + 2 * 3600_000 }).push, true);
  });

  it('never pushes a group tip, nor a call that is no longer pending', () => {
    assert.deepEqual(decide({ chatType: 'group', groupType: 'Work', isTip: true }), { push: false, reason: 'group-tip' });
    assert.deepEqual(decide({ callPending: false }), { push: false, reason: 'call-not-pending' });
    assert.deepEqual(decide({ callPending: true }), { push: true, reason: 'push' });
  });
});

describe('mentionFacts', () => {
  it('reads @me and @all for a recipient, never for the sender', () => {
    assert.deepEqual(mentionFacts(['bob', 'carol'], 'bob', 'alice'), { mentionsMe: true, mentionsAll: false });
    assert.deepEqual(mentionFacts([AT_ALL], 'bob', 'alice'), { mentionsMe: false, mentionsAll: true });
    assert.deepEqual(mentionFacts([AT_ALL, 'alice'], 'alice', 'alice'), { mentionsMe: false, mentionsAll: false });
    assert.deepEqual(mentionFacts(undefined, 'bob', 'alice'), { mentionsMe: false, mentionsAll: false });
  });
});
