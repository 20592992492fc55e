/**
 * The two protocols the clients speak, reduced to what the benchmark needs: how to log in (Herald `login` with a
 * UserSig / bare `register`), how to send one message (Herald `sendMessage` / bare `{to, payload}`), and how to
 * classify an incoming frame cheaply. Both carry the same elements, so frames are about the same size; the
 * message text is `<index> <send time ms> <measured 0|1>` padded with `x`.
 */
import type { TargetName } from './types.ts';

export interface MessageStamp {
  index: number;
  sentAt: number;
  measured: boolean;
}

export function messageText(stamp: MessageStamp, textBytes: number): string {
  const head = `${stamp.index} ${stamp.sentAt.toFixed(3)} ${stamp.measured ? 1 : 0} `;
  return head.length >= textBytes ? head : head + 'x'.repeat(textBytes - head.length);
}

export function parseMessageText(text: string): MessageStamp {
  const [index, sentAt, measured] = text.split(' ', 3);
  return { index: Number(index), sentAt: Number(sentAt), measured: measured === '1' };
}

export function loginFrame(target: TargetName, id: string, login: { userId: string; sdkAppId?: number; userSig?: string; deviceId: string }): string {
  if (target === 'bare') return JSON.stringify({ op: 'register', user: login.userId });
  return JSON.stringify({
    id, op: 'login', data: { sdkAppId: login.sdkAppId, userId: login.userId, userSig: login.userSig, deviceId: login.deviceId, platform: 'Linux' },
  });
}

export function sendFrame(target: TargetName, index: number, to: string, text: string, random: number): string {
  const elements = [{ type: 'TIMTextElem', content: { text } }];
  if (target === 'bare') return JSON.stringify({ to, payload: { elements } });
  return JSON.stringify({ id: index, op: 'sendMessage', data: { to, elements, random } });
}

export const PING_FRAME = '{"id":"ping","op":"ping","data":{}}';

export type Incoming =
  | { kind: 'message'; text: string }
  | { kind: 'response'; id: unknown; op: string; code: number; codeName?: string; msgKey?: string }
  | { kind: 'registered' }
  | { kind: 'other' };

/** Parses only the frames the benchmark reads; Herald's conversationChanged / totalUnreadChanged are counted, not parsed. */
export function classify(target: TargetName, frame: string): Incoming {
  if (target === 'bare') {
    if (frame.startsWith('{"from"')) {
      const f = JSON.parse(frame) as { payload: { elements: Array<{ content: { text: string } }> } };
      return { kind: 'message', text: f.payload.elements[0]!.content.text };
    }
    if (frame.startsWith('{"op":"register"')) return { kind: 'registered' };
    return { kind: 'other' };
  }
  if (frame.startsWith('{"event":"message"')) {
    const f = JSON.parse(frame) as { data: { elements: Array<{ content: { text: string } }> } };
    return { kind: 'message', text: f.data.elements[0]!.content.text };
  }
  if (frame.startsWith('{"id"')) {
    const f = JSON.parse(frame) as { id: unknown; op: string; code: number; codeName?: string; data?: { msgKey?: unknown } };
    const msgKey = f.data?.msgKey;
    return {
      kind: 'response', id: f.id, op: f.op, code: f.code,
      ...(f.codeName === undefined ? {} : { codeName: f.codeName }), ...(typeof msgKey === 'string' ? { msgKey } : {}),
    };
  }
  return { kind: 'other' };
}
