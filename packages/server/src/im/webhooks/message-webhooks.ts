/**
 * The message webhooks of an IM app (Tencent's third-party callbacks, reference §4.12): the before-send callback
 * decides whether a message goes out (and may rewrite its body), the after-send callback reports it. Callers
 * build Tencent's request body; this module knows the app's settings, the transport, `Sign`/`RequestTime`, the
 * timeout and the verdicts.
 */
import { HeraldError } from '@herald/protocol';
import type { ServerContext } from '../../context.ts';
import { CUSTOM_CODE_MIN, readBeforeSendAnswer } from './before-send-verdict.ts';
import { loadWebhookSettings } from './webhook-settings.ts';
import { postWebhook } from './webhook-transport.ts';

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

const C2C_REJECTED = 20_006;
const GROUP_REJECTED = 10_016;

const rejectCodeOf = (command: BeforeSendCommand) => (command === 'C2C.CallbackBeforeSendMsg' ? C2C_REJECTED : GROUP_REJECTED);

/**
 * The commands the app enabled (empty without a URL): lets a sender skip building bodies nobody will get. From
 * the process's cache: a change made here is seen at once, one made on another node within a second.
 */
export function enabledMessageWebhooks(ctx: ServerContext, sdkAppId: number): Promise<ReadonlySet<string>> {
  return ctx.webhookCommands.get(sdkAppId);
}

/**
 * Calls the before-send webhook when the app enabled it (otherwise allows at once). Never retried; a timeout,
 * network error, non-200 or unusable answer delivers or refuses as the app's `deliverOnTimeout` says.
 */
export async function beforeSendWebhook(ctx: ServerContext, call: WebhookCall<BeforeSendCommand>): Promise<BeforeSendVerdict> {
  // The cached commands first: group sends call this on every message, and most apps enable no webhook.
  if (!(await enabledMessageWebhooks(ctx, call.sdkAppId)).has(call.command)) return { kind: 'allow' };
  const settings = await loadWebhookSettings(ctx, call.sdkAppId);
  if (settings === undefined || !settings.commands.has(call.command)) return { kind: 'allow' };
  const log = { sdkAppId: call.sdkAppId, command: call.command };
  const outcome = await postWebhook(ctx, settings, {
    sdkAppId: call.sdkAppId, command: call.command, body: { CallbackCommand: call.command, ...call.body }, optPlatform: call.optPlatform, clientIp: call.clientIp,
  });
  const failed = (why: string): BeforeSendVerdict => {
    ctx.logger.warn({ ...log, why, deliverOnTimeout: settings.deliverOnTimeout }, 'before-send webhook gave no verdict');
    return settings.deliverOnTimeout
      ? { kind: 'allow' }
      : { kind: 'reject', imCode: rejectCodeOf(call.command), message: `The app's before-send webhook did not answer (${why})` };
  };
  if (!outcome.ok) return failed(outcome.status === undefined ? outcome.reason : `${outcome.reason} ${outcome.status}`);
  const reading = readBeforeSendAnswer(outcome.answer, rejectCodeOf(call.command));
  switch (reading.kind) {
    case 'invalid':
      return failed(reading.why);
    case 'allow':
      if (reading.ignored !== undefined) ctx.logger.warn({ ...log, why: reading.ignored }, 'before-send webhook replacement ignored');
      return { kind: 'allow', msgBody: reading.msgBody, cloudCustomData: reading.cloudCustomData };
    case 'reject':
      ctx.logger.debug({ ...log, imCode: reading.imCode }, 'before-send webhook refused a message');
      return reading;
    case 'drop':
      ctx.logger.debug(log, 'before-send webhook dropped a message');
      return reading;
  }
}

/** Fire and forget: never delays or fails the send. */
export function afterSendWebhook(ctx: ServerContext, call: WebhookCall<AfterSendCommand>): void {
  const log = { sdkAppId: call.sdkAppId, command: call.command };
  void (async () => {
    if (!(await enabledMessageWebhooks(ctx, call.sdkAppId)).has(call.command)) return;
    const settings = await loadWebhookSettings(ctx, call.sdkAppId);
    if (settings === undefined || !settings.commands.has(call.command)) return;
    const outcome = await postWebhook(ctx, settings, {
      sdkAppId: call.sdkAppId, command: call.command, body: { CallbackCommand: call.command, ...call.body }, optPlatform: call.optPlatform, clientIp: call.clientIp,
    });
    if (!outcome.ok) ctx.logger.warn({ ...log, why: outcome.reason, status: outcome.status }, 'after-send webhook failed');
  })().catch((err: unknown) => ctx.logger.warn({ ...log, err }, 'after-send webhook failed'));
}

/**
 * The error a refusal is answered with. `scope` picks the catalogue code of a plain refusal (20006 / 10016); an
 * app's own code (120001–130000) is passed through as the error's IM code.
 */
export function webhookRejection(verdict: { imCode: number; message: string }, scope: 'c2c' | 'group'): HeraldError {
  if (verdict.imCode >= CUSTOM_CODE_MIN) return new HeraldError('IM_MSG_CALLBACK_CUSTOM_ERROR', verdict.message, { imCode: verdict.imCode });
  return new HeraldError(scope === 'c2c' ? 'IM_MSG_REJECTED_BY_CALLBACK' : 'IM_GROUP_REJECTED_BY_CALLBACK', verdict.message);
}
