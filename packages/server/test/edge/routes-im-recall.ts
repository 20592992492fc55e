/** Bad-input entries of the recall routes (merged into routeTable in route-table.ts). */
import { assert, ids, imOkWithoutLeak, same, type RouteSpec } from './route-spec.ts';

const seqs = (...list: number[]) => list.map((MsgSeq) => ({ MsgSeq }));

export const imRecallRoutes: Record<string, RouteSpec> = {
  'POST /v4/openim/admin_msgwithdraw': {
    family: 'im-rest', auth: 'im-rest', body: 'json',
    valid: (w) => ({ path: '/v4/openim/admin_msgwithdraw', body: { From_Account: w.im.aUser, To_Account: w.im.shared, MsgKey: '1_1_00000000' } }),
    cases: (w) => [
      { name: 'From_Account missing', body: { To_Account: w.im.shared, MsgKey: 'k' }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'To_Account missing', body: { From_Account: w.im.aUser, MsgKey: 'k' }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'MsgKey missing', body: { From_Account: w.im.aUser, To_Account: w.im.shared }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'To_Account a number', body: { From_Account: w.im.aUser, To_Account: 7, MsgKey: 'k' }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'From_Account an array', body: { From_Account: [w.im.aUser], To_Account: w.im.shared, MsgKey: 'k' }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'MsgKey empty', body: { From_Account: w.im.aUser, To_Account: w.im.shared, MsgKey: '' }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'MsgKey a number', body: { From_Account: w.im.aUser, To_Account: w.im.shared, MsgKey: 12 }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'MsgKey over 128 characters', body: { From_Account: w.im.aUser, To_Account: w.im.shared, MsgKey: 'k'.repeat(129) }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'unknown MsgKey', body: { From_Account: w.im.aUser, To_Account: w.im.shared, MsgKey: '1_1_00000000' }, expect: 'IM_MSG_NOT_FOUND' },
      { name: "IM app B's accounts", body: { From_Account: w.im.bUser, To_Account: w.im.shared, MsgKey: '1_1_00000000' }, expect: 'IM_MSG_NOT_FOUND' },
    ],
  },
  'POST /v4/group_open_http_svc/group_msg_recall': {
    family: 'im-rest', auth: 'im-rest', body: 'json',
    valid: (w) => ({ path: '/v4/group_open_http_svc/group_msg_recall', body: { GroupId: w.im.aGroup, MsgSeqList: seqs(1) } }),
    cases: (w) => [
      { name: 'GroupId missing', body: { MsgSeqList: seqs(1) }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'MsgSeqList missing', body: { GroupId: w.im.aGroup }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'GroupId a number', body: { GroupId: 5, MsgSeqList: seqs(1) }, expect: 'IM_GROUP_PARAM_INVALID' },
      { name: 'GroupId empty', body: { GroupId: '', MsgSeqList: seqs(1) }, expect: 'IM_GROUP_PARAM_INVALID' },
      { name: 'GroupId over 48 characters', body: { GroupId: 'g'.repeat(49), MsgSeqList: seqs(1) }, expect: 'IM_GROUP_PARAM_INVALID' },
      { name: 'MsgSeqList empty', body: { GroupId: w.im.aGroup, MsgSeqList: [] }, expect: 'IM_GROUP_PARAM_INVALID' },
      { name: 'MsgSeqList an object', body: { GroupId: w.im.aGroup, MsgSeqList: { MsgSeq: 1 } }, expect: 'IM_GROUP_PARAM_INVALID' },
      { name: 'MsgSeqList of numbers', body: { GroupId: w.im.aGroup, MsgSeqList: [1] }, expect: 'IM_GROUP_PARAM_INVALID' },
      { name: 'MsgSeq 0', body: { GroupId: w.im.aGroup, MsgSeqList: seqs(0) }, expect: 'IM_GROUP_PARAM_INVALID' },
      { name: 'MsgSeq a string', body: { GroupId: w.im.aGroup, MsgSeqList: [{ MsgSeq: '1' }] }, expect: 'IM_GROUP_PARAM_INVALID' },
      { name: 'MsgSeq a fraction', body: { GroupId: w.im.aGroup, MsgSeqList: seqs(1.5) }, expect: 'IM_GROUP_PARAM_INVALID' },
      { name: 'too many MsgSeq (11)', body: { GroupId: w.im.aGroup, MsgSeqList: ids(11).map((_, i) => ({ MsgSeq: i + 1 })) }, expect: 'IM_GROUP_PARAM_INVALID' },
      { name: 'Reason a number', body: { GroupId: w.im.aGroup, MsgSeqList: seqs(1), Reason: 3 }, expect: 'IM_GROUP_PARAM_INVALID' },
      { name: 'unknown group', body: { GroupId: 'no_such_group', MsgSeqList: seqs(1) }, expect: 'IM_GROUP_NOT_FOUND' },
      { name: "IM app B's group", body: { GroupId: w.im.bGroup, MsgSeqList: seqs(1) }, expect: 'IM_GROUP_NOT_FOUND' },
      {
        // Seqs no group of the world reaches (other routes' cases may have sent to A's groups before this one runs).
        name: "a group ID both apps use reaches only app A's group", body: { GroupId: w.im.sharedGroup, MsgSeqList: seqs(999_998, 999_999) },
        expect: imOkWithoutLeak((b, x) => {
          same(b.RecallRetList, [{ MsgSeq: 999_998, RetCode: 10030 }, { MsgSeq: 999_999, RetCode: 10030 }], 'RecallRetList');
          assert(!JSON.stringify(b).includes(x.im.bGroupName), "the answer leaks app B's group");
        }),
      },
    ],
  },
};
