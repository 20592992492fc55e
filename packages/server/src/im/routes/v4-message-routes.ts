/**
 * Tencent's C2C REST sends and reads: `openim/sendmsg`, `openim/batchsendmsg`, `openim/admin_getroammsg` and
 * `openim/get_c2c_unread_msg_num`, with Tencent's field names. Sends go through the same message service as the
 * chat socket (stored, then delivered live through `ctx.realtime`). `sendmsg` passes through the app's message
 * webhooks unless `ForbidCallbackControl` says otherwise; `batchsendmsg` never does (Tencent lists only the
 * clients and `sendmsg` as triggering them).
 */
import type { FastifyInstance } from 'fastify';
import { ErrorCatalogue, heraldError, isHeraldError } from '@herald/protocol';
import type { ServerContext } from '../../context.ts';
import { totalC2cUnread } from '../messages/conversations.ts';
import { elementsFromMsgBody, msgBodyFromElements, type MessageElement } from '../messages/elements.ts';
import type { OfflinePushInfo } from '../messages/message-event.ts';
import { assertRecipient, createMessageService, type SendC2cInput } from '../messages/message-service.ts';
import { isValidUserId } from '../identity/user-id.ts';
import { imOk } from '../rest/envelope.ts';
import { requireImRestCaller } from '../rest/rest-auth.ts';

type Body = Record<string, unknown>;
const MAX_BATCH = 500;
const MAX_LIFETIME = 604_800;
const MAX_ROAM_PAGE = 100;
const MAX_UNREAD_PEERS = 10;

function invalid(message: string): never {
  throw heraldError('IM_ACCOUNT_PARAM_INVALID', message);
}

function uint32(body: Body, name: string, required: boolean): number | undefined {
  const value = body[name];
  if (value === undefined || value === null) return required ? invalid(`${name} is required`) : undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > 4_294_967_295) invalid(`${name} must be a uint32`);
  return value;
}

function account(body: Body, name: string): string {
  const value = body[name];
  if (!isValidUserId(value)) invalid(`${name} must be a UserID`);
  return value;
}

/** Tencent's `OfflinePushInfo` in the contract's shape (title, desc, ext, disablePush), vendor parts kept as given. */
function offlinePushInfo(value: unknown): OfflinePushInfo | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) invalid('OfflinePushInfo must be an object');
  const o = value as Body;
  const info: OfflinePushInfo = {};
  if (typeof o['Title'] === 'string') info.title = o['Title'];
  if (typeof o['Desc'] === 'string') info.desc = o['Desc'];
  if (typeof o['Ext'] === 'string') info.ext = o['Ext'];
  if (o['PushFlag'] !== undefined) info.disablePush = o['PushFlag'] === 1;
  if (typeof o['AndroidInfo'] === 'object' && o['AndroidInfo'] !== null) info['androidInfo'] = o['AndroidInfo'];
  if (typeof o['ApnsInfo'] === 'object' && o['ApnsInfo'] !== null) info['apnsInfo'] = o['ApnsInfo'];
  return info;
}

/** A list of Tencent control words (`SendMsgControl`, `ForbidCallbackControl`); words Herald does not know are ignored. */
function controlWords(body: Body, name: string): Set<string> {
  const value = body[name];
  if (value === undefined || value === null) return new Set();
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) invalid(`${name} must be an array of strings`);
  return new Set(value as string[]);
}

interface CommonSend {
  from: string;
  elements: MessageElement[];
  random: number;
  rest: Omit<SendC2cInput, 'sdkAppId' | 'from' | 'to' | 'elements' | 'random'>;
}

