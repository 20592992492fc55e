/** Receive option ops (docs/protocol.md §11): per-conversation options and the global do-not-disturb window. */
import { heraldError } from '@herald/protocol';
import type { ServerContext } from '../../context.ts';
import { isValidGroupId } from '../../im/group-messages/group-access.ts';
import { groupConversationView } from '../../im/group-messages/group-conversations.ts';
import { isValidUserId } from '../../im/identity/user-id.ts';
import { conversationView, getConversation, totalUnread, type Owner } from '../../im/messages/conversations.ts';
import { c2cConversationId } from '../../im/messages/message-event.ts';
import { createDevicePresence } from '../../im/presence/device-presence.ts';
import { SECONDS_PER_DAY } from '../../im/receive/dnd-window.ts';
import {
  getC2cReceiveOpts, getGlobalReceiveSetting, setC2cReceiveOpts, setGlobalReceiveOpt, setGroupReceiveOpt, type GlobalReceiveInput,
} from '../../im/receive/receive-options.ts';
import type { GatewayApi, OpData, OpModule } from '../op-registry.ts';
import type { ChatSession } from '../types.ts';

/** Tencent's limit on one setC2CReceiveMessageOpt / getC2CReceiveMessageOpt call. */
const MAX_USER_IDS = 30;
/** A one-off window lasts at most this long (uint32 seconds, as Tencent's SDK types it). */
const MAX_ONE_OFF_DURATION = 4_294_967_295;

const ownerOf = (s: ChatSession): Owner => ({ sdkAppId: s.sdkAppId, userId: s.userId });

function requireUserIdList(data: OpData): string[] {
  const value = data['userIdList'];
  if (value === undefined || value === null) throw heraldError('REQUEST_PARAM_MISSING', 'userIdList is required');
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_USER_IDS || !value.every(isValidUserId)) {
    throw heraldError('REQUEST_PARAM_INVALID', `userIdList must be an array of 1 to ${MAX_USER_IDS} UserIDs`);
  }
  return [...new Set(value as string[])];
}

function requireIntIn(data: OpData, name: string, min: number, max: number): number {
  const value = data[name];
  if (value === undefined || value === null) throw heraldError('REQUEST_PARAM_MISSING', `${name} is required`);
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw heraldError('REQUEST_PARAM_INVALID', `${name} must be an integer from ${min} to ${max}`);
  }
  return value;
}

function requireOpt<T extends number>(data: OpData, allowed: readonly T[]): T {
  const value = data['opt'];
  if (value === undefined || value === null) throw heraldError('REQUEST_PARAM_MISSING', 'opt is required');
  if (!(allowed as readonly unknown[]).includes(value)) throw heraldError('REQUEST_PARAM_INVALID', `opt must be one of ${allowed.join(', ')}`);
  return value as T;
}

function requireGroupId(data: OpData): string {
  const value = data['groupId'];
  if (value === undefined || value === null) throw heraldError('REQUEST_PARAM_MISSING', 'groupId is required');
  if (!isValidGroupId(value)) throw heraldError('REQUEST_PARAM_INVALID', 'groupId must be 1 to 48 printable ASCII characters');
  return value;
}

/** Daily (`startHour`…) or one-off (`startTimeStamp`), never both. */
function readGlobalInput(data: OpData): GlobalReceiveInput {
  const opt = requireOpt(data, [0, 2] as const);
  const daily = ['startHour', 'startMinute', 'startSecond'].some((k) => data[k] !== undefined && data[k] !== null);
  const once = data['startTimeStamp'] !== undefined && data['startTimeStamp'] !== null;
  if (daily && once) throw heraldError('REQUEST_PARAM_INVALID', 'give startHour/startMinute/startSecond (daily) or startTimeStamp (one-off), not both');
  if (once) {
    return { opt, once: { startTime: requireIntIn(data, 'startTimeStamp', 0, 4_294_967_295) }, duration: requireIntIn(data, 'duration', 0, MAX_ONE_OFF_DURATION) };
  }
  const startSecond = requireIntIn(data, 'startHour', 0, 23) * 3600 + requireIntIn(data, 'startMinute', 0, 59) * 60 + requireIntIn(data, 'startSecond', 0, 59);
  return { opt, daily: { startSecond }, duration: requireIntIn(data, 'duration', 0, SECONDS_PER_DAY) };
}

