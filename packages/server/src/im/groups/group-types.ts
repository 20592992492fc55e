/**
 * Tencent's group types, roles, join options and limits, in one place. Numbers and rules are Tencent's:
 * - member limits: "Group System" (trtc.io/document/33529, tencentcloud.com/document/product/1047/33529): Work,
 *   Public and Meeting can be raised to at most 6,000 members, Community holds up to 100,000, AVChatRoom has no
 *   upper limit. Defaults when `maxMemberNum` is not given: Work 200, Public 2,000 (Web SDK CreateGroupParams,
 *   web.sdk.qcloud.com/im/doc/chat-engine/en/CreateGroupParams.html; its Meeting default of 10,000 is above the
 *   6,000 maximum, so Meeting defaults to that maximum), Community 100,000 (cloud.tencent.com/document/product/269/9346).
 * - group profile field lengths and the custom group ID rule: "Use Limits" (trtc.io/document/34381): name 30
 *   bytes, introduction 240, notification 300, face URL 100, name card 50; a custom ID is printable ASCII
 *   (0x20–0x7e), at most 48 bytes, and must not start with `@TGS#`; a Community's custom ID must start with
 *   `@TGS#_` (Chat SDK GroupParams, create_group_param_group_id).
 */
import { randomBytes } from 'node:crypto';
import { heraldError } from '@herald/protocol';

export const GROUP_TYPES = ['Work', 'Public', 'Meeting', 'AVChatRoom', 'Community'] as const;
export type GroupType = (typeof GROUP_TYPES)[number];

export const GROUP_ROLES = ['Owner', 'Admin', 'Member'] as const;
export type GroupRole = (typeof GROUP_ROLES)[number];

export const APPLY_JOIN_OPTIONS = ['FreeAccess', 'NeedPermission', 'DisableApply'] as const;
export type ApplyJoinOption = (typeof APPLY_JOIN_OPTIONS)[number];

/** AVChatRoom has no member limit; the column is an integer, so "unlimited" is its largest value. */
export const UNLIMITED_MEMBERS = 2_147_483_647;

export interface GroupTypeLimits {
  defaultMaxMembers: number;
  maxMembers: number;
}

/** Default and maximum member counts per type (sources in the header comment). */
export const GROUP_MEMBER_LIMITS: Record<GroupType, GroupTypeLimits> = {
  Work: { defaultMaxMembers: 200, maxMembers: 6_000 },
  Public: { defaultMaxMembers: 2_000, maxMembers: 6_000 },
  Meeting: { defaultMaxMembers: 6_000, maxMembers: 6_000 },
  Community: { defaultMaxMembers: 100_000, maxMembers: 100_000 },
  AVChatRoom: { defaultMaxMembers: UNLIMITED_MEMBERS, maxMembers: UNLIMITED_MEMBERS },
};

/** Byte limits of the group profile fields and the member name card. */
export const GROUP_FIELD_BYTES = { name: 30, introduction: 240, notification: 300, faceUrl: 100, nameCard: 50 } as const;

export const MAX_GROUP_ID_BYTES = 48;
const GENERATED_PREFIX = '@TGS#';
const COMMUNITY_PREFIX = '@TGS#_';
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

/** Requests that name users are capped (Tencent: create 500, add 300, delete 100, mute 500). */
export const GROUP_ACCOUNT_CAPS = { create: 500, add: 300, remove: 100, mute: 500 } as const;

export function isGroupType(value: unknown): value is GroupType {
  return typeof value === 'string' && (GROUP_TYPES as readonly string[]).includes(value);
}

export function isApplyJoinOption(value: unknown): value is ApplyJoinOption {
  return typeof value === 'string' && (APPLY_JOIN_OPTIONS as readonly string[]).includes(value);
}

/** Any ID a group may have (custom or generated): the shape checked before a lookup. */
export function isValidGroupId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_GROUP_ID_BYTES && PRINTABLE_ASCII.test(value);
}

/** A custom ID given at creation; throws IM_GROUP_ID_INVALID when Tencent would refuse it for this type. */
export function checkCustomGroupId(type: GroupType, groupId: unknown): string {
  if (!isValidGroupId(groupId)) throw heraldError('IM_GROUP_ID_INVALID', `a group ID is 1 to ${MAX_GROUP_ID_BYTES} printable ASCII characters`);
  if (type === 'Community') {
    if (!groupId.startsWith(COMMUNITY_PREFIX) || groupId.length === COMMUNITY_PREFIX.length) {
      throw heraldError('IM_GROUP_ID_INVALID', `a Community's custom ID must start with ${COMMUNITY_PREFIX}`);
    }
  } else if (groupId.startsWith(GENERATED_PREFIX)) {
    throw heraldError('IM_GROUP_ID_INVALID', `custom group IDs must not start with ${GENERATED_PREFIX} (kept for generated IDs)`);
  }
  return groupId;
}

const TYPE_MARK: Record<GroupType, string> = { Work: '1', Public: '2', Meeting: '3', AVChatRoom: 'a', Community: '_' };
const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A generated ID in Tencent's style: `@TGS#` + a type mark + random letters (`@TGS#_…` for a Community). */
export function generateGroupId(type: GroupType): string {
  const bytes = randomBytes(12);
  let tail = '';
  for (const b of bytes) tail += ID_ALPHABET[b % ID_ALPHABET.length];
  return `${GENERATED_PREFIX}${TYPE_MARK[type]}${tail}`;
}

export function utf8Bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}
