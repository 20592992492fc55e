/**
 * The spliced JSON of event-json.ts means what the object forms mean: every field of a message event and of a
 * conversation view, whatever optional parts the row has.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { conversationView, type ConversationRow } from '../../src/im/messages/conversations.ts';
import { conversationViewJson, eventFrameOfJson, messageEventJson } from '../../src/im/messages/event-json.ts';
import { messageEventFromRow, type C2cMessageRow } from '../../src/im/messages/message-event.ts';

const base: C2cMessageRow = {
  sdk_app_id: 1400000001, owner: 'bob', peer: 'alice', seq: 7, inbox_seq: 42, msg_key: '1700000000000_5_a1b2c3d4', from_user: 'alice',
  to_user: 'bob', random: 5, time: 1_700_000_000_000, priority: 'normal',
  elements_json: JSON.stringify([{ type: 'text', text: 'hi "there"\n\u2028' }, { type: 'custom', data: '{"k":1}', desc: 'd', extension: '' }]),
  cloud_custom_data: null, offline_push_json: null, excluded_from_unread: 0, recalled: 0,
};

const rows: Array<[string, C2cMessageRow]> = [
  ['plain', base],
  ['with cloud data and offline push info', { ...base, cloud_custom_data: 'cc "q"', offline_push_json: JSON.stringify({ title: 't', desc: 'd', ext: '{"a":2}', disablePush: false }) }],
  ['excluded from unread, high priority', { ...base, excluded_from_unread: 1, priority: 'high' }],
  ['recalled', { ...base, recalled: 1, cloud_custom_data: 'gone', offline_push_json: '{"title":"gone"}' }],
];

for (const [name, row] of rows) {
  test(`message event JSON, ${name}`, () => {
    assert.deepEqual(JSON.parse(messageEventJson(row)), messageEventFromRow(row));
  });
}

test('conversation view JSON, with and without a last message and receive option', () => {
  const conversation = {
    sdk_app_id: 1400000001, owner: 'bob', conversation_id: 'c2c_alice', type: 'c2c', peer: 'alice', last_seq: 7, read_seq: 3, unread_count: 4,
    pinned: 1, deleted: 0, last_message_json: messageEventJson(base), order_key: 1_700_000_000_000, updated_at: 1_700_000_000_000,
  } as ConversationRow;
  assert.deepEqual(JSON.parse(conversationViewJson(conversation, 2)), conversationView(conversation, 2));
  const empty = { ...conversation, last_message_json: null, pinned: 0 } as ConversationRow;
  assert.deepEqual(JSON.parse(conversationViewJson(empty)), conversationView(empty));
});

test('an event frame around JSON text is the frame of the parsed data', () => {
  assert.deepEqual(JSON.parse(eventFrameOfJson('message', messageEventJson(base))), { event: 'message', data: messageEventFromRow(base) });
});
