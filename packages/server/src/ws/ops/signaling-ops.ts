/** Signaling ops (docs/protocol.md §10): invite, cancel, accept, reject and pending invitations. */
import { heraldError } from '@herald/protocol';
import type { OfflinePushInfo } from '../../im/messages/message-event.ts';
import { createSignalingService, type SignalingActor } from '../../im/signaling/signaling-service.ts';
import { requireString } from '../op-args.ts';
import type { OpData, OpModule } from '../op-registry.ts';
import type { ChatSession } from '../types.ts';

const MAX_USER_ID = 32;
const MAX_GROUP_ID = 48;
const MAX_INVITE_ID = 64;
/** Invitees of one group invitation (Tencent's call kits ring far fewer; this only bounds the request). */
const MAX_INVITEES = 200;
/** One day: an invitation that should wait longer is a `timeout: 0` (never) one. */
const MAX_TIMEOUT_SECONDS = 86_400;

const actorOf = (s: ChatSession): SignalingActor => ({ sdkAppId: s.sdkAppId, userId: s.userId, deviceId: s.deviceId });

/** `data` is Tencent's free-form string (often JSON); its size is checked with the 12 KB message bound. */
function optionalData(data: OpData): string {
  const value = data['data'];
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw heraldError('REQUEST_PARAM_INVALID', 'data must be a string');
  return value;
}

function requireTimeout(data: OpData): number {
  const value = data['timeout'];
  if (value === undefined || value === null) throw heraldError('REQUEST_PARAM_MISSING', 'timeout is required (seconds, 0 = never)');
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > MAX_TIMEOUT_SECONDS) {
    throw heraldError('REQUEST_PARAM_INVALID', `timeout must be an integer from 0 to ${MAX_TIMEOUT_SECONDS} seconds`);
  }
  return value;
}

function optionalBool(data: OpData, name: string): boolean {
  const value = data[name];
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw heraldError('REQUEST_PARAM_INVALID', `${name} must be a boolean`);
  return value;
}

function optionalOfflinePushInfo(data: OpData): OfflinePushInfo | undefined {
  const value = data['offlinePushInfo'];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw heraldError('REQUEST_PARAM_INVALID', 'offlinePushInfo must be an object');
  const info = value as Record<string, unknown>;
  for (const key of ['title', 'desc', 'ext']) {
    if (info[key] !== undefined && typeof info[key] !== 'string') throw heraldError('REQUEST_PARAM_INVALID', `offlinePushInfo.${key} must be a string`);
  }
  if (info['disablePush'] !== undefined && typeof info['disablePush'] !== 'boolean') throw heraldError('REQUEST_PARAM_INVALID', 'offlinePushInfo.disablePush must be a boolean');
  return info as OfflinePushInfo;
}

/** A non-empty list of UserIDs, duplicates dropped (order kept). */
function requireInviteeList(data: OpData): string[] {
  const value = data['inviteeList'];
  if (value === undefined || value === null) throw heraldError('REQUEST_PARAM_MISSING', 'inviteeList is required');
  if (!Array.isArray(value) || value.length === 0) throw heraldError('REQUEST_PARAM_INVALID', 'inviteeList must be a non-empty array');
  if (value.length > MAX_INVITEES) throw heraldError('REQUEST_PARAM_INVALID', `inviteeList has at most ${MAX_INVITEES} users`);
  for (const [i, userId] of value.entries()) {
    if (typeof userId !== 'string' || userId.length === 0 || userId.length > MAX_USER_ID) {
      throw heraldError('REQUEST_PARAM_INVALID', `inviteeList[${i}] must be a UserID of 1 to ${MAX_USER_ID} characters`);
    }
  }
  return [...new Set(value as string[])];
}

const inviteIdOf = (data: OpData): string => requireString(data, 'inviteId', { max: MAX_INVITE_ID });

export const signalingOps: OpModule = (registry) => {
  registry.registerOp('invite', async (data, { ctx, gateway, session }) => {
    const invitee = requireString(data, 'invitee', { max: MAX_USER_ID });
    return createSignalingService(ctx, gateway).invite(actorOf(session), {
      inviteeList: [invitee],
      data: optionalData(data),
      timeoutSeconds: requireTimeout(data),
      onlineUserOnly: optionalBool(data, 'onlineUserOnly'),
      offlinePushInfo: optionalOfflinePushInfo(data),
    });
  }, { requiresLogin: true });

  registry.registerOp('inviteInGroup', async (data, { ctx, gateway, session }) => {
    const groupId = requireString(data, 'groupId', { max: MAX_GROUP_ID });
    return createSignalingService(ctx, gateway).invite(actorOf(session), {
      groupId,
      inviteeList: requireInviteeList(data),
      data: optionalData(data),
      timeoutSeconds: requireTimeout(data),
      onlineUserOnly: optionalBool(data, 'onlineUserOnly'),
      offlinePushInfo: optionalOfflinePushInfo(data),
    });
  }, { requiresLogin: true });

  registry.registerOp('cancel', async (data, { ctx, gateway, session }) => {
    await createSignalingService(ctx, gateway).cancel(actorOf(session), inviteIdOf(data), optionalData(data));
    return {};
  }, { requiresLogin: true });

  registry.registerOp('accept', async (data, { ctx, gateway, session }) => {
    await createSignalingService(ctx, gateway).answer(actorOf(session), inviteIdOf(data), 'accepted', optionalData(data));
    return {};
  }, { requiresLogin: true });

  registry.registerOp('reject', async (data, { ctx, gateway, session }) => {
    await createSignalingService(ctx, gateway).answer(actorOf(session), inviteIdOf(data), 'rejected', optionalData(data));
    return {};
  }, { requiresLogin: true });

  registry.registerOp('getSignalingInfo', async (data, { ctx, gateway, session }) =>
    createSignalingService(ctx, gateway).getSignalingInfo(actorOf(session), inviteIdOf(data)), { requiresLogin: true });

  registry.registerOp('getPendingInvitations', async (_data, { ctx, gateway, session }) =>
    ({ invitations: await createSignalingService(ctx, gateway).pendingInvitations(actorOf(session)) }), { requiresLogin: true });
};
