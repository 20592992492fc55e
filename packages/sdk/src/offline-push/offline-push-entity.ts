/**
 * The TUIKit "entity" an app puts in `offlinePushInfo.ext`, so that a tapped notification opens the right chat
 * or call (reference §4.10):
 *
 *   {"entity": {"version": 1, "action": 1 | 2, "chatType": 1 | 2, "sender", "nickname", "faceUrl",
 *               "content", "sendTime", "customData"?}}
 *
 * `action` 1 is a chat message, 2 a call; `chatType` 1 one-to-one, 2 group. For a chat message in a group,
 * `sender` is the group ID; otherwise it is the sender's (or inviter's) UserID. `sendTime` is the server time in
 * **seconds**, as Tencent's getServerTime gives it; Herald's `getServerTime()` answers in milliseconds, so the
 * builders here take milliseconds and convert. A call's `content` is itself a JSON string:
 * `{action: 1, call_type, room_id, call_id, timeout, version, invited_list, group_id}`.
 */

/** TUIKit's APNs_Version: receivers refuse any other version. */
export const OFFLINE_PUSH_ENTITY_VERSION = 1;
export const OFFLINE_PUSH_ACTION_CHAT = 1;
export const OFFLINE_PUSH_ACTION_CALL = 2;
export const OFFLINE_PUSH_CHAT_TYPE_C2C = 1;
export const OFFLINE_PUSH_CHAT_TYPE_GROUP = 2;

export interface OfflinePushEntity {
  version: typeof OFFLINE_PUSH_ENTITY_VERSION;
  action: typeof OFFLINE_PUSH_ACTION_CHAT | typeof OFFLINE_PUSH_ACTION_CALL;
  chatType: typeof OFFLINE_PUSH_CHAT_TYPE_C2C | typeof OFFLINE_PUSH_CHAT_TYPE_GROUP;
  /** The sender's UserID; the group ID for a group chat message; the inviter for a call. */
  sender: string;
  nickname?: string;
  faceUrl?: string;
  /** The display text of a chat message, or the call JSON of a call. */
  content?: string;
  /** Server time in seconds. */
  sendTime: number;
  customData?: string;
}

/** Newer TIMPush switches beside the entity (`fcmPushType` 0 data / 1 notification, …), passed through as given. */
export interface TimPushFeatures {
  fcmPushType?: number;
  fcmNotificationType?: number;
}

interface Profile {
  nickname?: string;
  faceUrl?: string;
  /** The server time of the send, epoch **ms** (`ChatClient.getServerTime()`). */
  serverTime: number;
  customData?: string;
  timPushFeatures?: TimPushFeatures;
}

export type ChatPushExtOptions = Profile &
  ({ chatType: 'c2c'; /** The sending user's UserID. */ senderUserId: string } | { chatType: 'group'; groupId: string }) & {
    /** What the notification says, for apps that show it themselves. */
    content?: string;
  };

/** The call as TUICallKit's `content` holds it; snake case as on the wire. */
export interface CallPushContent {
  call_id: string;
  call_type?: number;
  room_id?: number | string;
  timeout: number;
  version?: number;
  invited_list: string[];
  group_id?: string;
}

export type CallPushExtOptions = Profile & {
  inviter: string;
  call: CallPushContent;
};

function entityJson(entity: OfflinePushEntity, features: TimPushFeatures | undefined): string {
  const out: Record<string, unknown> = { entity };
  if (features !== undefined) out['timPushFeatures'] = features;
  return JSON.stringify(out);
}

function profileFields(o: Profile): Pick<OfflinePushEntity, 'nickname' | 'faceUrl'> {
  const fields: Pick<OfflinePushEntity, 'nickname' | 'faceUrl'> = {};
  if (o.nickname !== undefined && o.nickname !== '') fields.nickname = o.nickname;
  if (o.faceUrl !== undefined && o.faceUrl !== '') fields.faceUrl = o.faceUrl;
  return fields;
}

const seconds = (ms: number) => Math.floor(ms / 1000);

/** `ext` for a chat message: `offlinePushInfo: { ext: buildChatPushExt({...}) }`. */
export function buildChatPushExt(o: ChatPushExtOptions): string {
  const entity: OfflinePushEntity = {
    version: OFFLINE_PUSH_ENTITY_VERSION,
    action: OFFLINE_PUSH_ACTION_CHAT,
    chatType: o.chatType === 'c2c' ? OFFLINE_PUSH_CHAT_TYPE_C2C : OFFLINE_PUSH_CHAT_TYPE_GROUP,
    sender: o.chatType === 'c2c' ? o.senderUserId : o.groupId,
    ...profileFields(o),
    ...(o.content !== undefined ? { content: o.content } : {}),
    sendTime: seconds(o.serverTime),
    ...(o.customData !== undefined ? { customData: o.customData } : {}),
  };
  return entityJson(entity, o.timPushFeatures);
}

/** `ext` for a call invitation, as TUICallKit builds it (Herald's server builds the same for invites without one). */
export function buildCallPushExt(o: CallPushExtOptions): string {
  const call = { action: 1, ...o.call, version: o.call.version ?? 4 };
  const entity: OfflinePushEntity = {
    version: OFFLINE_PUSH_ENTITY_VERSION,
    action: OFFLINE_PUSH_ACTION_CALL,
    chatType: o.call.group_id === undefined || o.call.group_id === '' ? OFFLINE_PUSH_CHAT_TYPE_C2C : OFFLINE_PUSH_CHAT_TYPE_GROUP,
    sender: o.inviter,
    ...profileFields(o),
    content: JSON.stringify(call),
    sendTime: seconds(o.serverTime),
    ...(o.customData !== undefined ? { customData: o.customData } : {}),
  };
  return entityJson(entity, o.timPushFeatures);
}
