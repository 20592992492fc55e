/**
 * The offline push for a signaling invite (a call), in the form TUICallKit's receivers parse (reference §4.10):
 * `ext` is the TUIKit entity with `action` 2, `chatType` 1 (one-to-one) or 2 (group), `sender` the inviter,
 * `sendTime` the invite's server time in seconds, and `content` the call as a JSON string:
 * `{action: 1, call_type, room_id, call_id, timeout, version, invited_list, group_id}`.
 *
 * `call_type`, `room_id` and `version` come from the invite's `data` when it is the JSON TUICallKit sends (at its
 * top level, or in its `data` object); `version` defaults to 4, the others are left out when absent. What the app
 * set in the invite's own offlinePushInfo wins: its `ext` goes out unchanged, its title, desc and sound replace
 * the defaults below (TUICallKit's: "You have a call request", `phone_ringing.mp3`; the title is the inviter's
 * nickname, else their UserID — Herald's choice).
 */
import type { OfflinePushInfo } from '@herald/protocol';
import { buildOfflinePushContent, type OfflinePushContent, type OfflinePushPlatform } from './offline-push-content.ts';

/** TUIKit's entity version (APNs_Version); receivers refuse any other. */
export const ENTITY_VERSION = 1;
export const ENTITY_ACTION_CHAT = 1;
export const ENTITY_ACTION_CALL = 2;
/** TUICalling's signalling action for an invite, and its protocol version when the invite's data names none. */
export const CALL_ACTION_INVITE = 1;
export const DEFAULT_CALL_VERSION = 4;
export const DEFAULT_CALL_DESC = 'You have a call request';
export const DEFAULT_CALL_SOUND = 'phone_ringing.mp3';

export interface CallInvite {
  inviteId: string;
  inviter: string;
  groupId?: string | undefined;
  inviteeList: readonly string[];
  /** The invite's free `data` string (TUICallKit sends JSON). */
  data: string;
  /** Seconds; 0 never times out. */
  timeout: number;
  /** Epoch ms when the invite was stored. */
  sendTime: number;
  offlinePushInfo?: OfflinePushInfo | undefined;
}

export interface InviterProfile {
  nickname?: string | undefined;
  faceUrl?: string | undefined;
}

/** The call as TUICallKit's `content` string holds it. */
export interface CallContent {
  action: typeof CALL_ACTION_INVITE;
  call_type?: number;
  room_id?: number | string;
  call_id: string;
  timeout: number;
  version: number;
  invited_list: string[];
  group_id?: string;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseData(data: string): Json {
  try {
    const parsed = JSON.parse(data) as unknown;
    return isObject(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

/** `key` from the data, else from its nested `data` object, when `accept` takes it. */
function pick<T>(data: Json, key: string, accept: (v: unknown) => v is T): T | undefined {
  const nested = isObject(data['data']) ? data['data'] : {};
  for (const v of [data[key], nested[key]]) if (accept(v)) return v;
  return undefined;
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
const isRoomId = (v: unknown): v is number | string => isInt(v) || (typeof v === 'string' && v !== '');

export function callContent(invite: CallInvite): CallContent {
  const data = parseData(invite.data);
  const content: CallContent = {
    action: CALL_ACTION_INVITE,
    call_id: invite.inviteId,
    timeout: invite.timeout,
    version: pick(data, 'version', isInt) ?? DEFAULT_CALL_VERSION,
    invited_list: [...invite.inviteeList],
  };
  const callType = pick(data, 'call_type', isInt);
  const roomId = pick(data, 'room_id', isRoomId) ?? pick(data, 'strRoomId', isRoomId);
  if (callType !== undefined) content.call_type = callType;
  if (roomId !== undefined) content.room_id = roomId;
  if (invite.groupId !== undefined) content.group_id = invite.groupId;
  return content;
}

/** The `ext` string: `{"entity": {version, action: 2, chatType, sender, nickname, faceUrl, content, sendTime}}`. */
export function callInviteExt(invite: CallInvite, inviter: InviterProfile): string {
  const entity: Json = {
    version: ENTITY_VERSION,
    action: ENTITY_ACTION_CALL,
    chatType: invite.groupId === undefined ? 1 : 2,
    sender: invite.inviter,
  };
  if (inviter.nickname !== undefined && inviter.nickname !== '') entity['nickname'] = inviter.nickname;
  if (inviter.faceUrl !== undefined && inviter.faceUrl !== '') entity['faceUrl'] = inviter.faceUrl;
  entity['content'] = JSON.stringify(callContent(invite));
  entity['sendTime'] = Math.floor(invite.sendTime / 1000);
  return JSON.stringify({ entity });
}

const blank = (v: unknown) => typeof v !== 'string' || v.trim() === '';

/** The invite's offlinePushInfo with the call defaults filled in where the app left a field unset. */
export function callInviteOfflinePushInfo(invite: CallInvite, inviter: InviterProfile): OfflinePushInfo {
  const given: OfflinePushInfo = { ...(invite.offlinePushInfo ?? {}) };
  const info: OfflinePushInfo = { ...given };
  if (blank(given.title)) info.title = inviter.nickname !== undefined && inviter.nickname !== '' ? inviter.nickname : invite.inviter;
  if (blank(given.desc)) info.desc = DEFAULT_CALL_DESC;
  if (blank(given.ext)) info.ext = callInviteExt(invite, inviter);
  const apns = given['apnsInfo'];
  const soundGiven = !blank(given['iOSSound']) || (isObject(apns) && !blank(apns['Sound']));
  if (!soundGiven) info['iOSSound'] = DEFAULT_CALL_SOUND;
  return info;
}

/** The call's offline push for one platform; `iosExtKey` and `androidAction` as for messages. */
export function buildCallInvitePushContent(
  invite: CallInvite,
  inviter: InviterProfile,
  platform: OfflinePushPlatform,
  options: { iosExtKey?: 'ext' | 'custom'; androidAction?: Json } = {},
): OfflinePushContent {
  const content = buildOfflinePushContent({
    platform,
    elements: [],
    offlinePushInfo: callInviteOfflinePushInfo(invite, inviter),
    sender: { userId: invite.inviter, nickname: inviter.nickname },
    group: undefined,
    iosExtKey: options.iosExtKey,
    androidAction: options.androidAction,
  });
  // A desc is always set above, so there is always something to show.
  return content!;
}
