/**
 * The Meizu channel: notification-bar messages through `POST /garcia/api/server/push/varnished/pushByPushId`,
 * up to 1000 pushIds per call (MEIZUPUSH/PushAPI README: "一批最多不能超过1000个"), every call signed with the
 * AppSecret (no token to fetch). Meizu lists only the pushIds that failed; the others were accepted. Every target
 * gets exactly one outcome; nothing per target throws.
 */
import { createRetryDelays, createSendLimiter } from '../shared/index.ts';
import type { ChannelNotification, ChannelObserver, DeliveryTarget, PushChannel, PushOutcome } from '../types.ts';
import { meizuPushIdCode, meizuReturnCode, type MeizuCodeEntry } from './meizu-codes.ts';
import type { MeizuCredential } from './meizu-credentials.ts';
import { callMeizu, meizuCodeOf, transportReason, type FetchLike, type MeizuHttpResponse } from './meizu-http.ts';
import { meizuSign } from './meizu-sign.ts';
import { shapeMeizuText } from './meizu-text.ts';

/** The README names the host without a scheme and shows plain http in its example; https is assumed to work ⚠️. */
export const MEIZU_DEFAULT_BASE_URL = 'https://server-api-push.meizu.com';
export const MEIZU_PUSH_BY_PUSH_ID_PATH = '/garcia/api/server/push/varnished/pushByPushId';
export const MEIZU_MAX_PUSH_IDS = 1000;

export interface MeizuChannelOptions {
  credential: MeizuCredential;
  /** Default https://server-api-push.meizu.com. */
  baseUrl?: string;
  /** Concurrent Meizu requests for this app; the excess waits. Default 16. */
  maxInFlight?: number;
  /** Requests allowed to wait; beyond this their targets are answered `retry` at once. Default 10,000. */
  maxQueued?: number;
  /** Per-request timeout. Default 10 s. */
  requestTimeoutMs?: number;
  /** Ceiling of the exponential retry delay when Meizu gives no Retry-After. Default 5 min. */
  maxRetryDelayMs?: number;
  clock?: () => number;
  observer?: ChannelObserver;
  fetch?: FetchLike;
}

export interface MeizuChannelStats {
  /** HTTP requests sent to Meizu. */
  requests: number;
  delivered: number;
  rejected: number;
  retry: number;
  failed: number;
  readonly delayed: number;
  readonly dropped: number;
  readonly inFlight: number;
  readonly queued: number;
}

export type MeizuChannel = PushChannel & { readonly stats: Readonly<MeizuChannelStats> };

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type Verdict = DistributiveOmit<PushOutcome, 'token'>;

const RETRY_BASE_MS = 1000;

