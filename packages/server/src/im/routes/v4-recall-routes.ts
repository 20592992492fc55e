/**
 * Tencent's recall REST API, with Tencent's field names: `openim/admin_msgwithdraw` (one C2C message by its
 * MsgKey) and `group_open_http_svc/group_msg_recall` (up to 10 group messages by MsgSeq, one RetCode each). An
 * app admin is not bound by the recall window. Everything is scoped to the caller's app: another app's users,
 * messages and groups simply do not exist here.
 *
 * Bad input: a required field that is absent is IM_ACCOUNT_PARAM_INVALID (70402, as on every /v4 route); on
 * group_msg_recall a field that is present but malformed is IM_GROUP_PARAM_INVALID (10004).
 */
import type { FastifyInstance } from 'fastify';
import { ErrorCatalogue, heraldError, isHeraldError } from '@herald/protocol';
import type { ServerContext } from '../../context.ts';
import { isValidUserId } from '../identity/user-id.ts';
import { recallC2cAsAdmin } from '../recall/c2c-recall.ts';
import { loadRecallGroup, recallGroupMessage } from '../recall/group-recall.ts';
import { imOk } from '../rest/envelope.ts';
import { requireImRestCaller } from '../rest/rest-auth.ts';

type Body = Record<string, unknown>;

const MAX_MSG_KEY = 128;
const MAX_GROUP_ID = 48;
/** Tencent's limit per group_msg_recall request. */
const MAX_RECALL_SEQS = 10;
const MAX_REASON = 256;

function missing(name: string): never {
  throw heraldError('IM_ACCOUNT_PARAM_INVALID', `${name} is required`);
}

function accountInvalid(message: string): never {
  throw heraldError('IM_ACCOUNT_PARAM_INVALID', message);
}

function groupInvalid(message: string): never {
  throw heraldError('IM_GROUP_PARAM_INVALID', message);
}

function account(body: Body, name: string): string {
  const value = body[name];
  if (!isValidUserId(value)) accountInvalid(`${name} must be a UserID`);
  return value;
}

function msgSeqList(value: unknown): number[] {
  if (value === undefined || value === null) missing('MsgSeqList');
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_RECALL_SEQS) groupInvalid(`MsgSeqList must hold 1 to ${MAX_RECALL_SEQS} entries`);
  return value.map((entry: unknown, i) => {
    const seq = typeof entry === 'object' && entry !== null && !Array.isArray(entry) ? (entry as Body)['MsgSeq'] : undefined;
    if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) groupInvalid(`MsgSeqList[${i}] must be {MsgSeq: a positive integer}`);
    return seq;
  });
}

const imCodeOf = (code: keyof typeof ErrorCatalogue): number => {
  const entry = ErrorCatalogue[code];
  return 'imCode' in entry ? entry.imCode : ErrorCatalogue.IM_GROUP_PARAM_INVALID.imCode;
};

export async function v4RecallRoutes(scope: FastifyInstance, ctx: ServerContext): Promise<void> {
  const doc = (summary: string) => ({ schema: { tags: ['IM REST API'], summary } });

  scope.post('/openim/admin_msgwithdraw', doc('Recall a one-to-one message by its MsgKey, with no time limit'), async (request) => {
    const { sdkAppId, identifier } = requireImRestCaller(request);
    const body = request.body as Body;
    if (body['From_Account'] === undefined) missing('From_Account');
    if (body['To_Account'] === undefined) missing('To_Account');
    if (body['MsgKey'] === undefined) missing('MsgKey');
    const from = account(body, 'From_Account');
    const to = account(body, 'To_Account');
    const msgKey = body['MsgKey'];
    if (typeof msgKey !== 'string' || msgKey.length === 0 || msgKey.length > MAX_MSG_KEY) accountInvalid(`MsgKey must be a string of 1 to ${MAX_MSG_KEY} characters`);
    await recallC2cAsAdmin(ctx, ctx.realtime, { sdkAppId, from, to, msgKey }, identifier);
    return imOk();
  });

  scope.post('/group_open_http_svc/group_msg_recall', doc('Recall up to 10 group messages by MsgSeq, with no time limit'), async (request) => {
    const { sdkAppId, identifier } = requireImRestCaller(request);
    const body = request.body as Body;
    const groupId = body['GroupId'];
    if (groupId === undefined || groupId === null) missing('GroupId');
    if (typeof groupId !== 'string' || groupId.length === 0 || groupId.length > MAX_GROUP_ID) groupInvalid(`GroupId must be a string of 1 to ${MAX_GROUP_ID} characters`);
    const seqs = msgSeqList(body['MsgSeqList']);
    const reason = body['Reason'];
    if (reason !== undefined && (typeof reason !== 'string' || reason.length > MAX_REASON)) groupInvalid(`Reason must be a string of at most ${MAX_REASON} characters`);
    const group = await loadRecallGroup(ctx, sdkAppId, groupId);
    const recallRetList: Array<{ MsgSeq: number; RetCode: number }> = [];
    for (const seq of seqs) {
      try {
        await recallGroupMessage(ctx, ctx.realtime, group, seq, { kind: 'admin', identifier }, reason);
        recallRetList.push({ MsgSeq: seq, RetCode: 0 });
      } catch (err) {
        if (!isHeraldError(err)) throw err;
        recallRetList.push({ MsgSeq: seq, RetCode: imCodeOf(err.code) });
      }
    }
    return imOk({ RecallRetList: recallRetList });
  });
}
