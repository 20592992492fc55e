/**
 * What an offline push says (reference §4.3): per-element texts, `Nickname: content` and `Name (group name):
 * content`, title and desc overrides, custom messages without desc, and cutting a long text to a budget.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { MessageElement } from '@herald/protocol';
import { defaultPushBody, elementPushText, fitText, isCustomWithoutDesc, messagePushText, notificationText } from '../../src/im/offline-push/offline-push-text.ts';

const text = (t: string): MessageElement => ({ type: 'TIMTextElem', content: { text: t } });
const custom = (content: Record<string, unknown>): MessageElement => ({ type: 'TIMCustomElem', content });
const alice = { userId: 'alice', nickname: 'Alice' };
const group = { groupId: '@TGS#1ABC', name: 'Hikers' };

describe('element push texts', () => {
  it('spells each element as Tencent does', () => {
    const cases: Array<[MessageElement, string]> = [
      [text('hello'), 'hello'],
      [{ type: 'TIMImageElem', content: { uuid: 'i' } }, '[image]'],
      [{ type: 'TIMSoundElem', content: { uuid: 's' } }, '[audio]'],
      [{ type: 'TIMFileElem', content: { uuid: 'f' } }, '[file]'],
      [{ type: 'TIMLocationElem', content: { latitude: 1, longitude: 2, desc: 'Park' } }, '[Location]'],
      [{ type: 'TIMFaceElem', content: { index: 3 } }, '[Face]'],
      [{ type: 'TIMVideoFileElem', content: { uuid: 'v' } }, '[video]'],
      [{ type: 'TIMMergerElem', content: { title: 't' } }, '[Chat History]'],
      [custom({ data: 'x', desc: 'New order' }), 'New order'],
      [custom({ data: 'x' }), ''],
      [{ type: 'TIMGroupTipsElem', content: { opType: 1 } }, ''],
    ];
    for (const [element, expected] of cases) assert.equal(elementPushText(element), expected, element.type);
  });

  it('joins the texts of a message in order', () => {
    assert.equal(messagePushText([text('look '), { type: 'TIMFaceElem', content: { index: 1 } }, { type: 'TIMImageElem', content: {} }]), 'look [Face][image]');
  });
});

describe('default text', () => {
  it('is "Nickname: content" one-to-one, or the content alone without a nickname', () => {
    assert.equal(defaultPushBody('hi', alice, undefined), 'Alice: hi');
    assert.equal(defaultPushBody('hi', { userId: 'alice', nickname: '' }, undefined), 'hi');
    assert.equal(defaultPushBody('hi', { userId: 'alice' }, undefined), 'hi');
  });

  it('is "Name (group name): content" in a group: the name card first, then the nickname, then the UserID', () => {
    assert.equal(defaultPushBody('hi', { ...alice, nameCard: 'Ali (guide)' }, group), 'Ali (guide) (Hikers): hi');
    assert.equal(defaultPushBody('hi', { ...alice, nameCard: '' }, group), 'Alice (Hikers): hi');
    assert.equal(defaultPushBody('hi', { userId: 'alice' }, group), 'alice (Hikers): hi');
    assert.equal(defaultPushBody('hi', alice, { groupId: '@TGS#1ABC', name: '' }), 'Alice (@TGS#1ABC): hi');
  });
});

describe('notificationText', () => {
  it('adds title and keeps the default text; desc replaces the whole text', () => {
    assert.deepEqual(notificationText([text('hi')], {}, alice, undefined, false), { title: '', body: 'Alice: hi' });
    assert.deepEqual(notificationText([text('hi')], { title: 'Chat' }, alice, undefined, false), { title: 'Chat', body: 'Alice: hi' });
    assert.deepEqual(notificationText([text('hi')], { desc: 'You have a message' }, alice, group, false), { title: '', body: 'You have a message' });
  });

  it('lets ApnsInfo.Title override the title on iOS only', () => {
    const settings = { title: 'Chat', ios: { title: 'iOS chat' } };
    assert.equal(notificationText([text('hi')], settings, alice, undefined, true)?.title, 'iOS chat');
    assert.equal(notificationText([text('hi')], settings, alice, undefined, false)?.title, 'Chat');
  });

  it('has nothing to show for a custom message without desc, and shows one with a desc', () => {
    assert.equal(notificationText([custom({ data: '{"t":1}' })], {}, alice, undefined, false), undefined);
    assert.deepEqual(notificationText([custom({ data: '{"t":1}', desc: 'Order shipped' })], {}, alice, undefined, false), { title: '', body: 'Alice: Order shipped' });
    assert.deepEqual(notificationText([custom({ data: '{"t":1}' })], { desc: 'Order shipped' }, alice, undefined, false), { title: '', body: 'Order shipped' });
  });

  it('tells a custom message without desc apart from one that shows something', () => {
    assert.equal(isCustomWithoutDesc([custom({ data: 'x' })], {}), true);
    assert.equal(isCustomWithoutDesc([custom({ data: 'x' }), custom({ data: 'y' })], {}), true);
    assert.equal(isCustomWithoutDesc([custom({ data: 'x' })], { desc: 'd' }), false);
    assert.equal(isCustomWithoutDesc([custom({ data: 'x', desc: 'd' })], {}), false);
    assert.equal(isCustomWithoutDesc([custom({ data: 'x' }), { type: 'TIMImageElem', content: {} }], {}), false);
    assert.equal(isCustomWithoutDesc([text('')], {}), false);
  });
});

describe('fitText', () => {
  const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

  it('leaves a text that fits alone', () => {
    assert.equal(fitText('short', (s) => bytes(s) <= 10), 'short');
  });

  it('keeps the longest prefix that fits, marked with an ellipsis, never splitting a code point', () => {
    const cut = fitText('abcdefghij', (s) => bytes(s) <= 8);
    assert.equal(cut, 'abcde…');
    const emoji = fitText('😀😀😀😀', (s) => bytes(s) <= 11);
    assert.equal(emoji, '😀😀…');
    assert.ok(Array.from(emoji).every((c) => c === '😀' || c === '…'));
  });

  it('gives the ellipsis alone, or nothing, when no prefix fits', () => {
    assert.equal(fitText('abcdef', (s) => bytes(s) <= 3), '…');
    assert.equal(fitText('abcdef', (s) => bytes(s) <= 2), '');
  });
});
