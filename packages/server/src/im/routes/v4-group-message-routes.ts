/**
 * Tencent's group message REST API: `group_open_http_svc/send_group_msg` and `group_open_http_svc/group_msg_get_simple`,
 * with Tencent's field names. Sends go through the same service as the chat socket (checked, stored once, then
 * delivered live through `ctx.realtime`).
 */
import type { FastifyInstance } from 'fastify';
import { AT_ALL, heraldError } from '@herald/protocol';
import type { ServerContext } from '../../context.ts';
import { isValidGroupId } from '../group-messages/group-access.ts';
import { createGroupMessageService, MAX_RECEIVERS } from '../group-messages/group-message-service.ts';
import { isValidUserId } from '../identity/user-id.ts';
import { elementsFromMsgBody, msgBodyFromElements, type MessageElement } from '../messages/elements.ts';
import { PRIORITIES, type OfflinePushInfo, type Priority } from '../messages/message-event.ts';
import { assertRecipient } from '../messages/message-service.ts';
import { imOk } from '../rest/envelope.ts';
import { requireImRestCaller } from '../rest/rest-auth.ts';

type Body = Record<string, unknown>;
/** Tencent's cap on one group_msg_get_simple page. */
const MAX_SIMPLE_PAGE = 20;
const MAX_AT_INFO = 100;

function invalid(message: string): never {
  throw heraldError('IM_ACCOUNT_PARAM_INVALID', message);
}

function groupIdOf(body: Body): string {
  const value = body['GroupId'];
  if (!isValidGroupId(value)) invalid('GroupId must be a group ID (1 to 48 printable ASCII characters)');
  return value;
}


function uint32(body: Body, name: string, required: boolean): number | undefined {
  const value = body[name];
  if (value === undefined || value === null) return required ? invalid(`${name} is required`) : undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > 4_294_967_295) invalid(`${name} must be a uint32`);
  return value;
}

function stringList(body: Body, name: string, allowed: readonly string[]): string[] {
  const value = body[name];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && allowed.includes(v))) invalid(`${name} must be an array of ${allowed.join(', ')}`);
  return value as string[];
}

/** Tencent's `MsgPriority` (High, Normal, Low, Lowest) in the contract's priorities. */
function priorityOf(body: Body): Priority {
  const value = body['MsgPriority'];
  if (value === undefined || value === null) return 'normal';
  if (typeof value !== 'string') invalid('MsgPriority must be High, Normal, Low or Lowest');
  const lower = value.toLowerCase();
  if (lower === 'lowest') return 'low';
  if (!(PRIORITIES as readonly string[]).includes(lower) || lower === 'default') invalid('MsgPriority must be High, Normal, Low or Lowest');
  return lower as Priority;
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

/** `GroupAtInfo: [{GroupAtAllFlag: 1} | {GroupAtAllFlag: 0, GroupAt_Account}]` → the contract's atUserList. */
function atUserList(body: Body): string[] | undefined {
  const value = body['GroupAtInfo'];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.length > MAX_AT_INFO) invalid(`GroupAtInfo must be an array of at most ${MAX_AT_INFO} entries`);
  return value.map((entry: unknown, i) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) invalid(`GroupAtInfo[${i}] must be an object`);
    const e = entry as Body;
    if (e['GroupAtAllFlag'] === 1) return AT_ALL;
    if (e['GroupAtAllFlag'] !== 0 && e['GroupAtAllFlag'] !== undefined) invalid(`GroupAtInfo[${i}].GroupAtAllFlag must be 0 or 1`);
    if (!isValidUserId(e['GroupAt_Account'])) invalid(`GroupAtInfo[${i}].GroupAt_Account must be a UserID`);
    return e['GroupAt_Account'];
  });
}

function receivers(body: Body): string[] | undefined {
  const value = body['To_Account'];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_RECEIVERS || !value.every(isValidUserId)) {
    invalid(`To_Account must be an array of 1 to ${MAX_RECEIVERS} UserIDs`);
  }
  return value as string[];
}