async function readCommonSend(ctx: ServerContext, sdkAppId: number, identifier: string, body: Body): Promise<CommonSend> {
  const from = body['From_Account'] === undefined ? identifier : account(body, 'From_Account');
  if (from !== identifier) await assertRecipient(ctx, sdkAppId, from);
  const random = uint32(body, 'MsgRandom', true)!;
  const elements = elementsFromMsgBody(body['MsgBody']);
  const sync = body['SyncOtherMachine'];
  if (sync !== undefined && sync !== 1 && sync !== 2) invalid('SyncOtherMachine must be 1 or 2');
  const lifeTime = uint32(body, 'MsgLifeTime', false);
  if (lifeTime !== undefined && lifeTime > MAX_LIFETIME) invalid(`MsgLifeTime is at most ${MAX_LIFETIME}`);
  const cloud = body['CloudCustomData'];
  if (cloud !== undefined && typeof cloud !== 'string') invalid('CloudCustomData must be a string');
  const control = controlWords(body, 'SendMsgControl');
  const forbid = controlWords(body, 'ForbidCallbackControl');
  return {
    from,
    elements,
    random,
    rest: {
      onlineUserOnly: lifeTime === 0,
      cloudCustomData: cloud,
      offlinePushInfo: offlinePushInfo(body['OfflinePushInfo']),
      senderCopy: sync !== 2,
      deliverToSender: sync === 1,
      excludedFromUnread: control.has('NoUnread'),
      noLastMsg: control.has('NoLastMsg'),
      skipBeforeSendWebhook: forbid.has('ForbidBeforeSendMsgCallback'),
      skipAfterSendWebhook: forbid.has('ForbidAfterSendMsgCallback'),
      optPlatform: 'RESTAPI',
    },
  };
}

