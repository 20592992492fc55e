/**
 * The offline push of a call invite (reference §4.10): the TUIKit entity with action 2 and the call content
 * TUICallKit parses, the defaults (desc, ringtone, title), the app's own fields winning, and the push built from it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildApnsNotification } from '../../src/push/model/apns/build-apns-notification.ts';
import { normalizePushRequest } from '../../src/push/model/normalize-push-request.ts';
import {
  buildCallInvitePushContent,
  callContent,
  callInviteExt,
  callInviteOfflinePushInfo,
  type CallInvite,
} from '../../src/im/offline-push/call-invite-push.ts';

const SENT = Date.UTC(2030, 0, 1, 4, 0, 0) + 789;
const tuiCallData = JSON.stringify({ version: 4, businessID: 'av_call', call_type: 2, room_id: 804544637, data: { cmd: 'videoCall' } });
const groupInvite: CallInvite = {
  inviteId: '144115224095613335-1595234230-3304653590',
  inviter: '10457',
  groupId: '@TGS#1PWYXLTGA',
  inviteeList: ['2019', '2020'],
  data: tuiCallData,
  timeout: 30,
  sendTime: SENT,
};
const c2cInvite: CallInvite = { inviteId: 'inv-1', inviter: 'alice', inviteeList: ['bob'], data: '{"call":"audio"}', timeout: 60, sendTime: SENT };
const alice = { nickname: 'Alice', faceUrl: 'https://img.example/alice.png' };

describe('callContent', () => {
  it('takes call_type, room_id and version from TUICallKit\'s data', () => {
    assert.deepEqual(callContent(groupInvite), {
      action: 1, call_id: groupInvite.inviteId, timeout: 30, version: 4, invited_list: ['2019', '2020'],
      call_type: 2, room_id: 804544637, group_id: '@TGS#1PWYXLTGA',
    });
  });

  it('reads them from the nested data object too, and a string room id', () => {
    const nested = callContent({ ...c2cInvite, data: JSON.stringify({ version: 5, data: { call_type: 1, strRoomId: 'room-9' } }) });
    assert.deepEqual(nested, { action: 1, call_id: 'inv-1', timeout: 60, version: 5, invited_list: ['bob'], call_type: 1, room_id: 'room-9' });
  });

  it('leaves out what data does not say (data that is not JSON included), with version 4', () => {
    for (const data of ['{"call":"audio"}', 'not json', '[1,2]']) {
      assert.deepEqual(callContent({ ...c2cInvite, data }), { action: 1, call_id: 'inv-1', timeout: 60, version: 4, invited_list: ['bob'] });
    }
  });
});

describe('callInviteExt', () => {
  it('is the TUIKit entity: action 2, chatType 2 for a group call, sender the inviter, sendTime in seconds', () => {
    const ext = JSON.parse(callInviteExt(groupInvite, alice));
    assert.deepEqual(Object.keys(ext), ['entity']);
    assert.deepEqual(ext.entity, {
      version: 1, action: 2, chatType: 2, sender: '10457', nickname: 'Alice', faceUrl: 'https://img.example/alice.png',
      content: JSON.stringify(callContent(groupInvite)), sendTime: Math.floor(SENT / 1000),
    });
  });

  it('is chatType 1 for a one-to-one call, without profile fields the inviter has not set', () => {
    const entity = JSON.parse(callInviteExt(c2cInvite, { nickname: '' })).entity;
    assert.equal(entity.chatType, 1);
    assert.equal(entity.sender, 'alice');
    assert.equal('nickname' in entity, false);
    assert.equal('faceUrl' in entity, false);
  });
});

describe('callInviteOfflinePushInfo', () => {
  it('fills in TUICallKit\'s desc and ringtone, the inviter as title, and the entity as ext', () => {
    assert.deepEqual(callInviteOfflinePushInfo(c2cInvite, alice), {
      title: 'Alice', desc: 'You have a call request', ext: callInviteExt(c2cInvite, alice), iOSSound: 'phone_ringing.mp3',
    });
    assert.equal(callInviteOfflinePushInfo(c2cInvite, {}).title, 'alice');
  });

  it('keeps what the app set, its ext unchanged', () => {
    const info = callInviteOfflinePushInfo({ ...c2cInvite, offlinePushInfo: { title: 'Call', desc: 'Alice is calling', ext: 'app-ext', iOSPushType: 1 } }, alice);
    assert.deepEqual(info, { title: 'Call', desc: 'Alice is calling', ext: 'app-ext', iOSPushType: 1, iOSSound: 'phone_ringing.mp3' });
    const restSound = callInviteOfflinePushInfo({ ...c2cInvite, offlinePushInfo: { apnsInfo: { Sound: 'app.caf' } } }, alice);
    assert.equal(restSound['iOSSound'], undefined);
  });
});

describe('buildCallInvitePushContent', () => {
  it('rings on iOS with the call text and carries the entity where TUIKit reads it', () => {
    const c = buildCallInvitePushContent(groupInvite, alice, 'ios');
    const req = normalizePushRequest(
      { audience_type: 'account_list', account_list: ['2019', '2020'], message_type: 'notify', message: c.message },
      { platform: 'ios', now: SENT, utcOffsetMinutes: 480 },
    );
    const payload = buildApnsNotification(req, { pushId: 'p'.repeat(16), bundleId: 'com.example.chat', badge: { current: 0 }, now: SENT }).notification.payload;
    assert.deepEqual(payload['aps'], { alert: { title: 'Alice', body: 'You have a call request' }, sound: 'phone_ringing.mp3', badge: 1, 'mutable-content': 1 });
    assert.equal(JSON.parse(payload['ext'] as string).entity.action, 2);
    assert.equal(c.iosPushType, 'apns');
  });

  it('goes as VoIP when the invite asked for it, and to Android with the entity in ext', () => {
    assert.equal(buildCallInvitePushContent({ ...c2cInvite, offlinePushInfo: { iOSPushType: 1 } }, alice, 'ios').iosPushType, 'voip');
    const android = buildCallInvitePushContent(c2cInvite, alice, 'android', { androidAction: { action_type: 1, activity: '.CallActivity' } }).message['android'] as Record<string, unknown>;
    assert.deepEqual(android['action'], { action_type: 1, activity: '.CallActivity' });
    assert.equal(JSON.parse(JSON.parse(android['custom_content'] as string).ext).entity.action, 2);
  });
});
