/**
 * What an offline push says, by Tencent IM's rules (reference §4.3, §4.4, §4.7):
 * - each element has a push text: a text element its text, a custom element its `desc`, the others a marker
 *   (`[image]`, `[audio]`, `[file]`, `[Location]`, `[Face]`, spelled as Tencent does); the texts of a message's
 *   elements are joined in order;
 * - one-to-one: `Nickname: content`, or only the content when the sender has no nickname;
 * - group: `Name (group name): content`, the name being the sender's name card in the group, else their nickname;
 * - `desc` replaces the whole text; `title` is added as the notification's title, the text staying as it is;
 * - a message with nothing to show (only custom elements without `desc`, and no `desc` of its own) is not pushed.
 * Herald's own choices where Tencent's table is silent: `[video]` for a video file, `[Chat History]` for merged
 * messages, the sender's UserID when a group sender has neither name card nor nickname, and the group ID when the
 * group has no name.
 */
import type { MessageElement } from '@herald/protocol';
import type { OfflinePushSettings } from './offline-push-settings.ts';

export interface PushSender {
  userId: string;
  /** '' or absent when the user set none. */
  nickname?: string | undefined;
  /** The sender's name card in the group (groups only). */
  nameCard?: string | undefined;
}

export interface PushGroup {
  groupId: string;
  name?: string | undefined;
}

export interface NotificationText {
  /** '' when neither `title` nor `ApnsInfo.Title` was set: the app's name shows instead. */
  title: string;
  body: string;
}

const MARKERS: Partial<Record<MessageElement['type'], string>> = {
  TIMImageElem: '[image]',
  TIMSoundElem: '[audio]',
  TIMVideoFileElem: '[video]',
  TIMFileElem: '[file]',
  TIMLocationElem: '[Location]',
  TIMFaceElem: '[Face]',
  TIMMergerElem: '[Chat History]',
};

const nonBlank = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/** One element's push text; '' when it shows nothing (a custom element without desc, a group tip). */
export function elementPushText(element: MessageElement): string {
  if (element.type === 'TIMTextElem') return typeof element.content['text'] === 'string' ? element.content['text'] : '';
  if (element.type === 'TIMCustomElem') return nonBlank(element.content['desc']) ? element.content['desc'] : '';
  return MARKERS[element.type] ?? '';
}

/** The message's own text: every element's push text, in order. */
export function messagePushText(elements: readonly MessageElement[]): string {
  return elements.map(elementPushText).join('');
}

/**
 * Tencent: "a message made of only a custom element, with no Desc or OfflinePushInfo.Desc, is not pushed". A
 * message whose elements show nothing at all (custom elements without desc, group tips) is treated alike.
 */
export function isCustomWithoutDesc(elements: readonly MessageElement[], settings: Pick<OfflinePushSettings, 'desc'>): boolean {
  if (settings.desc !== undefined) return false;
  return messagePushText(elements) === '' && elements.every((e) => e.type === 'TIMCustomElem' || e.type === 'TIMGroupTipsElem');
}

/** `Nickname: content` (C2C) or `Name (group name): content` (group), before any `desc` override. */
export function defaultPushBody(content: string, sender: PushSender, group: PushGroup | undefined): string {
  if (group === undefined) return nonBlank(sender.nickname) ? `${sender.nickname}: ${content}` : content;
  const name = nonBlank(sender.nameCard) ? sender.nameCard : nonBlank(sender.nickname) ? sender.nickname : sender.userId;
  const groupName = nonBlank(group.name) ? group.name : group.groupId;
  return `${name} (${groupName}): ${content}`;
}

/**
 * The notification's title and body for a message, or undefined when it has nothing to show. `forIos` lets
 * `ApnsInfo.Title` override the title, as Tencent documents for iOS.
 */
export function notificationText(
  elements: readonly MessageElement[],
  settings: Pick<OfflinePushSettings, 'title' | 'desc'> & { ios?: { title?: string } },
  sender: PushSender,
  group: PushGroup | undefined,
  forIos: boolean,
): NotificationText | undefined {
  if (isCustomWithoutDesc(elements, settings)) return undefined;
  const body = settings.desc ?? defaultPushBody(messagePushText(elements), sender, group);
  const title = (forIos ? settings.ios?.title : undefined) ?? settings.title ?? '';
  return { title, body };
}

/**
 * The longest prefix of `text` (whole code points) for which `fits` holds, with `…` marking the cut. Used to keep
 * a long message inside the 4 KB that TPNS and APNs allow; the vendor builders cut further to their own limits.
 */
export function fitText(text: string, fits: (candidate: string) => boolean): string {
  if (fits(text)) return text;
  const points = Array.from(text);
  let lo = 0;
  let hi = points.length - 1;
  // Invariant: a prefix of `lo` points (plus the ellipsis) fits, or lo is 0.
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(`${points.slice(0, mid).join('')}…`)) lo = mid;
    else hi = mid - 1;
  }
  return lo === 0 ? (fits('…') ? '…' : '') : `${points.slice(0, lo).join('')}…`;
}
