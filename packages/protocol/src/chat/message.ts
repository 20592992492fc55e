/**
 * The chat message on the wire (docs/protocol.md §7): what the server sends as the `message` event and returns from
 * `sync` and `getHistory`, and what the SDK receives. Shared so the two sides cannot drift apart.
 */

/** Tencent's MsgBody element types; the content object is checked for shape and stored as given. */
export const ELEMENT_TYPES = [
  'TIMTextElem', 'TIMCustomElem', 'TIMImageElem', 'TIMSoundElem', 'TIMVideoFileElem', 'TIMFileElem',
  'TIMLocationElem', 'TIMFaceElem', 'TIMMergerElem',
] as const;
export type SendableElementType = (typeof ELEMENT_TYPES)[number];
/** What a client can receive: the sendable types plus the server-made group tip (member joined, quit, …). */
export type ElementType = SendableElementType | 'TIMGroupTipsElem';

export interface MessageElement {
  type: ElementType;
  content: Record<string, unknown>;
}

export const PRIORITIES = ['high', 'normal', 'low', 'default'] as const;
export type MessagePriority = (typeof PRIORITIES)[number];

/**
 * Kept with the message for the offline push: Tencent's `V2TIMOfflinePushInfo`, field names theirs (see
 * docs/offline-push.md for where each one lands on each channel). REST's `OfflinePushInfo` spelling (`AndroidInfo`,
 * `ApnsInfo`, …) and fields Herald does not read pass through unchanged.
 */
export interface OfflinePushInfo {
  title?: string;
  desc?: string;
  /** The app's string, handed to the app on a tap (TUIKit puts its JSON entity here). */
  ext?: string;
  disablePush?: boolean;
  /** 0 APNs (default), 1 VoIP: to the VoIP certificate and the `.voip` topic. */
  iOSPushType?: 0 | 1;
  ignoreIOSBadge?: boolean;
  /** `push.no_sound` for silence. */
  iOSSound?: string;
  iOSInterruptionLevel?: 'passive' | 'active' | 'time-sensitive' | 'critical';
  iOSImage?: string;
  enableIOSBackgroundNotification?: boolean;
  androidSound?: string;
  androidHuaWeiCategory?: string;
  androidHuaWeiImage?: string;
  androidHonorImportance?: 'LOW' | 'NORMAL';
  androidHonorImage?: string;
  androidXiaoMiChannelID?: string;
  androidOPPOChannelID?: string;
  androidOPPOCategory?: string;
  /** 1, 2 or 16 (16 needs `androidOPPOCategory` IM). */
  androidOPPONotifyLevel?: 1 | 2 | 16;
  /** 0 operational, 1 system message. */
  androidVIVOClassification?: 0 | 1;
  androidVIVOCategory?: string;
  androidFCMChannelID?: string;
  androidFCMImage?: string;
  androidMeizuNotifyType?: 0 | 1;
  [key: string]: unknown;
}

/** One message as delivered. `seq` and `inboxSeq` are absent only for online-only messages, which are never stored. */
/** Tencent's @all marker in an `atUserList` (kImSDK_MesssageAtALL, spelling theirs). */
export const AT_ALL = '__kImSDK_MesssageAtALL__';

export interface ChatMessageEvent {
  /** `c2c_<peer>` or `group_<groupId>`. */
  conversationId: string;
  /** Per conversation: the owner's C2C conversation seq, or the group's message seq. */
  seq?: number;
  /** C2C only: the owner's inbox cursor. */
  inboxSeq?: number;
  msgKey: string;
  from: string;
  /** The recipient's UserID (C2C) or the group ID (group). */
  to: string;
  /** Group messages: the group. */
  groupId?: string;
  /** Group messages: the mentioned UserIDs, `AT_ALL` for @all, in the order of the mentions in the text. */
  atUserList?: string[];
  /** A group tip (member joined, quit, …): a `TIMGroupTipsElem` element, never unread. */
  isTip?: true;
  /** Recalled: elements are empty. */
  recalled?: true;
  time: number;
  elements: MessageElement[];
  random: number;
  priority: MessagePriority;
  cloudCustomData?: string;
  offlinePushInfo?: OfflinePushInfo;
  isExcludedFromUnreadCount: boolean;
  onlineUserOnly?: true;
  sync?: true;
}
