/**
 * Reading an app's answer to a before-send webhook (`{ActionStatus, ErrorCode, ErrorInfo, MsgBody?,
 * CloudCustomData?}`): ErrorCode 0 allows (optionally with a replaced body), 1 refuses, 2 drops silently, and
 * 120001–130000 refuses with the app's own code. Anything else is not a verdict, and the caller applies the
 * app's timeout policy to it as to a timeout.
 */
import { checkMessageSize, elementsFromMsgBody } from '../messages/elements.ts';

export const CUSTOM_CODE_MIN = 120_001;
export const CUSTOM_CODE_MAX = 130_000;
const MAX_ERROR_INFO = 200;

export type AnswerReading =
  | { kind: 'allow'; msgBody?: unknown[] | undefined; cloudCustomData?: string | undefined; ignored?: string | undefined }
  | { kind: 'reject'; imCode: number; message: string }
  | { kind: 'drop' }
  | { kind: 'invalid'; why: string };

function errorInfo(answer: Record<string, unknown>, fallback: string): string {
  const info = answer['ErrorInfo'];
  return typeof info === 'string' && info.trim() !== '' ? info.slice(0, MAX_ERROR_INFO) : fallback;
}

/**
 * A replacement is used only if it would be accepted as a sent message (valid elements, a string
 * CloudCustomData, within 12 KB together); otherwise the original goes out and `ignored` says why.
 */
function readReplacement(answer: Record<string, unknown>): AnswerReading {
  const msgBody = answer['MsgBody'];
  const cloud = answer['CloudCustomData'];
  if (msgBody === undefined && cloud === undefined) return { kind: 'allow' };
  try {
    const elements = msgBody === undefined || msgBody === null ? undefined : elementsFromMsgBody(msgBody);
    if (cloud !== undefined && cloud !== null && typeof cloud !== 'string') throw new Error('CloudCustomData must be a string');
    checkMessageSize({ elements, cloudCustomData: cloud });
    return {
      kind: 'allow',
      ...(elements === undefined ? {} : { msgBody: msgBody as unknown[] }),
      ...(typeof cloud === 'string' ? { cloudCustomData: cloud } : {}),
    };
  } catch (err) {
    return { kind: 'allow', ignored: (err as Error).message };
  }
}

/** `rejectCode` is the refusal code of the command's scope: 20006 for C2C, 10016 for groups. */
export function readBeforeSendAnswer(answer: Record<string, unknown>, rejectCode: number): AnswerReading {
  const code = answer['ErrorCode'];
  if (typeof code !== 'number' || !Number.isInteger(code)) return { kind: 'invalid', why: 'ErrorCode is not an integer' };
  if (code === 0) return readReplacement(answer);
  if (code === 1) return { kind: 'reject', imCode: rejectCode, message: errorInfo(answer, "The app's before-send webhook refused the message") };
  if (code === 2) return { kind: 'drop' };
  if (code >= CUSTOM_CODE_MIN && code <= CUSTOM_CODE_MAX) return { kind: 'reject', imCode: code, message: errorInfo(answer, `The app's before-send webhook refused the message (${code})`) };
  return { kind: 'invalid', why: `ErrorCode ${code} is not 0, 1, 2 or 120001-130000` };
}
