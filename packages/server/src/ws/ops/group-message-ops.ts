/** Group message ops (docs/protocol.md §9): send with @ mentions and directed receivers, and history. */
import { AT_ALL, heraldError } from '@herald/protocol';
import { isValidGroupId } from '../../im/group-messages/group-access.ts';
import { createGroupMessageService, MAX_GROUP_HISTORY, MAX_RECEIVERS, optPlatformOf } from '../../im/group-messages/group-message-service.ts';
import { isValidUserId } from '../../im/identity/user-id.ts';
import { parseElements } from '../../im/messages/elements.ts';
import { PRIORITIES } from '../../im/messages/message-event.ts';
import { optionalEnum } from '../op-args.ts';
import type { OpData, OpModule } from '../op-registry.ts';
import { optionalBool, optionalInt, optionalOfflinePushInfo, requireInt } from './message-ops.ts';

const MAX_AT_USERS = 100;

function requireGroupId(data: OpData): string {
  const value = data['groupId'];
  if (value === undefined || value === null) throw heraldError('REQUEST_PARAM_MISSING', 'groupId is required');
  if (!isValidGroupId(value)) throw heraldError('REQUEST_PARAM_INVALID', 'groupId must be 1 to 48 printable ASCII characters');
  return value;
}

function optionalUserList(data: OpData, name: string, o: { max: number; allowAtAll: boolean }): string[] | undefined {
  const value = data[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.length === 0 || value.length > o.max) {
    throw heraldError('REQUEST_PARAM_INVALID', `${name} must be an array of 1 to ${o.max} UserIDs`);
  }
  for (const item of value) {
    if (!(isValidUserId(item) || (o.allowAtAll && item === AT_ALL))) throw heraldError('REQUEST_PARAM_INVALID', `${name} must hold UserIDs${o.allowAtAll ? ' or AT_ALL' : ''}`);
  }
  return value as string[];
}

export const groupMessageOps: OpModule = (registry) => {
  registry.registerOp('sendGroupMessage', async (data, { ctx, gateway, session }) => {
    const groupId = requireGroupId(data);
    const elements = parseElements(data['elements']);
    const random = requireInt(data, 'random', { min: 0, max: 4_294_967_295 });
    const cloudCustomData = data['cloudCustomData'];
    if (cloudCustomData !== undefined && cloudCustomData !== null && typeof cloudCustomData !== 'string') throw heraldError('REQUEST_PARAM_INVALID', 'cloudCustomData must be a string');
    return createGroupMessageService(ctx, gateway).send({
      sdkAppId: session.sdkAppId,
      groupId,
      from: session.userId,
      operator: session.userId,
      elements,
      random,
      priority: optionalEnum(data, 'priority', PRIORITIES, 'normal'),
      onlineUserOnly: optionalBool(data, 'onlineUserOnly') ?? false,
      cloudCustomData: typeof cloudCustomData === 'string' ? cloudCustomData : undefined,
      offlinePushInfo: optionalOfflinePushInfo(data),
      excludedFromUnread: optionalBool(data, 'isExcludedFromUnreadCount') ?? false,
      atUserList: optionalUserList(data, 'atUserList', { max: MAX_AT_USERS, allowAtAll: true }),
      receivers: optionalUserList(data, 'receiverList', { max: MAX_RECEIVERS, allowAtAll: false }),
      senderDeviceId: session.deviceId,
      optPlatform: optPlatformOf(session.platform),
    });
  }, { requiresLogin: true });

  registry.registerOp('getGroupHistory', async (data, { ctx, gateway, session }) => {
    const groupId = requireGroupId(data);
    const direction = optionalEnum(data, 'direction', ['older', 'newer'] as const, 'older');
    const fromSeq = optionalInt(data, 'fromSeq', { min: 0, max: Number.MAX_SAFE_INTEGER });
    const count = optionalInt(data, 'count', { min: 1, max: MAX_GROUP_HISTORY }) ?? 20;
    return createGroupMessageService(ctx, gateway).history(session.sdkAppId, session.userId, groupId, direction, fromSeq, count);
  }, { requiresLogin: true });
};
