/** Builders for the element shapes of Tencent's MsgBody. */
import type { MessageElement } from './message-types.ts';

export function textElem(text: string): MessageElement {
  return { type: 'TIMTextElem', content: { text } };
}

export function customElem(o: { data?: string; desc?: string; ext?: string }): MessageElement {
  return { type: 'TIMCustomElem', content: { data: o.data ?? '', desc: o.desc ?? '', ext: o.ext ?? '' } };
}