function text(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function createMeizuChannel(o: MeizuChannelOptions): MeizuChannel {
  const credential = o.credential;
  const baseUrl = (o.baseUrl ?? MEIZU_DEFAULT_BASE_URL).replace(/\/+$/, '');
  const clock = o.clock ?? Date.now;
  const fetchFn = o.fetch ?? fetch;
  const timeoutMs = o.requestTimeoutMs ?? 10_000;
  const observer = o.observer;
  const abort = new AbortController();
  let closed = false;

  const limiter = createSendLimiter('meizu', { maxInFlight: Math.max(1, o.maxInFlight ?? 16), maxQueued: Math.max(0, o.maxQueued ?? 10_000), observer });
  const delays = createRetryDelays({ maxDelayMs: o.maxRetryDelayMs ?? 300_000, clock });

  const counts = { requests: 0, delivered: 0, rejected: 0, retry: 0, failed: 0 };
  const stats: MeizuChannelStats = Object.defineProperties(counts, {
    delayed: { get: () => limiter.stats.delayed, enumerable: true },
    dropped: { get: () => limiter.stats.dropped, enumerable: true },
    inFlight: { get: () => limiter.stats.inFlight, enumerable: true },
    queued: { get: () => limiter.stats.queued, enumerable: true },
  }) as MeizuChannelStats;

  function verdictFor(code: string, entry: MeizuCodeEntry, retryAfter: string | null): Verdict {
    const reason = `${entry.label}(${code})`;
    switch (entry.action) {
      case 'reject':
        return { kind: 'rejected', reason };
      case 'retry':
        return { kind: 'retry', reason, retryAfterMs: delays.next(RETRY_BASE_MS, retryAfter) };
      case 'fail':
        return { kind: 'failed', reason };
      case 'fail-channel':
        return { kind: 'failed', reason, channelWide: true };
    }
  }

  async function post(params: Record<string, string>): Promise<MeizuHttpResponse | { error: string }> {
    counts.requests++;
    const started = performance.now();
    try {
      const res = await callMeizu(fetchFn, baseUrl + MEIZU_PUSH_BY_PUSH_ID_PATH, params, { method: 'POST', timeoutMs, signal: abort.signal });
      const code = meizuCodeOf(res.json);
      observer?.onVendorResponse?.('meizu', res.status, code === undefined || code === '200' ? undefined : code, (performance.now() - started) / 1000);
      return res;
    } catch (err) {
      const reason = closed ? 'ChannelClosed' : transportReason(err);
      observer?.onVendorResponse?.('meizu', 'error', reason, (performance.now() - started) / 1000);
      return { error: reason };
    }
  }

  async function sendChunk(messageJson: string, pushIds: string[], out: Map<string, Verdict>): Promise<void> {
    const all = (v: Verdict) => {
      for (const id of pushIds) out.set(id, v);
    };
    const params: Record<string, string> = { appId: credential.appId, pushIds: pushIds.join(','), messageJson };
    params['sign'] = meizuSign(params, credential.appSecret);
    const res = await limiter.run(() => post(params));
    if (res === undefined) return all({ kind: 'retry', reason: 'ChannelBusy', retryAfterMs: RETRY_BASE_MS });
    if ('error' in res) return all({ kind: 'retry', reason: res.error, retryAfterMs: delays.next(RETRY_BASE_MS, null) });
    if (res.status === 429 || res.status >= 500) return all({ kind: 'retry', reason: `HTTP${res.status}`, retryAfterMs: delays.next(RETRY_BASE_MS, res.retryAfter) });
    if (res.status === 401 || res.status === 403) return all({ kind: 'failed', reason: `HTTP${res.status}`, channelWide: true });
    if (res.status !== 200) return all({ kind: 'failed', reason: `HTTP${res.status}` });
    const code = meizuCodeOf(res.json);
    if (code === undefined) return all({ kind: 'retry', reason: 'MalformedResponse', retryAfterMs: delays.next(RETRY_BASE_MS, res.retryAfter) });
    delays.succeeded();
    if (code !== '200') return all(verdictFor(code, meizuReturnCode(code), res.retryAfter));

    const failedIds = new Map<string, string>();
    const value = res.json!['value'];
    if (isObject(value)) {
      for (const [c, ids] of Object.entries(value)) {
        if (Array.isArray(ids)) for (const id of ids) failedIds.set(String(id), c);
      }
    }
    const msgId = text(res.json!['msgId']);
    for (const id of pushIds) {
      const c = failedIds.get(id);
      out.set(id, c === undefined ? { kind: 'delivered', vendorId: msgId } : verdictFor(c, meizuPushIdCode(c), res.retryAfter));
    }
  }

  function prepare(n: ChannelNotification): string {
    const message: Record<string, unknown> = { ...n.payload };
    const bar: Record<string, unknown> = isObject(message['noticeBarInfo']) ? { ...message['noticeBarInfo'] } : {};
    const shaped = shapeMeizuText(text(bar['title']), text(bar['content']));
    bar['noticeBarType'] ??= 0;
    bar['title'] = shaped.title;
    bar['content'] = shaped.content;
    message['noticeBarInfo'] = bar;
    // Serialised once: the signature covers exactly these bytes.
    return JSON.stringify(message);
  }

  function attach(token: string, v: Verdict): PushOutcome {
    counts[v.kind]++;
    return { ...v, token } as PushOutcome;
  }

  async function send(n: ChannelNotification, targets: readonly DeliveryTarget[]): Promise<PushOutcome[]> {
    if (targets.length === 0) return [];
    if (closed) return targets.map((t) => attach(t.token, { kind: 'retry', reason: 'ChannelClosed', retryAfterMs: RETRY_BASE_MS }));
    const messageJson = prepare(n);
    const pushIds = [...new Set(targets.map((t) => t.vendorToken))];
    const out = new Map<string, Verdict>();
    const chunks: Array<Promise<void>> = [];
    for (let i = 0; i < pushIds.length; i += MEIZU_MAX_PUSH_IDS) chunks.push(sendChunk(messageJson, pushIds.slice(i, i + MEIZU_MAX_PUSH_IDS), out));
    await Promise.all(chunks);
    return targets.map((t) => attach(t.token, out.get(t.vendorToken)!));
  }

  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    abort.abort();
  }

  return { id: 'meizu', send, close, stats };
}
