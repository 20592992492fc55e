/**
 * One webhook request (Tencent's callback protocol): POST JSON to the app's URL with `SdkAppid`,
 * `CallbackCommand`, `contenttype=json`, `ClientIP` and `OptPlatform` in the query and, when the app set a
 * token, `Sign = hex(sha256(token + RequestTime))` and `RequestTime` (unix seconds). The whole exchange, body
 * included, is bounded by `imWebhookTimeoutMs`; nothing is retried here.
 */
import { createHash } from 'node:crypto';
import type { ServerContext } from '../../context.ts';
import type { WebhookSettings } from './webhook-settings.ts';

/** An answer larger than this is not a verdict: it is read no further and counts as unparsable. */
const MAX_ANSWER_BYTES = 64 * 1024;

export interface WebhookRequest {
  sdkAppId: number;
  command: string;
  /** The full request body, `CallbackCommand` included. */
  body: Record<string, unknown>;
  optPlatform: string;
  clientIp?: string | undefined;
}

export type WebhookOutcome =
  | { ok: true; answer: Record<string, unknown> }
  | { ok: false; reason: 'timeout' | 'network' | 'status' | 'unparsable'; status?: number | undefined };

export function webhookSign(token: string, requestTime: number): string {
  return createHash('sha256').update(`${token}${requestTime}`).digest('hex');
}

export function webhookUrl(settings: WebhookSettings, request: WebhookRequest, requestTimeSeconds: number): string {
  const url = new URL(settings.url);
  url.searchParams.append('SdkAppid', String(request.sdkAppId));
  url.searchParams.append('CallbackCommand', request.command);
  url.searchParams.append('contenttype', 'json');
  url.searchParams.append('ClientIP', request.clientIp ?? '');
  url.searchParams.append('OptPlatform', request.optPlatform);
  if (settings.token !== undefined) {
    url.searchParams.append('Sign', webhookSign(settings.token, requestTimeSeconds));
    url.searchParams.append('RequestTime', String(requestTimeSeconds));
  }
  return url.toString();
}

async function readLimited(response: Response): Promise<string | undefined> {
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Buffer[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_ANSWER_BYTES) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function postWebhook(ctx: ServerContext, settings: WebhookSettings, request: WebhookRequest): Promise<WebhookOutcome> {
  const url = webhookUrl(settings, request, Math.floor(ctx.clock.now() / 1000));
  const signal = AbortSignal.timeout(ctx.config.imWebhookTimeoutMs);
  let text: string | undefined;
  try {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request.body), signal });
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => undefined);
      return { ok: false, reason: 'status', status: response.status };
    }
    text = await readLimited(response);
  } catch (err) {
    return { ok: false, reason: signal.aborted || (err as Error).name === 'TimeoutError' ? 'timeout' : 'network' };
  }
  if (text === undefined) return { ok: false, reason: 'unparsable' };
  try {
    const answer: unknown = JSON.parse(text);
    if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) return { ok: false, reason: 'unparsable' };
    return { ok: true, answer: answer as Record<string, unknown> };
  } catch {
    return { ok: false, reason: 'unparsable' };
  }
}
