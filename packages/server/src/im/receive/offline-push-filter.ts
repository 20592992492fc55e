/**
 * Whether one recipient of one message gets an offline (vendor) push, by the filters Tencent applies before
 * pushing (reference §4.2 and §4.8). Pure: the caller gathers the message's flags, the recipient's options and
 * the clock. The first filter that refuses names the reason.
 */
import { inDndWindow, type DndWindow } from './dnd-window.ts';

export interface OfflinePushFilterInput {
  chatType: 'c2c' | 'group';
  /** Tencent group type (Work, Public, Meeting, AVChatRoom, Community); groups only. */
  groupType?: string | undefined;
  /** SDK `onlineUserOnly` / REST `OnlineOnlyFlag=1` / `MsgLifeTime=0`: never stored, never pushed. */
  onlineUserOnly: boolean;
  /** SDK `disablePush` / REST `OfflinePushInfo.PushFlag=1`. */
  disablePush: boolean;
  /** Only custom elements, with no `desc` and no `OfflinePushInfo.desc`: nothing to show, so no push. */
  isCustomWithoutDesc: boolean;
  /** The recipient's option for this conversation: 0 receive, 1 not receive, 2 no push, 3 no push except @ (groups). */
  conversationOpt: number;
  /** The recipient's global option: 0 receive, 2 no push inside the do-not-disturb window. */
  globalOpt: number;
  dnd: DndWindow;
  /** Group messages: the recipient is @-mentioned, or the message is @all. */
  mentionsMe: boolean;
  mentionsAll: boolean;
  /** Epoch ms. */
  now: number;
}

export type OfflinePushReason =
  | 'push'
  | 'online-only'
  | 'group-type-online-only'
  | 'push-disabled'
  | 'custom-without-desc'
  | 'not-receiving'
  | 'receive-without-push'
  | 'mentions-only'
  | 'do-not-disturb';

export interface OfflinePushDecision {
  push: boolean;
  reason: OfflinePushReason;
}

/** Meeting and AVChatRoom groups are online only (reference §4.2); ChatRoom and BChatRoom are their old names. */
const ONLINE_ONLY_GROUP_TYPES: ReadonlySet<string> = new Set(['Meeting', 'AVChatRoom', 'ChatRoom', 'BChatRoom']);

/** Groups whose messages are never pushed, whoever the recipient. */
export function isOnlineOnlyGroupType(groupType: string): boolean {
  return ONLINE_ONLY_GROUP_TYPES.has(groupType);
}

const refuse = (reason: OfflinePushReason): OfflinePushDecision => ({ push: false, reason });

export function offlinePushDecision(input: OfflinePushFilterInput): OfflinePushDecision {
  if (input.onlineUserOnly) return refuse('online-only');
  if (input.chatType === 'group' && input.groupType !== undefined && isOnlineOnlyGroupType(input.groupType)) return refuse('group-type-online-only');
  if (input.disablePush) return refuse('push-disabled');
  if (input.isCustomWithoutDesc) return refuse('custom-without-desc');
  switch (input.conversationOpt) {
    case 1:
      return refuse('not-receiving');
    case 2:
      return refuse('receive-without-push');
    case 3:
      // "Receive online, push only @ messages when offline": @me and @all get through.
      if (!(input.mentionsMe || input.mentionsAll)) return refuse('mentions-only');
      break;
    default:
      break;
  }
  if (input.globalOpt === 2 && inDndWindow(input.dnd, input.now)) return refuse('do-not-disturb');
  return { push: true, reason: 'push' };
}
