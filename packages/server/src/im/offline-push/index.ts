/**
 * The pure parts of IM offline push: who gets one (device-push-decision.ts), what it says
 * (offline-push-text.ts, offline-push-settings.ts) and the TPNS message that carries it (offline-push-content.ts),
 * calls included (call-invite-push.ts). No I/O: the send path and the push queue gather the facts and call these.
 */
export {
  buildOfflinePushContent,
  IOS_NO_SOUND,
  type OfflinePushContent,
  type OfflinePushContentInput,
  type OfflinePushPlatform,
  type OfflinePushVendorOptions,
} from './offline-push-content.ts';
export { hasOfflinePushInfo, readOfflinePushSettings, type OfflinePushSettings, type IosPushType } from './offline-push-settings.ts';
export { defaultPushBody, elementPushText, isCustomWithoutDesc, messagePushText, notificationText, type PushGroup, type PushSender } from './offline-push-text.ts';
export {
  buildCallInvitePushContent,
  callContent,
  callInviteExt,
  callInviteOfflinePushInfo,
  type CallContent,
  type CallInvite,
  type InviterProfile,
} from './call-invite-push.ts';
export { devicePushDecision, mentionFacts, type DevicePushDecision, type DevicePushFacts, type DevicePushInput, type DevicePushReason } from './device-push-decision.ts';
