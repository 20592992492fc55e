/**
 * Reads the TUIKit entity back from a tapped notification and tells the app where to go. The entity arrives
 * where each channel's client finds it (reference §4.10), and readOfflinePushEntity looks in each place:
 * `ext` (APNs `userInfo`, Android intent extras, Xiaomi extras, FCM data), `custom` (TPNS-mode iOS), `entity`
 * (OPPO's bundle key, holding the entity itself), TPNS `custom_content` and a web notification's `data`.
 * Values may be JSON strings or already-parsed objects; anything that is not a version-1 entity is ignored, as
 * TUIKit's receivers do.
 */
import {
  OFFLINE_PUSH_ACTION_CALL,
  OFFLINE_PUSH_ACTION_CHAT,
  OFFLINE_PUSH_CHAT_TYPE_C2C,
  OFFLINE_PUSH_CHAT_TYPE_GROUP,
  OFFLINE_PUSH_ENTITY_VERSION,
  type OfflinePushEntity,
} from './offline-push-entity.ts';

/** A call invitation as Tencent's V2TIMSignalingInfo names it, from the entity's call content. */
export interface OfflinePushCall {
  inviteID: string;
  inviter: string;
  /** Set for a group call. */
  groupID?: string;
  inviteeList: string[];
  /** TUICallKit: 1 audio, 2 video (values unverified). */
  callType?: number;
  roomID?: number | string;
  /** Seconds; 0 never times out. */
  timeout: number;
  /** Server time of the invite, seconds. */
  sendTime: number;
}

export type OfflinePushRoute =
  | { kind: 'c2c'; userID: string }
  | { kind: 'group'; groupID: string }
  | { kind: 'call'; call: OfflinePushCall };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v !== '';

function parsed(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

/** TUIKit's receivers read numbers with `intValue`, so "2" counts as 2. */
function int(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) ? n : undefined;
}

function asEntity(value: unknown): OfflinePushEntity | undefined {
  const e = parsed(value);
  if (!isObject(e)) return undefined;
  const version = int(e['version']);
  const action = int(e['action']);
  const chatType = int(e['chatType']);
  const sendTime = int(e['sendTime']) ?? 0;
  if (version !== OFFLINE_PUSH_ENTITY_VERSION || !nonEmpty(e['sender'])) return undefined;
  if (action !== OFFLINE_PUSH_ACTION_CHAT && action !== OFFLINE_PUSH_ACTION_CALL) return undefined;
  if (chatType !== OFFLINE_PUSH_CHAT_TYPE_C2C && chatType !== OFFLINE_PUSH_CHAT_TYPE_GROUP) return undefined;
  const entity: OfflinePushEntity = { version, action, chatType, sender: e['sender'], sendTime };
  for (const key of ['nickname', 'faceUrl', 'content', 'customData'] as const) {
    const v = e[key];
    if (typeof v === 'string') entity[key] = v;
  }
  return entity;
}

/** The entity of an `ext` string (or object): `{"entity": {...}}`, or the entity itself. */
export function parseOfflinePushExt(ext: unknown): OfflinePushEntity | undefined {
  const value = parsed(ext);
  if (!isObject(value)) return undefined;
  return 'entity' in value ? asEntity(value['entity']) : asEntity(value);
}

const PLACES = ['ext', 'custom', 'entity', 'custom_content', 'customContent', 'data'] as const;

/** The entity of a received notification: iOS `userInfo`, Android extras, a web notification's data, or `ext` itself. */
export function readOfflinePushEntity(payload: unknown, depth = 0): OfflinePushEntity | undefined {
  const value = parsed(payload);
  if (!isObject(value) || depth > 3) return undefined;
  for (const key of PLACES) {
    const found = value[key];
    if (found === undefined || found === null) continue;
    const entity = key === 'entity' ? asEntity(found) : (parseOfflinePushExt(found) ?? readOfflinePushEntity(found, depth + 1));
    if (entity !== undefined) return entity;
  }
  return parseOfflinePushExt(value);
}

function callOf(entity: OfflinePushEntity): OfflinePushCall | undefined {
  const content = parsed(entity.content);
  if (!isObject(content) || !nonEmpty(content['call_id'])) return undefined;
  const list = content['invited_list'];
  const call: OfflinePushCall = {
    inviteID: content['call_id'],
    inviter: entity.sender,
    inviteeList: Array.isArray(list) ? list.filter(nonEmpty) : [],
    timeout: int(content['timeout']) ?? 0,
    sendTime: entity.sendTime,
  };
  if (nonEmpty(content['group_id'])) call.groupID = content['group_id'];
  const callType = int(content['call_type']);
  if (callType !== undefined) call.callType = callType;
  const roomId = content['room_id'];
  if (nonEmpty(roomId) || int(roomId) !== undefined) call.roomID = roomId as number | string;
  return call;
}

/** Where a tap on the notification leads; undefined for a call entity without call content. */
export function offlinePushRoute(entity: OfflinePushEntity): OfflinePushRoute | undefined {
  if (entity.action === OFFLINE_PUSH_ACTION_CALL) {
    const call = callOf(entity);
    return call === undefined ? undefined : { kind: 'call', call };
  }
  return entity.chatType === OFFLINE_PUSH_CHAT_TYPE_GROUP ? { kind: 'group', groupID: entity.sender } : { kind: 'c2c', userID: entity.sender };
}

/** readOfflinePushEntity then offlinePushRoute: the route of a tapped notification, if it carries an entity. */
export function routeOfNotification(payload: unknown): OfflinePushRoute | undefined {
  const entity = readOfflinePushEntity(payload);
  return entity === undefined ? undefined : offlinePushRoute(entity);
}

/**
 * TUICallKit's check on tap: the call has timed out when the server time is more than `timeout` seconds past the
 * invite. `serverTime` is epoch ms, as `ChatClient.getServerTime()` answers. A timeout of 0 never expires.
 */
export function isCallTimedOut(call: Pick<OfflinePushCall, 'timeout' | 'sendTime'>, serverTime: number): boolean {
  if (call.timeout <= 0) return false;
  return serverTime / 1000 - call.sendTime > call.timeout;
}
