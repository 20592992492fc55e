/**
 * The chat message on the wire (docs/protocol.md §7): what the server sends as the `message` event and returns from
 * `sync` and `getHistory`, and what the SDK receives. Shared so the two sides cannot drift apart.
 */

/** Tencent's MsgBody element types; the content object is checked for shape and stored as given. */
export const ELEMENT_TYPES = [
  'TIMTextElem', 'TIMCustomElem', 'TIMImageElem', 'TIMSoundElem', 'TIMVideoFileElem', 'TIMFileElem',
  'TIMLocationElem', 'TIMFaceElem', 'TIMMergerElem',
] as const;
export type ElementType = (typeof ELEMENT_TYPES)[number];

export interface MessageElement {
  type: ElementType;
  content: Record<string, unknown>;
}

export const PRIORITIES = ['high', 'normal', 'low', 'default'] as const;
export type MessagePriority = (typeof PRIORITIES)[number];

/** Kept with the message for the offline push; vendor-specific parts (`androidInfo`, `apnsInfo`) pass through. */
export interface OfflinePushInfo {
  title?: string;
  desc?: string;
  ext?: string;
  disablePush?: boolean;
  [key: string]: unknown;
}

/** One message as delivered. `seq` and `inboxSeq` are absent only for online-only messages, which are never stored. */
export interface ChatMessageEvent {
  conversationId: string;
  seq?: number;
  inboxSeq?: number;
  msgKey: string;
  from: string;
  to: string;
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