/** Tells the user's other devices, so their SDKs update the option they show. */
async function tellOtherDevices(ctx: ServerContext, gateway: GatewayApi, session: ChatSession, data: unknown): Promise<void> {
  const devices = (await createDevicePresence(ctx.store.db).listActive(ownerOf(session))).map((d) => d.deviceId).filter((id) => id !== session.deviceId);
  if (devices.length > 0) await gateway.deliverToUser(ownerOf(session), 'receiveMessageOptChanged', data, devices);
}

/** The total leaves out conversations whose option is 1, 2 or 3, so a change may move it. */
async function announceTotal(ctx: ServerContext, gateway: GatewayApi, owner: Owner): Promise<void> {
  await gateway.deliverToUser(owner, 'totalUnreadChanged', { total: await totalUnread(ctx.store.db, owner) });
}

export const receiveOptionOps: OpModule = (registry) => {
  registry.registerOp('setC2CReceiveMessageOpt', async (data, { ctx, gateway, session }) => {
    const userIdList = requireUserIdList(data);
    const opt = requireOpt(data, [0, 1, 2] as const);
    const owner = ownerOf(session);
    await setC2cReceiveOpts(ctx.store.db, owner, userIdList, opt, ctx.clock.now());
    const conversations = [];
    for (const peer of userIdList) {
      const row = await getConversation(ctx.store.db, owner, c2cConversationId(peer));
      if (row !== undefined && row.deleted === 0) conversations.push(conversationView(row, opt));
    }
    if (conversations.length > 0) await gateway.deliverToUser(owner, 'conversationChanged', { conversations });
    await announceTotal(ctx, gateway, owner);
    await tellOtherDevices(ctx, gateway, session, { type: 'c2c', userIdList, opt });
    return {};
  }, { requiresLogin: true });

  registry.registerOp('getC2CReceiveMessageOpt', async (data, { ctx, session }) => {
    const userIdList = requireUserIdList(data);
    const opts = await getC2cReceiveOpts(ctx.store.db, ownerOf(session), userIdList);
    return { options: userIdList.map((userId) => ({ userId, opt: opts.get(userId) ?? 0 })) };
  }, { requiresLogin: true });

  registry.registerOp('setGroupReceiveMessageOpt', async (data, { ctx, gateway, session }) => {
    const groupId = requireGroupId(data);
    const opt = requireOpt(data, [0, 1, 2, 3] as const);
    const owner = ownerOf(session);
    await setGroupReceiveOpt(ctx.store.db, owner, groupId, opt);
    const view = await groupConversationView(ctx.store.db, owner, groupId);
    // Only a listed conversation (one with a message the member can see) is announced.
    if (view.lastMessage !== null) await gateway.deliverToUser(owner, 'conversationChanged', { conversations: [view] });
    await announceTotal(ctx, gateway, owner);
    await tellOtherDevices(ctx, gateway, session, { type: 'group', groupId, opt });
    return {};
  }, { requiresLogin: true });

  registry.registerOp('setAllReceiveMessageOpt', async (data, { ctx, gateway, session }) => {
    const input = readGlobalInput(data);
    const owner = ownerOf(session);
    await setGlobalReceiveOpt(ctx.store.db, owner, input, ctx.clock.now());
    await tellOtherDevices(ctx, gateway, session, { type: 'all', ...(await getGlobalReceiveSetting(ctx.store.db, owner)) });
    return {};
  }, { requiresLogin: true });

  registry.registerOp('getAllReceiveMessageOpt', async (_data, { ctx, session }) => getGlobalReceiveSetting(ctx.store.db, ownerOf(session)), { requiresLogin: true });
};