export async function v4GroupMessageRoutes(scope: FastifyInstance, ctx: ServerContext): Promise<void> {
  const doc = (summary: string) => ({ schema: { tags: ['IM REST API'], summary } });

  scope.post('/group_open_http_svc/send_group_msg', doc('Send a message to a group (stored once; members read it)'), async (request) => {
    const { sdkAppId, identifier } = requireImRestCaller(request);
    const body = request.body as Body;
    const groupId = groupIdOf(body);
    const random = uint32(body, 'Random', true)!;
    const elements = elementsFromMsgBody(body['MsgBody']);
    const from = body['From_Account'] === undefined ? identifier : (isValidUserId(body['From_Account']) ? body['From_Account'] : invalid('From_Account must be a UserID'));
    const online = body['OnlineOnlyFlag'];
    if (online !== undefined && online !== 0 && online !== 1) invalid('OnlineOnlyFlag must be 0 or 1');
    const cloud = body['CloudCustomData'];
    if (cloud !== undefined && typeof cloud !== 'string') invalid('CloudCustomData must be a string');
    const control = stringList(body, 'SendMsgControl', ['NoLastMsg', 'NoUnread', 'WithMuteNotifications']);
    const forbid = stringList(body, 'ForbidCallbackControl', ['ForbidBeforeSendMsgCallback', 'ForbidAfterSendMsgCallback']);
    const input = {
      priority: priorityOf(body), offlinePushInfo: offlinePushInfo(body['OfflinePushInfo']), atUserList: atUserList(body), receivers: receivers(body),
    };
    if (from !== identifier) await assertRecipient(ctx, sdkAppId, from);
    const result = await createGroupMessageService(ctx).send({
      sdkAppId, groupId, from, operator: identifier, byAdmin: true, elements, random,
      onlineUserOnly: online === 1, cloudCustomData: cloud, excludedFromUnread: control.includes('NoUnread'),
      optPlatform: 'RESTAPI', clientIp: request.ip,
      skipBeforeWebhook: forbid.includes('ForbidBeforeSendMsgCallback'), skipAfterWebhook: forbid.includes('ForbidAfterSendMsgCallback'),
      ...input,
    });
    return imOk({ MsgTime: Math.floor(result.time / 1000), MsgSeq: result.seq ?? 0 });
  });

  scope.post('/group_open_http_svc/group_msg_get_simple', doc('A page of a group\'s messages, newest first, at or below ReqMsgSeq'), async (request) => {
    const { sdkAppId } = requireImRestCaller(request);
    const body = request.body as Body;
    const groupId = groupIdOf(body);
    const number = uint32(body, 'ReqMsgNumber', true)!;
    if (number < 1 || number > MAX_SIMPLE_PAGE) invalid(`ReqMsgNumber must be 1 to ${MAX_SIMPLE_PAGE}`);
    const maxSeq = uint32(body, 'ReqMsgSeq', false);
    const page = await createGroupMessageService(ctx).adminPage(sdkAppId, groupId, maxSeq, number);
    return imOk({
      GroupId: groupId,
      // 1 when nothing older is left (Tencent: pull again from the smallest seq minus 1 until IsFinished).
      IsFinished: page.complete ? 1 : 0,
      RspMsgList: page.rows.map((r) => {
        const recalled = r.recalled === 1;
        return {
          From_Account: r.from_user,
          IsPlaceMsg: recalled ? 1 : 0,
          MsgBody: recalled ? [] : msgBodyFromElements(JSON.parse(r.elements_json) as MessageElement[]),
          MsgPriority: Number(priorityRank[r.priority] ?? 2),
          MsgRandom: Number(r.random),
          MsgSeq: Number(r.seq),
          MsgTimeStamp: Math.floor(Number(r.time) / 1000),
          ...(recalled || r.cloud_custom_data === null ? {} : { CloudCustomData: r.cloud_custom_data }),
        };
      }),
    });
  });
}

/** Tencent's numeric MsgPriority in RspMsgList (V2TIM_PRIORITY_*: 0 default, 1 high, 2 normal, 3 low). */
const priorityRank: Record<string, number> = { default: 0, high: 1, normal: 2, low: 3 };
