/** Bad-input entries of the group messages routes (merged into routeTable in route-table.ts). */
import { assert, ids, imOkWithoutLeak, same, type RouteSpec } from './route-spec.ts';

const body = [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'hi' } }];

export const imGroupMessageRoutes: Record<string, RouteSpec> = {
  'POST /v4/group_open_http_svc/send_group_msg': {
    family: 'im-rest', auth: 'im-rest', body: 'json',
    valid: (w) => ({ path: '/v4/group_open_http_svc/send_group_msg', body: { GroupId: w.im.aGroup, Random: 1, MsgBody: body } }),
    cases: (w) => [
      { name: 'GroupId missing', body: { Random: 1, MsgBody: body }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'GroupId a number', body: { GroupId: 5, Random: 1, MsgBody: body }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'GroupId empty', body: { GroupId: '', Random: 1, MsgBody: body }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'GroupId longer than 48 characters', body: { GroupId: 'g'.repeat(49), Random: 1, MsgBody: body }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'Random missing', body: { GroupId: w.im.aGroup, MsgBody: body }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'Random as string', body: { GroupId: w.im.aGroup, Random: '1', MsgBody: body }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'Random negative', body: { GroupId: w.im.aGroup, Random: -1, MsgBody: body }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'MsgBody missing', body: { GroupId: w.im.aGroup, Random: 1 }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'MsgBody empty', body: { GroupId: w.im.aGroup, Random: 1, MsgBody: [] }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'MsgBody an object', body: { GroupId: w.im.aGroup, Random: 1, MsgBody: body[0] }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'MsgBody of unknown type', body: { GroupId: w.im.aGroup, Random: 1, MsgBody: [{ MsgType: 'TIMNopeElem', MsgContent: {} }] }, expect: 'IM_MSG_BODY_INVALID' },
      { name: 'From_Account a number', body: { GroupId: w.im.aGroup, Random: 1, MsgBody: body, From_Account: 1 }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'OnlineOnlyFlag 2', body: { GroupId: w.im.aGroup, Random: 1, MsgBody: body, OnlineOnlyFlag: 2 }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'MsgPriority unknown', body: { GroupId: w.im.aGroup, Random: 1, MsgBody: body, MsgPriority: 'Urgent' }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'SendMsgControl a string', body: { GroupId: w.im.aGroup, Random: 1, MsgBody: body, SendMsgControl: 'NoUnread' }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'SendMsgControl unknown entry', body: { GroupId: w.im.aGroup, Random: 1, MsgBody: body, SendMsgControl: ['Nope'] }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'ForbidCallbackControl unknown entry', body: { GroupId: w.im.aGroup, Random: 1, MsgBody: body, ForbidCallbackControl: [1] }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'CloudCustomData an object', body: { GroupId: w.im.aGroup, Random: 1, MsgBody: body, CloudCustomData: {} }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'OfflinePushInfo a string', body: { GroupId: w.im.aGroup, Random: 1, MsgBody: body, OfflinePushInfo: 'x' }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'To_Account a string', body: { GroupId: w.im.aGroup, Random: 1, MsgBody: body, To_Account: w.im.shared }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'too many To_Account (51)', body: { GroupId: w.im.aGroup, Random: 1, MsgBody: body, To_Account: ids(51) }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'GroupAtInfo an object', body: { GroupId: w.im.aGroup, Random: 1, MsgBody: body, GroupAtInfo: { GroupAtAllFlag: 1 } }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'GroupAtInfo without account', body: { GroupId: w.im.aGroup, Random: 1, MsgBody: body, GroupAtInfo: [{ GroupAtAllFlag: 0 }] }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'GroupAtAllFlag 2', body: { GroupId: w.im.aGroup, Random: 1, MsgBody: body, GroupAtInfo: [{ GroupAtAllFlag: 2 }] }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'MsgBody over 12 KB of text', body: { GroupId: w.im.aGroup, Random: 1, MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'x'.repeat(11_000) } }], CloudCustomData: 'y'.repeat(1200) }, expect: 'IM_PACKET_TOO_LARGE' },
      { name: 'a group that does not exist', body: { GroupId: 'no_such_group', Random: 1, MsgBody: body }, expect: 'IM_GROUP_NOT_FOUND' },
      { name: "IM app B's group", body: { GroupId: w.im.bGroup, Random: 1, MsgBody: body }, expect: 'IM_GROUP_NOT_FOUND' },
      { name: "as IM app B's account", body: { GroupId: w.im.aGroup, Random: 1, MsgBody: body, From_Account: w.im.bUser }, expect: 'IM_ACCOUNT_NOT_FOUND' },
      { name: 'directed to a non-member', body: { GroupId: w.im.aGroup, Random: 1, MsgBody: body, To_Account: ['nobody_here'] }, expect: 'IM_GROUP_PARAM_INVALID' },
      {
        // The message's offline push is queued as a job after the answer.
        name: "a group ID both apps use reaches app A's group only", mayChange: ['im_group', 'im_group_message', 'queue_job'],
        body: { GroupId: w.im.sharedGroup, Random: 424242, MsgBody: body, From_Account: w.im.aUser },
        expect: imOkWithoutLeak(async (b, x) => {
          assert(typeof b.MsgSeq === 'number' && b.MsgSeq >= 1 && typeof b.MsgTime === 'number', `expected MsgSeq and MsgTime, got ${JSON.stringify(b)}`);
          const rows = await x.server.ctx.store.db.selectFrom('im_group_message').select(['sdk_app_id', 'seq'])
            .where('group_id', '=', x.im.sharedGroup).where('random', '=', 424242).execute();
          same(rows.map((r) => Number(r.sdk_app_id)), [x.im.a.sdkAppId], 'the app the message was stored in');
        }),
      },
    ],
  },
  'POST /v4/group_open_http_svc/group_msg_get_simple': {
    family: 'im-rest', auth: 'im-rest', body: 'json',
    valid: (w) => ({ path: '/v4/group_open_http_svc/group_msg_get_simple', body: { GroupId: w.im.aGroup, ReqMsgNumber: 20 } }),
    cases: (w) => [
      { name: 'GroupId missing', body: { ReqMsgNumber: 20 }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'GroupId an array', body: { GroupId: [w.im.aGroup], ReqMsgNumber: 20 }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'ReqMsgNumber missing', body: { GroupId: w.im.aGroup }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'ReqMsgNumber 0', body: { GroupId: w.im.aGroup, ReqMsgNumber: 0 }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'ReqMsgNumber 21', body: { GroupId: w.im.aGroup, ReqMsgNumber: 21 }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'ReqMsgNumber as string', body: { GroupId: w.im.aGroup, ReqMsgNumber: '5' }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'ReqMsgSeq negative', body: { GroupId: w.im.aGroup, ReqMsgNumber: 5, ReqMsgSeq: -1 }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'ReqMsgSeq a float', body: { GroupId: w.im.aGroup, ReqMsgNumber: 5, ReqMsgSeq: 1.5 }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: "IM app B's group", body: { GroupId: w.im.bGroup, ReqMsgNumber: 20 }, expect: 'IM_GROUP_NOT_FOUND' },
      {
        name: "a group ID both apps use shows app A's messages only", body: { GroupId: w.im.sharedGroup, ReqMsgNumber: 20 },
        expect: imOkWithoutLeak((b, x) => {
          same(b.GroupId, x.im.sharedGroup, 'GroupId');
          assert(Array.isArray(b.RspMsgList) && b.IsFinished === 1, `expected a finished list, got ${JSON.stringify(b)}`);
          for (const m of b.RspMsgList as Array<Record<string, unknown>>) assert(m['From_Account'] === x.im.aUser, `a message of another app: ${JSON.stringify(m)}`);
        }),
      },
    ],
  },
};
