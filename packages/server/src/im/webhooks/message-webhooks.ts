/**
 * The message webhooks of an IM app (Tencent's third-party callbacks, reference §4.12): the before-send callback
 * decides whether a message goes out (and may rewrite its body), the after-send callback reports it. Callers
 * build Tencent's request body; this module knows the app's settings, the transport, `Sign`/`RequestTime`, the
 * timeout and the verdicts.
 */
import type { ServerContext } from '../../context.ts';

export type BeforeSendCommand = 'C2C.CallbackBeforeSendMsg' | 'Group.CallbackBeforeSendMsg';
export type AfterSendCommand = 'C2C.CallbackAfterSendMsg' | 'Group.CallbackAfterSendMsg';

export interface WebhookCall<C extends string> {
  sdkAppId: number;
  command: C;
  /** Tencent's request body without `CallbackCommand` (added here). */
  body: Record<string, unknown>;
  /** `OptPlatform` in the query: RESTAPI, Web, Android, iOS, Windows, macOS, iPad or Unknown. */
  optPlatform: string;
  /** Client IP for the `ClientIP` query parameter, when known. */
  clientIp?: string | undefined;
}

export type BeforeSendVerdict =
  /** Send; `msgBody`/`cloudCustomData` are the app's replacements (Tencent form: `[{MsgType, MsgContent}]`). */
  | { kind: 'allow'; msgBody?: unknown[] | undefined; cloudCustomData?: string | undefined }
  /** Refuse with `code`: 20006 (C2C) / 10016 (group), or the app's own code in 120001–130000. */
  | { kind: 'reject'; imCode: number; message: string }
  /** Answer the sender as if sent, store and deliver nothing. */
  | { kind: 'drop' };

export async function beforeSendWebhook(_ctx: ServerContext, _call: WebhookCall<BeforeSendCommand>): Promise<BeforeSendVerdict> {
  return { kind: 'allow' };
}

/** Fire and forget: never delays or fails the send. */
export function afterSendWebhook(_ctx: ServerContext, _call: WebhookCall<AfterSendCommand>): void {}
