/**
 * Who may do what, per group type and role: Tencent's feature table ("Group System" / 群组介绍,
 * cloud.tencent.com/document/product/269/75697, intl.cloud.tencent.com/document/product/1047/46310) and the
 * dismissGroup note of the SDKs ("Work: nobody can dismiss; other groups: the owner"). The app admin (REST) may
 * do everything the owner may, member or not, and also dismiss Work groups.
 *
 * | | Work | Public | Meeting | Community | AVChatRoom |
 * |---|---|---|---|---|---|
 * | roles | Owner, Member | Owner, Admin, Member | Owner, Admin, Member | Owner, Admin, Member | Owner, Member |
 * | join by request | no (invite only) | ApplyJoinOption | free | free | free |
 * | members invite | any member | owner/admin | owner/admin | any member | nobody |
 * | owner may quit | yes (group stays, ownerless) | no | no | no | no |
 * | edit profile | any member | owner/admin | owner/admin | owner/admin | owner |
 * | kick | owner | owner; admin kicks members | same | same | nobody (mute instead) |
 * | mute a member | nobody | owner; admin mutes members | same | same | owner |
 * | dismiss (SDK) | nobody (app admin only) | owner | owner | owner | owner |
 *
 * Inviting into Public and Meeting groups is limited to owner and admins: Tencent's English table says members
 * cannot invite there, the Chinese one allows it from SDK 7.1.3925 only with an invite-approval option Herald does
 * not model, so Herald keeps the stricter reading.
 */
import { heraldError } from '@herald/protocol';
import type { GroupRole, GroupType } from './group-types.ts';

/** Who acts: a member of the app (through the chat socket) or the app admin (REST). */
export interface GroupOperator {
  userId: string;
  /** The app admin: owner's rights in every group, member or not. */
  isAppAdmin: boolean;
}

/** The operator's role in the group, or undefined when not a member. */
export type OperatorRole = GroupRole | undefined;

const denied = (message: string): never => {
  throw heraldError('IM_GROUP_PERMISSION_DENIED', message);
};

export function supportsAdmins(type: GroupType): boolean {
  return type === 'Public' || type === 'Meeting' || type === 'Community';
}

/** The operator must be a member (unless app admin); returns the role to judge by ('Owner' for the app admin). */
export function effectiveRole(operator: GroupOperator, role: OperatorRole): GroupRole {
  if (operator.isAppAdmin) return 'Owner';
  if (role === undefined) throw heraldError('IM_GROUP_NOT_MEMBER', `${operator.userId.slice(0, 32)} is not a member of this group`);
  return role;
}

const isManager = (role: GroupRole): boolean => role === 'Owner' || role === 'Admin';

export function assertMayInvite(type: GroupType, operator: GroupOperator, role: OperatorRole): void {
  if (type === 'AVChatRoom') denied('AVChatRoom groups take no invitations; users join them themselves');
  const r = effectiveRole(operator, role);
  if (type === 'Work' || type === 'Community') return;
  if (!isManager(r)) denied(`only the owner and admins may invite into a ${type} group`);
}

export function assertMayKick(type: GroupType, operator: GroupOperator, role: OperatorRole, targetRole: GroupRole, targetId: string): void {
  if (type === 'AVChatRoom') denied('members of an AVChatRoom cannot be removed; mute them instead');
  const r = effectiveRole(operator, role);
  if (targetRole === 'Owner') denied('the owner cannot be removed');
  if (!operator.isAppAdmin && targetId === operator.userId) denied('use quitGroup to leave');
  if (r === 'Owner') return;
  if (type === 'Work') denied('only the owner may remove members of a Work group');
  if (r === 'Admin' && targetRole === 'Member') return;
  denied('admins may remove ordinary members only');
}

export function assertMayMute(type: GroupType, operator: GroupOperator, role: OperatorRole, targetRole: GroupRole): void {
  if (type === 'Work') denied('Work groups do not support muting members');
  const r = effectiveRole(operator, role);
  if (targetRole === 'Owner') denied('the owner cannot be muted');
  if (r === 'Owner') return;
  if (r === 'Admin' && targetRole === 'Member') return;
  denied('admins may mute ordinary members only');
}

export function assertMayEditProfile(type: GroupType, operator: GroupOperator, role: OperatorRole): void {
  const r = effectiveRole(operator, role);
  if (type === 'Work' || r === 'Owner') return;
  if (type === 'AVChatRoom') denied('only the owner may change an AVChatRoom');
  if (!isManager(r)) denied(`only the owner and admins may change a ${type} group`);
}

/** Mute-all and the join option are management switches: owner and admins only, in every type. */
export function assertMayManage(operator: GroupOperator, role: OperatorRole): void {
  if (!isManager(effectiveRole(operator, role))) denied('only the owner and admins may change this setting');
}

export function assertMaySetRole(type: GroupType, operator: GroupOperator, role: OperatorRole, targetRole: GroupRole): void {
  if (!supportsAdmins(type)) denied(`${type} groups have no admins`);
  if (effectiveRole(operator, role) !== 'Owner') denied('only the owner appoints or removes admins');
  if (targetRole === 'Owner') denied("the owner's role changes only by transferring ownership");
}

export function assertMayDismiss(type: GroupType, operator: GroupOperator, role: OperatorRole): void {
  if (operator.isAppAdmin) return;
  const r = effectiveRole(operator, role);
  if (type === 'Work') denied('a Work group can be dismissed only by the app admin');
  if (r !== 'Owner') denied('only the owner may dismiss the group');
}

export function assertMayTransfer(operator: GroupOperator, role: OperatorRole): void {
  if (effectiveRole(operator, role) !== 'Owner') denied('only the owner may transfer ownership');
}

/** Work owners may leave (the group stays, without owner); elsewhere the owner transfers or dismisses first. */
export function assertMayQuit(type: GroupType, role: GroupRole): void {
  if (role === 'Owner' && type !== 'Work') throw heraldError('IM_GROUP_OWNER_CANNOT_QUIT');
}

/** How a join request is answered: at once, by an owner/admin decision, or not at all. */
export function joinMode(type: GroupType, applyJoinOption: string): 'free' | 'approval' | 'closed' {
  if (type === 'Work') return 'closed';
  if (applyJoinOption === 'DisableApply') return 'closed';
  if (applyJoinOption === 'NeedPermission') return 'approval';
  return 'free';
}

/** The option stored at creation: Work takes no requests; Public defaults to approval; the rest join freely. */
export function defaultApplyJoinOption(type: GroupType): 'FreeAccess' | 'NeedPermission' | 'DisableApply' {
  if (type === 'Work') return 'DisableApply';
  return type === 'Public' ? 'NeedPermission' : 'FreeAccess';
}
