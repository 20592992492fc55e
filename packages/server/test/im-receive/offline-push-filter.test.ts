/**
 * The offline push decision (reference §4.2 and §4.8) and the do-not-disturb window, as pure functions: every
 * filter on its own, their order, @ mentions under option 3, and daily windows across midnight.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dndWindowOf, inDndWindow, type DndWindow } from '../../src/im/receive/dnd-window.ts';
import { offlinePushDecision, type OfflinePushFilterInput } from '../../src/im/receive/offline-push-filter.ts';

/** 2030-01-01T00:00:00Z plus the given time of day (UTC). */
const at = (h: number, m = 0, s = 0) => Date.UTC(2030, 0, 1, h, m, s);
const daily = (startSecond: number, duration: number): DndWindow => ({ kind: 'daily', startSecond, duration });

const base: OfflinePushFilterInput = {
  chatType: 'c2c', onlineUserOnly: false, disablePush: false, isCustomWithoutDesc: false, conversationOpt: 0, globalOpt: 0,
  dnd: { kind: 'none' }, mentionsMe: false, mentionsAll: false, now: at(12),
};
const decide = (o: Partial<OfflinePushFilterInput>) => offlinePushDecision({ ...base, ...o });

describe('offlinePushDecision', () => {
  it('pushes an ordinary message with default options', () => {
    assert.deepEqual(decide({}), { push: true, reason: 'push' });
    assert.deepEqual(decide({ chatType: 'group', groupType: 'Work' }), { push: true, reason: 'push' });
    for (const groupType of ['Public', 'Community']) assert.equal(decide({ chatType: 'group', groupType }).push, true, groupType);
  });

  it('never pushes online-only messages', () => {
    assert.deepEqual(decide({ onlineUserOnly: true }), { push: false, reason: 'online-only' });
    assert.deepEqual(decide({ chatType: 'group', groupType: 'Work', onlineUserOnly: true, mentionsMe: true }), { push: false, reason: 'online-only' });
  });

  it('never pushes in Meeting and AVChatRoom groups (online only), even @me', () => {
    for (const groupType of ['Meeting', 'AVChatRoom', 'ChatRoom', 'BChatRoom']) {
      assert.deepEqual(decide({ chatType: 'group', groupType, mentionsMe: true }), { push: false, reason: 'group-type-online-only' }, groupType);
    }
    // A C2C message has no group type to filter on.
    assert.equal(decide({ chatType: 'c2c', groupType: 'Meeting' }).push, true);
  });

  it('honours the sender\'s disablePush and skips custom messages with nothing to show', () => {
    assert.deepEqual(decide({ disablePush: true }), { push: false, reason: 'push-disabled' });
    assert.deepEqual(decide({ isCustomWithoutDesc: true }), { push: false, reason: 'custom-without-desc' });
  });

  it('applies the conversation option: 1 and 2 never push, 3 pushes only @me and @all', () => {
    assert.deepEqual(decide({ conversationOpt: 1 }), { push: false, reason: 'not-receiving' });
    assert.deepEqual(decide({ conversationOpt: 2 }), { push: false, reason: 'receive-without-push' });
    assert.deepEqual(decide({ conversationOpt: 2, mentionsMe: true }), { push: false, reason: 'receive-without-push' });
    const group = { chatType: 'group' as const, groupType: 'Work', conversationOpt: 3 };
    assert.deepEqual(decide(group), { push: false, reason: 'mentions-only' });
    assert.deepEqual(decide({ ...group, mentionsMe: true }), { push: true, reason: 'push' });
    assert.deepEqual(decide({ ...group, mentionsAll: true }), { push: true, reason: 'push' });
  });

  it('suppresses pushes inside the global do-not-disturb window only when the global option is 2', () => {
    const night = daily(22 * 3600, 8 * 3600);
    assert.deepEqual(decide({ globalOpt: 2, dnd: night, now: at(23) }), { push: false, reason: 'do-not-disturb' });
    assert.deepEqual(decide({ globalOpt: 2, dnd: night, now: at(3) }), { push: false, reason: 'do-not-disturb' });
    assert.deepEqual(decide({ globalOpt: 2, dnd: night, now: at(12) }), { push: true, reason: 'push' });
    assert.deepEqual(decide({ globalOpt: 0, dnd: night, now: at(23) }), { push: true, reason: 'push' });
    // @ mentions let option 3 through, not the do-not-disturb window.
    assert.deepEqual(decide({ chatType: 'group', groupType: 'Work', conversationOpt: 3, mentionsMe: true, globalOpt: 2, dnd: night, now: at(23) }), { push: false, reason: 'do-not-disturb' });
  });

  it('names the first filter that refuses', () => {
    assert.equal(decide({ onlineUserOnly: true, disablePush: true, conversationOpt: 1 }).reason, 'online-only');
    assert.equal(decide({ disablePush: true, conversationOpt: 1 }).reason, 'push-disabled');
    assert.equal(decide({ conversationOpt: 1, globalOpt: 2, dnd: daily(0, 86_400) }).reason, 'not-receiving');
  });
});

describe('do-not-disturb window', () => {
  it('covers a daily window, including one past midnight, with the end excluded', () => {
    const night = daily(22 * 3600, 8 * 3600);
    assert.equal(inDndWindow(night, at(22)), true);
    assert.equal(inDndWindow(night, at(21, 59, 59)), false);
    assert.equal(inDndWindow(night, at(0)), true);
    assert.equal(inDndWindow(night, at(5, 59, 59)), true);
    assert.equal(inDndWindow(night, at(6)), false);
    const lunch = daily(12 * 3600, 3600);
    assert.equal(inDndWindow(lunch, at(12, 30)), true);
    assert.equal(inDndWindow(lunch, at(13)), false);
  });

  it('treats 0 seconds as no window and a whole day as always', () => {
    assert.equal(inDndWindow(daily(0, 0), at(0)), false);
    assert.equal(inDndWindow(daily(5, 86_400), at(0, 0, 4)), true);
    assert.equal(inDndWindow({ kind: 'none' }, at(0)), false);
  });

  it('covers a one-off window from its start for its duration', () => {
    const start = at(10) / 1000;
    const once: DndWindow = { kind: 'once', startTime: start, duration: 7200 };
    assert.equal(inDndWindow(once, at(9, 59, 59)), false);
    assert.equal(inDndWindow(once, at(10)), true);
    assert.equal(inDndWindow(once, at(11, 59, 59)), true);
    assert.equal(inDndWindow(once, at(12)), false);
    assert.equal(inDndWindow(once, Date.UTC(2030, 0, 2, 10, 30)), false, 'one-off does not repeat the next day');
  });

  it('reads the stored row shape', () => {
    assert.deepEqual(dndWindowOf(undefined), { kind: 'none' });
    assert.deepEqual(dndWindowOf({ dnd_start_second: 3600, dnd_start_time: null, dnd_duration: 60 }), { kind: 'daily', startSecond: 3600, duration: 60 });
    assert.deepEqual(dndWindowOf({ dnd_start_second: null, dnd_start_time: 1_900_000_000, dnd_duration: 60 }), { kind: 'once', startTime: 1_900_000_000, duration: 60 });
    assert.deepEqual(dndWindowOf({ dnd_start_second: null, dnd_start_time: null, dnd_duration: 0 }), { kind: 'none' });
  });
});