export async function v4MessageRoutes(scope: FastifyInstance, ctx: ServerContext): Promise<void> {
  const doc = (summary: string) => ({ schema: { tags: ['IM REST API'], summary } });

  scope.post('/openim/sendmsg', doc('Send a one-to-one message'), async (request) => {
    const { sdkAppId, identifier } = requireImRestCaller(request);
    const body = request.body as Body;
    const to = account(body, 'To_Account');
    const common = await readCommonSend(ctx, sdkAppId, identifier, body);
    const result = await createMessageService(ctx).sendC2c({
      sdkAppId, to, from: common.from, elements: common.elements, random: common.random, ...common.rest, clientIp: request.ip,
    });
    return imOk({ MsgTime: Math.floor(result.time / 1000), MsgKey: result.msgKey });
  });

  scope.post('/openim/batchsendmsg', doc('Send one message to up to 500 users'), async (request) => {
    const { sdkAppId, identifier } = requireImRestCaller(request);
    const body = request.body as Body;
    const toList = body['To_Account'];
    if (!Array.isArray(toList) || toList.length === 0 || !toList.every(isValidUserId)) invalid('To_Account must be a non-empty array of UserIDs');
    if (toList.length > MAX_BATCH) invalid(`To_Account takes at most ${MAX_BATCH} UserIDs`);
    const common = await readCommonSend(ctx, sdkAppId, identifier, body);
    const service = createMessageService(ctx);
    const errorList: Array<{ To_Account: string; ErrorCode: number }> = [];
    let msgKey = '';
    for (const to of new Set(toList as string[])) {
      try {
        const result = await service.sendC2c({
          sdkAppId, to, from: common.from, elements: common.elements, random: common.random, ...common.rest, skipBeforeSendWebhook: true, skipAfterSendWebhook: true,
        });
        msgKey ||= result.msgKey;
      } catch (err) {
        if (!isHeraldError(err)) throw err;
        // The error's own IM code: a catalogue code, or one passed through from elsewhere (a webhook's 120001–130000).
        errorList.push({ To_Account: to, ErrorCode: err.imCode ?? ErrorCatalogue.IM_ACCOUNT_PARAM_INVALID.imCode });
      }
    }
    return imOk({ MsgKey: msgKey, ...(errorList.length > 0 ? { ErrorList: errorList } : {}) });
  });

  scope.post('/openim/admin_getroammsg', doc('One-to-one history from one side, newest first, paged with LastMsgKey'), async (request) => {
    const { sdkAppId } = requireImRestCaller(request);
    const body = request.body as Body;
    const operator = account(body, 'Operator_Account');
    const peer = account(body, 'Peer_Account');
    const maxCnt = uint32(body, 'MaxCnt', true)!;
    const minTime = uint32(body, 'MinTime', true)!;
    const maxTime = uint32(body, 'MaxTime', true)!;
    const lastMsgKey = body['LastMsgKey'];
    if (lastMsgKey !== undefined && typeof lastMsgKey !== 'string') invalid('LastMsgKey must be a string');
    const count = Math.max(1, Math.min(maxCnt, MAX_ROAM_PAGE));
    let query = ctx.store.db.selectFrom('im_c2c_message').selectAll()
      .where('sdk_app_id', '=', sdkAppId).where('owner', '=', operator).where('peer', '=', peer)
      .where('time', '>=', minTime * 1000).where('time', '<', (maxTime + 1) * 1000);
    if (typeof lastMsgKey === 'string' && lastMsgKey !== '') {
      const last = await ctx.store.db.selectFrom('im_c2c_message').select('seq')
        .where('sdk_app_id', '=', sdkAppId).where('owner', '=', operator).where('peer', '=', peer).where('msg_key', '=', lastMsgKey)
        .executeTakeFirst();
      if (last === undefined) invalid('LastMsgKey is not a message of this conversation');
      query = query.where('seq', '<', last.seq);
    }
    const rows = await query.orderBy('seq', 'desc').limit(count + 1).execute();
    const page = rows.slice(0, count);
    const last = page.at(-1);
    return imOk({
      Complete: rows.length <= count ? 1 : 0,
      MsgCnt: page.length,
      LastMsgTime: last === undefined ? 0 : Math.floor(Number(last.time) / 1000),
      LastMsgKey: last?.msg_key ?? '',
      MsgList: page.map((r) => ({
        From_Account: r.from_user,
        To_Account: r.to_user,
        MsgSeq: Number(r.seq),
        MsgRandom: Number(r.random),
        MsgTimeStamp: Math.floor(Number(r.time) / 1000),
        // A recalled message keeps its place in the history but not its content; MsgFlagBits 2 marks it recalled.
        MsgFlagBits: r.recalled === 1 ? 2 : 0,
        IsPeerRead: 0,
        MsgKey: r.msg_key,
        ...(r.recalled === 1 ? { MsgBody: [] } : {
          MsgBody: msgBodyFromElements(JSON.parse(r.elements_json) as MessageElement[]),
          ...(r.cloud_custom_data === null ? {} : { CloudCustomData: r.cloud_custom_data }),
        }),
      })),
    });
  });

  scope.post('/openim/get_c2c_unread_msg_num', doc('A user\'s one-to-one unread counts'), async (request) => {
    const { sdkAppId } = requireImRestCaller(request);
    const body = request.body as Body;
    const owner = { sdkAppId, userId: account(body, 'To_Account') };
    const peers = body['Peer_Account'];
    if (peers !== undefined && (!Array.isArray(peers) || !peers.every(isValidUserId) || peers.length > MAX_UNREAD_PEERS)) {
      invalid(`Peer_Account must be an array of at most ${MAX_UNREAD_PEERS} UserIDs`);
    }
    const all = await totalC2cUnread(ctx.store.db, owner, { all: true });
    if (peers === undefined) return imOk({ AllC2CUnreadMsgNum: all });
    const rows = peers.length === 0 ? [] : await ctx.store.db.selectFrom('im_conversation').select(['peer', 'unread_count'])
      .where('sdk_app_id', '=', sdkAppId).where('owner', '=', owner.userId).where('deleted', '=', 0).where('peer', 'in', peers as string[])
      .execute();
    const byPeer = new Map(rows.map((r) => [r.peer, Number(r.unread_count)]));
    return imOk({ AllC2CUnreadMsgNum: all, C2CUnreadMsgNumList: (peers as string[]).map((p) => ({ Peer_Account: p, C2CUnreadMsgNum: byPeer.get(p) ?? 0 })) });
  });
}
